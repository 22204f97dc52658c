/* bench.h — the standard engine workloads behind `callsim bench`.
 * W2: M/M/c, c = 265, rho = 0.95, exponential handle, FIFO; W3: W2 plus exponential
 * patience with mean two service times. They are scenario texts run by the same loader,
 * engine, router and statistics as `callsim run`: no special-cased path. */
#ifndef CS_BENCH_H
#define CS_BENCH_H

#include "callsim/err.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct cs_bench_result {
    const char *workload;
    double calls;       /* attempts counted after the warm-up */
    double events;      /* events dispatched, warm-up included */
    double wall_s;      /* wall-clock seconds of the simulation (loading excluded) */
    double calls_per_s; /* counted calls / wall_s (warm-up time included: conservative) */
    double events_per_s;
    double p_wait;
    double mean_wait_s;
    double abandon_rate;
} cs_bench_result;

/* Runs workload "mmc" (W2) or "mmc-abandon" (W3) with `calls` counted calls after
 * `warmup_calls` (expected counts: the horizon is set from the arrival rate), seed `seed`,
 * one replication on the calling thread. `router` NULL routes with the built-in fcfs;
 * "plugin:PATH" or "external:ADDRESS" set routing.plugin or routing.external on the
 * model. Returns 0, CS_EINVAL for an unknown workload or router, or another status with
 * err set. */
int cs_bench_mmc(const char *workload,
                 double calls,
                 double warmup_calls,
                 uint64_t seed,
                 const char *router,
                 cs_bench_result *out,
                 cs_err *err);

/* The scenario text of a workload (for docs and tests). Returns owned text or NULL. */
char *
cs_bench_scenario_text(const char *workload, double calls, double warmup_calls, uint64_t seed);

#endif
