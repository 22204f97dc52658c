/* report_int.h — helpers shared by the writers of sim/report (private to the room).
 * The writers only format what cs_summary already holds: these helpers decide when an
 * estimate counts as defined and how numbers turn into text, so table, JSON and CSV agree. */
#ifndef CALLSIM_REPORT_INT_H
#define CALLSIM_REPORT_INT_H

#include "callsim/err.h"
#include "callsim/stats.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A mean is shown when at least one replication defined it and it is finite. The n test
 * comes first because a merge that left an estimate untouched has mean 0 and n 0. */
static inline bool csi_mean_ok(const cs_estimate *e)
{
    return e->n >= 1 && isfinite(e->mean);
}

/* A CI half-width needs two replications (Student t) and must be finite. */
static inline bool csi_ci_ok(const cs_estimate *e)
{
    return e->n >= 2 && isfinite(e->ci95);
}

/* Column CS_KPI_MAP says for the KPI: 1 for a ratio (shown as % or s), 1 when the KPI is
 * defined per category (occupancy is an agents' figure and is totals-only). */
bool csi_kpi_is_ratio(cs_kpi k);
bool csi_kpi_per_category(cs_kpi k);

/* The estimates of interval i (0 = the first counted interval) and category c. */
static inline const cs_kpis *csi_cell(const cs_summary *s, size_t i, size_t c)
{
    return &s->cells[i * s->model->n_categories + c];
}

/* Shortest "%.15g"/"%.17g" text that reads back as x (-0 written as 0), so equal summaries
 * give equal bytes. `buf` needs 32 bytes. Assumes the "C" locale for the decimal point
 * (the CLI never calls setlocale). Returns buf. */
char *csi_fmt_exact(double x, char *buf, size_t size);

/* x with `decimals` digits after the point and, when `group`, a ',' every three digits of
 * the integer part ("12,345.6"). Non-finite x gives "-". Returns buf. */
char *csi_fmt_fixed(double x, int decimals, bool group, char *buf, size_t size);

/* Flushes f: 0, or CS_EIO when that or any earlier write to f failed. The last step of
 * every writer of the room. */
int csi_finish(FILE *f);

/* JSON pieces of report_json.c for the other JSON writers of the room (report_bench.c):
 * key: number (null when !ok or not finite), key: {"mean", "ci95"}, every KPI (or the
 * per-category ones), key: exact uint64. Each returns false when out of memory. */
struct cJSON;
bool csi_json_num(struct cJSON *obj, const char *key, double x, bool ok);
bool csi_json_est(struct cJSON *obj, const char *key, const cs_estimate *e);
bool csi_json_kpis(struct cJSON *obj, const cs_kpis *k, bool per_category_only);
bool csi_json_u64(struct cJSON *obj, const char *key, uint64_t v);
/* The object as text (cJSON_Print) with a final newline, written to f; CS_ENOMEM, CS_EIO. */
int csi_json_write(FILE *f, struct cJSON *root);

/* One file of an output directory: its name and the writer that fills it from `ctx`
 * (returns 0, CS_ENOMEM or another status read as an I/O failure). */
typedef struct csi_out_file {
    const char *name;
    int (*write)(FILE *f, const void *ctx);
} csi_out_file;

/* Writes `files` into `dir` whole or not at all, as cs_report_write_dir describes. */
int csi_report_write_files(
    const char *dir, const csi_out_file *files, int n_files, const void *ctx, cs_err *err);

#endif
