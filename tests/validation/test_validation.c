/* tests/validation/test_validation.c — the simulator against exact queueing results.
 * Each case builds a stationary scenario (constant Poisson arrivals, exponential handle
 * times, optional exponential patience, n agents, FCFS), runs fixed-seed replications that
 * start empty and discard a warm-up, and checks that the exact M/M/n (Erlang C) or M/M/n+M
 * (Erlang A) value from tests/exact lies within the replications' confidence interval.
 *
 * Tolerance: |mean - exact| <= max(WIDEN * ci95, floor). WIDEN = 2 turns the per-check
 * 95 % Student-t interval (19 df) into a ~99.95 % one: the suite makes ~45 comparisons, so
 * at plain 95 % about two would fail by chance for a typical seed, and every legitimate
 * change to the engine's order of random draws would re-roll that dice; at 99.95 % a
 * correct engine fails somewhere with probability ~1-2 %. The floor only matters where
 * ci95 is ~0 (abandonment without patience is exactly 0).
 *
 * The tests can fail: every case also checks its power — the same tolerance must reject
 * the exact values for n - 1 and n + 1 agents on the KPIs marked `power`. To see a wrong
 * target fail outright, run a case with CS_VALIDATION_SHIFT=1 (or -1) in the environment:
 * the exact values are then computed for n + 1 (n - 1) agents. */
#include "callsim/err.h"
#include "callsim/model.h"
#include "callsim/runner.h"
#include "callsim/scenario.h"
#include "callsim/stats.h"
#include "check.h"
#include "erlang_exact.h"

#include <gsl/gsl_cdf.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define WIDEN 2.0
#define THREADS 2
#define ANSWER_WITHIN_S 20.0

typedef struct vcase {
    const char *name;
    int n;             /* agents = seats */
    double offered;    /* Erlangs: lambda * handle mean */
    double handle_s;   /* mean of the exponential handle time */
    double patience_s; /* mean of the exponential patience; 0: callers never hang up */
    double duration_s; /* horizon */
    double warmup_s;   /* discarded at the start (the hall starts empty) */
    int reps;
    unsigned seed;
} vcase;

/* The quantities compared; `power` marks those that must tell n from n +- 1. */
typedef struct kpi_check {
    cs_kpi kpi;
    double floor; /* absolute tolerance floor, far below any n +- 1 difference */
    bool power;
} kpi_check;

typedef struct exact_kpis {
    bool valid;
    double v[CS_KPI_COUNT];
} exact_kpis;

static exact_kpis exact_for(const vcase *c, int n)
{
    exact_kpis e = {false, {0}};
    if (n < 1)
        return e;
    cs_exact_queue q;
    q.n = n;
    q.mu_per_s = 1.0 / c->handle_s;
    q.lambda_per_s = c->offered / c->handle_s;
    q.theta_per_s = c->patience_s > 0 ? 1.0 / c->patience_s : 0.0;
    cs_exact_result r;
    double sl;
    if (cs_exact_solve(&q, &r) != CS_OK || cs_exact_service_level(&q, ANSWER_WITHIN_S, &sl))
        return e;
    e.valid = true;
    e.v[CS_KPI_p_wait] = r.p_wait;
    e.v[CS_KPI_mean_wait_s] = r.mean_wait_all_s;
    e.v[CS_KPI_asa_s] = r.asa_s;
    e.v[CS_KPI_service_level] = sl;
    e.v[CS_KPI_abandon_rate] = r.p_abandon;
    /* Busy agents / agents: agents are always logged in, never on break, no wrap-up. */
    e.v[CS_KPI_occupancy] = r.mean_busy / n;
    return e;
}

static char *scenario_text(const vcase *c)
{
    char patience[160] = "";
    if (c->patience_s > 0)
        snprintf(patience,
                 sizeof patience,
                 "patience = { dist = \"exponential\"; mean = %.6f; };",
                 c->patience_s);
    size_t cap = 2048;
    char *s = malloc(cap);
    CHECK(s != NULL);
    int len = snprintf(s,
                       cap,
                       "name = \"validation-%s\";\n"
                       "seed = %u;\nreplications = %d;\ninterval = 86400;\n"
                       "horizon = { start = \"2022-01-03\"; duration = %.1f; warmup = %.1f; };\n"
                       "targets = { answer_within = %.1f; };\n"
                       "demand = { rate = %.9f; categories = ( { name = \"c\"; share = 1.0;\n"
                       "  handle = { dist = \"exponential\"; mean = %.6f; }; %s } ); };\n"
                       "supply = { seats = %d; agents = %d; };\n"
                       "routing = { policy = \"fcfs\"; };\n",
                       c->name,
                       c->seed,
                       c->reps,
                       c->duration_s,
                       c->warmup_s,
                       ANSWER_WITHIN_S,
                       c->offered / c->handle_s * 3600.0,
                       c->handle_s,
                       patience,
                       c->n,
                       c->n);
    CHECK(len > 0 && (size_t)len < cap);
    return s;
}

static int shift_from_env(void)
{
    const char *e = getenv("CS_VALIDATION_SHIFT");
    return e ? atoi(e) : 0;
}

static void run_case(const vcase *c, const kpi_check *checks, size_t n_checks)
{
    int shift = shift_from_env();
    char *text = scenario_text(c);
    printf("case %s: n=%d offered=%.4g Erl handle=%.0f s patience=%s, %d reps x %.0f s "
           "(warm-up %.0f s), seed %u, %d threads\n",
           c->name,
           c->n,
           c->offered,
           c->handle_s,
           c->patience_s > 0 ? "exponential" : "none",
           c->reps,
           c->duration_s,
           c->warmup_s,
           c->seed,
           THREADS);
    if (shift)
        printf("CS_VALIDATION_SHIFT=%d: judging against the exact values for n=%d (expected "
               "to FAIL)\n",
               shift,
               c->n + shift);

    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    int rc = cs_scenario_load_string(text, c->name, NULL, 0, &m, &err);
    if (rc != CS_OK)
        CHECK_FAIL_(
            "scenario rejected (%s):\n%s\n--- scenario ---\n%s", cs_err_name(rc), err.msg, text);
    cs_run_opts o;
    memset(&o, 0, sizeof o);
    o.replications = c->reps;
    o.threads = THREADS;
    clock_t cpu0 = clock();
    cs_results *res = cs_run(m, &o, &err);
    if (!res)
        CHECK_FAIL_("cs_run: %s", err.msg);
    cs_summary *s = cs_summary_new(m, res->reps, res->n, &err);
    if (!s)
        CHECK_FAIL_("cs_summary_new: %s", err.msg);
    printf("  ran in %.2f s wall, %.2f s cpu; %.0f offered per replication, %.0f events\n",
           res->wall_s,
           (double)(clock() - cpu0) / CLOCKS_PER_SEC,
           s->totals.v[CS_KPI_offered].mean,
           s->events.mean);

    exact_kpis ex = exact_for(c, c->n + shift);
    exact_kpis lo = exact_for(c, c->n - 1), hi = exact_for(c, c->n + 1);
    CHECK(ex.valid);
    int failures = 0, weak = 0;

    /* Offered: a Poisson count with mean lambda (duration - warm-up). Whether "offered"
     * counts the few attempts still in the system at the end is a definition, not a
     * queueing question: the floor allows for them (~ n + E[Q] callers). */
    {
        cs_estimate e = s->totals.v[CS_KPI_offered];
        double lambda = c->offered / c->handle_s;
        double want = lambda * (c->duration_s - c->warmup_s);
        cs_exact_queue q = {
            c->n, lambda, 1.0 / c->handle_s, c->patience_s > 0 ? 1.0 / c->patience_s : 0.0};
        cs_exact_result r;
        CHECK_INT_EQ(cs_exact_solve(&q, &r), CS_OK);
        double tol = WIDEN * e.ci95 + r.mean_busy + r.mean_queue + 1;
        bool ok = fabs(e.mean - want) <= tol;
        printf("  %-14s exact %12.6g   sim %12.6g ± %-10.4g tol %-10.4g %s\n",
               "offered",
               want,
               e.mean,
               e.ci95,
               tol,
               ok ? "ok" : "FAIL");
        failures += !ok;
    }

    for (size_t i = 0; i < n_checks; i++) {
        cs_kpi k = checks[i].kpi;
        cs_estimate e = s->totals.v[k];
        double want = ex.v[k];
        double tol = fmax(WIDEN * e.ci95, checks[i].floor);
        bool ok = e.n == c->reps && isfinite(e.mean) && fabs(e.mean - want) <= tol;
        bool rej_lo = !lo.valid || fabs(e.mean - lo.v[k]) > tol;
        bool rej_hi = !hi.valid || fabs(e.mean - hi.v[k]) > tol;
        /* z in standard errors: ci95 is t_{0.975, n-1} standard errors. */
        double t975 = e.n > 1 ? gsl_cdf_tdist_Pinv(0.975, e.n - 1) : NAN;
        double z = e.ci95 > 0 ? (e.mean - want) / (e.ci95 / t975) : 0;
        printf("  %-14s exact %12.6g   sim %12.6g ± %-10.4g tol %-10.4g z %+5.2f %-4s | "
               "n-1 %10.5g %s, n+1 %10.5g %s%s\n",
               cs_kpi_name(k),
               want,
               e.mean,
               e.ci95,
               tol,
               z,
               ok ? "ok" : "FAIL",
               lo.valid ? lo.v[k] : NAN,
               rej_lo ? "rejected" : "NOT rejected",
               hi.v[k],
               rej_hi ? "rejected" : "NOT rejected",
               checks[i].power ? " (power)" : "");
        failures += !ok;
        if (checks[i].power && !(rej_lo && rej_hi))
            weak++;
    }
    printf("  unfinished at the end %.1f per replication\n", s->unfinished.mean);

    cs_summary_free(s);
    cs_results_free(res);
    cs_model_free(m);
    free(text);
    if (weak)
        CHECK_FAIL_("%d KPI(s) marked power cannot tell n=%d from n-1 or n+1: the test is "
                    "too weak (lengthen the horizon)",
                    weak,
                    c->n);
    if (failures)
        CHECK_FAIL_("%d KPI(s) outside the tolerance", failures);
}

/* ---- Erlang C: no patience ---- */

static const kpi_check erlang_c_checks[] = {
    {CS_KPI_p_wait, 1e-4, true},
    {CS_KPI_mean_wait_s, 0.01, true},
    {CS_KPI_service_level, 1e-4, true},
    {CS_KPI_asa_s, 0.01, false}, /* = mean wait when nobody abandons */
    {CS_KPI_abandon_rate, 1e-12, false},
    {CS_KPI_occupancy, 1e-4, false},
};
#define N_C (sizeof erlang_c_checks / sizeof erlang_c_checks[0])

/* Warm-ups: at least ten relaxation times of the queue started empty; for M/M/n that is
 * about 1 / (n mu (1 - sqrt(rho))^2) (the queue part behaves like an M/M/1 served at n mu),
 * plus a few handle times for the busy agents to fill. */

static void erlang_c_n1(void)
{
    /* rho = 0.5, tau ~ 3,500 s. 6 calls per hour: cheap, so long. */
    vcase c = {"erlang_c_n1", 1, 0.5, 300, 0, 30 * 86400.0, 12 * 3600.0, 20, 1101};
    run_case(&c, erlang_c_checks, N_C);
}

static void erlang_c_n10(void)
{
    /* rho = 0.8, tau ~ 2,700 s. */
    vcase c = {"erlang_c_n10", 10, 8.0, 300, 0, 10 * 86400.0, 12 * 3600.0, 20, 1102};
    run_case(&c, erlang_c_checks, N_C);
}

static void erlang_c_n50(void)
{
    /* rho = 0.9, tau ~ 2,300 s. */
    vcase c = {"erlang_c_n50", 50, 45.0, 300, 0, 5 * 86400.0, 8 * 3600.0, 20, 1103};
    run_case(&c, erlang_c_checks, N_C);
}

static void erlang_c_n265(void)
{
    /* rho = 0.95 (DESIGN.md's hotline: 251.75 Erlangs on 265 agents), tau ~ 1,800 s.
     * Telling 265 from 264 and 266 agents needs p_wait to +-0.008: ~10^7 calls. */
    vcase c = {"erlang_c_n265", 265, 251.75, 300, 0, 8 * 86400.0, 6 * 3600.0, 20, 1104};
    run_case(&c, erlang_c_checks, N_C);
}

/* ---- Erlang A: exponential patience ---- */

static const kpi_check erlang_a_checks[] = {
    {CS_KPI_abandon_rate, 1e-5, true},
    {CS_KPI_p_wait, 1e-4, false},
    {CS_KPI_mean_wait_s, 0.01, true},
    {CS_KPI_asa_s, 0.01, false},
    {CS_KPI_service_level, 1e-4, false},
    {CS_KPI_occupancy, 1e-4, false},
};
#define N_A (sizeof erlang_a_checks / sizeof erlang_a_checks[0])

static void erlang_a_n1(void)
{
    vcase c = {"erlang_a_n1", 1, 0.5, 300, 600, 30 * 86400.0, 6 * 3600.0, 20, 1201};
    run_case(&c, erlang_a_checks, N_A);
}

static void erlang_a_n10(void)
{
    vcase c = {"erlang_a_n10", 10, 8.0, 300, 600, 4 * 86400.0, 6 * 3600.0, 20, 1202};
    run_case(&c, erlang_a_checks, N_A);
}

static void erlang_a_n265(void)
{
    /* 16 days: at 8, a replication set whose congestion ran 2 standard errors high could no
     * longer tell 265 agents from 264 (the power check) */
    vcase c = {"erlang_a_n265", 265, 251.75, 300, 600, 16 * 86400.0, 4 * 3600.0, 20, 1203};
    run_case(&c, erlang_a_checks, N_A);
}

static void erlang_a_n100_overloaded(void)
{
    /* 120 Erlangs on 100 agents: a sixth of the callers hang up; the queue (~40) relaxes
     * through abandonment within ~1/theta = 600 s. */
    vcase c = {"erlang_a_n100_overloaded", 100, 120.0, 300, 600, 3 * 86400.0, 3 * 3600.0, 20, 1204};
    run_case(&c, erlang_a_checks, N_A);
}

static const check_case cases[] = {
    {"erlang_c_n1", erlang_c_n1},
    {"erlang_c_n10", erlang_c_n10},
    {"erlang_c_n50", erlang_c_n50},
    {"erlang_c_n265", erlang_c_n265},
    {"erlang_a_n1", erlang_a_n1},
    {"erlang_a_n10", erlang_a_n10},
    {"erlang_a_n265", erlang_a_n265},
    {"erlang_a_n100_overloaded", erlang_a_n100_overloaded},
};

CHECK_MAIN(cases)
