/* cmd_plan.c — `callsim plan`: load, plan (sim/plan), report (sim/report). Part of sim/cli:
 * options and printing only. */
#include "cli/cli.h"

#include "callsim/plan_report.h"
#include "callsim/planner.h"
#include "callsim/runner.h"

#include <stdio.h>

static void help(void)
{
    puts("usage: callsim plan SCENARIO [options]\n"
         "\n"
         "Plans staffing for the scenario's targets: the Erlang requirement per interval,\n"
         "corrected by simulation; with plan.templates, the cheapest roster of shifts that\n"
         "covers it within the seats (GLPK); then the plan simulated to verify it. Where the\n"
         "requirement is beyond the seats the plan stops at the cap and reports the shortfall\n"
         "and the service expected there (exit status 0).\n"
         "\n"
         "options:\n"
         "  --reps N           replications per simulation, >= 2 (default: the scenario's)\n"
         "  --seed S           base seed (default: the scenario's `seed`)\n"
         "  --threads T        worker threads (default: all cores); results do not depend on it\n"
         "  --set PATH=VALUE   override a scenario setting, e.g. --set plan.time_limit=\"5s\"\n"
         "  --out DIR          write summary.json, requirement.csv, roster.csv, intervals.csv,\n"
         "                     plan.png (whole or not at all)\n"
         "  --json             print the plan as one JSON object on stdout\n"
         "  --quiet            no progress bar and no table");
}

int cli_cmd_plan(int argc, char **argv)
{
    cli_opts o;
    cs_model *m;
    int rc = cli_load(argc, argv, help, &o, &m);
    if (rc != CLI_OK || !m)
        return rc;
    cs_err err;
    cs_err_clear(&err);
    cs_plan_result *r = NULL;
    if (o.snapshot) {
        fprintf(stderr, "callsim: plan takes no --snapshot (see callsim plan --help)\n");
        rc = CLI_USAGE;
        goto out;
    }
    if (o.out_dir && (rc = cli_out_usable(o.out_dir)) != CLI_OK)
        goto out;
    if (o.has_seed)
        m->seed = o.seed;
    cs_plan_opts po = {.replications = o.reps ? o.reps : m->replications,
                       .threads = o.threads ? o.threads : cs_runner_default_threads()};
    if (po.replications < 2) {
        fprintf(stderr,
                "callsim: plan needs at least 2 replications per simulation (got %d; use "
                "--reps)\n",
                po.replications);
        rc = CLI_USAGE;
        goto out;
    }
    if (m->targets.service_level < 0 && m->targets.max_abandon < 0 && m->targets.max_asa_s < 0) {
        fprintf(stderr,
                "callsim: plan needs a target: set targets.service_level, max_abandon or "
                "max_asa in the scenario (or --set targets.service_level=0.8)\n");
        rc = CLI_USAGE;
        goto out;
    }
    bool bar = cli_progress_wanted(o.quiet);
    if (bar)
        po.progress = cli_progress;
    po.stop = cli_stop_on_sigint();
    r = cs_plan_run(m, &po, &err);
    cli_progress_done(bar);
    if (!r) {
        if (err.code == CS_EINVAL) {
            /* what the templates ask for cannot be planned: a scenario problem */
            fprintf(stderr, "%s: %s\n", m->source, err.msg);
            rc = CLI_USAGE;
        } else {
            fprintf(stderr, "callsim: %s\n", err.msg);
            rc = err.code == CS_EINTR ? 130 : CLI_FAIL;
        }
        goto out;
    }
    if (o.out_dir && cs_report_plan_write_dir(o.out_dir, r, m->seed, &err) != 0) {
        fprintf(stderr, "callsim: %s\n", err.msg);
        rc = CLI_FAIL;
        goto out;
    }
    if (o.json) {
        if (cs_report_plan_json(stdout, r, m->seed) != 0)
            rc = CLI_FAIL;
    } else if (!o.quiet) {
        if (cs_report_plan_table(stdout, r, m->seed) != 0)
            rc = CLI_FAIL;
        if (o.out_dir)
            printf("\nwrote %s/summary.json, requirement.csv, roster.csv, intervals.csv, "
                   "plan.png\n",
                   o.out_dir);
    }
out:
    cs_plan_result_free(r);
    cs_model_free(m);
    cli_opts_fini(&o);
    return rc;
}
