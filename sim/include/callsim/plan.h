/* callsim/plan.h — the capacity planner's analytic queueing: Erlang B, Erlang C (M/M/n),
 * Erlang A (M/M/n+M) and the smallest staffing meeting the scenario's targets.
 * Part of the public API (sim/plan). Pure functions of their arguments: no allocation that
 * outlives a call, no globals, safe from any thread. KPIs mean what DESIGN.md §5 says,
 * per arriving caller in the stationary regime. */
#ifndef CALLSIM_PLAN_H
#define CALLSIM_PLAN_H

#include "callsim/err.h"
#include "callsim/model.h"

#include <signal.h>
#include <stdbool.h>

/* Largest staffing the functions accept and the staffing search tries. */
#define CS_PLAN_N_MAX 1000000

/* Stationary KPIs of one queue, per arriving caller (PASTA), DESIGN.md §5 definitions. */
typedef struct cs_erlang_kpi {
    double p_wait;        /* P(wait > 0): fraction of callers not answered on arrival */
    double p_abandon;     /* P(hang up before answer); 0 for Erlang C */
    double mean_wait_s;   /* mean wait over all callers (abandoned: until they left), s */
    double asa_s;         /* mean wait of answered callers, s */
    double service_level; /* P(answered with wait <= answer_within_s), over all callers */
    double occupancy;     /* busy agents / n = load * P(answered) / n, in [0, 1] */
} cs_erlang_kpi;

/* Erlang B: blocking probability of n servers offered `load_erl` Erlangs (M/M/n/n).
 * n in [1, CS_PLAN_N_MAX]; load_erl finite and > 0. Stores B in *out (it may underflow to
 * 0 for load << n). Returns CS_OK, or CS_EINVAL for bad input (out untouched).
 * Cost O(n), by the recursion on 1/B in log space (never factorials). */
int cs_erlang_b(int n, double load_erl, double *out, cs_err *err);

/* As cs_erlang_b but returns log B (finite even where B underflows). */
int cs_erlang_b_log(int n, double load_erl, double *out, cs_err *err);

/* Erlang C (M/M/n, FCFS, nobody abandons): n agents, offered load `load_erl` Erlangs
 * (= arrival rate * service_mean_s), mean service time service_mean_s > 0 (s),
 * service-level threshold answer_within_s >= 0 (s). Needs load_erl < n (a steady state);
 * otherwise CS_EINVAL. mean_wait_s == asa_s (nobody leaves unanswered). Fills *out.
 * Returns CS_OK, or CS_EINVAL for bad input (out untouched). Cost O(n). */
int cs_erlang_c(int n,
                double load_erl,
                double service_mean_s,
                double answer_within_s,
                cs_erlang_kpi *out,
                cs_err *err);

/* Erlang A (M/M/n+M): as cs_erlang_c plus exponential patience of mean patience_mean_s
 * (s, > 0; INFINITY gives Erlang C). Any load (overload is stable). Mandelbaum–Zeltyn:
 * given a wait, exp(-theta * offered wait) is a Beta(x, j+1) mixture whose density is
 * x u^(x-1) e^(y(1-u)) (x = n mu / theta, y = lambda / theta); every KPI is a moment of it,
 * computed by adaptive Gauss-Kronrod quadrature (GSL) in log-scaled form.
 * Returns CS_OK, CS_EINVAL for bad input, CS_ENOMEM, or CS_ENUMERIC if the quadrature
 * cannot reach its tolerance (needs gsl_set_error_handler_off(), as in main()).
 * Cost O(n) plus a few hundred integrand evaluations. */
int cs_erlang_a(int n,
                double load_erl,
                double service_mean_s,
                double patience_mean_s,
                double answer_within_s,
                cs_erlang_kpi *out,
                cs_err *err);

/* Targets, as the scenario's `targets` (negative: no such target). */
typedef struct cs_plan_targets {
    double answer_within_s; /* service-level threshold, s, >= 0 */
    double service_level;   /* min fraction answered within the threshold, <= 1; < 0: none */
    double max_abandon;     /* max abandonment fraction, <= 1; < 0: none */
    double max_asa_s;       /* max mean wait of answered callers, s; < 0: none */
} cs_plan_targets;

/* Square-root staffing first guess: ceil(load + beta * sqrt(load)), at least 1 and, when
 * beta > 0, more than load. load_erl finite >= 0, beta finite; clamped to CS_PLAN_N_MAX. */
int cs_staffing_sqrt(double load_erl, double beta);

/* True when the KPIs meet every target given (plain comparisons, no slack). Borrows both. */
bool cs_plan_is_met(const cs_erlang_kpi *kpi, const cs_plan_targets *targets);

/* The smallest n whose Erlang A KPIs (Erlang C when patience_mean_s is INFINITY) meet
 * every target: searched from the square-root guess, galloping then bisecting, which is
 * exact because P(abandon) and ASA fall and the service level rises with n. With no
 * target at all, the smallest n with a steady state; with load_erl == 0, n = 0. `targets`
 * is borrowed (NULL: none). Stores the staffing in *n_out.
 * Returns CS_OK, CS_EINVAL for bad input or targets no n <= CS_PLAN_N_MAX meets, or a
 * status of cs_erlang_a. Cost O(log n) evaluations. */
int cs_staffing_min(double load_erl,
                    double service_mean_s,
                    double patience_mean_s,
                    const cs_plan_targets *targets,
                    int *n_out,
                    cs_err *err);

/* The analytic requirement per reporting interval: for each of the
 * cs_model_interval_count(m) intervals, the smallest number of agents on the phones meeting
 * every target of `m` (borrowed), by Erlang A — Erlang C when no category has patience —
 * for the interval's expected fresh calls with the category mix combined: load = sum over
 * categories of arrival rate x (mean handle + mean after-call work); service time = load /
 * arrival rate; abandonment rate = the arrival-weighted mean of 1 / mean patience. An
 * interval without calls needs 0. Redials, carry-over between intervals, priorities and
 * seats are not seen here: the simulation corrects this first answer.
 * Fills required[]; returns CS_OK, CS_ENOMEM, or a status of cs_staffing_min. */
int cs_plan_requirement_analytic(const cs_model *m, int *required, cs_err *err);

/* How the simulated requirement is searched. */
typedef struct cs_plan_sim_opts {
    int replications; /* per evaluated staffing, >= 2 */
    int threads;      /* >= 1 */
    int max_rounds;   /* simulations at most (each one evaluates every interval at once) */
    volatile sig_atomic_t *stop; /* nonzero: stop early with CS_EINTR (may be NULL) */
    void (*progress)(void *ud, double fraction); /* after each round (may be NULL) */
    void *progress_ud;
} cs_plan_sim_opts;

/* What one interval achieved under the final staffing: means over replications of the
 * attempts arriving in it (NaN where none ended). */
typedef struct cs_plan_interval {
    int required;         /* agents on the phones */
    bool meets_targets;   /* every target of the model met (true where no attempt ended) */
    bool at_seat_cap;     /* required == seats and the targets are still not met */
    double offered;       /* attempts, redials and reconnects included */
    double redials;       /* of which redials after abandoning */
    double service_level; /* answered within the threshold / ended */
    double abandon_rate;  /* abandoned / ended */
    double asa_s;         /* mean wait of answered attempts */
} cs_plan_interval;

/* The simulated requirement: starting from `start` (e.g. the analytic requirement), the
 * staffing by interval (agents with every skill on the phones, as supply.schedule) is
 * simulated on the whole non-stationary system — surges, redials, after-call work,
 * priorities, the queue carried from one interval into the next — and corrected interval
 * by interval until every interval meets the model's targets or sits at the seat cap:
 * after a first round at `start`, a short interval restarts from the Erlang figure for the
 * offered load the simulation saw (reconnects included; redials not, as they swell only
 * while the interval is short) when that is higher,
 * then every interval still short gets one agent more a round. The search never goes below
 * `start`: trying fewer agents in one interval pushes backlog into the next, and intervals
 * searched side by side trade it back and forth. With max_rounds spent, intervals may be
 * left short (meets_targets false). Every round simulates the same callers (the model's
 * seed: common random numbers), so staffings are compared on the same demand. `m` is
 * borrowed and not changed (the rounds use a view of it with another supply; recalls are
 * left out). Fills out[cs_model_interval_count(m)] and *rounds. Returns CS_OK, CS_EINTR,
 * CS_ENOMEM, CS_EINVAL (bad options) or a runner's status. */
int cs_plan_requirement_simulated(const cs_model *m,
                                  const int *start,
                                  const cs_plan_sim_opts *opts,
                                  cs_plan_interval *out,
                                  int *rounds,
                                  cs_err *err);

#endif
