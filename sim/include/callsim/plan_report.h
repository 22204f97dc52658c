/* callsim/plan_report.h — what `callsim plan` prints and writes: the summary table, the
 * JSON object of DESIGN.md §5, requirement.csv, roster.csv, plan.png and `--out DIR`.
 * Part of sim/report. Writers format a cs_plan_result; they compute nothing. */
#ifndef CALLSIM_PLAN_REPORT_H
#define CALLSIM_PLAN_REPORT_H

#include "callsim/err.h"
#include "callsim/planner.h"

#include <stdint.h>
#include <stdio.h>

/* The readable summary: header, totals (paid hours, solver status, gap and time, intervals
 * below target, shortfall at the seat cap, said plainly), a per-day table, the shifts
 * chosen by day and template, and the intervals short of seats or below target (the first
 * few of each). Plain ASCII, at most 100 columns. Returns 0 or CS_EIO. */
int cs_report_plan_table(FILE *f, const cs_plan_result *r, uint64_t seed);

/* The `plan --json` object (DESIGN.md §5) with a final newline. Extensions: "replications",
 * "rounds", "repairs", "requirement_settled", "cost", "patterns", "shortfall" (agent-intervals),
 * "intervals_short", per shift "paid_hours" and "breaks" (["HH:MM", ...]); the solver is
 * {"status": "none", "gap": null, "time_s": 0} without templates. Undefined numbers are
 * null. Returns 0, CS_ENOMEM or CS_EIO. */
int cs_report_plan_json(FILE *f, const cs_plan_result *r, uint64_t seed);

/* requirement.csv: interval,offered,required_analytic,required,seats,shortfall, then
 * scheduled,service_level,abandon_rate,asa_s,meets_targets (the verification's). */
int cs_report_plan_requirement_csv(FILE *f, const cs_plan_result *r);

/* roster.csv: shift,day,start,agents,paid_hours,breaks (breaks "HH:MM HH:MM", may be empty;
 * empty file body without templates). */
int cs_report_plan_roster_csv(FILE *f, const cs_plan_result *r);

/* plan.png: the requirement (analytic and simulated), the agents scheduled and the seat cap
 * over the horizon, one panel per week, day ticks and a legend; shortfall shaded. Drawn
 * with cairo. Returns 0, CS_ENOMEM or CS_EIO. */
int cs_report_plan_png(FILE *f, const cs_plan_result *r);

/* `plan --out DIR`: summary.json, requirement.csv, roster.csv, intervals.csv (the
 * verification's, as `callsim run` writes it) and plan.png, whole or not at all (as
 * cs_report_write_dir). Returns 0, CS_EIO, CS_EINVAL or CS_ENOMEM with err set. */
int cs_report_plan_write_dir(const char *dir, const cs_plan_result *r, uint64_t seed, cs_err *err);

#endif
