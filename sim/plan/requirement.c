/* requirement.c — the analytic staffing requirement per reporting interval: the smallest
 * number of agents on the phones that meets every target of the scenario, by the Erlang
 * formulas, for the interval's expected fresh calls.
 * Part of sim/plan. It reads the model through its public queries only; what the formulas
 * cannot see (redials, carry-over between intervals, priorities, seats) is left to the
 * simulation that corrects this first answer. */
#include "callsim/plan.h"

#include <math.h>
#include <stdlib.h>

int cs_plan_requirement_analytic(const cs_model *m, int *required, cs_err *err)
{
    size_t n_int = cs_model_interval_count(m), nc = m->n_categories;
    double *calls = malloc(n_int * nc * sizeof *calls);
    if (!calls)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    int rc = cs_model_expected_calls_by_interval(m, calls);
    if (rc != 0) {
        free(calls);
        return cs_err_set(err, rc, "out of memory");
    }
    cs_plan_targets targets = {.answer_within_s = m->targets.answer_within_s,
                               .service_level = m->targets.service_level,
                               .max_abandon = m->targets.max_abandon,
                               .max_asa_s = m->targets.max_asa_s};
    for (size_t i = 0; i < n_int && rc == 0; i++) {
        double len = m->horizon_s - (double)i * m->interval_s;
        if (len > m->interval_s)
            len = m->interval_s;
        /* The category mix combined: offered load in Erlangs, the mean service time
         * (handle + after-call work) it implies, and the arrival-weighted abandonment
         * rate (a category without patience contributes 0). */
        double lambda = 0, load = 0, theta = 0;
        for (size_t c = 0; c < nc; c++) {
            const cs_category *k = &m->categories[c];
            double l = calls[i * nc + c] / len;
            lambda += l;
            load += l * (k->handle.mean + (k->wrapup.kind == CS_DIST_NONE ? 0 : k->wrapup.mean));
            if (k->patience.kind != CS_DIST_NONE && k->patience.mean > 0)
                theta += l / k->patience.mean;
        }
        if (!(lambda > 0) || !(load > 0)) {
            required[i] = 0;
            continue;
        }
        double service_s = load / lambda;
        double patience_s = theta > 0 ? lambda / theta : INFINITY;
        rc = cs_staffing_min(load, service_s, patience_s, &targets, &required[i], err);
    }
    free(calls);
    return rc;
}
