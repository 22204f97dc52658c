/* callsim/runner.h — replications of a model on a thread pool. Each replication is
 * seeded from (model seed, replication index) only, and results are kept in replication
 * order, so the output is identical for any thread count. */
#ifndef CALLSIM_RUNNER_H
#define CALLSIM_RUNNER_H

#include "callsim/err.h"
#include "callsim/model.h"
#include "callsim/stats.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct cs_run_opts {
    int replications;     /* >= 1 (the CLI fills it from --reps or the model) */
    int threads;          /* >= 1; more than replications is fine */
    bool has_snapshot;    /* record the state at snapshot_at_s in every replication */
    double snapshot_at_s; /* horizon seconds */
    /* Called from the calling thread about ten times a second while replications run,
     * with the fraction of simulated time done over all replications. May be NULL. */
    void (*progress)(void *ud, double fraction);
    void *progress_ud;
    /* Set to nonzero (e.g. by a signal handler) to stop early: cs_run returns CS_EINTR. */
    volatile sig_atomic_t *stop;
    /* Time every decide() call of the router into cs_rep_stats.latency (`callsim bench`);
     * off, a run pays nothing for it. */
    bool time_decisions;
} cs_run_opts;

/* The measurements of every replication. */
typedef struct cs_results {
    size_t n;           /* replications */
    cs_rep_stats *reps; /* [n], in replication order */
    double wall_s;      /* wall-clock seconds of the whole run */
} cs_results;

/* Runs opts->replications replications of `m` (borrowed). Returns owned results
 * (cs_results_free) or NULL with err set: CS_EROUTER, CS_ENOMEM, CS_EINTR. */
cs_results *cs_run(const cs_model *m, const cs_run_opts *opts, cs_err *err);
void cs_results_free(cs_results *r);

/* Number of online processors (>= 1): the default thread count. */
int cs_runner_default_threads(void);

#endif
