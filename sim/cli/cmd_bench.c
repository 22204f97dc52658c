/* cmd_bench.c — `callsim bench`: engine speed on the standard workloads.
 * Part of sim/cli; the workloads live in bench/. */
#include "cli/cli.h"

#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    puts("usage: callsim bench mmc|mmc-abandon [--json] [--calls N] [--warmup N] [--seed S]\n"
         "                    [--router plugin:PATH.so|external:ADDRESS]\n"
         "       callsim bench --router R [--router R ...] SCENARIO [options]  (see\n"
         "       callsim bench --router fcfs --help: routers side by side)\n"
         "\n"
         "Engine speed on the standard workloads, one replication on one thread:\n"
         "  mmc          W2: M/M/c, c = 265, rho = 0.95, exponential handle, FIFO\n"
         "  mmc-abandon  W3: W2 plus exponential patience, mean 2 service times\n"
         "Defaults: 2,000,000 calls counted after 100,000 warm-up calls (expected counts).\n"
         "Prints calls, events, wall_s, calls_per_s, events_per_s and the estimates\n"
         "p_wait, mean_wait_s, abandon_rate.\n"
         "--router routes through a plugin or an external router instead of the built-in\n"
         "fcfs (docs/router-protocol.md).");
}

int cli_cmd_bench(int argc, char **argv)
{
    const char *workload = NULL;
    bool json = false;
    long long calls = 2000000, warmup = 100000, seed = 1;
    const char *router = NULL;
    /* `bench mmc --router plugin:...` measures one router on a workload; `bench --router A
     * --router B SCENARIO` compares routers on a scenario. */
    bool workload_first = false;
    for (int i = 2; i < argc; i++)
        workload_first |= strcmp(argv[i], "mmc") == 0 || strcmp(argv[i], "mmc-abandon") == 0;
    for (int i = 2; i < argc && !workload_first; i++)
        if (strcmp(argv[i], "--router") == 0 || strncmp(argv[i], "--router=", 9) == 0)
            return cli_bench_routers(argc, argv);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help();
            return CLI_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--calls") == 0 && i + 1 < argc) {
            if (!cli_parse_int(argv[++i], 1000, 1000000000, &calls)) {
                fprintf(stderr, "callsim: --calls must be an integer from 1000 to 1e9\n");
                return CLI_USAGE;
            }
        } else if (strcmp(a, "--warmup") == 0 && i + 1 < argc) {
            if (!cli_parse_int(argv[++i], 0, 1000000000, &warmup)) {
                fprintf(stderr, "callsim: --warmup must be an integer from 0 to 1e9\n");
                return CLI_USAGE;
            }
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            if (!cli_parse_int(argv[++i], 0, INT64_MAX, &seed)) {
                fprintf(stderr, "callsim: --seed must be a non-negative integer\n");
                return CLI_USAGE;
            }
        } else if (strcmp(a, "--router") == 0 || strncmp(a, "--router=", 9) == 0) {
            if (cli_take(argc, argv, &i, "--router", &router) < 0)
                return CLI_USAGE;
            /* a built-in policy is what the workload already measures (fcfs) */
            if (!(strncmp(router, "plugin:", 7) == 0 && router[7]) &&
                !(strncmp(router, "external:", 9) == 0 && router[9])) {
                fprintf(stderr,
                        "callsim: bench %s --router takes plugin:PATH.so or external:ADDRESS "
                        "(got '%s'); to compare policies: callsim bench --router %s SCENARIO\n",
                        argv[2],
                        router,
                        router);
                return CLI_USAGE;
            }
        } else if (a[0] == '-') {
            fprintf(stderr, "callsim: unknown bench option '%s' (see callsim bench --help)\n", a);
            return CLI_USAGE;
        } else if (!workload) {
            workload = a;
        } else {
            fprintf(stderr, "callsim: unexpected argument '%s'\n", a);
            return CLI_USAGE;
        }
    }
    if (!workload) {
        fprintf(stderr, "callsim: bench needs a workload: mmc or mmc-abandon\n");
        return CLI_USAGE;
    }
    if (strcmp(workload, "mmc") != 0 && strcmp(workload, "mmc-abandon") != 0) {
        fprintf(stderr, "callsim: unknown workload '%s' (mmc or mmc-abandon)\n", workload);
        return CLI_USAGE;
    }
    cs_err err;
    cs_err_clear(&err);
    cs_bench_result r;
    if (cs_bench_mmc(workload, (double)calls, (double)warmup, (uint64_t)seed, router, &r, &err) !=
        0) {
        fprintf(stderr, "callsim: %s\n", err.msg);
        return CLI_FAIL;
    }
    if (json) {
        printf("{\"workload\": \"%s\", \"calls\": %.0f, \"events\": %.0f, \"wall_s\": %.6f, "
               "\"calls_per_s\": %.1f, \"events_per_s\": %.1f, \"p_wait\": %.6f, "
               "\"mean_wait_s\": %.6f, \"abandon_rate\": %.6f}\n",
               r.workload,
               r.calls,
               r.events,
               r.wall_s,
               r.calls_per_s,
               r.events_per_s,
               r.p_wait,
               r.mean_wait_s,
               r.abandon_rate);
    } else {
        printf("workload      %s\n"
               "calls         %.0f (counted after warm-up)\n"
               "events        %.0f\n"
               "wall          %.3f s\n"
               "calls/s       %.3g\n"
               "events/s      %.3g\n"
               "p_wait        %.4f\n"
               "mean wait     %.3f s\n"
               "abandon rate  %.4f\n",
               r.workload,
               r.calls,
               r.events,
               r.wall_s,
               r.calls_per_s,
               r.events_per_s,
               r.p_wait,
               r.mean_wait_s,
               r.abandon_rate);
    }
    return CLI_OK;
}
