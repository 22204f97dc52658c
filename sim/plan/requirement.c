/* requirement.c — the analytic staffing requirement per reporting interval: the smallest
 * number of agents on the phones that meets every target of the scenario, by the Erlang
 * formulas, for the interval's expected fresh calls.
 * Part of sim/plan. It reads the model through its public queries only; what the formulas
 * cannot see (redials, carry-over between intervals, priorities, seats) is left to the
 * simulation that corrects this first answer. */
#include "callsim/plan.h"

#include "callsim/runner.h"
#include "plan_int.h"

#include <math.h>
#include <stdlib.h>

/* The Erlang requirement of interval i for `calls` (its row of expected fresh calls per
 * category) with the arrival rates scaled by `scale` (1: fresh calls only). */
static int interval_need(const cs_model *m,
                         const double *calls,
                         size_t i,
                         double scale,
                         const cs_plan_targets *targets,
                         int *need,
                         cs_err *err)
{
    double len = m->horizon_s - (double)i * m->interval_s;
    if (len > m->interval_s)
        len = m->interval_s;
    /* The category mix combined: offered load in Erlangs, the mean service time (handle +
     * after-call work) it implies, and the arrival-weighted abandonment rate (a category
     * without patience contributes 0). */
    double lambda = 0, load = 0, theta = 0;
    for (size_t c = 0; c < m->n_categories; c++) {
        const cs_category *k = &m->categories[c];
        double l = scale * calls[c] / len;
        lambda += l;
        load += l * (k->handle.mean + (k->wrapup.kind == CS_DIST_NONE ? 0 : k->wrapup.mean));
        if (k->patience.kind != CS_DIST_NONE && k->patience.mean > 0)
            theta += l / k->patience.mean;
    }
    if (!(lambda > 0) || !(load > 0)) {
        *need = 0;
        return 0;
    }
    double patience_s = theta > 0 ? lambda / theta : INFINITY;
    return cs_staffing_min(load, load / lambda, patience_s, targets, need, err);
}

static cs_plan_targets plan_targets(const cs_model *m)
{
    return (cs_plan_targets){.answer_within_s = m->targets.answer_within_s,
                             .service_level = m->targets.service_level,
                             .max_abandon = m->targets.max_abandon,
                             .max_asa_s = m->targets.max_asa_s};
}

/* Expected fresh calls per interval and category (owned), or NULL with err set. */
static double *expected_calls(const cs_model *m, cs_err *err)
{
    size_t n_int = cs_model_interval_count(m), nc = m->n_categories;
    double *calls = malloc(n_int * nc * sizeof *calls);
    if (!calls || cs_model_expected_calls_by_interval(m, calls) != 0) {
        free(calls);
        cs_err_set(err, CS_ENOMEM, "out of memory");
        return NULL;
    }
    return calls;
}

int cs_plan_requirement_analytic(const cs_model *m, int *required, cs_err *err)
{
    double *calls = expected_calls(m, err);
    if (!calls)
        return CS_ENOMEM;
    cs_plan_targets targets = plan_targets(m);
    int rc = 0;
    size_t n_int = cs_model_interval_count(m), nc = m->n_categories;
    for (size_t i = 0; i < n_int && rc == 0; i++)
        rc = interval_need(m, calls + i * nc, i, 1.0, &targets, &required[i], err);
    free(calls);
    return rc;
}

/* ---- the simulated requirement ---- */

/* Per-interval KPIs of one simulated staffing: means over replications of the attempts
 * arriving in each interval (all categories), and whether the targets are met. */
void csi_plan_evaluate(const cs_model *m, const cs_results *res, cs_plan_interval *out)
{
    size_t n_int = res->reps[0].n_intervals, nc = res->reps[0].n_categories;
    for (size_t i = 0; i < n_int; i++) {
        double off = 0, red = 0, sl = 0, ab = 0, asa = 0;
        int n_sl = 0, n_asa = 0;
        for (size_t r = 0; r < res->n; r++) {
            cs_cell acc = {0};
            for (size_t c = 0; c < nc; c++) {
                const cs_cell *x = &res->reps[r].cells[i * nc + c];
                acc.offered += x->offered;
                acc.redials += x->redials;
                acc.answered += x->answered;
                acc.abandoned += x->abandoned;
                acc.within += x->within;
                acc.asa_sum_s += x->asa_sum_s;
            }
            off += acc.offered;
            red += acc.redials;
            double ended = acc.answered + acc.abandoned;
            if (ended > 0) {
                sl += acc.within / ended;
                ab += acc.abandoned / ended;
                n_sl++;
            }
            if (acc.answered > 0) {
                asa += acc.asa_sum_s / acc.answered;
                n_asa++;
            }
        }
        cs_plan_interval *o = &out[i];
        o->offered = off / (double)res->n;
        o->redials = red / (double)res->n;
        o->service_level = n_sl ? sl / n_sl : NAN;
        o->abandon_rate = n_sl ? ab / n_sl : NAN;
        o->asa_s = n_asa ? asa / n_asa : NAN;
        const cs_targets *t = &m->targets;
        o->meets_targets =
            (n_sl == 0 || t->service_level < 0 || o->service_level >= t->service_level) &&
            (n_sl == 0 || t->max_abandon < 0 || o->abandon_rate <= t->max_abandon) &&
            (n_asa == 0 || t->max_asa_s < 0 || o->asa_s <= t->max_asa_s);
    }
}

/* Simulates staffing `cur` on the view `v` of the model and evaluates every interval. */
static int
simulate(cs_model *v, int *cur, const cs_plan_sim_opts *o, cs_plan_interval *out, cs_err *err)
{
    v->supply.schedule = cur;
    cs_run_opts ro = {.replications = o->replications, .threads = o->threads, .stop = o->stop};
    cs_results *res = cs_run(v, &ro, err);
    if (!res)
        return err && err->code ? err->code : CS_ENOMEM;
    csi_plan_evaluate(v, res, out);
    cs_results_free(res);
    return 0;
}

/* After the first round: the Erlang figure again, for the offered load the simulation saw
 * less its redials (reconnects are load the fresh-call figure misses; redials swell only
 * because the first staffing was short, and would overshoot). A failing interval restarts
 * from it when that is higher, which saves most of the rounds. */
static int restart_from_offered(
    const cs_model *m, const cs_plan_interval *out, int *cur, bool *moved, cs_err *err)
{
    double *calls = expected_calls(m, err);
    if (!calls)
        return CS_ENOMEM;
    cs_plan_targets targets = plan_targets(m);
    size_t n = cs_model_interval_count(m), nc = m->n_categories;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (out[i].meets_targets)
            continue;
        double fresh = 0;
        for (size_t c = 0; c < nc; c++)
            fresh += calls[i * nc + c];
        double seen = out[i].offered - out[i].redials;
        if (!(fresh > 0) || !(seen > fresh))
            continue;
        int need = 0;
        rc = interval_need(m, calls + i * nc, i, seen / fresh, &targets, &need, err);
        need = need > m->supply.seats ? m->supply.seats : need;
        if (rc == 0 && need > cur[i]) { /* cur is already past the failed staffing */
            cur[i] = need;
            *moved = true;
        }
    }
    free(calls);
    return rc;
}

int cs_plan_requirement_simulated(const cs_model *m,
                                  const int *start,
                                  const cs_plan_sim_opts *o,
                                  cs_plan_interval *out,
                                  int *rounds,
                                  cs_err *err)
{
    if (o->replications < 2 || o->threads < 1 || o->max_rounds < 1)
        return cs_err_set(err, CS_EINVAL, "planner: replications >= 2, threads and rounds >= 1");
    size_t n = cs_model_interval_count(m);
    int seats = m->supply.seats;
    int *cur = malloc(n * sizeof *cur);
    if (!cur)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    /* A view of the model staffed by interval: it borrows everything else. */
    cs_model view = *m;
    view.supply = (cs_supply){.seats = seats, .n_schedule = n};
    for (size_t i = 0; i < n; i++)
        cur[i] = start[i] < 0 ? 0 : start[i] > seats ? seats : start[i];
    int rc = 0;
    *rounds = 0;
    while (*rounds < o->max_rounds) {
        if ((rc = simulate(&view, cur, o, out, err)) != 0)
            break;
        ++*rounds;
        if (o->progress)
            o->progress(o->progress_ud, (double)*rounds / o->max_rounds);
        bool more = false;
        /* One agent more for every interval still short, up to the seats. Steps of one
         * keep the answer minimal; the restart after the first round puts the start close
         * enough that few are needed. (Larger steps with bisection were tried: intervals
         * searched side by side trade backlog and did not settle.) */
        for (size_t i = 0; i < n; i++)
            if (!out[i].meets_targets && cur[i] < seats) {
                cur[i]++;
                more = true;
            }
        if (*rounds == 1 && (rc = restart_from_offered(m, out, cur, &more, err)) != 0)
            break;
        if (!more)
            break;
    }
    if (rc == 0 && *rounds == o->max_rounds) {
        /* out[] describes the staffing simulated last; cur may have moved past it */
        for (size_t i = 0; i < n; i++)
            if (!out[i].meets_targets && cur[i] < seats)
                cur[i]--;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        out[i].required = cur[i];
        out[i].at_seat_cap = cur[i] >= seats && !out[i].meets_targets;
    }
    free(cur);
    return rc;
}
