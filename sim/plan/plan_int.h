/* plan_int.h — private helpers shared by the files of sim/plan. */
#ifndef CALLSIM_PLAN_INT_H
#define CALLSIM_PLAN_INT_H

#include "callsim/plan.h"
#include "callsim/runner.h"

/* Per-interval KPIs of one simulated staffing: means over replications of the attempts
 * arriving in each interval (all categories), and whether m's targets are met. Fills
 * out[res->reps[0].n_intervals] except `required` and `at_seat_cap`. */
void csi_plan_evaluate(const cs_model *m, const cs_results *res, cs_plan_interval *out);

#endif
