/* sim/plan/erlang.c — Erlang B, C and A, the analytic core of the capacity planner.
 * Erlang B and C by the classical recursion on 1/B, run in log space; Erlang A by the
 * Mandelbaum-Zeltyn integral representation, evaluated by quadrature. Independent of
 * tests/exact, which solves the birth-death chain: the tests compare the two. */
#include "callsim/plan.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_log.h>
#include <math.h>

/* Quadrature: relative tolerance, subintervals, and how far below its peak (in e-folds)
 * the integrand is cut. Concave log-integrand: the dropped tail is below e^-H / slope,
 * relative 1e-26 or less of the kept mass for every case we accept. */
#define QUAD_EPSREL 1e-13
#define QUAD_LIMIT 400
#define QUAD_H 60.0

static bool load_is_valid(double load_erl)
{
    return isfinite(load_erl) && load_erl > 0;
}

static int check_n_load(const char *fn, int n, double load_erl, cs_err *err)
{
    if (n < 1 || n > CS_PLAN_N_MAX)
        return cs_err_set(
            err, CS_EINVAL, "%s: agents must be in [1, %d] (got %d)", fn, CS_PLAN_N_MAX, n);
    if (!load_is_valid(load_erl))
        return cs_err_set(
            err, CS_EINVAL, "%s: load must be finite and > 0 Erlangs (got %g)", fn, load_erl);
    return CS_OK;
}

/* log(1 + e^z) without overflow or loss for z of either sign. */
static double log1pexp(double z)
{
    if (z == -INFINITY)
        return 0;
    return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/* log R_n with R = 1/B - 1 = sum_{k<n} pi_k / pi_n. The recursion 1/B_k = 1 + (k/a)/B_{k-1}
 * gives R_k = (k/a)(1 + R_{k-1}), R_0 = 0, i.e. L_k = log(k/a) + log1pexp(L_{k-1}): no
 * factorials, no overflow (L_n reaches ~2,000 for n = 10,000 at half load, where B
 * underflows). While L > 0 it grows by small increments, summed with Neumaier's
 * compensation so 10,000 roundings of a large sum do not pile up (a plain double sum
 * could drift ~1e-9 relative in B). Rejected: the forward recursion on B itself, which
 * underflows to 0 and then cannot give log B or Erlang A's ratios. */
static double log_r(int n, double a)
{
    double s = -INFINITY, c = 0;
    for (int k = 1; k <= n; k++) {
        double lk = log((double)k / a);
        if (s > 0) {
            double inc = lk + log1p(exp(-s));
            double t = s + inc;
            c += fabs(s) >= fabs(inc) ? (s - t) + inc : (inc - t) + s;
            s = t;
        } else {
            s = lk + log1pexp(s + c);
            c = 0;
        }
    }
    return s + c;
}

int cs_erlang_b_log(int n, double load_erl, double *out, cs_err *err)
{
    int rc = check_n_load("erlang_b", n, load_erl, err);
    if (rc)
        return rc;
    *out = -log1pexp(log_r(n, load_erl));
    return CS_OK;
}

int cs_erlang_b(int n, double load_erl, double *out, cs_err *err)
{
    double lb;
    int rc = cs_erlang_b_log(n, load_erl, &lb, err);
    if (rc)
        return rc;
    *out = exp(lb);
    return CS_OK;
}

int cs_erlang_c(int n,
                double load_erl,
                double service_mean_s,
                double answer_within_s,
                cs_erlang_kpi *out,
                cs_err *err)
{
    int rc = check_n_load("erlang_c", n, load_erl, err);
    if (rc)
        return rc;
    if (!isfinite(service_mean_s) || service_mean_s <= 0)
        return cs_err_set(err,
                          CS_EINVAL,
                          "erlang_c: service mean must be finite and > 0 s (got %g)",
                          service_mean_s);
    if (!isfinite(answer_within_s) || answer_within_s < 0)
        return cs_err_set(err,
                          CS_EINVAL,
                          "erlang_c: answer_within must be finite and >= 0 s (got %g)",
                          answer_within_s);
    if (!(load_erl < (double)n))
        return cs_err_set(err,
                          CS_EINVAL,
                          "erlang_c: load %g Erlangs >= %d agents has no steady state",
                          load_erl,
                          n);
    /* C = 1 / (1 + (1 - rho) R): an arrival waits iff it finds n or more in the system. */
    const double gap = (double)n - load_erl; /* n - a > 0, Erlangs */
    const double log_c = -log1pexp(log_r(n, load_erl) + log(gap / (double)n));
    const double c = exp(log_c);
    out->p_wait = c;
    out->p_abandon = 0;
    /* Given a wait, W ~ Exp((n - a) / S). */
    out->mean_wait_s = c * service_mean_s / gap;
    out->asa_s = out->mean_wait_s;
    /* 1 - C e^{-(n-a) t / S}, as -expm1 of its log: no cancellation when it is small. */
    out->service_level = -expm1(log_c - gap * answer_within_s / service_mean_s);
    out->occupancy = load_erl / (double)n;
    return CS_OK;
}

/* ---- Erlang A ----
 * Write x = n mu / theta, y = lambda / theta. An arrival that finds j callers waiting has
 * an offered wait V = sum_{i=0..j} Exp((x + i) theta), so U = e^{-theta V} ~ Beta(x, j+1);
 * mixing over the stationary j (weights y^j / ((x+1)...(x+j))) gives, given a wait, the
 * density x u^{x-1} e^{y(1-u)} / A(x, y) with A(x, y) = x e^y y^{-x} gamma(x, y), the
 * Mandelbaum-Zeltyn function. In v = theta V the density is x e^{psi(v)} / A with
 * psi(v) = -x v + y (1 - e^{-v}). The caller is served iff patience > V, probability U.
 * So, with E[.] over that density: P(ab | wait) = E[1 - e^{-v}], P(served, W <= t | wait)
 * = E[e^{-v}; v <= theta t], E[W; served | wait] = E[v e^{-v}] / theta, and
 * P(wait) = A B / (1 + (A - 1) B) with B = Erlang B.
 * Rejected: GSL's normalised incomplete gamma, which underflows (x up to 7e7 here) and
 * leaves A(x, y) to a cancelling product of huge factors; and the identity
 * P(ab | wait) = 1 - 1/rho + 1/(rho A), which cancels badly when patience is long.
 * Each moment is integrated directly with a positive integrand, shifted to the peak
 * v0 = max(0, log(y/x)) so the exponent is O(1) and accurate: with v = v0 + s,
 * psi(v) - psi(v0) = h(s) = -g s - y0 (e^{-s} - 1 + s), y0 = y e^{-v0}, g = x - y0 >= 0. */

typedef enum moment { M_SERVED, M_ABANDON, M_WAIT_SERVED } moment;

typedef struct quad_par {
    double y0;    /* y e^{-v0} */
    double g;     /* x - y0 >= 0 */
    double v0;    /* peak of psi, >= 0 */
    moment which; /* the factor multiplying e^{h} */
} quad_par;

/* e^z - 1 - z, accurate near 0 where the plain form cancels. */
static double expm1mx(double z)
{
    if (fabs(z) < 0.5) {
        double term = z * z / 2, sum = term;
        for (int k = 3; k < 40 && fabs(term) > 1e-17 * fabs(sum); k++) {
            term *= z / k;
            sum += term;
        }
        return sum;
    }
    return expm1(z) - z;
}

static double h_of(const quad_par *p, double s)
{
    return -p->g * s - p->y0 * expm1mx(-s);
}

static double integrand(double s, void *params)
{
    const quad_par *p = params;
    double v = p->v0 + s;
    double w = exp(h_of(p, s));
    switch (p->which) {
    case M_SERVED:
        return exp(-v) * w;
    case M_ABANDON:
        return -expm1(-v) * w;
    case M_WAIT_SERVED:
        return v * exp(-v) * w;
    }
    return 0;
}

/* The s where h falls to -QUAD_H: right of the peak (h decreasing and concave on s > 0),
 * and left of it down to -v0. Only a cut-off: three significant digits suffice. */
static double right_cut(const quad_par *p)
{
    double lo = 0, hi = 1 / (p->g + sqrt(p->y0) + 1e-300);
    while (h_of(p, hi) > -QUAD_H) {
        lo = hi;
        hi *= 2;
    }
    for (int i = 0; i < 60 && hi - lo > 1e-3 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (h_of(p, mid) > -QUAD_H)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

static double left_cut(const quad_par *p)
{
    if (p->v0 == 0 || h_of(p, -p->v0) >= -QUAD_H)
        return -p->v0;
    double lo = -p->v0, hi = 0; /* h(lo) < -H <= h(hi) */
    for (int i = 0; i < 60 && hi - lo > 1e-3 * (-lo); i++) {
        double mid = 0.5 * (lo + hi);
        if (h_of(p, mid) < -QUAD_H)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Integral of the moment over [a, b], split at the peak s = 0 when inside. */
static int integrate(quad_par *p,
                     moment which,
                     double a,
                     double b,
                     gsl_integration_workspace *ws,
                     double *out,
                     cs_err *err)
{
    p->which = which;
    gsl_function f = {integrand, p};
    const double edges[3] = {a, a < 0 && b > 0 ? 0 : b, b};
    double sum = 0;
    for (int i = 0; i < 2; i++) {
        double r, e;
        if (!(edges[i + 1] > edges[i]))
            continue;
        int st = gsl_integration_qag(
            &f, edges[i], edges[i + 1], 0, QUAD_EPSREL, QUAD_LIMIT, GSL_INTEG_GAUSS41, ws, &r, &e);
        /* Roundoff may stop GK short of 1e-13 with the answer still good to ~1e-15. */
        if (st != GSL_SUCCESS && !(st == GSL_EROUND && e <= 1e-11 * fabs(r)))
            return cs_err_set(err,
                              CS_ENUMERIC,
                              "erlang_a: quadrature failed (%s, estimate %g, error %g)",
                              gsl_strerror(st),
                              r,
                              e);
        sum += r;
    }
    *out = sum;
    return CS_OK;
}

int cs_erlang_a(int n,
                double load_erl,
                double service_mean_s,
                double patience_mean_s,
                double answer_within_s,
                cs_erlang_kpi *out,
                cs_err *err)
{
    int rc = check_n_load("erlang_a", n, load_erl, err);
    if (rc)
        return rc;
    if (!isfinite(service_mean_s) || service_mean_s <= 0)
        return cs_err_set(err,
                          CS_EINVAL,
                          "erlang_a: service mean must be finite and > 0 s (got %g)",
                          service_mean_s);
    if (isnan(patience_mean_s) || patience_mean_s <= 0)
        return cs_err_set(
            err, CS_EINVAL, "erlang_a: patience mean must be > 0 s (got %g)", patience_mean_s);
    if (!isfinite(answer_within_s) || answer_within_s < 0)
        return cs_err_set(err,
                          CS_EINVAL,
                          "erlang_a: answer_within must be finite and >= 0 s (got %g)",
                          answer_within_s);
    if (isinf(patience_mean_s))
        return cs_erlang_c(n, load_erl, service_mean_s, answer_within_s, out, err);

    const double nd = (double)n;
    const double scale = patience_mean_s / service_mean_s; /* mu / theta */
    const double x = nd * scale;
    if (!isfinite(x) || !isfinite(load_erl * scale) || !(load_erl * scale > 0))
        return cs_err_set(
            err, CS_EINVAL, "erlang_a: patience / service ratio %g out of range", scale);
    quad_par p;
    double log_psi0; /* psi(v0) */
    if (load_erl > nd) {
        /* Overload: peak inside, psi(v0) = (y - x) - x log(y/x) = -x log1pmx(delta). */
        double delta = (load_erl - nd) / nd;
        p.v0 = log1p(delta);
        p.y0 = x;
        p.g = 0;
        log_psi0 = -x * gsl_sf_log_1plusx_mx(delta);
    } else {
        p.v0 = 0;
        p.y0 = load_erl * scale;
        p.g = (nd - load_erl) * scale;
        log_psi0 = 0;
    }
    p.which = M_SERVED;
    const double s_lo = left_cut(&p), s_hi = right_cut(&p);

    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(QUAD_LIMIT);
    if (!ws)
        return cs_err_set(err, CS_ENOMEM, "erlang_a: out of memory");
    double j_served, j_ab, j_wait, j_sl = 0;
    double cut = answer_within_s / patience_mean_s - p.v0; /* theta t - v0 */
    if ((rc = integrate(&p, M_SERVED, s_lo, s_hi, ws, &j_served, err)) != CS_OK ||
        (rc = integrate(&p, M_ABANDON, s_lo, s_hi, ws, &j_ab, err)) != CS_OK ||
        (rc = integrate(&p, M_WAIT_SERVED, s_lo, s_hi, ws, &j_wait, err)) != CS_OK)
        goto out_free_ws;
    if (cut > s_lo &&
        (rc = integrate(&p, M_SERVED, s_lo, fmin(cut, s_hi), ws, &j_sl, err)) != CS_OK)
        goto out_free_ws;

    const double j0 = j_served + j_ab; /* both positive: no cancellation */
    const double log_a = log(x) + log_psi0 + log(j0);
    const double lr = log_r(n, load_erl); /* log(1/B - 1) */
    /* P(wait) = A B / (1 + (A - 1) B) = 1 / (1 + (1/B - 1) / A), and its complement. */
    const double pw = 1 / (1 + exp(lr - log_a));
    const double p0 = 1 / (1 + exp(log_a - lr));
    const double served = p0 + pw * (j_served / j0);
    out->p_wait = pw;
    out->p_abandon = pw * (j_ab / j0);
    out->mean_wait_s = out->p_abandon * patience_mean_s; /* E[min(V, patience)] */
    out->asa_s = pw * (j_wait / j0) * patience_mean_s / served;
    out->service_level = p0 + pw * (j_sl / j0);
    out->occupancy = fmin(1.0, load_erl * served / nd);
    if (!isfinite(out->p_wait) || !isfinite(out->asa_s) || !isfinite(out->service_level))
        rc = cs_err_set(
            err, CS_ENUMERIC, "erlang_a: non-finite result (n %d, load %g)", n, load_erl);
out_free_ws:
    gsl_integration_workspace_free(ws);
    return rc;
}
