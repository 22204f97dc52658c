/* report_bench.c — `callsim bench --router ...`: routers side by side, as a table and as
 * JSON. Formats what each router's cs_summary holds (KPIs, fairness, decision latency);
 * computes nothing but decisions per second of decide() time. */
#include "callsim/report.h"
#include "callsim/version.h"
#include "report_int.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define PER_BLOCK 4 /* router columns per block: 28 + 4 x 16 = 92 columns */

typedef enum { U_COUNT, U_PCT, U_SEC, U_RATIO } unit;

/* Decisions per second of the router's own decide() time; NaN when nothing was timed. */
static double decisions_per_s(const cs_summary *s)
{
    return s->latency.total_ns > 0
               ? (double)s->route.decisions / (1e-9 * (double)s->latency.total_ns)
               : NAN;
}

/* "89.6+/-0.3 %", "12.3+/-1.2 s", "1,234": mean (and CI when defined) of e. */
static char *fmt_est(const cs_estimate *e, unit u, int dec, char *buf, size_t size)
{
    if (!csi_mean_ok(e)) {
        snprintf(buf, size, "-");
        return buf;
    }
    double k = u == U_PCT ? 100.0 : 1.0;
    const char *suffix = u == U_PCT ? " %" : u == U_SEC ? " s" : "";
    char m[32], c[32];
    csi_fmt_fixed(k * e->mean, dec, u == U_COUNT, m, sizeof m);
    if (csi_ci_ok(e) && u != U_COUNT)
        snprintf(
            buf, size, "%s+/-%s%s", m, csi_fmt_fixed(k * e->ci95, dec, false, c, sizeof c), suffix);
    else
        snprintf(buf, size, "%s%s", m, suffix);
    return buf;
}

static char *fmt_num(double x, int dec, char *buf, size_t size)
{
    return csi_fmt_fixed(x, dec, true, buf, size);
}

typedef struct block {
    FILE *f;
    const cs_bench_router *r;
    size_t n;
} block;

static void row_start(const block *b, const char *label)
{
    fprintf(b->f, "%-28.28s", label);
}

static void row_end(const block *b)
{
    fputc('\n', b->f);
}

static void cell(const block *b, const char *text)
{
    fprintf(b->f, " %15.15s", text); /* at least one blank between columns */
}

/* A row of one estimate per router: get(summary, i) picks it. */
static void est_row(const block *b,
                    const char *label,
                    const cs_estimate *(*get)(const cs_summary *, size_t),
                    size_t i,
                    unit u,
                    int dec)
{
    char buf[64];
    row_start(b, label);
    for (size_t k = 0; k < b->n; k++)
        cell(b, fmt_est(get(b->r[k].summary, i), u, dec, buf, sizeof buf));
    row_end(b);
}

static const cs_estimate *total_kpi(const cs_summary *s, size_t i)
{
    return &s->totals.v[i];
}
static const cs_estimate *cat_sl(const cs_summary *s, size_t c)
{
    return &s->categories[c].v[CS_KPI_service_level];
}
static const cs_estimate *cat_asa(const cs_summary *s, size_t c)
{
    return &s->categories[c].v[CS_KPI_asa_s];
}
static const cs_estimate *cat_ab(const cs_summary *s, size_t c)
{
    return &s->categories[c].v[CS_KPI_abandon_rate];
}
static const cs_estimate *cat_wait(const cs_summary *s, size_t c)
{
    return &s->category_max_wait_s[c];
}
static const cs_estimate *prio_sl(const cs_summary *s, size_t p)
{
    return &s->priorities[p].v[CS_KPI_service_level];
}
static const cs_estimate *prio_asa(const cs_summary *s, size_t p)
{
    return &s->priorities[p].v[CS_KPI_asa_s];
}
static const cs_estimate *prio_ab(const cs_summary *s, size_t p)
{
    return &s->priorities[p].v[CS_KPI_abandon_rate];
}
static const cs_estimate *prio_wait(const cs_summary *s, size_t p)
{
    return &s->priority_max_wait_s[p];
}
static const cs_estimate *fair(const cs_summary *s, size_t i)
{
    const cs_fairness *f = &s->fairness;
    const cs_estimate *e[] = {&f->occupancy_min,
                              &f->occupancy_max,
                              &f->occupancy_cv,
                              &f->calls_min,
                              &f->calls_max,
                              &f->calls_cv};
    return e[i];
}

static void router_rows(const block *b)
{
    char buf[64];
    row_start(b, "router");
    for (size_t k = 0; k < b->n; k++)
        cell(b, b->r[k].name);
    row_end(b);
    row_start(b, "decisions");
    for (size_t k = 0; k < b->n; k++)
        cell(b, fmt_num((double)b->r[k].summary->route.decisions, 0, buf, sizeof buf));
    row_end(b);
    row_start(b, "decisions/s (decide time)");
    for (size_t k = 0; k < b->n; k++)
        cell(b, fmt_num(decisions_per_s(b->r[k].summary), 0, buf, sizeof buf));
    row_end(b);
    const char *q_label[] = {"decide p50 (us)", "decide p95 (us)", "decide p99 (us)"};
    const double q[] = {0.5, 0.95, 0.99};
    for (int i = 0; i < 3; i++) {
        row_start(b, q_label[i]);
        for (size_t k = 0; k < b->n; k++)
            cell(b,
                 fmt_num(
                     cs_latency_quantile_us(&b->r[k].summary->latency, q[i]), 2, buf, sizeof buf));
        row_end(b);
    }
    row_start(b, "decide max (us)");
    for (size_t k = 0; k < b->n; k++)
        cell(b, fmt_num(1e-3 * (double)b->r[k].summary->latency.max_ns, 1, buf, sizeof buf));
    row_end(b);
    row_start(b, "invalid call/agent/skill");
    for (size_t k = 0; k < b->n; k++) {
        const cs_route_stats *rs = &b->r[k].summary->route;
        snprintf(buf,
                 sizeof buf,
                 "%" PRIu64 "/%" PRIu64 "/%" PRIu64,
                 rs->invalid_call,
                 rs->invalid_agent,
                 rs->invalid_skill);
        cell(b, buf);
    }
    row_end(b);
    row_start(b, "router errors");
    for (size_t k = 0; k < b->n; k++) {
        snprintf(buf, sizeof buf, "%" PRIu64, b->r[k].summary->route.router_errors);
        cell(b, buf);
    }
    row_end(b);
    row_start(b, "fallbacks/timeouts");
    for (size_t k = 0; k < b->n; k++) {
        const cs_route_stats *rs = &b->r[k].summary->route;
        snprintf(buf, sizeof buf, "%" PRIu64 "/%" PRIu64, rs->fallbacks, rs->timeouts);
        cell(b, buf);
    }
    row_end(b);
    row_start(b, "wall (s)");
    for (size_t k = 0; k < b->n; k++)
        cell(b, fmt_num(b->r[k].wall_s, 2, buf, sizeof buf));
    row_end(b);
}

static void kpi_rows(const block *b)
{
    const cs_summary *s0 = b->r[0].summary;
    const cs_model *m = s0->model;
    fprintf(b->f, "\nTOTALS\n");
    est_row(b, "offered attempts", total_kpi, CS_KPI_offered, U_COUNT, 0);
    est_row(b, "answered", total_kpi, CS_KPI_answered, U_COUNT, 0);
    est_row(b, "abandoned", total_kpi, CS_KPI_abandoned, U_COUNT, 0);
    est_row(b, "service level", total_kpi, CS_KPI_service_level, U_PCT, 1);
    est_row(b, "ASA", total_kpi, CS_KPI_asa_s, U_SEC, 1);
    est_row(b, "abandon rate", total_kpi, CS_KPI_abandon_rate, U_PCT, 1);
    est_row(b, "agent occupancy", total_kpi, CS_KPI_occupancy, U_PCT, 1);
    char label[64];
    for (size_t p = 0; p < s0->n_priorities; p++) {
        fprintf(b->f, "\nPRIORITY %d:", s0->priority_values[p]);
        for (size_t c = 0; c < m->n_categories; c++)
            if (m->categories[c].priority == s0->priority_values[p])
                fprintf(b->f, " %s", m->categories[c].name);
        fputc('\n', b->f);
        est_row(b, "  service level", prio_sl, p, U_PCT, 1);
        est_row(b, "  ASA", prio_asa, p, U_SEC, 1);
        est_row(b, "  abandon rate", prio_ab, p, U_PCT, 1);
        est_row(b, "  longest wait", prio_wait, p, U_SEC, 0);
    }
    /* One category per priority: the priority blocks above already are the categories. */
    bool same = s0->n_priorities == m->n_categories;
    if (!same)
        fprintf(b->f, "\nCATEGORIES (service level / ASA / abandon rate / longest wait)\n");
    for (size_t c = 0; !same && c < m->n_categories; c++) {
        snprintf(label, sizeof label, "%s SL", m->categories[c].name);
        est_row(b, label, cat_sl, c, U_PCT, 1);
        snprintf(label, sizeof label, "%s ASA", m->categories[c].name);
        est_row(b, label, cat_asa, c, U_SEC, 1);
        snprintf(label, sizeof label, "%s abandon", m->categories[c].name);
        est_row(b, label, cat_ab, c, U_PCT, 1);
        snprintf(label, sizeof label, "%s longest", m->categories[c].name);
        est_row(b, label, cat_wait, c, U_SEC, 0);
    }
    fprintf(b->f, "\nFAIRNESS across agents logged in\n");
    const char *fl[] = {"occupancy min",
                        "occupancy max",
                        "occupancy CV",
                        "calls answered min",
                        "calls answered max",
                        "calls answered CV"};
    const unit fu[] = {U_PCT, U_PCT, U_RATIO, U_COUNT, U_COUNT, U_RATIO};
    const int fd[] = {1, 1, 3, 0, 0, 3};
    for (size_t i = 0; i < 6; i++)
        est_row(b, fl[i], fair, i, fu[i], fd[i]);
    if (s0->n_priorities > 0) {
        snprintf(label,
                 sizeof label,
                 "starvation: longest wait p%d",
                 s0->priority_values[s0->n_priorities - 1]);
        est_row(b, label, prio_wait, s0->n_priorities - 1, U_SEC, 0);
    }
}

int cs_report_bench_table(FILE *f, const cs_bench_router *r, size_t n, uint64_t seed)
{
    if (n == 0)
        return 0;
    const cs_summary *s0 = r[0].summary;
    fprintf(f,
            "callsim %s - routers on scenario \"%s\"\n",
            CALLSIM_VERSION,
            s0->model->name ? s0->model->name : "");
    fprintf(f,
            "runs: %d replication%s each, seed %" PRIu64
            ", the same callers for every router\n+/- is the half-width of the 95 %% confidence "
            "interval; latencies are wall-clock\n",
            s0->replications,
            s0->replications == 1 ? "" : "s",
            seed);
    for (size_t at = 0; at < n; at += PER_BLOCK) {
        block b = {.f = f, .r = r + at, .n = n - at < PER_BLOCK ? n - at : PER_BLOCK};
        fputc('\n', f);
        router_rows(&b);
        kpi_rows(&b);
    }
    return csi_finish(f);
}

/* ---- JSON ---- */

static cJSON *add_obj(cJSON *parent, const char *key)
{
    return key ? cJSON_AddObjectToObject(parent, key) : NULL;
}

static cJSON *add_to_array(cJSON *arr)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static bool add_router(cJSON *arr, const cs_bench_router *br)
{
    const cs_summary *s = br->summary;
    const cs_model *m = s->model;
    cJSON *o = add_to_array(arr);
    if (!o || !cJSON_AddStringToObject(o, "name", br->name) ||
        !csi_json_u64(o, "decisions", s->route.decisions) ||
        !csi_json_num(o, "decisions_per_s", decisions_per_s(s), true))
        return false;
    cJSON *lat = add_obj(o, "latency_us");
    if (!lat || !csi_json_num(lat, "p50", cs_latency_quantile_us(&s->latency, 0.5), true) ||
        !csi_json_num(lat, "p95", cs_latency_quantile_us(&s->latency, 0.95), true) ||
        !csi_json_num(lat, "p99", cs_latency_quantile_us(&s->latency, 0.99), true) ||
        !csi_json_num(lat, "max", 1e-3 * (double)s->latency.max_ns, s->latency.count > 0))
        return false;
    cJSON *inv = add_obj(o, "invalid");
    if (!inv || !csi_json_u64(inv, "call", s->route.invalid_call) ||
        !csi_json_u64(inv, "agent", s->route.invalid_agent) ||
        !csi_json_u64(inv, "skill", s->route.invalid_skill) ||
        !csi_json_u64(o, "router_errors", s->route.router_errors) ||
        !csi_json_u64(o, "fallbacks", s->route.fallbacks) ||
        !csi_json_u64(o, "fallback_decisions", s->route.fallback_decisions) ||
        !csi_json_u64(o, "timeouts", s->route.timeouts) ||
        !csi_json_u64(o, "malformed", s->route.malformed) ||
        !csi_json_u64(o, "oversized", s->route.oversized) ||
        !csi_json_u64(o, "disconnects", s->route.disconnects) ||
        !csi_json_num(o, "wall_s", br->wall_s, true))
        return false;
    cJSON *totals = add_obj(o, "totals");
    if (!totals || !csi_json_kpis(totals, &s->totals, false))
        return false;
    cJSON *cats = cJSON_AddArrayToObject(o, "categories");
    for (size_t c = 0; cats && c < m->n_categories; c++) {
        cJSON *x = add_to_array(cats);
        if (!x || !cJSON_AddStringToObject(x, "name", m->categories[c].name) ||
            !csi_json_num(x, "priority", m->categories[c].priority, true) ||
            !csi_json_kpis(x, &s->categories[c], true) ||
            !csi_json_est(x, "max_wait_s", &s->category_max_wait_s[c]))
            return false;
    }
    cJSON *prios = cats ? cJSON_AddArrayToObject(o, "priorities") : NULL;
    for (size_t p = 0; prios && p < s->n_priorities; p++) {
        cJSON *x = add_to_array(prios);
        if (!x || !csi_json_num(x, "priority", s->priority_values[p], true) ||
            !csi_json_kpis(x, &s->priorities[p], true) ||
            !csi_json_est(x, "max_wait_s", &s->priority_max_wait_s[p]))
            return false;
    }
    cJSON *fairness = prios ? add_obj(o, "fairness") : NULL;
    cJSON *occ = fairness ? add_obj(fairness, "occupancy") : NULL;
    cJSON *calls = fairness ? add_obj(fairness, "calls") : NULL;
    const cs_fairness *f = &s->fairness;
    if (!occ || !calls || !csi_json_est(occ, "min", &f->occupancy_min) ||
        !csi_json_est(occ, "max", &f->occupancy_max) ||
        !csi_json_est(occ, "cv", &f->occupancy_cv) || !csi_json_est(calls, "min", &f->calls_min) ||
        !csi_json_est(calls, "max", &f->calls_max) || !csi_json_est(calls, "cv", &f->calls_cv))
        return false;
    if (s->n_priorities > 0) {
        cJSON *st = add_obj(o, "starvation");
        size_t last = s->n_priorities - 1;
        if (!st || !csi_json_num(st, "priority", s->priority_values[last], true) ||
            !csi_json_est(st, "max_wait_s", &s->priority_max_wait_s[last]))
            return false;
    }
    return true;
}

int cs_report_bench_json(FILE *f, const cs_bench_router *r, size_t n, uint64_t seed)
{
    cJSON *root = cJSON_CreateObject();
    bool ok = root && n > 0;
    if (ok) {
        const cs_summary *s0 = r[0].summary;
        ok = cJSON_AddStringToObject(root, "callsim", CALLSIM_VERSION) &&
             cJSON_AddStringToObject(root, "scenario", s0->model->name ? s0->model->name : "") &&
             csi_json_u64(root, "seed", seed) &&
             cJSON_AddNumberToObject(root, "replications", s0->replications);
    }
    cJSON *arr = ok ? cJSON_AddArrayToObject(root, "routers") : NULL;
    ok = arr != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = add_router(arr, &r[i]);
    int rc = ok ? csi_json_write(f, root) : CS_ENOMEM;
    cJSON_Delete(root);
    return rc;
}
