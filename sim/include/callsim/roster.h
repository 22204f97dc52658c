/* callsim/roster.h — the shift-roster integer program of the capacity planner: how many
 * agents to put on each work pattern so that every interval is covered at least cost,
 * never more agents on the phones than seats. Part of the public API (sim/plan); generic:
 * it knows intervals and patterns, not templates, clocks or call-centre words. Solved by
 * GLPK's branch-and-cut (the only code in callsim that includes <glpk.h>). */
#ifndef CALLSIM_ROSTER_H
#define CALLSIM_ROSTER_H

#include "callsim/err.h"

#include <signal.h>

/* The program, for patterns p and intervals i:
 *   minimise   sum_p cost_p x_p + penalty * sum_i short_i
 *   subject to sum_p on_p[i] x_p + short_i >= min(required_i, seats)   (coverage)
 *              sum_p on_p[i] x_p           <= seats                    (seat cap)
 *              sum_{p in g} x_p <= max_count_g                    (groups)
 *              x_p integer, 0 <= x_p <= max_count_p;  short_i >= 0.
 * The shortfall variables keep it always feasible (x = 0 is a solution). What the seats
 * force (required_i - seats where required_i > seats) is reported but not charged, so a
 * requirement above the cap yields a plan at the cap plus its shortfall and leaves the
 * objective a roster cost; the penalty buys only the rest (patterns or seat caps elsewhere
 * that make an interval impossible to cover). */

/* Intervals [begin, end) of the horizon in which a pattern's agents are on the phones. */
typedef struct cs_roster_range {
    int begin; /* first interval, in [0, n_intervals) */
    int end;   /* one past the last, in (begin, n_intervals] */
} cs_roster_range;

/* One concrete way to work: a start, and the intervals on the phones (off duty and breaks
 * are the holes: an agent on a break holds no seat). */
typedef struct cs_roster_pattern {
    const char *name;              /* borrowed; for messages only; may be NULL */
    int start_interval;            /* the pattern's start, in [0, n_intervals); reported only */
    double cost;                   /* cost of one agent on it (paid hours x rate), finite >= 0 */
    int max_count;                 /* most agents on it, >= 0; -1: no bound but the seats */
    int n_ranges;                  /* entries of `ranges`, >= 0 */
    const cs_roster_range *ranges; /* borrowed, [n_ranges]; any order, pairwise disjoint */
} cs_roster_pattern;

/* A cap on the agents of several patterns together (e.g. one template's shifts starting on
 * one day, whatever their start or break placement). */
typedef struct cs_roster_group {
    int n_members;      /* entries of `members`, >= 1 */
    const int *members; /* borrowed, [n_members]: distinct indices into patterns */
    int max_count;      /* most agents on the members together, >= 0 */
} cs_roster_group;

/* The problem. Plain data, all borrowed; zero-initialised optional fields mean defaults. */
typedef struct cs_roster_problem {
    int n_intervals;                   /* planning horizon, intervals, >= 1 */
    const int *required;               /* borrowed, [n_intervals]: agents on the phones, >= 0 */
    int seats;                         /* most agents on the phones in any interval, >= 0 */
    int n_patterns;                    /* entries of `patterns`, >= 0 */
    const cs_roster_pattern *patterns; /* borrowed, [n_patterns] */
    double shortfall_penalty;          /* per agent-interval short, > 0; 0: default, larger than the
                                          cost of any roster within the seats (shortfall first) */
    double time_limit_s;               /* wall-clock limit of the search, s, >= 0; 0: none */
    double mip_gap;                    /* stop once (incumbent - bound) / |incumbent| <= this, in
                                          [0, 1); 0: prove optimality */
    volatile sig_atomic_t *stop;       /* nonzero: end the search early, as at the time limit
                                          (may be NULL) */
    int n_groups;                      /* entries of `groups`, >= 0 */
    const cs_roster_group *groups;     /* borrowed, [n_groups]: sum_{p in group} x_p <= cap */
} cs_roster_problem;

typedef enum cs_roster_status {
    CS_ROSTER_OPTIMAL,     /* proven optimal; gap 0 */
    CS_ROSTER_FEASIBLE,    /* stopped early (time limit or mip_gap) with an incumbent */
    CS_ROSTER_INFEASIBLE,  /* proven infeasible (cannot happen: kept for completeness) */
    CS_ROSTER_NO_SOLUTION, /* stopped before any solution was found; counts are all 0 */
} cs_roster_status;

/* The answer. Arrays are owned by the solution; release with cs_roster_solution_fini. */
typedef struct cs_roster_solution {
    int n_intervals;         /* copied from the problem */
    int n_patterns;          /* copied from the problem */
    int *counts;             /* owned, [n_patterns]: agents on each pattern, >= 0 */
    int *scheduled;          /* owned, [n_intervals]: agents on the phones, <= seats */
    int *shortfall;          /* owned, [n_intervals]: max(0, required - scheduled) */
    long long shortfall_sum; /* agent-intervals short, all intervals together */
    double cost;             /* sum_p cost_p counts_p (no penalty) */
    double objective;        /* cost + penalty * shortfall beyond what the seats force */
    double penalty;          /* the shortfall penalty used (the default made explicit) */
    cs_roster_status status; /* how the search ended */
    double gap;              /* relative gap of the incumbent to the best bound: 0 when
                                optimal; INFINITY when no bound or no incumbent is known */
    double solve_s;          /* wall-clock time of the solve, s */
} cs_roster_solution;

/* "optimal", "feasible", "infeasible", "no solution"; "unknown" for other values. */
const char *cs_roster_status_name(cs_roster_status status);

/* Solves the program. `p` is borrowed; `out` is caller storage, overwritten (never read):
 * after any return it can be handed to cs_roster_solution_fini, and on failure it holds no
 * arrays. Validates everything GLPK would abort on first (sizes, ranges inside the horizon
 * and disjoint, required >= 0, seats >= 0, costs finite >= 0, bounds, limits).
 * Returns CS_OK with out->status saying how the search ended (an early stop is not an
 * error: read status and gap), CS_EINVAL for bad input, CS_ENOMEM, or CS_ENUMERIC when
 * GLPK fails (a solver error, or an internal GLPK error, after which this thread's GLPK
 * environment has been freed). Never prints: GLPK's terminal output is off during the call.
 * Threads: GLPK keeps one environment per thread (thread-local), so concurrent solves on
 * different threads are safe; on a failure inside GLPK the calling thread's environment is
 * freed, invalidating any other GLPK object that thread holds (callsim keeps none).
 * Cost: NP-hard in general; bounded by time_limit_s (GLPK checks it between nodes). */
int cs_roster_solve(const cs_roster_problem *p, cs_roster_solution *out, cs_err *err);

/* Frees the arrays of a solution filled by cs_roster_solve and clears it. NULL: no-op. */
void cs_roster_solution_fini(cs_roster_solution *s);

#endif
