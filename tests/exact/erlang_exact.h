/* tests/exact/erlang_exact.h — exact stationary results of the M/M/n (Erlang C) and
 * M/M/n+M (Erlang A) queues, used only by the tests to judge the simulator. Deliberately
 * independent of sim/plan's Erlang formulas: it solves the birth-death chain of the number
 * of callers in the system directly (log space, long double, tail truncated below 1e-18)
 * and follows a tagged caller through the queue for ASA and service level. */
#ifndef CALLSIM_TESTS_ERLANG_EXACT_H
#define CALLSIM_TESTS_ERLANG_EXACT_H

#include <stddef.h>

/* The queue: Poisson arrivals, n exponential servers, FCFS, infinite waiting room, each
 * waiting caller abandons at rate theta (exponential patience; 0 = never, Erlang C). */
typedef struct cs_exact_queue {
    int n;               /* servers, >= 1 */
    double lambda_per_s; /* arrival rate, > 0 */
    double mu_per_s;     /* service rate of one server, > 0 */
    double theta_per_s;  /* abandonment rate of one waiting caller, >= 0 */
} cs_exact_queue;

/* Stationary quantities, all per arriving caller (PASTA). */
typedef struct cs_exact_result {
    double p_wait;          /* P(an arrival finds all n servers busy) = P(wait > 0) */
    double p_abandon;       /* theta * E[Q] / lambda (0 for Erlang C) */
    double p_served;        /* P(answered), from the tagged-caller recursion */
    double mean_queue;      /* E[Q], callers waiting */
    double mean_busy;       /* E[min(K, n)], busy servers */
    double mean_wait_all_s; /* E[Q] / lambda: mean wait over all callers, s (Little) */
    double asa_s;           /* mean wait of answered callers, s */
    size_t k_max;           /* the chain was kept for states 0..k_max */
    double tail_bound;      /* bound on the stationary mass beyond k_max (0: closed form) */
} cs_exact_result;

/* Solves the stationary chain. Returns 0 (CS_OK) and fills *out, or CS_EINVAL (bad
 * parameters; theta == 0 with lambda >= n mu (1 - 1e-12), which has no stationary law),
 * CS_ENOMEM, or CS_ENUMERIC (more than CS_EXACT_MAX_STATES states would be needed).
 * Cost O(k_max): n + a few times the queue's spread. */
int cs_exact_solve(const cs_exact_queue *q, cs_exact_result *out);

/* P(answered with wait <= t_s) over all arrivals (abandoned ones count in the
 * denominator). Erlang C: 1 - C exp(-(n mu - lambda) t); Erlang A: the tagged caller's
 * position as a pure-death chain with a competing abandonment, by uniformization.
 * Returns 0 and stores the value in *out, or a CS_E* status as cs_exact_solve.
 * Cost O(k_max * Lambda t) with Lambda = n mu + (k_max - n + 1) theta. */
int cs_exact_service_level(const cs_exact_queue *q, double t_s, double *out);

/* As cs_exact_service_level but always by uniformization, also for theta == 0 (then the
 * geometric tail is truncated below 1e-18): the tests compare the two routes. */
int cs_exact_service_level_uniform(const cs_exact_queue *q, double t_s, double *out);

#define CS_EXACT_MAX_STATES ((size_t)20000000)

#endif
