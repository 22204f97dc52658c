/* cmd_common.c — what `run` and `plan` share beyond the options: the early check of
 * --out DIR and Ctrl-C as a request to stop. Part of sim/cli (the callsim command only). */
#include "cli/cli.h"

#include "callsim/report.h"

#include <stdio.h>

/* Set by SIGINT; the runner and the planner then stop with CS_EINTR. */
static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig)
{
    (void)sig;
    stop_flag = 1;
}

volatile sig_atomic_t *cli_stop_on_sigint(void)
{
    signal(SIGINT, on_sigint);
    return &stop_flag;
}

int cli_out_usable(const char *dir)
{
    cs_err err;
    cs_err_clear(&err);
    if (cs_report_check_dir(dir, &err) == 0)
        return CLI_OK;
    fprintf(stderr, "callsim: --out: %s\n", err.msg);
    return err.code == CS_ENOMEM ? CLI_FAIL : CLI_USAGE;
}
