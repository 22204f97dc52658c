/* sim/plan/staffing.c — the smallest staffing meeting the targets, by the Erlang formulas
 * of erlang.c: square-root staffing as the first guess, then a galloping search and a
 * bisection. The simulation-corrected staffing of `callsim plan` starts from this figure. */
#include "callsim/plan.h"

#include <math.h>

int cs_staffing_sqrt(double load_erl, double beta)
{
    if (!isfinite(load_erl) || load_erl <= 0 || !isfinite(beta))
        return 1;
    double n = ceil(load_erl + beta * sqrt(load_erl));
    if (beta > 0 && n <= load_erl)
        n = floor(load_erl) + 1;
    if (n < 1)
        return 1;
    return n > CS_PLAN_N_MAX ? CS_PLAN_N_MAX : (int)n;
}

bool cs_plan_is_met(const cs_erlang_kpi *kpi, const cs_plan_targets *targets)
{
    if (!targets)
        return true;
    if (targets->service_level >= 0 && !(kpi->service_level >= targets->service_level))
        return false;
    if (targets->max_abandon >= 0 && !(kpi->p_abandon <= targets->max_abandon))
        return false;
    if (targets->max_asa_s >= 0 && !(kpi->asa_s <= targets->max_asa_s))
        return false;
    return true;
}

typedef struct search {
    double load_erl, service_mean_s, patience_mean_s;
    const cs_plan_targets *targets;
} search;

/* Whether n meets every target: 1 yes, 0 no, or a negative CS_E* status. */
static int meets(const search *s, int n, cs_err *err)
{
    cs_erlang_kpi k;
    double t = s->targets ? s->targets->answer_within_s : 0;
    int rc = cs_erlang_a(n, s->load_erl, s->service_mean_s, s->patience_mean_s, t, &k, err);
    if (rc)
        return rc;
    return cs_plan_is_met(&k, s->targets) ? 1 : 0;
}

int cs_staffing_min(double load_erl,
                    double service_mean_s,
                    double patience_mean_s,
                    const cs_plan_targets *targets,
                    int *n_out,
                    cs_err *err)
{
    if (!isfinite(load_erl) || load_erl < 0)
        return cs_err_set(
            err, CS_EINVAL, "staffing: load must be finite and >= 0 Erlangs (got %g)", load_erl);
    if (!isfinite(service_mean_s) || service_mean_s <= 0)
        return cs_err_set(err,
                          CS_EINVAL,
                          "staffing: service mean must be finite and > 0 s (got %g)",
                          service_mean_s);
    if (isnan(patience_mean_s) || patience_mean_s <= 0)
        return cs_err_set(
            err, CS_EINVAL, "staffing: patience mean must be > 0 s (got %g)", patience_mean_s);
    if (targets) {
        if (!isfinite(targets->answer_within_s) || targets->answer_within_s < 0)
            return cs_err_set(err,
                              CS_EINVAL,
                              "staffing: answer_within must be finite and >= 0 s (got %g)",
                              targets->answer_within_s);
        if (isnan(targets->service_level) || targets->service_level > 1)
            return cs_err_set(err,
                              CS_EINVAL,
                              "staffing: service_level must be <= 1 (got %g)",
                              targets->service_level);
        if (isnan(targets->max_abandon) || targets->max_abandon > 1)
            return cs_err_set(err,
                              CS_EINVAL,
                              "staffing: max_abandon must be <= 1 (got %g)",
                              targets->max_abandon);
        if (isnan(targets->max_asa_s))
            return cs_err_set(err, CS_EINVAL, "staffing: max_asa must be a number");
    }
    if (load_erl == 0) {
        *n_out = 0;
        return CS_OK;
    }
    const bool erlang_c = isinf(patience_mean_s);
    /* Erlang C needs n > load for a steady state; Erlang A is stable for any n >= 1. */
    const double lo_d = erlang_c ? floor(load_erl) + 1 : 1;
    if (lo_d > CS_PLAN_N_MAX)
        return cs_err_set(
            err, CS_EINVAL, "staffing: load %g needs more than %d agents", load_erl, CS_PLAN_N_MAX);
    const int lo = (int)lo_d;
    const search s = {load_erl, service_mean_s, patience_mean_s, targets};

    /* Invariant of the bisection: `bad` fails (or is below lo), `good` meets every target.
     * The KPIs are monotone in n, so the answer is the first good one. */
    int n0 = cs_staffing_sqrt(load_erl, 1.0);
    if (n0 < lo)
        n0 = lo;
    int bad, good;
    int m = meets(&s, n0, err);
    if (m < 0)
        return m;
    if (m) {
        good = n0;
        bad = lo - 1;
        for (int step = 1; good > lo;) { /* gallop down */
            int t = good - step >= lo ? good - step : lo;
            if ((m = meets(&s, t, err)) < 0)
                return m;
            if (!m) {
                bad = t;
                break;
            }
            good = t;
            step *= 2;
        }
    } else {
        bad = n0;
        good = -1;
        for (int step = 1; good < 0;) { /* gallop up */
            if (bad == CS_PLAN_N_MAX)
                return cs_err_set(err,
                                  CS_EINVAL,
                                  "staffing: no n <= %d meets the targets (load %g Erlangs)",
                                  CS_PLAN_N_MAX,
                                  load_erl);
            int t = bad > CS_PLAN_N_MAX - step ? CS_PLAN_N_MAX : bad + step;
            if ((m = meets(&s, t, err)) < 0)
                return m;
            if (m)
                good = t;
            else
                bad = t;
            step *= 2;
        }
    }
    while (good - bad > 1) {
        int mid = bad + (good - bad) / 2;
        if ((m = meets(&s, mid, err)) < 0)
            return m;
        if (m)
            good = mid;
        else
            bad = mid;
    }
    *n_out = good;
    return CS_OK;
}
