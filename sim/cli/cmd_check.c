/* cmd_check.c — `callsim check`: validate a scenario and print the model summary.
 * Part of sim/cli. */
#include "cli/cli.h"

#include "callsim/report.h"

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
    cs_model *m;
    int rc = cli_load(argc, argv, help, &o, &m);
    if (rc != CLI_OK || !m)
        return rc;
    cli_opts_fini(&o);
    rc = cs_report_model(stdout, m) == 0 ? CLI_OK : CLI_FAIL;
    cs_model_free(m);
    return rc;
}
