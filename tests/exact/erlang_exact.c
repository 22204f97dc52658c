/* tests/exact/erlang_exact.c — exact M/M/n and M/M/n+M results for the validation tests.
 * The stationary law of the birth-death chain (state k = callers in the system) is built
 * from its log-ratios, never from factorials or the Erlang B/C recursions that sim/plan
 * uses, so an error in one cannot hide the same error in the other. */
#include "erlang_exact.h"

#include "callsim/err.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* Relative stationary mass we allow ourselves to drop beyond the last kept state. */
#define TAIL_EPS 1e-18L
/* Poisson mass we allow ourselves to drop in uniformization. */
#define POISSON_EPS 1e-19L

/* The stationary law, normalised, for states 0..k_max. */
typedef struct chain {
    long double *p; /* [k_max + 1] */
    size_t k_max;
    long double tail; /* mass beyond k_max: a bound (theta > 0) or exact (theta == 0) */
    long double rho;  /* lambda / (n mu) */
} chain;

static bool queue_is_valid(const cs_exact_queue *q)
{
    return q && q->n >= 1 && isfinite(q->lambda_per_s) && q->lambda_per_s > 0 &&
           isfinite(q->mu_per_s) && q->mu_per_s > 0 && isfinite(q->theta_per_s) &&
           q->theta_per_s >= 0;
}

/* Death rate of state k >= 1. */
static long double death_rate(const cs_exact_queue *q, size_t k)
{
    size_t n = (size_t)q->n;
    long double busy = (long double)(k < n ? k : n);
    long double waiting = (long double)(k > n ? k - n : 0);
    return busy * (long double)q->mu_per_s + waiting * (long double)q->theta_per_s;
}

static int grow(long double **a, size_t *cap, size_t need)
{
    if (need < *cap)
        return CS_OK;
    if (need >= CS_EXACT_MAX_STATES)
        return CS_ENUMERIC;
    size_t c = *cap ? *cap : 1024;
    while (c <= need)
        c *= 2;
    long double *b = realloc(*a, c * sizeof **a);
    if (!b)
        return CS_ENOMEM;
    *a = b;
    *cap = c;
    return CS_OK;
}

/* Builds the stationary law. Works on the unnormalised log-weights
 * l_k = sum_{i<=k} log(lambda / d_i) and rescales by their running maximum, so neither
 * huge nor tiny weights overflow (n = 10,000, A = 9,000 has weights near e^±9000).
 * theta > 0: the ratios lambda/d_k fall strictly with k, so once r = lambda/d_{K+1} < 1 the
 * mass beyond K is at most pi_K r / (1 - r); we stop when that is below TAIL_EPS.
 * theta == 0: the law beyond n is geometric with ratio rho and is normalised in closed
 * form; with `explicit_tail` the geometric states are also listed up to the same bound. */
static int chain_build(const cs_exact_queue *q, bool explicit_tail, chain *c)
{
    const long double lambda = (long double)q->lambda_per_s;
    const long double loglambda = logl(lambda);
    const size_t n = (size_t)q->n;
    const bool erlang_c = q->theta_per_s == 0;
    c->p = NULL;
    c->k_max = 0;
    c->tail = 0;
    c->rho = lambda / ((long double)n * (long double)q->mu_per_s);
    /* No stationary law at rho >= 1; within 1e-12 of it the geometric tail would need
     * ~1e13 states and every answer would be dominated by rounding of rho itself. */
    if (erlang_c && c->rho >= 1 - 1e-12L)
        return CS_EINVAL;

    size_t cap = 0;
    int rc = grow(&c->p, &cap, n + 1);
    if (rc)
        return rc;
    long double *l = c->p;         /* log-weights first, probabilities after */
    long double lmax = 0, sum = 1; /* sum of exp(l_i - lmax), i <= k */
    l[0] = 0;
    size_t k = 0;
    for (;;) {
        if (erlang_c && k == n)
            break;
        long double r = lambda / death_rate(q, k + 1);
        if (!erlang_c && r < 1) {
            long double ek = expl(l[k] - lmax);
            if (ek * r / (1 - r) <= TAIL_EPS * sum)
                break;
        }
        if ((rc = grow(&c->p, &cap, k + 1)) != CS_OK) {
            free(c->p);
            c->p = NULL;
            return rc;
        }
        l = c->p;
        k++;
        l[k] = l[k - 1] + loglambda - logl(death_rate(q, k));
        if (l[k] > lmax) {
            sum = sum * expl(lmax - l[k]) + 1;
            lmax = l[k];
        } else {
            sum += expl(l[k] - lmax);
        }
    }

    long double total = sum;
    if (erlang_c) {
        /* States n+1, n+2, ... carry e_n rho^j: add their sum e_n rho / (1 - rho). */
        long double en = expl(l[n] - lmax);
        total += en * c->rho / (1 - c->rho);
        if (explicit_tail) {
            for (;;) {
                long double ek = expl(l[k] - lmax);
                if (ek * c->rho / (1 - c->rho) <= TAIL_EPS * total)
                    break;
                if ((rc = grow(&c->p, &cap, k + 1)) != CS_OK) {
                    free(c->p);
                    c->p = NULL;
                    return rc;
                }
                l = c->p;
                k++;
                l[k] = l[k - 1] + logl(c->rho);
            }
        }
    }
    for (size_t i = 0; i <= k; i++)
        l[i] = expl(l[i] - lmax) / total;
    c->k_max = k;
    if (erlang_c) {
        c->tail = l[k] * c->rho / (1 - c->rho); /* exact: the geometric remainder */
    } else {
        long double r = lambda / death_rate(q, k + 1);
        c->tail = l[k] * r / (1 - r);
    }
    return CS_OK;
}

int cs_exact_solve(const cs_exact_queue *q, cs_exact_result *out)
{
    if (!queue_is_valid(q) || !out)
        return CS_EINVAL;
    chain c;
    int rc = chain_build(q, false, &c);
    if (rc)
        return rc;
    const size_t n = (size_t)q->n;
    const long double lambda = (long double)q->lambda_per_s;
    const long double nmu = (long double)n * (long double)q->mu_per_s;
    const long double theta = (long double)q->theta_per_s;
    const long double *p = c.p;

    long double below = 0, busy = 0; /* P(K < n), E[K; K < n] */
    for (size_t k = 0; k <= c.k_max && k < n; k++) {
        below += p[k];
        busy += (long double)k * p[k];
    }

    long double p_wait, mean_q, p_served, asa_num;
    if (theta == 0) {
        /* k_max == n: pi_{n+j} = pi_n rho^j, so the queue sums are geometric series. */
        long double rho = c.rho, pn = p[n];
        p_wait = pn / (1 - rho);
        mean_q = pn * rho / ((1 - rho) * (1 - rho));
        p_served = 1;
        /* Position j waits an Erlang(j, n mu): E[W | j] = j / (n mu); sum pi_{n-1+j} j. */
        asa_num = pn / ((1 - rho) * (1 - rho)) / nmu;
    } else {
        p_wait = 0;
        mean_q = 0;
        p_served = below;
        asa_num = 0;
        /* Tagged caller at queue position j: moves up at a_j = n mu + (j-1) theta (a
         * service completion or someone ahead abandoning), leaves at theta. The sojourn at
         * j is exponential with rate r_j = a_j + theta whichever way it ends, so
         * S_j = prod_{i<=j} a_i / r_i and E[W 1{served} | j] = S_j sum_{i<=j} 1 / r_i. */
        long double s = 1, h = 0;
        for (size_t k = n; k <= c.k_max; k++) {
            size_t j = k - n + 1;
            long double a = nmu + (long double)(j - 1) * theta;
            long double r = a + theta;
            s *= a / r;
            h += 1 / r;
            p_wait += p[k];
            mean_q += (long double)(k - n) * p[k];
            p_served += p[k] * s;
            asa_num += p[k] * s * h;
        }
    }
    busy += (long double)n * p_wait;

    out->p_wait = (double)p_wait;
    out->mean_queue = (double)mean_q;
    out->mean_busy = (double)busy;
    out->mean_wait_all_s = (double)(mean_q / lambda);
    out->p_abandon = (double)(theta * mean_q / lambda);
    out->p_served = (double)p_served;
    out->asa_s = (double)(asa_num / p_served);
    out->k_max = c.k_max;
    out->tail_bound = theta == 0 ? 0.0 : (double)c.tail;
    free(c.p);
    if (!isfinite(out->p_wait) || !isfinite(out->asa_s) || !isfinite(out->mean_wait_all_s))
        return CS_ENUMERIC;
    return CS_OK;
}

/* Service level by uniformization. For start position j let u_j(t) = P(served with
 * wait <= t | j). The tagged caller's position is a pure-death chain j -> j-1 -> ... -> 0
 * (0 = answered, absorbing) with a competing exit (abandonment, rate theta). Uniformized
 * at Lambda >= every r_j, u(t) = sum_m Pois(m; Lambda t) v_m with v_0 = e_0 and the
 * backward step v_{m+1}[i] = (a_i / Lambda) v_m[i-1] + (1 - r_i / Lambda) v_m[i]: all
 * terms are non-negative (no cancellation, unlike the alternating hypoexponential sum),
 * and the dropped Poisson tail bounds the error. One pass serves every j at once. */
static int sl_uniform(const cs_exact_queue *q, const chain *c, double t_s, double *out)
{
    const size_t n = (size_t)q->n;
    const long double nmu = (long double)n * (long double)q->mu_per_s;
    const long double theta = (long double)q->theta_per_s;
    const long double *p = c->p;

    long double sl = 0;
    for (size_t k = 0; k <= c->k_max && k < n; k++)
        sl += p[k];
    if (c->k_max < n || t_s == 0) {
        *out = (double)sl;
        return CS_OK;
    }
    size_t jmax = c->k_max - n + 1;
    long double lam = nmu + (long double)jmax * theta;
    long double x = lam * (long double)t_s;
    long double *v = calloc(jmax + 1, sizeof *v);
    long double *u = calloc(jmax + 1, sizeof *u);
    if (!v || !u) {
        free(v);
        free(u);
        return CS_ENOMEM;
    }
    v[0] = 1;
    const long double logx = logl(x);
    for (size_t m = 0;; m++) {
        long double w = expl(-x + (long double)m * logx - lgammal((long double)m + 1));
        size_t top = m < jmax ? m : jmax; /* v[i] == 0 for i > m */
        for (size_t i = 1; i <= top; i++)
            u[i] += w * v[i];
        /* Sum of the weights beyond m is at most w x / (m + 1 - x) once m + 1 > x. */
        if ((long double)m + 1 > x && w * x / ((long double)m + 1 - x) <= POISSON_EPS)
            break;
        if (m > 100000000) { /* Lambda t beyond any case we test: give up loudly */
            free(v);
            free(u);
            return CS_ENUMERIC;
        }
        size_t ntop = m + 1 < jmax ? m + 1 : jmax;
        for (size_t i = ntop; i >= 1; i--) {
            long double a = nmu + (long double)(i - 1) * theta;
            long double r = a + theta;
            v[i] = (a / lam) * v[i - 1] + (1 - r / lam) * v[i];
        }
    }
    for (size_t j = 1; j <= jmax; j++)
        sl += p[n - 1 + j] * u[j];
    free(v);
    free(u);
    *out = (double)sl;
    return isfinite(*out) ? CS_OK : CS_ENUMERIC;
}

int cs_exact_service_level_uniform(const cs_exact_queue *q, double t_s, double *out)
{
    if (!queue_is_valid(q) || !out || !isfinite(t_s) || t_s < 0)
        return CS_EINVAL;
    chain c;
    int rc = chain_build(q, true, &c);
    if (rc)
        return rc;
    rc = sl_uniform(q, &c, t_s, out);
    free(c.p);
    return rc;
}

int cs_exact_service_level(const cs_exact_queue *q, double t_s, double *out)
{
    if (!queue_is_valid(q) || !out || !isfinite(t_s) || t_s < 0)
        return CS_EINVAL;
    if (q->theta_per_s > 0)
        return cs_exact_service_level_uniform(q, t_s, out);
    /* Erlang C: given a wait, W ~ Exp(n mu - lambda), so P(W <= t) = 1 - C e^{-(n mu -
     * lambda) t}; every caller is answered. */
    cs_exact_result r;
    int rc = cs_exact_solve(q, &r);
    if (rc)
        return rc;
    double gap = (double)q->n * q->mu_per_s - q->lambda_per_s;
    *out = 1.0 - r.p_wait * exp(-gap * t_s);
    return CS_OK;
}
