/* cmd_check.c — `callsim check`: validate a scenario and print the model summary.
 * Part of sim/cli. */
#include "cli/cli.h"

#include "callsim/report.h"
#include "callsim/scenario.h"

#include <stdio.h>

static void help(void)
{
    puts("usage: callsim check SCENARIO [--set PATH=VALUE]...\n"
         "\n"
         "Validates the scenario (every mistake as file:line: message, exit status 2)\n"
         "and prints a summary of the model: horizon, demand, categories, surges, supply,\n"
         "targets and routing.");
}

int cli_cmd_check(int argc, char **argv)
{
    cli_opts o;
    int rc = cli_parse_common(argc, argv, 2, &o);
    if (rc != CLI_OK) {
        cli_opts_fini(&o);
        if (rc < 0) {
            help();
            return CLI_OK;
        }
        return rc;
    }
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    int st = cs_scenario_load(o.scenario, o.sets, o.n_sets, &m, &err);
    cli_opts_fini(&o);
    if (st != CS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return st == CS_ESCENARIO || st == CS_EIO ? CLI_USAGE : CLI_FAIL;
    }
    rc = cs_report_model(stdout, m) == 0 ? CLI_OK : CLI_FAIL;
    cs_model_free(m);
    return rc;
}
