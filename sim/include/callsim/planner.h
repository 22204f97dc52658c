/* callsim/planner.h — `callsim plan` as a library call: the analytic requirement, the
 * simulation-corrected requirement, the shift roster from the scenario's templates
 * (plan.templates) and a verification run of the roster, per reporting interval.
 * Part of the public API (sim/plan). Computes; never prints (sim/report formats it). */
#ifndef CALLSIM_PLANNER_H
#define CALLSIM_PLANNER_H

#include "callsim/err.h"
#include "callsim/model.h"
#include "callsim/plan.h"
#include "callsim/roster.h"
#include "callsim/stats.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- templates -> work patterns ---- */

/* What one work pattern is, in the scenario's words. */
typedef struct cs_plan_pattern_info {
    int template_index; /* into m->plan.templates */
    int day;            /* start day, -1 (the day before the horizon) .. n_days - 1 */
    double start_s;     /* horizon seconds of the start (negative: before the horizon) */
    double start_tod_s; /* clock time of the start */
    double paid_h;      /* paid hours of one agent: the template's length, breaks included */
    size_t first_break; /* index into cs_plan_patterns.break_start_s */
    size_t n_breaks;    /* the template's breaks, in shift order */
} cs_plan_pattern_info;

/* The roster's columns built from the templates: every allowed start on every allowed day
 * (the day before the horizon too, so a night shift covers the first hours), with every
 * placement of its breaks on the interval grid inside their windows, as separate patterns:
 * the integer program then staggers the breaks to fit the requirement exactly. An agent is
 * on the phones in the intervals its shift covers whole, less those its breaks touch (on a
 * break it holds no seat); a shift is clipped to the horizon and paid in full. Patterns
 * with no interval on the phones, and break placements that cover the same intervals as
 * one already listed for the same start, are left out. A template's max_agents becomes a
 * group per day: its patterns starting that day together have at most that many agents. */
typedef struct cs_plan_patterns {
    size_t n;                    /* patterns */
    cs_roster_pattern *patterns; /* owned [n]; names borrow the model's template names */
    cs_plan_pattern_info *info;  /* owned [n] */
    cs_roster_range *ranges;     /* owned: every pattern's ranges, one after another */
    double *break_start_s;       /* owned: break starts, horizon seconds */
    size_t n_groups;             /* one per (template with max_agents, day) with patterns */
    cs_roster_group *groups;     /* owned [n_groups], for cs_roster_problem */
    int *members;                /* owned: the groups' members, one group after another */
} cs_plan_patterns;

/* Most patterns one plan may have; more is reported as CS_EINVAL (fewer starts or wider
 * break steps are the fix). */
#define CS_PLAN_MAX_PATTERNS 100000

/* Builds the patterns of m->plan.templates (borrowed; `m` must outlive `out`). Fills *out
 * (fini with cs_plan_patterns_fini, also after a failure). Returns CS_OK, CS_ENOMEM, or
 * CS_EINVAL when there are more than CS_PLAN_MAX_PATTERNS. */
int cs_plan_patterns_build(const cs_model *m, cs_plan_patterns *out, cs_err *err);
void cs_plan_patterns_fini(cs_plan_patterns *p);

/* ---- the whole plan ---- */

typedef struct cs_plan_opts {
    int replications;                            /* per simulation, >= 2 */
    int threads;                                 /* >= 1; results do not depend on it */
    volatile sig_atomic_t *stop;                 /* nonzero: stop with CS_EINTR (may be NULL) */
    void (*progress)(void *ud, double fraction); /* calling thread; may be NULL */
    void *progress_ud;
} cs_plan_opts;

/* One shift of the roster: a pattern with agents on it. */
typedef struct cs_plan_shift {
    const char *name;            /* the template's (borrowed from the model) */
    int day;                     /* start day, -1 .. n_days - 1 */
    double start_s;              /* horizon seconds (negative: the evening before the horizon) */
    double start_tod_s;          /* clock time */
    int agents;                  /* >= 1 */
    double paid_h;               /* agents x length */
    size_t n_breaks;             /* break starts in break_start_s */
    const double *break_start_s; /* borrowed from the result: horizon seconds */
} cs_plan_shift;

typedef struct cs_plan_result {
    const cs_model *model;      /* borrowed: the planned model */
    size_t n_intervals;         /* cs_model_interval_count */
    int seats;                  /* the seat cap */
    int *required_analytic;     /* owned [n]: Erlang figure, not capped by the seats */
    int *required;              /* owned [n]: simulation-corrected, not capped by the seats */
    int *scheduled;             /* owned [n]: agents on the phones in the plan, <= seats */
    int *shortfall;             /* owned [n]: max(0, required - scheduled) */
    cs_plan_interval *verified; /* owned [n]: KPIs of the plan simulated (required: scheduled) */
    int rounds;                 /* simulation rounds of the requirement search */
    int repairs;                /* plans re-made after a verification missed a target */
    bool requirement_settled;   /* every interval met the targets within max_rounds */
    bool has_roster;            /* templates given: a roster was solved */
    cs_roster_status status;    /* roster only */
    double gap;                 /* roster only: relative gap, 0 optimal, INFINITY unknown */
    double solve_s;             /* roster only: wall-clock seconds of the solve */
    double cost;                /* roster: sum of agents x paid hours x cost per hour */
    double paid_h;              /* roster: paid hours of all shifts; without templates:
                                   agent-hours on the phones (scheduled x interval) */
    size_t n_patterns;          /* roster only: columns of the program */
    size_t n_shifts;
    cs_plan_shift *shifts;      /* owned [n_shifts], by start then template */
    double *break_start_s;      /* owned: storage of the shifts' break starts */
    long long shortfall_sum;    /* agent-intervals short, all intervals */
    int intervals_short;        /* intervals with shortfall > 0 */
    int intervals_below_target; /* intervals whose verification misses a target */
    cs_model verify_model;      /* the view simulated for verification (borrows `model`) */
    cs_summary *verification;   /* owned: its summary (intervals.csv); model = &verify_model */
    double wall_s;              /* the whole plan, s */
} cs_plan_result;

/* Plans `m` (borrowed; must outlive the result; its seed is the plan's): the analytic
 * requirement, the simulated requirement (as cs_plan_requirement_simulated with
 * m->plan.max_rounds, searched with the seat cap lifted to twice the largest Erlang figure
 * plus 10 (at least the seats) so that the shortfall at the cap can be told), then with templates
 * the roster (cs_roster_solve within m->plan.time_limit_s and mip_gap), without them the
 * requirement capped at the seats as the plan; finally the plan simulated as supply.schedule with
 * opts->replications (the model's seed: the callers of the search). Where that verification misses
 * a target below the seats, the plan is made again covering one agent more there, up to 3 times;
 * the result is the last plan and its verification. Returns owned (cs_plan_result_free) or NULL
 * with err set: CS_EINTR, CS_ENOMEM, CS_EINVAL, CS_ENUMERIC or a runner's status. */
cs_plan_result *cs_plan_run(const cs_model *m, const cs_plan_opts *opts, cs_err *err);
void cs_plan_result_free(cs_plan_result *r);

#endif
