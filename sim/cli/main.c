/* main.c — the `callsim` command: dispatch to subcommands, --help and --version.
 * Part of sim/cli. Exit statuses: 0 done; 2 usage or scenario error; 1 anything else. */
#include "cli/cli.h"

#include "callsim/version.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: callsim COMMAND [ARGS]\n"
          "\n"
          "Discrete-event load simulator and capacity planner for public-service hotlines.\n"
          "\n"
          "commands:\n"
          "  run   SCENARIO [options]   simulate replications, print KPIs with 95% CIs\n"
          "  check SCENARIO [--set P=V] validate a scenario and print the model summary\n"
          "  plan  SCENARIO [options]   staffing requirement, shift roster and its verification\n"
          "  bench mmc|mmc-abandon [--json]  engine speed on the standard workloads\n"
          "  bench --router R [--router R ...] SCENARIO  routers side by side\n"
          "\n"
          "  callsim COMMAND --help     options of a command\n"
          "  callsim --version          print the version\n"
          "\n"
          "exit status: 0 done, 2 usage or scenario error, 1 other failure\n",
          f);
}

int main(int argc, char **argv)
{
    /* GSL must report, not abort: the library checks its statuses. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("callsim %s\n", CALLSIM_VERSION);
        return CLI_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return cli_cmd_run(argc, argv);
    if (strcmp(cmd, "check") == 0)
        return cli_cmd_check(argc, argv);
    if (strcmp(cmd, "plan") == 0)
        return cli_cmd_plan(argc, argv);
    if (strcmp(cmd, "bench") == 0)
        return cli_cmd_bench(argc, argv);
    fprintf(stderr, "callsim: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return CLI_USAGE;
}
