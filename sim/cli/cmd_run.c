/* cmd_run.c — `callsim run`: load, simulate replications in parallel, report.
 * Part of sim/cli: scenario -> model -> runner -> summary -> report, nothing more. */
#include "cli/cli.h"

#include "callsim/report.h"
#include "callsim/runner.h"

#include <stdio.h>

static void help(void)
{
    puts(
        "usage: callsim run SCENARIO [options]\n"
        "\n"
        "Simulates the scenario's replications and prints KPIs with 95% confidence\n"
        "intervals: totals, per day and per category.\n"
        "\n"
        "options:\n"
        "  --reps N           replications (default: the scenario's `replications`)\n"
        "  --seed S           base seed (default: the scenario's `seed`)\n"
        "  --threads T        worker threads (default: all cores); results do not depend on it\n"
        "  --set PATH=VALUE   override a scenario setting, e.g. --set supply.agents=250\n"
        "  --out DIR          write summary.json, intervals.csv, agents.csv (whole or not at all)\n"
        "  --json             print the summary as one JSON object on stdout\n"
        "  --snapshot TIME    add the wallboard at \"YYYY-MM-DD HH:MM\" (means over replications)\n"
        "  --quiet            no progress bar and no table");
}

int cli_cmd_run(int argc, char **argv)
{
    cli_opts o;
    cs_model *m;
    int rc = cli_load(argc, argv, help, &o, &m);
    if (rc != CLI_OK || !m)
        return rc;
    cs_err err;
    cs_err_clear(&err);
    cs_results *res = NULL;
    cs_summary *sum = NULL;
    if (o.out_dir && (rc = cli_out_usable(o.out_dir)) != CLI_OK)
        goto out;
    if (o.has_seed)
        m->seed = o.seed;
    cs_run_opts ro = {.replications = o.reps ? o.reps : m->replications,
                      .threads = o.threads ? o.threads : cs_runner_default_threads()};
    if (o.snapshot) {
        ro.has_snapshot = true;
        if ((rc = cli_horizon_time(m, "--snapshot", o.snapshot, &ro.snapshot_at_s)) != CLI_OK)
            goto out;
    }
    bool bar = cli_progress_wanted(o.quiet);
    if (bar)
        ro.progress = cli_progress;
    ro.stop = cli_stop_on_sigint();
    res = cs_run(m, &ro, &err);
    cli_progress_done(bar);
    if (!res) {
        fprintf(stderr, "callsim: %s\n", err.msg);
        rc = err.code == CS_EINTR ? 130 : CLI_FAIL;
        goto out;
    }
    sum = cs_summary_new(m, res->reps, res->n, &err);
    if (!sum) {
        fprintf(stderr, "callsim: %s\n", err.msg);
        rc = CLI_FAIL;
        goto out;
    }
    if (o.out_dir && cs_report_write_dir(o.out_dir, sum, m->seed, &err) != 0) {
        fprintf(stderr, "callsim: %s\n", err.msg);
        rc = CLI_FAIL;
        goto out;
    }
    if (o.json) {
        if (cs_report_json(stdout, sum, m->seed) != 0)
            rc = CLI_FAIL;
    } else if (!o.quiet) {
        if (cs_report_table(stdout, sum, m->seed) != 0)
            rc = CLI_FAIL;
        if (o.out_dir)
            printf("\nwrote %s/summary.json, intervals.csv, agents.csv\n", o.out_dir);
    }
out:
    cs_summary_free(sum);
    cs_results_free(res);
    cs_model_free(m);
    cli_opts_fini(&o);
    return rc;
}
