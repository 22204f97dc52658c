/* tests/exact/test_exact.c — unit tests of the exact Erlang C / Erlang A solver that judges
 * the simulator (tests/validation). Checked against published table values, textbook
 * closed forms (M/M/1, M/M/2, M/M/1+M via Kummer's function), limits (theta -> 0 is
 * Erlang C, theta -> infinity is Erlang B), conservation laws, an ODE integration of the
 * tagged caller, and a small Monte Carlo simulation of the whole M/M/n+M queue. */
#include "erlang_exact.h"

#include "callsim/err.h"
#include "check.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_hyperg.h>

#include <stdbool.h>
#include <time.h>

static cs_exact_queue
mk(int n, double offered_erlangs, double handle_mean_s, double patience_mean_s)
{
    cs_exact_queue q;
    q.n = n;
    q.mu_per_s = 1.0 / handle_mean_s;
    q.lambda_per_s = offered_erlangs / handle_mean_s;
    q.theta_per_s = patience_mean_s > 0 ? 1.0 / patience_mean_s : 0.0;
    return q;
}

static cs_exact_result solve(cs_exact_queue q)
{
    cs_exact_result r;
    int rc = cs_exact_solve(&q, &r);
    if (rc != CS_OK)
        CHECK_FAIL_("cs_exact_solve(n=%d, lambda=%g, mu=%g, theta=%g) = %d",
                    q.n,
                    q.lambda_per_s,
                    q.mu_per_s,
                    q.theta_per_s,
                    rc);
    return r;
}

static double sl_of(cs_exact_queue q, double t)
{
    double v = NAN;
    int rc = cs_exact_service_level(&q, t, &v);
    if (rc != CS_OK)
        CHECK_FAIL_("cs_exact_service_level(n=%d, t=%g) = %d", q.n, t, rc);
    return v;
}

static double sl_uniform_of(cs_exact_queue q, double t)
{
    double v = NAN;
    int rc = cs_exact_service_level_uniform(&q, t, &v);
    if (rc != CS_OK)
        CHECK_FAIL_("cs_exact_service_level_uniform(n=%d, t=%g) = %d", q.n, t, rc);
    return v;
}

/* ---- Erlang C ---- */

/* Published values. */
static void erlang_c_published(void)
{
    /* n = 10 agents, A = 8 Erlangs: C = 0.4092, the standard Erlang C table value (e.g.
     * the delay-probability tables in Cooper, "Introduction to Queueing Theory", and every
     * call-centre Erlang C table). */
    CHECK_NEAR(solve(mk(10, 8.0, 180, 0)).p_wait, 0.4092, 5e-5);

    /* Avaya "Basic Call Management System (BCMS) Operations", 07-300061 Issue 5.0 (May
     * 2005), "Average service time engineering tables", 60 s service time: busy-hour calls
     * that n agents answer with 90 % of calls answered within the delay (the Erlang C
     * service level), rounded to whole calls: 5 agents 186 / 197 / 202 calls per hour and
     * 6 agents 238 / 251 / 257 for 30 / 40 / 45 s. One call more must fall below 90 %,
     * one fewer stay above. */
    const int table[2][3] = {{186, 197, 202}, {238, 251, 257}};
    const double delay_s[3] = {30, 40, 45};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++) {
            cs_exact_queue q = mk(5 + i, table[i][j] / 60.0, 60, 0);
            q.lambda_per_s = (table[i][j] - 1) / 3600.0;
            CHECK(sl_of(q, delay_s[j]) > 0.9);
            q.lambda_per_s = (table[i][j] + 1) / 3600.0;
            CHECK(sl_of(q, delay_s[j]) < 0.9);
        }

    /* Textbook closed forms (Kleinrock, Queueing Systems Vol. 1, sec. 3.2 and 3.5):
     * M/M/1: C = rho, Wq = rho / (mu - lambda); M/M/2: C = 2 rho^2 / (1 + rho). */
    double rho = 0.6180339887;
    cs_exact_result r = solve(mk(1, rho, 237.5, 0));
    CHECK_REL(r.p_wait, rho, 1e-12);
    CHECK_REL(r.mean_wait_all_s, rho / (1.0 / 237.5 - rho / 237.5), 1e-12);
    CHECK_REL(r.mean_queue, rho * rho / (1 - rho), 1e-12);
    rho = 0.8731;
    r = solve(mk(2, 2 * rho, 61.3, 0));
    CHECK_REL(r.p_wait, 2 * rho * rho / (1 + rho), 1e-12);
    /* M/M/2 with rho = 1/2: C = 1/3 exactly. */
    CHECK_REL(solve(mk(2, 1.0, 100, 0)).p_wait, 1.0 / 3.0, 1e-13);
}

/* An independent textbook computation: C = (A^n/n! * n/(n-A)) / (sum_{k<n} A^k/k! +
 * A^n/n! * n/(n-A)), summed term by term in double (fine for the moderate n here). */
static double erlang_c_textbook(int n, double a)
{
    double term = 1, sum = 0;
    for (int k = 0; k < n; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    double top = term * n / (n - a);
    return top / (sum + top);
}

static void erlang_c_against_textbook_sum(void)
{
    const int ns[] = {1, 3, 10, 50, 120, 265};
    const double rhos[] = {0.05, 0.5, 0.8, 0.9, 0.95, 0.999};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        for (size_t j = 0; j < sizeof rhos / sizeof rhos[0]; j++) {
            double a = rhos[j] * ns[i];
            cs_exact_result r = solve(mk(ns[i], a, 300, 0));
            double c = erlang_c_textbook(ns[i], a);
            CHECK_REL(r.p_wait, c, 1e-11);
            /* Wq = C / (n mu - lambda); busy servers = A (Little at the servers). */
            CHECK_REL(r.mean_wait_all_s, c * 300 / (ns[i] - a), 1e-10);
            CHECK_REL(r.asa_s, r.mean_wait_all_s, 1e-12);
            CHECK_REL(r.mean_busy, a, 1e-12);
            CHECK_NEAR(r.p_served, 1, 0);
            CHECK_NEAR(r.p_abandon, 0, 0);
        }
    /* The validation case n = 265 at rho = 0.95 (DESIGN.md's example hotline size). */
    printf("C(265, 251.75) = %.10f\n", solve(mk(265, 251.75, 300, 0)).p_wait);
}

/* The service level by uniformization (no closed form used) agrees with
 * 1 - C exp(-(n mu - lambda) t). */
static void erlang_c_service_level_two_routes(void)
{
    const int ns[] = {1, 10, 50, 265};
    const double rhos[] = {0.5, 0.8, 0.9, 0.95};
    const double ts[] = {0, 3.7, 20, 60, 600};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++) {
            cs_exact_queue q = mk(ns[i], rhos[i] * ns[i], 300, 0);
            double closed = sl_of(q, ts[j]);
            double unif = sl_uniform_of(q, ts[j]);
            CHECK_NEAR(unif, closed, 1e-13);
            double c = solve(q).p_wait;
            CHECK_NEAR(closed, 1 - c * exp(-(ns[i] - rhos[i] * ns[i]) / 300.0 * ts[j]), 1e-15);
        }
}

/* ---- Erlang B limit and Erlang A ---- */

static double erlang_b_recursion(int n, double a)
{
    double b = 1;
    for (int k = 1; k <= n; k++)
        b = a * b / (k + a * b);
    return b;
}

/* theta -> infinity: a caller who finds all servers busy leaves at once, so
 * P(wait > 0) = P(abandon) -> Erlang B. */
static void erlang_a_theta_large_is_erlang_b(void)
{
    /* Published: 30 lines offered 25 Erlangs block about 5 % of calls (Wolfram
     * Mathematica's ErlangB documentation example: "approximately 0.05"); the classic
     * Erlang B table has B(10, 5.0) = 0.0184 (5.08 Erlangs at 2 % for 10 trunks). */
    cs_exact_result r = solve(mk(30, 25, 120, 120e-9));
    CHECK_NEAR(r.p_wait, erlang_b_recursion(30, 25), 1e-6);
    CHECK_NEAR(r.p_abandon, erlang_b_recursion(30, 25), 1e-6);
    CHECK_NEAR(r.p_wait, 0.05, 0.005);
    r = solve(mk(10, 5, 120, 120e-9));
    CHECK_NEAR(r.p_wait, 0.0184, 5e-5);
    CHECK_NEAR(r.p_abandon, erlang_b_recursion(10, 5), 1e-6);
}

/* theta -> 0 with lambda < n mu: Erlang A tends to Erlang C, every quantity. */
static void erlang_a_theta_small_is_erlang_c(void)
{
    const int ns[] = {1, 10, 50, 265};
    const double rhos[] = {0.5, 0.8, 0.9, 0.95};
    for (size_t i = 0; i < 4; i++) {
        cs_exact_queue c = mk(ns[i], rhos[i] * ns[i], 300, 0);
        cs_exact_queue a = mk(ns[i], rhos[i] * ns[i], 300, 3e10);
        cs_exact_result rc = solve(c), ra = solve(a);
        CHECK_REL(ra.p_wait, rc.p_wait, 1e-6);
        CHECK_REL(ra.mean_wait_all_s, rc.mean_wait_all_s, 1e-6);
        CHECK_REL(ra.asa_s, rc.asa_s, 1e-6);
        CHECK_NEAR(ra.p_abandon, 0, 1e-8);
        CHECK_NEAR(ra.p_served, 1, 1e-8);
        CHECK_NEAR(sl_of(a, 20), sl_of(c, 20), 1e-7);
    }
}

/* n = 1 (M/M/1+M): pi_k = pi_0 lambda^k / prod_{i<k} (mu + i theta), whose normaliser is
 * Kummer's function: sum_k (lambda/theta)^k / (mu/theta)_k = M(1, mu/theta, lambda/theta).
 * So P(wait > 0) = 1 - pi_0, and the throughput mu (1 - pi_0) gives
 * P(abandon) = 1 - mu (1 - pi_0) / lambda. Evaluated by GSL, not by our chain. */
static void erlang_a_mm1m_closed_form(void)
{
    const double cases[][3] = {/* A = lambda/mu, handle mean, patience mean */
                               {0.5, 300, 600},
                               {0.95, 300, 600},
                               {1.7, 300, 600},
                               {3.2, 180, 45},
                               {0.83, 240, 2400}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_exact_queue q = mk(1, cases[i][0], cases[i][1], cases[i][2]);
        double b = q.mu_per_s / q.theta_per_s, z = q.lambda_per_s / q.theta_per_s;
        double pi0 = 1 / gsl_sf_hyperg_1F1(1, b, z);
        cs_exact_result r = solve(q);
        CHECK_REL(r.p_wait, 1 - pi0, 1e-9);
        double pab = 1 - q.mu_per_s * (1 - pi0) / q.lambda_per_s;
        CHECK_REL(r.p_abandon, pab, 1e-8);
        CHECK_REL(1 - r.p_served, pab, 1e-8);
    }
}

/* Conservation: what is answered is what the servers finish, lambda P(served) =
 * mu E[busy]; and the tagged-caller recursion's 1 - P(served) equals theta E[Q]/lambda.
 * The two sides come from different computations (pi only vs the S_j recursion). */
static void erlang_a_conservation(void)
{
    const double cases[][4] = {/* n, A, handle, patience */
                               {1, 0.5, 300, 600},
                               {10, 8, 300, 600},
                               {50, 45, 300, 600},
                               {265, 251.75, 300, 600},
                               {100, 120, 300, 600},
                               {100, 120, 300, 60},
                               {7, 13.3, 200, 1500},
                               {1000, 1100, 300, 600}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_exact_queue q = mk((int)cases[i][0], cases[i][1], cases[i][2], cases[i][3]);
        cs_exact_result r = solve(q);
        CHECK_REL(q.lambda_per_s * r.p_served, q.mu_per_s * r.mean_busy, 1e-12);
        CHECK_NEAR(1 - r.p_served, r.p_abandon, 1e-13);
        CHECK(r.p_wait > 0 && r.p_wait < 1);
        CHECK(r.asa_s > 0 && r.asa_s < r.mean_wait_all_s / (r.p_wait * r.p_served) + 1e-9);
        CHECK(r.tail_bound <= 1e-17);
        double sl = sl_of(q, 20);
        CHECK(sl > 1 - r.p_wait - 1e-12 && sl < r.p_served);
        printf("n=%d A=%g patience=%g: p_wait %.6f p_ab %.6f wait %.3f asa %.3f sl20 %.6f "
               "(k_max %zu)\n",
               q.n,
               cases[i][1],
               cases[i][3],
               r.p_wait,
               r.p_abandon,
               r.mean_wait_all_s,
               r.asa_s,
               sl,
               r.k_max);
    }
}

/* ---- an independent stationary law for small cases (double, direct products) ---- */

typedef struct small_law {
    double p[4096];
    int kmax;
} small_law;

static void small_law_of(cs_exact_queue q, small_law *L)
{
    double w = 1, sum = 0;
    int k = 0;
    for (;; k++) {
        CHECK(k < 4096);
        L->p[k] = w;
        sum += w;
        if (k > q.n + 10 && w < 1e-22 * sum)
            break;
        int busy = k + 1 < q.n ? k + 1 : q.n;
        double d = busy * q.mu_per_s + (k + 1 > q.n ? k + 1 - q.n : 0) * q.theta_per_s;
        w *= q.lambda_per_s / d;
    }
    L->kmax = k;
    for (int i = 0; i <= k; i++)
        L->p[i] /= sum;
}

/* Forward Kolmogorov equations of the tagged caller's position, integrated by GSL's
 * Runge-Kutta-Prince-Dormand: y[0] = answered, y[j] = at position j and still waiting. */
typedef struct ode_par {
    cs_exact_queue q;
    int jmax;
} ode_par;

static int ode_rhs(double t, const double y[], double dydt[], void *params)
{
    (void)t;
    const ode_par *P = params;
    double nmu = P->q.n * P->q.mu_per_s, th = P->q.theta_per_s;
    dydt[0] = nmu * y[1];
    for (int j = 1; j <= P->jmax; j++) {
        double up = j < P->jmax ? (nmu + j * th) * y[j + 1] : 0; /* a_{j+1} from j+1 */
        dydt[j] = up - (nmu + j * th) * y[j];
    }
    return GSL_SUCCESS;
}

static double sl_by_ode(cs_exact_queue q, double t)
{
    small_law *L = malloc(sizeof *L);
    CHECK(L != NULL);
    small_law_of(q, L);
    ode_par P = {q, L->kmax - q.n + 1};
    CHECK(P.jmax >= 1);
    double *y = calloc((size_t)P.jmax + 1, sizeof *y);
    CHECK(y != NULL);
    for (int k = 0; k <= L->kmax; k++)
        y[k < q.n ? 0 : k - q.n + 1] += L->p[k];
    free(L);
    gsl_odeiv2_system sys = {ode_rhs, NULL, (size_t)P.jmax + 1, &P};
    gsl_odeiv2_driver *d =
        gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-3, 1e-14, 1e-14);
    double t0 = 0;
    int st = gsl_odeiv2_driver_apply(d, &t0, t, y);
    CHECK_INT_EQ(st, GSL_SUCCESS);
    double v = y[0];
    gsl_odeiv2_driver_free(d);
    free(y);
    return v;
}

static void erlang_a_service_level_vs_ode(void)
{
    const double cases[][4] = {/* n, A, handle, patience */
                               {1, 0.5, 300, 600},
                               {3, 2.85, 300, 437},
                               {10, 8, 300, 600},
                               {10, 13.7, 300, 211},
                               {50, 45, 300, 600},
                               {100, 120, 300, 600}};
    const double ts[] = {0, 7.3, 20, 120, 900};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++) {
            cs_exact_queue q = mk((int)cases[i][0], cases[i][1], cases[i][2], cases[i][3]);
            double ode = ts[j] > 0 ? sl_by_ode(q, ts[j]) : 1 - solve(q).p_wait;
            CHECK_NEAR(sl_of(q, ts[j]), ode, 1e-10);
        }
}

/* ---- Monte Carlo of the whole M/M/n+M queue (FCFS, each waiting caller abandons at
 * rate theta), independent of the tagged-caller derivation: checks p_wait, p_abandon,
 * mean wait, ASA and the service level by batch means. ---- */

typedef struct mc_out {
    double p_wait, p_ab, wait, asa, sl;
    double se_p_wait, se_p_ab, se_wait, se_asa, se_sl;
} mc_out;

static void mc_queue(cs_exact_queue q, double t_sl, unsigned long seed, long per_batch, mc_out *o)
{
    enum { BATCHES = 20, QCAP = 1 << 16 };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    static double arr[QCAP]; /* arrival times of waiting callers, FCFS order */
    int head = 0, qlen = 0, busy = 0;
    double now = 0;
    double bm[5][BATCHES];
    long warm = per_batch; /* discard one batch's worth of arrivals (starts empty) */
    for (int b = -1; b < BATCHES; b++) {
        long ended = 0, waited = 0, ab = 0, answered = 0, within = 0;
        double wsum = 0, asum = 0;
        long arrivals = 0;
        while (arrivals < (b < 0 ? warm : per_batch)) {
            double r_arr = q.lambda_per_s, r_srv = busy * q.mu_per_s, r_ab = qlen * q.theta_per_s;
            double tot = r_arr + r_srv + r_ab;
            now += gsl_ran_exponential(rng, 1 / tot);
            double u = gsl_rng_uniform(rng) * tot;
            if (u < r_arr) {
                arrivals++;
                if (busy < q.n) {
                    busy++;
                    ended++;
                    answered++;
                    within++;
                } else {
                    CHECK(qlen < QCAP);
                    arr[(head + qlen) % QCAP] = now;
                    qlen++;
                }
            } else if (u < r_arr + r_srv) {
                if (qlen > 0) { /* the head of the queue takes the free server */
                    double w = now - arr[head];
                    head = (head + 1) % QCAP;
                    qlen--;
                    ended++;
                    waited++;
                    answered++;
                    wsum += w;
                    asum += w;
                    within += w <= t_sl;
                } else {
                    busy--;
                }
            } else { /* a uniformly chosen waiting caller hangs up */
                int i = (int)gsl_rng_uniform_int(rng, (unsigned long)qlen);
                double w = now - arr[(head + i) % QCAP];
                for (int m = i; m > 0; m--) /* close the gap, keeping order */
                    arr[(head + m) % QCAP] = arr[(head + m - 1) % QCAP];
                head = (head + 1) % QCAP;
                qlen--;
                ended++;
                waited++;
                ab++;
                wsum += w;
            }
        }
        if (b < 0)
            continue;
        /* Attribution by end time rather than arrival: the same stationary means. */
        bm[0][b] = (double)waited / (double)ended;
        bm[1][b] = (double)ab / (double)ended;
        bm[2][b] = wsum / (double)ended;
        bm[3][b] = asum / (double)answered;
        bm[4][b] = (double)within / (double)ended;
    }
    double *outs[5] = {&o->p_wait, &o->p_ab, &o->wait, &o->asa, &o->sl};
    double *ses[5] = {&o->se_p_wait, &o->se_p_ab, &o->se_wait, &o->se_asa, &o->se_sl};
    for (int s = 0; s < 5; s++) {
        double m = 0, v = 0;
        for (int b = 0; b < BATCHES; b++)
            m += bm[s][b];
        m /= BATCHES;
        for (int b = 0; b < BATCHES; b++)
            v += (bm[s][b] - m) * (bm[s][b] - m);
        *outs[s] = m;
        *ses[s] = sqrt(v / (BATCHES - 1) / BATCHES);
    }
    gsl_rng_free(rng);
}

static void erlang_a_montecarlo(void)
{
    const double cases[][4] = {/* n, A, handle, patience */
                               {1, 0.5, 300, 600},
                               {3, 2.85, 300, 437},
                               {10, 13.7, 300, 211}};
    const unsigned long seed = 20220131;
    printf("monte carlo seed %lu\n", seed);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_exact_queue q = mk((int)cases[i][0], cases[i][1], cases[i][2], cases[i][3]);
        cs_exact_result r = solve(q);
        double sl = sl_of(q, 20);
        mc_out o;
        mc_queue(q, 20, seed + i, 50000, &o);
        printf("n=%d: p_wait %.5f mc %.5f±%.5f | p_ab %.5f mc %.5f±%.5f | wait %.3f mc "
               "%.3f±%.3f | asa %.3f mc %.3f±%.3f | sl %.5f mc %.5f±%.5f\n",
               q.n,
               r.p_wait,
               o.p_wait,
               o.se_p_wait,
               r.p_abandon,
               o.p_ab,
               o.se_p_ab,
               r.mean_wait_all_s,
               o.wait,
               o.se_wait,
               r.asa_s,
               o.asa,
               o.se_asa,
               sl,
               o.sl,
               o.se_sl);
        /* 4.5 standard errors: 15 comparisons, each would fail by chance with
         * probability < 1e-5 (t with 19 df: ~3e-4; still < 0.5 % together). */
        CHECK_NEAR(o.p_wait, r.p_wait, 4.5 * o.se_p_wait);
        CHECK_NEAR(o.p_ab, r.p_abandon, 4.5 * o.se_p_ab);
        CHECK_NEAR(o.wait, r.mean_wait_all_s, 4.5 * o.se_wait);
        CHECK_NEAR(o.asa, r.asa_s, 4.5 * o.se_asa);
        CHECK_NEAR(o.sl, sl, 4.5 * o.se_sl);
        /* ... and the test has power: the neighbouring staffing is rejected. */
        cs_exact_result r1 = solve(mk(q.n + 1, cases[i][1], cases[i][2], cases[i][3]));
        CHECK(fabs(o.p_wait - r1.p_wait) > 4.5 * o.se_p_wait);
    }
}

/* ---- big cases: n up to 10,000 and offered loads up to 9,000 (and beyond) ---- */

static double phi_cdf(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

static void big_cases(void)
{
    clock_t t0 = clock();
    /* n = 10,000, A = 9,000: far over-staffed, nobody waits. */
    cs_exact_result r = solve(mk(10000, 9000, 300, 0));
    CHECK(r.p_wait >= 0 && r.p_wait < 1e-15);
    CHECK_REL(r.mean_busy, 9000, 1e-12);
    CHECK_NEAR(sl_of(mk(10000, 9000, 300, 0), 20), 1, 1e-15);
    r = solve(mk(10000, 9000, 300, 600));
    CHECK(r.p_wait >= 0 && r.p_wait < 1e-15 && r.p_abandon < 1e-15);
    CHECK_NEAR(sl_of(mk(10000, 9000, 300, 600), 20), 1, 1e-15);
    printf("n=10000 A=9000: p_wait %.3g\n", r.p_wait);

    /* Halfin-Whitt: n = A + beta sqrt(A) servers give C -> 1 / (1 + beta Phi(beta) /
     * phi(beta)); with n = 10,000 and A = 9,900 (beta ~ 1.005) the limit is ~0.222. */
    r = solve(mk(10000, 9900, 300, 0));
    double beta = 100 / sqrt(9900.0);
    double hw =
        1 / (1 + beta * phi_cdf(beta) / (exp(-beta * beta / 2) / sqrt(2 * 3.14159265358979323846)));
    printf("C(10000, 9900) = %.6f, Halfin-Whitt limit %.6f\n", r.p_wait, hw);
    CHECK_NEAR(r.p_wait, hw, 0.01);
    CHECK_NEAR(
        sl_uniform_of(mk(10000, 9900, 300, 0), 20), sl_of(mk(10000, 9900, 300, 0), 20), 1e-12);

    /* Critically loaded and overloaded Erlang A at scale: n = 9,000 with A = 9,000; n =
     * 8,000 with A = 9,000 (fluid limit: abandonment ~ 1 - n/A = 1/9, all servers busy). */
    cs_exact_queue crit = mk(9000, 9000, 300, 600);
    r = solve(crit);
    double sl = sl_of(crit, 20);
    printf("n=9000 A=9000: p_wait %.6f p_ab %.6f wait %.3f asa %.3f sl %.6f k_max %zu\n",
           r.p_wait,
           r.p_abandon,
           r.mean_wait_all_s,
           r.asa_s,
           sl,
           r.k_max);
    CHECK(r.p_wait > 0.3 && r.p_wait < 1 && r.p_abandon > 0 && r.p_abandon < 0.01);
    CHECK(sl > 0 && sl <= 1);
    CHECK_REL(crit.lambda_per_s * r.p_served, crit.mu_per_s * r.mean_busy, 1e-11);

    cs_exact_queue over = mk(8000, 9000, 300, 600);
    r = solve(over);
    sl = sl_of(over, 20);
    printf("n=8000 A=9000: p_wait %.6f p_ab %.6f wait %.3f asa %.3f sl %.6f k_max %zu\n",
           r.p_wait,
           r.p_abandon,
           r.mean_wait_all_s,
           r.asa_s,
           sl,
           r.k_max);
    CHECK_NEAR(r.p_abandon, 1.0 / 9.0, 0.002);
    CHECK_NEAR(r.p_wait, 1, 1e-6);
    CHECK_REL(r.mean_busy, 8000, 1e-3);
    CHECK_REL(over.lambda_per_s * r.p_served, over.mu_per_s * r.mean_busy, 1e-11);
    /* Fluid: the queue ~ (lambda - n mu) / theta = 2,000 callers, wait ~ 2000/lambda. */
    CHECK_REL(r.mean_wait_all_s, 2000 / over.lambda_per_s, 0.01);
    CHECK(sl >= 0 && sl < 1e-6);

    /* Erlang C at the edge of stability, n = 10,000, rho = 0.9999: a long geometric tail. */
    cs_exact_queue edge = mk(10000, 9999, 300, 0);
    r = solve(edge);
    CHECK(isfinite(r.p_wait) && r.p_wait > 0.9 && r.p_wait < 1);
    CHECK_REL(r.mean_wait_all_s, r.p_wait * 300 / (10000 - 9999), 1e-9);
    printf("big cases: %.2f s cpu\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
}

static void invalid_input(void)
{
    cs_exact_result r;
    double v;
    cs_exact_queue q = mk(10, 10, 300, 0); /* rho = 1, no patience: unstable */
    CHECK_INT_EQ(cs_exact_solve(&q, &r), CS_EINVAL);
    CHECK_INT_EQ(cs_exact_service_level(&q, 20, &v), CS_EINVAL);
    q = mk(0, 1, 300, 600);
    CHECK_INT_EQ(cs_exact_solve(&q, &r), CS_EINVAL);
    q = mk(3, 1, 300, 600);
    q.theta_per_s = -1;
    CHECK_INT_EQ(cs_exact_solve(&q, &r), CS_EINVAL);
    q = mk(3, 1, 300, 600);
    CHECK_INT_EQ(cs_exact_service_level(&q, -1, &v), CS_EINVAL);
    q.lambda_per_s = NAN;
    CHECK_INT_EQ(cs_exact_solve(&q, &r), CS_EINVAL);
    /* Overload is fine with patience. */
    q = mk(10, 25, 300, 600);
    CHECK_INT_EQ(cs_exact_solve(&q, &r), CS_OK);
}

static const check_case cases[] = {
    {"erlang_c_published", erlang_c_published},
    {"erlang_c_against_textbook_sum", erlang_c_against_textbook_sum},
    {"erlang_c_service_level_two_routes", erlang_c_service_level_two_routes},
    {"erlang_a_theta_large_is_erlang_b", erlang_a_theta_large_is_erlang_b},
    {"erlang_a_theta_small_is_erlang_c", erlang_a_theta_small_is_erlang_c},
    {"erlang_a_mm1m_closed_form", erlang_a_mm1m_closed_form},
    {"erlang_a_conservation", erlang_a_conservation},
    {"erlang_a_service_level_vs_ode", erlang_a_service_level_vs_ode},
    {"erlang_a_montecarlo", erlang_a_montecarlo},
    {"big_cases", big_cases},
    {"invalid_input", invalid_input},
};

CHECK_MAIN(cases)
