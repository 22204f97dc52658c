/* callsim/report.h — what a person or a tool reads: the model summary of `callsim check`,
 * the summary table, JSON and CSV files. Writers format; they compute nothing. */
#ifndef CALLSIM_REPORT_H
#define CALLSIM_REPORT_H

#include "callsim/err.h"
#include "callsim/model.h"
#include "callsim/stats.h"

#include <stdint.h>
#include <stdio.h>

/* Prints a readable summary of a validated model (what `callsim check` shows): horizon,
 * demand (total expected fresh calls, per day when by date), categories with their
 * distributions, surges, supply (seats, shifts, breaks, recalls), targets, routing.
 * Borrows both. Returns 0 or CS_EIO. */
int cs_report_model(FILE *f, const cs_model *m);

/* ---- results of a run (DESIGN.md §5). All writers borrow `s` and `s->model`, format what
 * the summary holds and compute nothing; equal summaries give byte-identical output. An
 * undefined estimate (mean NaN or n == 0; ci95 NaN or n < 2) is shown as "-" in the table,
 * null in JSON and an empty field in CSV. `seed` is the base seed the run used (the model's
 * unless --seed overrode it). ---- */

/* The readable summary `callsim run` prints: header (scenario, horizon dates, replications,
 * seed), totals (mean +/- 95 % CI half-width, with the scenario's targets), a per-day and a
 * per-category table, the snapshot when s->has_snapshot, and the router's refused decisions
 * when there were any. Plain ASCII, at most 100 columns. Returns 0 or CS_EIO. */
int cs_report_table(FILE *f, const cs_summary *s, uint64_t seed);

/* The JSON object of `run --json` and summary.json (formatted, with a final newline):
 * "callsim", "scenario", "seed", "replications", "horizon_s", "warmup_s", "totals" (every KPI
 * as {"mean", "ci95"}), "categories" ([{"name", per-category KPIs}]). Extensions: "days"
 * ([{"date", per-category KPIs, "agents_working", "calls_per_agent", "max_calls_per_agent"}]),
 * "unfinished", "events" ({"mean", "ci95"}), "router" ({"decisions", "invalid_call",
 * "invalid_agent", "invalid_skill", "router_errors"}, summed over replications) and, with a
 * snapshot, "snapshot" ({"at": "YYYY-MM-DD HH:MM", "logged_in", "talking", "after_call",
 * "idle", "on_break", "waiting"}: means). Returns 0, CS_ENOMEM or CS_EIO. */
int cs_report_json(FILE *f, const cs_summary *s, uint64_t seed);

/* The same object as text without the final newline. Returns owned (free()), or NULL when
 * out of memory. */
char *cs_report_json_text(const cs_summary *s, uint64_t seed);

/* intervals.csv: one row per counted interval and category, means over replications, header
 * start,category,offered,answered,abandoned,service_level,asa_s,mean_wait_s,max_queue,
 * agents_logged_in,occupancy,p_wait,abandon_rate,redials,reconnects,urgent_tickets
 * (`start` "YYYY-MM-DD HH:MM"; agents_logged_in and occupancy are the interval's, the same on
 * every category row; max_queue is the interval's, all categories). Fractions as fractions,
 * times in seconds. Returns 0 or CS_EIO. */
int cs_report_intervals_csv(FILE *f, const cs_summary *s);

/* agents.csv: header agent,calls,talk_s,after_call_s,logged_in_s,occupancy; one row per agent
 * (its 0-based index, as observers see it), means over replications. Returns 0 or CS_EIO. */
int cs_report_agents_csv(FILE *f, const cs_summary *s);

/* `run --out DIR`: writes summary.json, intervals.csv and agents.csv whole or not at all.
 * They are written and fsynced in a new temporary directory, "DIR/.callsim.tmp.PID.K" when
 * DIR exists, else "DIR.tmp.PID.K", which then becomes DIR by a rename. Into an existing
 * DIR the old files of those names are first kept aside (hard-linked) in the temporary
 * directory, then the new ones renamed over them; should any step fail, every old file is
 * put back, so DIR holds either all the old files or all the new ones (other files in DIR
 * are left alone; docs/outputs.md states the exact guarantee). The
 * temporary directory is removed at the end, unless an old file could not be put back
 * (the message then names where it is). Borrows all. Returns 0; CS_EIO with
 * "WHAT PATH: reason" in err; CS_EINVAL for an empty name; CS_ENOMEM. */
int cs_report_write_dir(const char *dir, const cs_summary *s, uint64_t seed, cs_err *err);

/* Whether `--out DIR` can be written, checked before any work: DIR is a directory we may
 * write into, or does not exist and its parent is one. Returns 0; CS_EIO with "cannot
 * write into DIR: reason" or "cannot create DIR: reason"; CS_EINVAL for an empty name;
 * CS_ENOMEM. A later write can still fail (disk full, permissions changed meanwhile). */
int cs_report_check_dir(const char *dir, cs_err *err);

/* ---- `callsim bench --router A --router B ... SCENARIO`: several routers on the same
 * callers (same model and seed), side by side. ---- */

/* One router's run. */
typedef struct cs_bench_router {
    const char *name;          /* as the user named it: "fcfs", "plugin:x.so", ... */
    const cs_summary *summary; /* borrowed; its run timed decisions */
    double wall_s;             /* wall-clock seconds of the run */
} cs_bench_router;

/* The comparison table: router work (decisions, decisions per second of decide() time,
 * decide() latency p50/p95/p99/max in us, refused decisions, router errors), totals, KPIs
 * per priority and per category (left out when each priority is one category) with CIs and
 * the longest wait, fairness across agents, and
 * the longest wait of the least urgent priority. At most four routers per block of columns,
 * 100 columns wide. Borrows all. Returns 0 or CS_EIO. */
int cs_report_bench_table(FILE *f, const cs_bench_router *r, size_t n, uint64_t seed);

/* {"callsim", "scenario", "seed", "replications", "routers": [{"name", "decisions",
 * "decisions_per_s", "latency_us": {"p50", "p95", "p99", "max"}, "invalid": {"call",
 * "agent", "skill"}, "router_errors", "fallbacks", "wall_s", "totals" (every KPI),
 * "categories": [{"name", "priority", per-category KPIs, "max_wait_s"}], "priorities":
 * [{"priority", per-category KPIs, "max_wait_s"}], "fairness": {"occupancy": {"min", "max",
 * "cv"}, "calls": {"min", "max", "cv"}}, "starvation": {"priority", "max_wait_s"}}]}
 * (estimates as {"mean", "ci95"}, formatted, final newline). Returns 0, CS_ENOMEM, CS_EIO. */
int cs_report_bench_json(FILE *f, const cs_bench_router *r, size_t n, uint64_t seed);

#endif
