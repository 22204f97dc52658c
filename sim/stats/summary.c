/* summary.c — replications merged into estimates: for every group (totals, category,
 * day, interval x category, agent) each KPI is computed per replication, then averaged,
 * with a 95 % Student-t confidence interval across replications.
 * Part of sim/stats. Ratios are per replication first (the replications are the i.i.d.
 * observations), never a ratio of pooled sums. */
#include "callsim/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *cs_kpi_name(cs_kpi k)
{
    static const char *const names[] = {
#define CS_KPI_NAME_(name, r, c) #name,
        CS_KPI_MAP(CS_KPI_NAME_)
#undef CS_KPI_NAME_
    };
    return (unsigned)k < CS_KPI_COUNT ? names[k] : "unknown";
}

cs_estimate cs_estimate_of(const double *x, size_t n)
{
    cs_estimate e = {.mean = NAN, .ci95 = NAN, .n = 0};
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            sum += x[i];
            e.n++;
        }
    if (e.n == 0)
        return e;
    e.mean = sum / e.n;
    if (e.n < 2)
        return e;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            ss += (x[i] - e.mean) * (x[i] - e.mean);
    double sd = sqrt(ss / (e.n - 1));
    e.ci95 = gsl_cdf_tdist_Pinv(0.975, (double)(e.n - 1)) * sd / sqrt((double)e.n);
    return e;
}

static void cell_add(cs_cell *acc, const cs_cell *x)
{
    acc->offered += x->offered;
    acc->answered += x->answered;
    acc->abandoned += x->abandoned;
    acc->redials += x->redials;
    acc->reconnects += x->reconnects;
    acc->waited += x->waited;
    acc->within += x->within;
    acc->urgent += x->urgent;
    acc->wait_sum_s += x->wait_sum_s;
    acc->asa_sum_s += x->asa_sum_s;
    if (x->max_queue > acc->max_queue)
        acc->max_queue = x->max_queue;
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* KPI values of one replication's aggregated counters; busy/logged give occupancy
 * (pass logged = 0 where occupancy is not defined for the group). */
static void kpi_values(const cs_cell *x, double busy, double logged, double v[CS_KPI_COUNT])
{
    double ended = x->answered + x->abandoned;
    v[CS_KPI_offered] = x->offered;
    v[CS_KPI_answered] = x->answered;
    v[CS_KPI_abandoned] = x->abandoned;
    v[CS_KPI_redials] = x->redials;
    v[CS_KPI_reconnects] = x->reconnects;
    v[CS_KPI_p_wait] = ratio(x->waited, ended);
    v[CS_KPI_mean_wait_s] = ratio(x->wait_sum_s, ended);
    v[CS_KPI_asa_s] = ratio(x->asa_sum_s, x->answered);
    v[CS_KPI_service_level] = ratio(x->within, ended);
    v[CS_KPI_abandon_rate] = ratio(x->abandoned, ended);
    v[CS_KPI_urgent_tickets] = x->urgent;
    v[CS_KPI_occupancy] = ratio(busy, logged);
}

/* Work space: per-replication values of every KPI of one group. */
typedef struct group {
    size_t n_reps;
    double *v; /* [CS_KPI_COUNT * n_reps], KPI-major */
} group;

static void group_set(group *g, size_t rep, const cs_cell *x, double busy, double logged)
{
    double v[CS_KPI_COUNT];
    kpi_values(x, busy, logged, v);
    for (int k = 0; k < CS_KPI_COUNT; k++)
        g->v[(size_t)k * g->n_reps + rep] = v[k];
}

static void group_estimate(const group *g, cs_kpis *out)
{
    for (int k = 0; k < CS_KPI_COUNT; k++)
        out->v[k] = cs_estimate_of(g->v + (size_t)k * g->n_reps, g->n_reps);
}

/* Categories grouped by priority: KPIs and longest wait per group. x: [n] work space. */
static int
summarize_priorities(cs_summary *s, const cs_rep_stats *reps, size_t n, group *g, double *x)
{
    const cs_model *m = s->model;
    const size_t n_int = reps[0].n_intervals, n_cat = reps[0].n_categories;
    s->priority_values = malloc(n_cat * sizeof *s->priority_values);
    s->priorities = calloc(n_cat, sizeof *s->priorities);
    s->priority_max_wait_s = calloc(n_cat, sizeof *s->priority_max_wait_s);
    if (!s->priority_values || !s->priorities || !s->priority_max_wait_s)
        return CS_ENOMEM;
    /* distinct priorities, ascending (insertion into a sorted list; categories are few) */
    for (size_t c = 0; c < n_cat; c++) {
        int p = m->categories[c].priority;
        size_t at = 0;
        while (at < s->n_priorities && s->priority_values[at] < p)
            at++;
        if (at < s->n_priorities && s->priority_values[at] == p)
            continue;
        memmove(s->priority_values + at + 1,
                s->priority_values + at,
                (s->n_priorities - at) * sizeof *s->priority_values);
        s->priority_values[at] = p;
        s->n_priorities++;
    }
    for (size_t k = 0; k < s->n_priorities; k++) {
        for (size_t r = 0; r < n; r++) {
            cs_cell acc = {0};
            double most = 0;
            for (size_t c = 0; c < n_cat; c++) {
                if (m->categories[c].priority != s->priority_values[k])
                    continue;
                for (size_t i = 0; i < n_int; i++)
                    cell_add(&acc, &reps[r].cells[i * n_cat + c]);
                most = reps[r].max_wait_s[c] > most ? reps[r].max_wait_s[c] : most;
            }
            group_set(g, r, &acc, 0, 0);
            x[r] = most;
        }
        group_estimate(g, &s->priorities[k]);
        s->priority_max_wait_s[k] = cs_estimate_of(x, n);
    }
    return 0;
}

/* Least, most and coefficient of variation of v[0..n) (NaN when n == 0). */
static void spread(const double *v, size_t n, double *lo, double *hi, double *cv)
{
    *lo = *hi = *cv = NAN;
    if (n == 0)
        return;
    double sum = 0, ss = 0;
    *lo = *hi = v[0];
    for (size_t i = 0; i < n; i++) {
        sum += v[i];
        *lo = v[i] < *lo ? v[i] : *lo;
        *hi = v[i] > *hi ? v[i] : *hi;
    }
    double mean = sum / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    *cv = mean > 0 ? sqrt(ss / (double)n) / mean : NAN;
}

/* Fairness across agents, per replication, then estimated. x: [6 * n] work space. */
static int summarize_fairness(cs_summary *s, const cs_rep_stats *reps, size_t n, double *x)
{
    size_t n_agents = reps[0].n_agents;
    double *occ = malloc((n_agents ? n_agents : 1) * 2 * sizeof *occ);
    if (!occ)
        return CS_ENOMEM;
    double *calls = occ + (n_agents ? n_agents : 1);
    for (size_t r = 0; r < n; r++) {
        size_t k = 0;
        for (size_t a = 0; a < n_agents; a++) {
            const cs_agent_total *t = &reps[r].agents[a];
            if (!(t->logged_in_s > 0))
                continue;
            occ[k] = (t->talk_s + t->after_call_s) / t->logged_in_s;
            calls[k++] = t->calls;
        }
        spread(occ, k, &x[r], &x[n + r], &x[2 * n + r]);
        spread(calls, k, &x[3 * n + r], &x[4 * n + r], &x[5 * n + r]);
    }
    free(occ);
    cs_fairness *f = &s->fairness;
    f->occupancy_min = cs_estimate_of(x, n);
    f->occupancy_max = cs_estimate_of(x + n, n);
    f->occupancy_cv = cs_estimate_of(x + 2 * n, n);
    f->calls_min = cs_estimate_of(x + 3 * n, n);
    f->calls_max = cs_estimate_of(x + 4 * n, n);
    f->calls_cv = cs_estimate_of(x + 5 * n, n);
    return 0;
}

static bool interval_in_day(const cs_model *m, size_t i, int day)
{
    return cs_model_day_of(m, (double)i * m->interval_s) == day;
}

cs_summary *cs_summary_new(const cs_model *m, const cs_rep_stats *reps, size_t n, cs_err *err)
{
    cs_summary *s = calloc(1, sizeof *s);
    group g = {.n_reps = n, .v = malloc(CS_KPI_COUNT * (n ? n : 1) * sizeof(double))};
    double *x = malloc((n ? n : 1) * 6 * sizeof(double));
    if (!s || !g.v || !x || n == 0)
        goto out_nomem;
    const size_t n_int = reps[0].n_intervals, n_cat = reps[0].n_categories;
    const size_t n_agents = reps[0].n_agents, n_days_all = reps[0].n_days;
    s->model = m;
    s->replications = (int)n;
    s->first_interval = (size_t)floor(m->warmup_s / m->interval_s + 1e-9);
    s->n_intervals = n_int > s->first_interval ? n_int - s->first_interval : 0;
    s->first_day = cs_model_day_of(m, m->warmup_s);
    int last_day = cs_model_day_of(m, m->horizon_s - 1e-6);
    s->n_days = last_day >= s->first_day ? (size_t)(last_day - s->first_day + 1) : 0;
    s->n_agents = n_agents;
    s->categories = calloc(n_cat, sizeof *s->categories);
    s->days = calloc(s->n_days ? s->n_days : 1, sizeof *s->days);
    s->cells = calloc((s->n_intervals ? s->n_intervals : 1) * n_cat, sizeof *s->cells);
    s->cell_max_queue =
        calloc((s->n_intervals ? s->n_intervals : 1) * n_cat, sizeof *s->cell_max_queue);
    s->intervals = calloc(s->n_intervals ? s->n_intervals : 1, sizeof *s->intervals);
    s->agents = calloc(n_agents ? n_agents : 1, sizeof *s->agents);
    s->category_max_wait_s = calloc(n_cat, sizeof *s->category_max_wait_s);
    if (!s->categories || !s->days || !s->cells || !s->cell_max_queue || !s->intervals ||
        !s->agents || !s->category_max_wait_s)
        goto out_nomem;

    /* Totals. */
    for (size_t r = 0; r < n; r++) {
        cs_cell acc = {0};
        double busy = 0, logged = 0;
        for (size_t i = 0; i < n_int; i++) {
            for (size_t c = 0; c < n_cat; c++)
                cell_add(&acc, &reps[r].cells[i * n_cat + c]);
            busy += reps[r].slots[i].busy_s;
            logged += reps[r].slots[i].logged_in_s;
        }
        group_set(&g, r, &acc, busy, logged);
    }
    group_estimate(&g, &s->totals);

    /* Per category. */
    for (size_t c = 0; c < n_cat; c++) {
        for (size_t r = 0; r < n; r++) {
            cs_cell acc = {0};
            for (size_t i = 0; i < n_int; i++)
                cell_add(&acc, &reps[r].cells[i * n_cat + c]);
            group_set(&g, r, &acc, 0, 0);
        }
        group_estimate(&g, &s->categories[c]);
        for (size_t r = 0; r < n; r++)
            x[r] = reps[r].max_wait_s[c];
        s->category_max_wait_s[c] = cs_estimate_of(x, n);
    }
    if (summarize_priorities(s, reps, n, &g, x) != 0 || summarize_fairness(s, reps, n, x) != 0)
        goto out_nomem;

    /* Per day, with how hard agents worked. */
    for (size_t d = 0; d < s->n_days; d++) {
        int day = s->first_day + (int)d;
        for (size_t r = 0; r < n; r++) {
            cs_cell acc = {0};
            double busy = 0, logged = 0;
            for (size_t i = s->first_interval; i < n_int; i++) {
                if (!interval_in_day(m, i, day))
                    continue;
                for (size_t c = 0; c < n_cat; c++)
                    cell_add(&acc, &reps[r].cells[i * n_cat + c]);
                busy += reps[r].slots[i].busy_s;
                logged += reps[r].slots[i].logged_in_s;
            }
            group_set(&g, r, &acc, busy, logged);
            double working = 0, calls = 0, most = 0;
            if (day >= 0 && (size_t)day < n_days_all)
                for (size_t a = 0; a < n_agents; a++) {
                    double k = reps[r].agent_day_calls[a * n_days_all + (size_t)day];
                    working += k > 0;
                    calls += k;
                    most = k > most ? k : most;
                }
            x[r] = working;
            x[n + r] = ratio(calls, working);
            x[2 * n + r] = most;
        }
        group_estimate(&g, &s->days[d].kpis);
        s->days[d].agents_working = cs_estimate_of(x, n);
        s->days[d].calls_per_agent = cs_estimate_of(x + n, n);
        s->days[d].max_calls_per_agent = cs_estimate_of(x + 2 * n, n);
    }

    /* Per interval and category, and per interval. */
    for (size_t k = 0; k < s->n_intervals; k++) {
        size_t i = s->first_interval + k;
        /* The counted part of the interval: agent time is booked after the warm-up and
         * before the horizon only, so the time-average divides by that part. */
        double t0 = (double)i * m->interval_s, t1 = t0 + m->interval_s;
        double len =
            (t1 < m->horizon_s ? t1 : m->horizon_s) - (t0 > m->warmup_s ? t0 : m->warmup_s);
        for (size_t c = 0; c < n_cat; c++) {
            for (size_t r = 0; r < n; r++) {
                group_set(&g, r, &reps[r].cells[i * n_cat + c], 0, 0);
                x[r] = reps[r].cells[i * n_cat + c].max_queue;
            }
            group_estimate(&g, &s->cells[k * n_cat + c]);
            s->cell_max_queue[k * n_cat + c] = cs_estimate_of(x, n);
        }
        for (size_t r = 0; r < n; r++) {
            const cs_slot *sl = &reps[r].slots[i];
            x[r] = sl->logged_in_s / len;
            x[n + r] = ratio(sl->busy_s, sl->logged_in_s);
            x[2 * n + r] = sl->max_queue;
        }
        s->intervals[k].agents_logged_in = cs_estimate_of(x, n);
        s->intervals[k].occupancy = cs_estimate_of(x + n, n);
        s->intervals[k].max_queue = cs_estimate_of(x + 2 * n, n);
    }

    /* Per agent. */
    for (size_t a = 0; a < n_agents; a++) {
        for (size_t r = 0; r < n; r++) {
            const cs_agent_total *t = &reps[r].agents[a];
            x[r] = t->calls;
            x[n + r] = t->talk_s;
            x[2 * n + r] = t->after_call_s;
            x[3 * n + r] = t->logged_in_s;
            x[4 * n + r] = ratio(t->talk_s + t->after_call_s, t->logged_in_s);
        }
        s->agents[a].calls = cs_estimate_of(x, n);
        s->agents[a].talk_s = cs_estimate_of(x + n, n);
        s->agents[a].after_call_s = cs_estimate_of(x + 2 * n, n);
        s->agents[a].logged_in_s = cs_estimate_of(x + 3 * n, n);
        s->agents[a].occupancy = cs_estimate_of(x + 4 * n, n);
    }

    /* Run-level figures and the snapshot. */
    for (size_t r = 0; r < n; r++) {
        x[r] = reps[r].unfinished;
        x[n + r] = (double)reps[r].events;
        s->route.decisions += reps[r].route.decisions;
        s->route.invalid_call += reps[r].route.invalid_call;
        s->route.invalid_agent += reps[r].route.invalid_agent;
        s->route.invalid_skill += reps[r].route.invalid_skill;
        s->route.router_errors += reps[r].route.router_errors;
        s->route.fallbacks += reps[r].route.fallbacks;
        s->route.fallback_decisions += reps[r].route.fallback_decisions;
        s->route.steps += reps[r].route.steps;
        s->route.timeouts += reps[r].route.timeouts;
        s->route.malformed += reps[r].route.malformed;
        s->route.oversized += reps[r].route.oversized;
        s->route.disconnects += reps[r].route.disconnects;
        s->route.error_replies += reps[r].route.error_replies;
        s->route.reconnects += reps[r].route.reconnects;
        s->route.connect_failures += reps[r].route.connect_failures;
        s->route.gave_up += reps[r].route.gave_up;
        cs_latency_add(&s->latency, &reps[r].latency);
    }
    s->unfinished = cs_estimate_of(x, n);
    s->events = cs_estimate_of(x + n, n);
    s->has_snapshot = reps[0].has_snapshot;
    if (s->has_snapshot) {
        s->snapshot_at_s = reps[0].snapshot.at_s;
        for (size_t r = 0; r < n; r++) {
            const cs_snapshot *sn = &reps[r].snapshot;
            x[r] = sn->logged_in;
            x[n + r] = sn->talking;
            x[2 * n + r] = sn->after_call;
            x[3 * n + r] = sn->idle;
            x[4 * n + r] = sn->on_break;
            x[5 * n + r] = sn->waiting;
        }
        s->snap_logged_in = cs_estimate_of(x, n);
        s->snap_talking = cs_estimate_of(x + n, n);
        s->snap_after_call = cs_estimate_of(x + 2 * n, n);
        s->snap_idle = cs_estimate_of(x + 3 * n, n);
        s->snap_on_break = cs_estimate_of(x + 4 * n, n);
        s->snap_waiting = cs_estimate_of(x + 5 * n, n);
    }
    free(g.v);
    free(x);
    return s;
out_nomem:
    free(g.v);
    free(x);
    cs_summary_free(s);
    cs_err_set(err, n == 0 ? CS_EINVAL : CS_ENOMEM, n == 0 ? "no replications" : "out of memory");
    return NULL;
}

void cs_summary_free(cs_summary *s)
{
    if (!s)
        return;
    free(s->categories);
    free(s->days);
    free(s->cells);
    free(s->cell_max_queue);
    free(s->intervals);
    free(s->agents);
    free(s->category_max_wait_s);
    free(s->priority_values);
    free(s->priorities);
    free(s->priority_max_wait_s);
    free(s);
}
