/* tests/plan/test_plan.c — sim/plan's analytic queueing against published tables and
 * against tests/exact (the birth-death chain solved directly: an independent method), and
 * the staffing search judged by the exact module. Timing is never asserted. */
#include "callsim/plan.h"
#include "check.h"
#include "erlang_exact.h"

#include <gsl/gsl_errno.h>
#include <math.h>

#define SERVICE_S 300.0

/* Relative agreement demanded of the two independent computations. */
#define REL_TOL 1e-9
/* Below this a value is a far tail (e.g. P(wait) ~ 1e-1931 at n = 10,000, half load, which
 * both methods flush to 0 or to a denormal): the long-double chain and the double recursion
 * then legitimately differ in the last denormal bits, so we ask |diff| <= TINY instead. */
#define TINY 1e-290

static cs_exact_queue mk(int n, double load, double patience_s)
{
    cs_exact_queue q = {n, load / SERVICE_S, 1 / SERVICE_S, isinf(patience_s) ? 0 : 1 / patience_s};
    return q;
}

/* The largest relative difference seen per quantity, printed at the end of a sweep. */
typedef struct agree {
    const char *name;
    double max_rel;
    char where[96];
} agree;

/* Demands |got - want| <= REL_TOL |want| + abs_tol (TINY where both are exact); records the
 * relative difference where |want| is large enough for it to mean something (abs_tol / REL_TOL). */
static void agree_check(agree *a, double got, double want, double abs_tol, const char *where)
{
    double diff = fabs(got - want);
    if (!(diff <= REL_TOL * fabs(want) + abs_tol))
        CHECK_FAIL_("%s at %s: %.17g vs exact %.17g (diff %.3g)", a->name, where, got, want, diff);
    if (fabs(want) >= abs_tol / REL_TOL && diff / fabs(want) > a->max_rel) {
        a->max_rel = diff / fabs(want);
        snprintf(a->where, sizeof a->where, "%s", where);
    }
}

static void agree_print(const agree *a, size_t k)
{
    for (size_t i = 0; i < k; i++)
        printf("  %-14s max rel diff %.3g (at %s)\n", a[i].name, a[i].max_rel, a[i].where);
}

static const int sweep_n[] = {1, 2, 3, 5, 10, 30, 100, 265, 1000, 3000, 10000};
#define N_SWEEP (sizeof sweep_n / sizeof sweep_n[0])

/* ---- published values ---- */

static void erlang_b_published(void)
{
    double b;
    CHECK_INT_EQ(cs_erlang_b(1, 1, &b, NULL), CS_OK);
    CHECK_REL(b, 0.5, 1e-15);
    CHECK_INT_EQ(cs_erlang_b(2, 1, &b, NULL), CS_OK);
    CHECK_REL(b, 0.2, 1e-15);
    /* Erlang B tables (e.g. Cooper, Introduction to Queueing Theory, table). */
    CHECK_INT_EQ(cs_erlang_b(5, 3, &b, NULL), CS_OK);
    CHECK_NEAR(b, 0.1101, 5e-5);
    CHECK_INT_EQ(cs_erlang_b(10, 5, &b, NULL), CS_OK);
    CHECK_NEAR(b, 0.01838, 5e-6);
    CHECK_INT_EQ(cs_erlang_b(10, 10, &b, NULL), CS_OK);
    CHECK_NEAR(b, 0.2146, 5e-5);
    /* Table form: the load giving 1 % blocking on 10 trunks is 4.46 Erlangs. */
    CHECK_INT_EQ(cs_erlang_b(10, 4.46, &b, NULL), CS_OK);
    CHECK_NEAR(b, 0.01, 2e-4);
    /* The textbook sum a^n/n! / sum_k a^k/k!, in long double, for small n. */
    for (int n = 1; n <= 60; n += 7)
        for (double a = 0.37; a < 80; a *= 2.385) {
            long double term = 1, sum = 1;
            for (int k = 1; k <= n; k++) {
                term *= (long double)a / k;
                sum += term;
            }
            CHECK_INT_EQ(cs_erlang_b(n, a, &b, NULL), CS_OK);
            CHECK_REL(b, (double)(term / sum), 1e-13);
        }
}

static void erlang_c_published(void)
{
    cs_erlang_kpi k;
    CHECK_INT_EQ(cs_erlang_c(10, 8, SERVICE_S, 20, &k, NULL), CS_OK);
    CHECK_NEAR(k.p_wait, 0.4092, 5e-5);
    CHECK_REL(k.asa_s, k.p_wait * SERVICE_S / 2, 1e-14);
    CHECK_REL(k.occupancy, 0.8, 1e-15);
    CHECK_INT_EQ(cs_erlang_c(2, 1, SERVICE_S, 0, &k, NULL), CS_OK);
    CHECK_REL(k.p_wait, 1.0 / 3.0, 1e-14);
    CHECK_REL(k.service_level, 2.0 / 3.0, 1e-14);
}

/* ---- against tests/exact ---- */

static void erlang_b_vs_sum(void)
{
    /* tests/exact has no loss system: judge log B against 1/B = sum_{k<=n} a^k n!/(k! a^n)
     * summed from the top term down in long double, for the whole sweep. */
    agree a = {"erlang_b", 0, ""};
    const double rhos[] = {0.5, 0.8, 0.95, 0.99, 1.1, 1.5};
    for (size_t i = 0; i < N_SWEEP; i++)
        for (size_t r = 0; r < sizeof rhos / sizeof rhos[0]; r++) {
            int n = sweep_n[i];
            double load = rhos[r] * n, lb;
            /* log(1/B) = log sum_{k=0..n} prod_{i=k+1..n} (i/a): terms from the top down. */
            long double t = 1, s = 1;
            for (int kk = n; kk >= 1; kk--) {
                t *= (long double)kk / (long double)load;
                s += t;
                if (t < 1e-30L * s)
                    break;
            }
            CHECK_INT_EQ(cs_erlang_b_log(n, load, &lb, NULL), CS_OK);
            char w[96];
            snprintf(w, sizeof w, "n=%d rho=%g", n, rhos[r]);
            /* e^{diff of logs} - 1 is the relative difference of B itself. */
            agree_check(&a, exp(lb + (double)logl(s)), 1.0, TINY, w);
        }
    agree_print(&a, 1);
}

static void erlang_c_vs_exact(void)
{
    agree a[] = {{"p_wait", 0, ""}, {"asa_s", 0, ""}, {"service_level", 0, ""}};
    const double rhos[] = {0.5, 0.8, 0.95, 0.99};
    const double ts[] = {0, 7.3, 20, 120};
    for (size_t i = 0; i < N_SWEEP; i++)
        for (size_t r = 0; r < sizeof rhos / sizeof rhos[0]; r++) {
            int n = sweep_n[i];
            double load = rhos[r] * n;
            cs_exact_queue q = mk(n, load, INFINITY);
            cs_exact_result ex;
            CHECK_INT_EQ(cs_exact_solve(&q, &ex), CS_OK);
            for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++) {
                cs_erlang_kpi k;
                CHECK_INT_EQ(cs_erlang_c(n, load, SERVICE_S, ts[j], &k, NULL), CS_OK);
                double sl;
                CHECK_INT_EQ(cs_exact_service_level(&q, ts[j], &sl), CS_OK);
                char w[96];
                snprintf(w, sizeof w, "n=%d rho=%g t=%g", n, rhos[r], ts[j]);
                agree_check(&a[0], k.p_wait, ex.p_wait, TINY, w);
                agree_check(&a[1], k.asa_s, ex.asa_s, TINY, w);
                agree_check(&a[2], k.service_level, sl, TINY, w);
                CHECK(k.mean_wait_s == k.asa_s && k.p_abandon == 0);
                CHECK_REL(k.occupancy, rhos[r], 1e-15);
            }
        }
    agree_print(a, 3);
}

/* The Erlang A sweep, split into n ranges to keep each ctest case short. */
static void erlang_a_sweep(int n_lo, int n_hi)
{
    gsl_set_error_handler_off();
    agree a[] = {{"p_wait", 0, ""},
                 {"p_abandon", 0, ""},
                 {"mean_wait_s", 0, ""},
                 {"asa_s", 0, ""},
                 {"service_level", 0, ""},
                 {"occupancy", 0, ""}};
    const double rhos[] = {0.5, 0.8, 0.95, 0.99, 1.1, 1.5};
    const double pat_over_service[] = {60, 600, 7200}; /* theta = mu / this */
    const double ts[] = {20, 120};
    int sl_done = 0, sl_skipped = 0, no_exact = 0;
    for (size_t i = 0; i < N_SWEEP; i++) {
        int n = sweep_n[i];
        if (n < n_lo || n > n_hi)
            continue;
        for (size_t r = 0; r < sizeof rhos / sizeof rhos[0]; r++)
            for (size_t p = 0; p < sizeof pat_over_service / sizeof pat_over_service[0]; p++) {
                double load = rhos[r] * n, patience = pat_over_service[p] * SERVICE_S;
                cs_exact_queue q = mk(n, load, patience);
                cs_exact_result ex;
                int rc = cs_exact_solve(&q, &ex);
                if (rc == CS_ENUMERIC) {
                    /* The chain would need > CS_EXACT_MAX_STATES states (a queue of ~1e7
                     * callers): no exact yardstick; only sanity-check ours. */
                    cs_erlang_kpi k;
                    CHECK_INT_EQ(cs_erlang_a(n, load, SERVICE_S, patience, 20, &k, NULL), CS_OK);
                    printf("  n=%d rho=%g patience=%gS: exact chain too long; ours p_ab %.9g "
                           "(fluid %.9g)\n",
                           n,
                           rhos[r],
                           pat_over_service[p],
                           k.p_abandon,
                           1 - 1 / rhos[r]);
                    CHECK(rhos[r] > 1);
                    CHECK_NEAR(k.p_abandon, 1 - 1 / rhos[r], 0.01);
                    no_exact++;
                    continue;
                }
                CHECK_INT_EQ(rc, CS_OK);
                for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++) {
                    cs_erlang_kpi k;
                    CHECK_INT_EQ(cs_erlang_a(n, load, SERVICE_S, patience, ts[j], &k, NULL), CS_OK);
                    char w[96];
                    snprintf(w,
                             sizeof w,
                             "n=%d rho=%g pat=%gS t=%g",
                             n,
                             rhos[r],
                             pat_over_service[p],
                             ts[j]);
                    /* tests/exact truncates the chain where the mass beyond is below 1e-18
                     * (relative) and its uniformization drops Poisson mass below 1e-19:
                     * its Erlang A values are exact only to ~1e-18 absolute (it reports
                     * P(wait) = 0 where ours is 3e-24 at n = 265, rho = 0.5), and its
                     * waits to ~1e-18 times the patience. */
                    agree_check(&a[0], k.p_wait, ex.p_wait, 1e-18, w);
                    agree_check(&a[1], k.p_abandon, ex.p_abandon, 1e-18, w);
                    agree_check(&a[2], k.mean_wait_s, ex.mean_wait_all_s, 1e-18 * patience, w);
                    agree_check(&a[3], k.asa_s, ex.asa_s, 1e-18 * patience, w);
                    agree_check(&a[5], k.occupancy, ex.mean_busy / n, 1e-18, w);
                    if (ex.k_max - (size_t)n < 200000) { /* uniformization cost ~ k_max L t */
                        double sl;
                        CHECK_INT_EQ(cs_exact_service_level(&q, ts[j], &sl), CS_OK);
                        agree_check(&a[4], k.service_level, sl, 1e-18, w);
                        sl_done++;
                    } else {
                        sl_skipped++;
                    }
                }
            }
    }
    agree_print(a, 6);
    printf("  service level compared %d times, skipped %d (exact uniformization too long); "
           "%d queues beyond the exact chain\n",
           sl_done,
           sl_skipped,
           no_exact);
}

static void erlang_a_vs_exact_small(void)
{
    erlang_a_sweep(1, 100);
}
static void erlang_a_vs_exact_mid(void)
{
    erlang_a_sweep(101, 1000);
}
static void erlang_a_vs_exact_big(void)
{
    erlang_a_sweep(1001, 10000);
}

static void erlang_a_limits(void)
{
    /* Very long patience: Erlang A tends to Erlang C; INFINITY is Erlang C exactly. */
    cs_erlang_kpi a, c;
    gsl_set_error_handler_off();
    CHECK_INT_EQ(cs_erlang_c(10, 8, SERVICE_S, 20, &c, NULL), CS_OK);
    CHECK_INT_EQ(cs_erlang_a(10, 8, SERVICE_S, INFINITY, 20, &a, NULL), CS_OK);
    CHECK(a.p_wait == c.p_wait && a.service_level == c.service_level);
    CHECK_INT_EQ(cs_erlang_a(10, 8, SERVICE_S, 1e12, 20, &a, NULL), CS_OK);
    CHECK_REL(a.p_wait, c.p_wait, 1e-6);
    CHECK_REL(a.asa_s, c.asa_s, 1e-6);
    CHECK_REL(a.service_level, c.service_level, 1e-6);
    /* Patience shorter than service, tiny x = n mu / theta: still the exact values. */
    const double cases[][3] = {{1, 0.7, 3}, {2, 3.85, 30}, {5, 20, 1}, {3, 2.385, 0.5}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = (int)cases[i][0];
        cs_exact_queue q = mk(n, cases[i][1], cases[i][2]);
        cs_exact_result ex;
        double sl;
        CHECK_INT_EQ(cs_exact_solve(&q, &ex), CS_OK);
        CHECK_INT_EQ(cs_exact_service_level(&q, 2.5, &sl), CS_OK);
        CHECK_INT_EQ(cs_erlang_a(n, cases[i][1], SERVICE_S, cases[i][2], 2.5, &a, NULL), CS_OK);
        CHECK_REL(a.p_wait, ex.p_wait, REL_TOL);
        CHECK_REL(a.p_abandon, ex.p_abandon, REL_TOL);
        CHECK_REL(a.asa_s, ex.asa_s, REL_TOL);
        CHECK_REL(a.service_level, sl, REL_TOL);
    }
}

/* ---- staffing ---- */

/* Exact KPIs of n agents, judged by tests/exact. */
static bool exact_meets(int n, double load, double patience, const cs_plan_targets *t)
{
    cs_exact_queue q = mk(n, load, patience);
    if (isinf(patience) && load >= n)
        return false;
    cs_exact_result ex;
    double sl;
    CHECK_INT_EQ(cs_exact_solve(&q, &ex), CS_OK);
    CHECK_INT_EQ(cs_exact_service_level(&q, t->answer_within_s, &sl), CS_OK);
    cs_erlang_kpi k = {ex.p_wait, ex.p_abandon, ex.mean_wait_all_s, ex.asa_s, sl, 0};
    return cs_plan_is_met(&k, t);
}

static void staffing_min_exact(void)
{
    gsl_set_error_handler_off();
    const cs_plan_targets all = {20, 0.80, 0.05, 30};
    const cs_plan_targets sl_only = {20, 0.80, -1, -1};
    const cs_plan_targets ab_only = {20, -1, 0.05, -1};
    const cs_plan_targets asa_only = {20, -1, -1, 30};
    const struct {
        double load, service_s, patience_s;
        const cs_plan_targets *t;
    } cases[] = {
        {8, 300, INFINITY, &all},
        {83.9, 240, INFINITY, &all},
        {251.75, 3600, INFINITY, &sl_only},
        {2.385, 180, INFINITY, &asa_only},
        {8, 300, 600, &all},
        {83.9, 240, 120, &all},
        {251.75, 3600, 7200, &all},
        {45, 300, 60, &ab_only},
        {13.7, 300, 211, &sl_only},
        {0.4, 300, 600, &all},
        {900, 300, 900, &asa_only},
        {9000, 300, 600, &all},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = 0;
        CHECK_INT_EQ(
            cs_staffing_min(
                cases[i].load, cases[i].service_s, cases[i].patience_s, cases[i].t, &n, NULL),
            CS_OK);
        /* Rescale time so mk()'s 300 s service holds: thresholds and patience scale too. */
        double f = SERVICE_S / cases[i].service_s;
        cs_plan_targets tt = *cases[i].t;
        tt.answer_within_s *= f;
        if (tt.max_asa_s >= 0)
            tt.max_asa_s *= f;
        double pat = cases[i].patience_s * f;
        bool ok_n = exact_meets(n, cases[i].load, pat, &tt);
        bool ok_below = n > 1 && exact_meets(n - 1, cases[i].load, pat, &tt);
        printf("  load %g S %g patience %g: n = %d (sqrt guess %d)\n",
               cases[i].load,
               cases[i].service_s,
               cases[i].patience_s,
               n,
               cs_staffing_sqrt(cases[i].load, 1));
        CHECK(ok_n);
        CHECK(!ok_below);
    }
}

static void staffing_edges(void)
{
    gsl_set_error_handler_off();
    int n = -7;
    const cs_plan_targets none = {20, -1, -1, -1};
    CHECK_INT_EQ(cs_staffing_min(0, 300, 600, &none, &n, NULL), CS_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(cs_staffing_min(8.5, 300, INFINITY, &none, &n, NULL), CS_OK);
    CHECK_INT_EQ(n, 9); /* the smallest stable Erlang C staffing */
    CHECK_INT_EQ(cs_staffing_min(8.5, 300, 600, NULL, &n, NULL), CS_OK);
    CHECK_INT_EQ(n, 1);
    /* Unreachable: more agents than CS_PLAN_N_MAX would be needed. */
    const cs_plan_targets all = {20, 0.80, 0.05, 30};
    cs_err e;
    cs_err_clear(&e);
    CHECK_INT_EQ(cs_staffing_min(2e6, 300, INFINITY, &all, &n, &e), CS_EINVAL);
    printf("  %s\n", e.msg);
    cs_err_clear(&e);
    CHECK_INT_EQ(cs_staffing_min(2e6, 300, 600, &all, &n, &e), CS_EINVAL);
    printf("  %s\n", e.msg);
    /* Square-root staffing guesses. */
    CHECK_INT_EQ(cs_staffing_sqrt(100, 1), 110);
    CHECK_INT_EQ(cs_staffing_sqrt(9000, 0.5), 9048);
    CHECK_INT_EQ(cs_staffing_sqrt(3.2, 0), 4);
    CHECK_INT_EQ(cs_staffing_sqrt(0, 1), 1);
    /* Big: 9,000 Erlangs staffs in the low 9,000s. */
    CHECK_INT_EQ(cs_staffing_min(9000, 300, 600, &all, &n, NULL), CS_OK);
    printf("  9000 Erlangs, patience 600 s: n = %d\n", n);
    CHECK(n > 8500 && n < 9200); /* impatient callers: fewer agents than Erlangs */
}

static void invalid_input(void)
{
    cs_err e;
    cs_erlang_kpi k;
    double b;
    cs_err_clear(&e);
    CHECK_INT_EQ(cs_erlang_b(0, 1, &b, &e), CS_EINVAL);
    printf("  %s\n", e.msg);
    CHECK_INT_EQ(cs_erlang_b(3, -1, &b, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_b(3, NAN, &b, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_b(3, INFINITY, &b, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_b(CS_PLAN_N_MAX + 1, 1, &b, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_c(10, 10, SERVICE_S, 20, &k, NULL), CS_EINVAL); /* no steady state */
    CHECK_INT_EQ(cs_erlang_c(10, 8, 0, 20, &k, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_c(10, 8, SERVICE_S, -1, &k, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_a(10, 8, SERVICE_S, 0, 20, &k, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_a(10, 8, SERVICE_S, NAN, 20, &k, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_a(-2, 8, SERVICE_S, 600, 20, &k, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_erlang_a(10, 25, SERVICE_S, 600, 20, &k, NULL), CS_OK); /* overload ok */
    int n;
    CHECK_INT_EQ(cs_staffing_min(-1, 300, 600, NULL, &n, NULL), CS_EINVAL);
    const cs_plan_targets badt = {-3, 0.8, -1, -1};
    CHECK_INT_EQ(cs_staffing_min(5, 300, 600, &badt, &n, NULL), CS_EINVAL);
}

static const check_case cases[] = {
    {"erlang_b_published", erlang_b_published},
    {"erlang_c_published", erlang_c_published},
    {"erlang_b_vs_sum", erlang_b_vs_sum},
    {"erlang_c_vs_exact", erlang_c_vs_exact},
    {"erlang_a_vs_exact_small", erlang_a_vs_exact_small},
    {"erlang_a_vs_exact_mid", erlang_a_vs_exact_mid},
    {"erlang_a_vs_exact_big", erlang_a_vs_exact_big},
    {"erlang_a_limits", erlang_a_limits},
    {"staffing_min_exact", staffing_min_exact},
    {"staffing_edges", staffing_edges},
    {"invalid_input", invalid_input},
};

CHECK_MAIN(cases)
