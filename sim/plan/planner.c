/* planner.c — `callsim plan` as one call (callsim/planner.h): the analytic requirement, the
 * simulation-corrected one, the roster over the scenario's templates, and the roster
 * simulated once more to verify it. Part of sim/plan; uses the runner, never model
 * internals. */
#include "callsim/planner.h"

#include "callsim/runner.h"
#include "plan_int.h"
#include "core/clock.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Verification passes that may add an agent where a target is still missed. */
#define PLAN_REPAIRS 3

/* The requirement search, the roster and the verification share one progress bar. */
typedef struct stage {
    const cs_plan_opts *o;
    double lo, hi; /* the stage's share of the bar */
} stage;

static void stage_progress(void *ud, double fraction)
{
    const stage *s = ud;
    s->o->progress(s->o->progress_ud, s->lo + (s->hi - s->lo) * fraction);
}

static bool stopped(const cs_plan_opts *o)
{
    return o->stop && *o->stop;
}

void cs_plan_result_free(cs_plan_result *r)
{
    if (!r)
        return;
    free(r->required_analytic);
    free(r->required);
    free(r->scheduled);
    free(r->shortfall);
    free(r->verified);
    free(r->shifts);
    free(r->break_start_s);
    cs_summary_free(r->verification);
    free(r);
}

static int shift_cmp(const void *pa, const void *pb)
{
    const cs_plan_shift *a = pa, *b = pb;
    if (a->start_s != b->start_s)
        return a->start_s < b->start_s ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    /* break placements of one start: earlier breaks first */
    for (size_t k = 0; k < a->n_breaks && k < b->n_breaks; k++)
        if (a->break_start_s[k] != b->break_start_s[k])
            return a->break_start_s[k] < b->break_start_s[k] ? -1 : 1;
    return 0;
}

/* The roster over the templates: patterns, the integer program, the shifts it chose. */
static int roster(const cs_model *m,
                  const int *cover,
                  volatile sig_atomic_t *stop,
                  cs_plan_result *r,
                  cs_err *err)
{
    free(r->shifts);
    free(r->break_start_s);
    r->shifts = NULL;
    r->break_start_s = NULL;
    r->n_shifts = 0;
    r->paid_h = 0;
    cs_plan_patterns pp;
    int rc = cs_plan_patterns_build(m, &pp, err);
    if (rc)
        return rc;
    cs_roster_problem prob = {.n_intervals = (int)r->n_intervals,
                              .required = cover,
                              .seats = r->seats,
                              .n_patterns = (int)pp.n,
                              .patterns = pp.patterns,
                              .time_limit_s = m->plan.time_limit_s,
                              .mip_gap = m->plan.mip_gap,
                              .stop = stop,
                              .n_groups = (int)pp.n_groups,
                              .groups = pp.groups};
    cs_roster_solution sol;
    rc = cs_roster_solve(&prob, &sol, err);
    if (rc)
        goto out;
    r->has_roster = true;
    r->n_patterns = pp.n;
    r->status = sol.status;
    r->gap = sol.gap;
    r->solve_s = sol.solve_s;
    r->cost = sol.cost;
    memcpy(r->scheduled, sol.scheduled, r->n_intervals * sizeof *r->scheduled);
    size_t n_shifts = 0, n_breaks = 0;
    for (size_t j = 0; j < pp.n; j++)
        if (sol.counts[j] > 0) {
            n_shifts++;
            n_breaks += pp.info[j].n_breaks;
        }
    r->shifts = calloc(n_shifts + 1, sizeof *r->shifts);
    r->break_start_s = calloc(n_breaks + 1, sizeof *r->break_start_s);
    if (!r->shifts || !r->break_start_s) {
        rc = cs_err_set(err, CS_ENOMEM, "plan: out of memory for the roster");
        goto out_sol;
    }
    size_t b = 0;
    for (size_t j = 0; j < pp.n; j++) {
        if (sol.counts[j] <= 0)
            continue;
        const cs_plan_pattern_info *in = &pp.info[j];
        memcpy(r->break_start_s + b,
               pp.break_start_s + in->first_break,
               in->n_breaks * sizeof(double));
        r->shifts[r->n_shifts++] = (cs_plan_shift){.name = pp.patterns[j].name,
                                                   .day = in->day,
                                                   .start_s = in->start_s,
                                                   .start_tod_s = in->start_tod_s,
                                                   .agents = sol.counts[j],
                                                   .paid_h = in->paid_h * sol.counts[j],
                                                   .n_breaks = in->n_breaks,
                                                   .break_start_s = r->break_start_s + b};
        b += in->n_breaks;
        r->paid_h += in->paid_h * sol.counts[j];
    }
    qsort(r->shifts, r->n_shifts, sizeof *r->shifts, shift_cmp);
out_sol:
    cs_roster_solution_fini(&sol);
out:
    cs_plan_patterns_fini(&pp);
    return rc;
}

/* The simulated requirement, searched with the seat cap lifted: where the demand is beyond
 * the seats the plan still stops at the cap, and this says by how much it falls short. */
static int requirement(const cs_model *m, const cs_plan_opts *o, cs_plan_result *r, cs_err *err)
{
    size_t n = r->n_intervals;
    int top = 0;
    for (size_t i = 0; i < n; i++)
        if (r->required_analytic[i] > top)
            top = r->required_analytic[i];
    /* Twice the Erlang figure: the simulation corrects it by a few agents, never by half */
    cs_model search = *m;
    long lifted = 2L * top + 10;
    if (lifted < m->supply.seats)
        lifted = m->supply.seats;
    search.supply.seats = lifted > 100000 ? 100000 : (int)lifted;
    cs_plan_interval *tmp = calloc(n, sizeof *tmp);
    if (!tmp)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    stage st = {o, 0.0, 0.85};
    cs_plan_sim_opts so = {.replications = o->replications,
                           .threads = o->threads,
                           .max_rounds = m->plan.max_rounds > 0 ? m->plan.max_rounds : 40,
                           .stop = o->stop,
                           .progress = o->progress ? stage_progress : NULL,
                           .progress_ud = &st};
    int rc =
        cs_plan_requirement_simulated(&search, r->required_analytic, &so, tmp, &r->rounds, err);
    if (rc == 0) {
        r->requirement_settled = true;
        for (size_t i = 0; i < n; i++) {
            r->required[i] = tmp[i].required;
            if (!tmp[i].meets_targets)
                r->requirement_settled = false;
        }
    }
    free(tmp);
    return rc;
}

/* The plan simulated as supply.schedule, on the same callers (the model's seed). */
static int verify(const cs_model *m, const cs_plan_opts *o, cs_plan_result *r, cs_err *err)
{
    r->verify_model = *m;
    r->verify_model.supply =
        (cs_supply){.seats = r->seats, .schedule = r->scheduled, .n_schedule = r->n_intervals};
    stage st = {o, 0.9, 1.0};
    cs_summary_free(r->verification);
    r->verification = NULL;
    r->intervals_below_target = 0;
    cs_run_opts ro = {.replications = o->replications,
                      .threads = o->threads,
                      .stop = o->stop,
                      .progress = o->progress ? stage_progress : NULL,
                      .progress_ud = &st};
    cs_results *res = cs_run(&r->verify_model, &ro, err);
    if (!res)
        return err && err->code ? err->code : CS_ENOMEM;
    csi_plan_evaluate(&r->verify_model, res, r->verified);
    r->verification = cs_summary_new(&r->verify_model, res->reps, res->n, err);
    cs_results_free(res);
    if (!r->verification)
        return err && err->code ? err->code : CS_ENOMEM;
    for (size_t i = 0; i < r->n_intervals; i++) {
        r->verified[i].required = r->scheduled[i];
        r->verified[i].at_seat_cap = r->shortfall[i] > 0 && r->scheduled[i] >= r->seats;
        if (!r->verified[i].meets_targets)
            r->intervals_below_target++;
    }
    return 0;
}

/* The plan for `cover`: the roster over the templates, or without templates `cover` capped
 * at the seats; then its shortfall against the requirement. */
static int
schedule(const cs_model *m, const int *cover, const cs_plan_opts *o, cs_plan_result *r, cs_err *err)
{
    size_t n = r->n_intervals;
    if (m->plan.n_templates > 0) {
        int rc = roster(m, cover, o->stop, r, err);
        if (rc)
            return rc;
    } else {
        r->paid_h = 0;
        for (size_t i = 0; i < n; i++) {
            r->scheduled[i] = cover[i] < r->seats ? cover[i] : r->seats;
            r->paid_h += r->scheduled[i] * m->interval_s / 3600;
        }
    }
    r->shortfall_sum = 0;
    r->intervals_short = 0;
    for (size_t i = 0; i < n; i++) {
        int s = r->required[i] - r->scheduled[i];
        r->shortfall[i] = s > 0 ? s : 0;
        r->shortfall_sum += r->shortfall[i];
        r->intervals_short += s > 0;
    }
    return 0;
}

cs_plan_result *cs_plan_run(const cs_model *m, const cs_plan_opts *o, cs_err *err)
{
    if (!o || o->replications < 2 || o->threads < 1) {
        cs_err_set(err, CS_EINVAL, "plan: replications >= 2 and threads >= 1 are needed");
        return NULL;
    }
    double t0 = cs_clock_s();
    cs_plan_result *r = calloc(1, sizeof *r);
    size_t n = cs_model_interval_count(m);
    if (!r)
        goto out_nomem;
    r->model = m;
    r->n_intervals = n;
    r->seats = m->supply.seats;
    r->required_analytic = calloc(n, sizeof *r->required_analytic);
    r->required = calloc(n, sizeof *r->required);
    r->scheduled = calloc(n, sizeof *r->scheduled);
    r->shortfall = calloc(n, sizeof *r->shortfall);
    r->verified = calloc(n, sizeof *r->verified);
    if (!r->required_analytic || !r->required || !r->scheduled || !r->shortfall || !r->verified)
        goto out_nomem;
    int rc = cs_plan_requirement_analytic(m, r->required_analytic, err);
    if (rc == 0)
        rc = requirement(m, o, r, err);
    if (rc == 0 && stopped(o))
        rc = cs_err_set(err, CS_EINTR, "interrupted");
    /* What the plan covers: the requirement at first, then one agent more wherever the
     * verification still misses a target below the seats (the roster moves agents between
     * intervals, and the queue carried from one interval into the next moves with them). */
    int *cover = rc == 0 ? malloc(n * sizeof *cover) : NULL;
    if (rc == 0 && !cover)
        rc = cs_err_set(err, CS_ENOMEM, "out of memory");
    if (rc == 0)
        memcpy(cover, r->required, n * sizeof *cover);
    for (int pass = 0; rc == 0; pass++) {
        rc = schedule(m, cover, o, r, err);
        if (rc == 0 && stopped(o))
            rc = cs_err_set(err, CS_EINTR, "interrupted");
        if (rc == 0)
            rc = verify(m, o, r, err);
        if (rc || pass == PLAN_REPAIRS)
            break;
        bool more = false;
        for (size_t i = 0; i < n; i++)
            if (!r->verified[i].meets_targets && r->scheduled[i] < r->seats &&
                r->scheduled[i] >= cover[i]) { /* covered, and still short */
                cover[i] = r->scheduled[i] + 1;
                more = true;
            }
        if (!more)
            break;
        r->repairs++;
    }
    free(cover);
    if (rc) {
        cs_plan_result_free(r);
        return NULL;
    }
    r->wall_s = cs_clock_s() - t0;
    return r;
out_nomem:
    cs_plan_result_free(r);
    cs_err_set(err, CS_ENOMEM, "out of memory");
    return NULL;
}
