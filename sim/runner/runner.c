/* runner.c — replications on a pool of threads. A worker takes the next replication
 * index, runs it to the end with its own collector and stores the result in that index's
 * slot; nothing is shared between replications but the immutable model, so the merged
 * output cannot depend on the thread count or on scheduling.
 * Part of sim/runner. */
#include "callsim/runner.h"

#include "callsim/sim.h"
#include "core/clock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct job {
    const cs_model *m;
    const cs_run_opts *o;
    cs_rep_stats *out;       /* [reps] */
    cs_err *errs;            /* [reps] */
    int *status;             /* [reps] */
    atomic_int next;         /* next replication to start */
    atomic_int finished;     /* workers done */
    _Atomic(double) *done_s; /* [reps] simulated seconds done, for progress */
} job;

static int run_one(job *j, int rep)
{
    const cs_model *m = j->m;
    cs_err *err = &j->errs[rep];
    cs_sim *s = cs_sim_new(m, (unsigned)rep, err);
    if (!s)
        return err->code;
    cs_collector *c = cs_collector_new(m, cs_sim_agent_count(s), err);
    if (!c) {
        cs_sim_free(s);
        return err->code;
    }
    cs_observer obs = cs_collector_observer(c);
    int rc = cs_sim_observe(s, &obs, err);
    if (rc == 0 && j->o->time_decisions)
        rc = cs_sim_time_decisions(s, err);
    bool snap_pending = j->o->has_snapshot;
    /* Advance in slices so progress and Ctrl-C are seen; slices don't change results. */
    const int slices = 256;
    for (int k = 1; rc == 0 && k <= slices; k++) {
        double t = m->horizon_s * k / slices;
        if (snap_pending && j->o->snapshot_at_s <= t) {
            rc = cs_sim_advance_to(s, j->o->snapshot_at_s, err);
            cs_sim_snapshot(s, &j->out[rep].snapshot);
            snap_pending = false;
            if (rc != 0)
                break;
        }
        rc = cs_sim_advance_to(s, t, err);
        atomic_store(&j->done_s[rep], t);
        if (j->o->stop && *j->o->stop)
            rc = cs_err_set(err, CS_EINTR, "interrupted");
    }
    if (rc == 0) {
        cs_snapshot snap = j->out[rep].snapshot;
        cs_collector_finish(c, s, &j->out[rep]);
        if (j->o->has_snapshot) {
            j->out[rep].has_snapshot = true;
            j->out[rep].snapshot = snap;
        }
        cs_sim_decision_latency(s, &j->out[rep].latency);
    }
    cs_collector_free(c);
    cs_sim_free(s);
    return rc;
}

static void *worker(void *arg)
{
    job *j = arg;
    for (;;) {
        int rep = atomic_fetch_add(&j->next, 1);
        if (rep >= j->o->replications)
            break;
        if (j->o->stop && *j->o->stop) {
            j->status[rep] = cs_err_set(&j->errs[rep], CS_EINTR, "interrupted");
            continue;
        }
        j->status[rep] = run_one(j, rep);
    }
    atomic_fetch_add(&j->finished, 1);
    return NULL;
}

int cs_runner_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

cs_results *cs_run(const cs_model *m, const cs_run_opts *o, cs_err *err)
{
    int reps = o->replications;
    if (reps < 1) {
        cs_err_set(err, CS_EINVAL, "replications must be >= 1 (got %d)", reps);
        return NULL;
    }
    int threads = o->threads < 1 ? 1 : o->threads;
    if (threads > reps)
        threads = reps;
    double t0 = cs_clock_s();
    cs_results *res = calloc(1, sizeof *res);
    job j = {.m = m, .o = o};
    j.out = calloc((size_t)reps, sizeof *j.out);
    j.errs = calloc((size_t)reps, sizeof *j.errs);
    j.status = calloc((size_t)reps, sizeof *j.status);
    j.done_s = calloc((size_t)reps, sizeof *j.done_s);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    if (!res || !j.out || !j.errs || !j.status || !j.done_s || !tids) {
        cs_err_set(err, CS_ENOMEM, "out of memory");
        goto out_free;
    }
    atomic_init(&j.next, 0);
    atomic_init(&j.finished, 0);
    for (int r = 0; r < reps; r++)
        atomic_init(&j.done_s[r], 0.0);

    int started = 0;
    if (threads == 1 && !o->progress) {
        worker(&j); /* no pool needed: run on the caller's thread */
    } else {
        for (; started < threads; started++)
            if (pthread_create(&tids[started], NULL, worker, &j) != 0)
                break;
        if (started == 0) {
            worker(&j);
        } else {
            while (o->progress && atomic_load(&j.finished) < started) {
                double done = 0;
                for (int r = 0; r < reps; r++)
                    done += atomic_load(&j.done_s[r]);
                o->progress(o->progress_ud, done / ((double)reps * m->horizon_s));
                struct timespec ts = {0, 100 * 1000 * 1000};
                nanosleep(&ts, NULL);
            }
            for (int t = 0; t < started; t++)
                pthread_join(tids[t], NULL);
        }
    }
    /* The first failure in replication order decides, whatever thread saw it first. */
    for (int r = 0; r < reps; r++)
        if (j.status[r] != 0) {
            if (err)
                *err = j.errs[r];
            for (int q = 0; q < reps; q++)
                cs_rep_stats_fini(&j.out[q]);
            goto out_free;
        }
    if (o->progress)
        o->progress(o->progress_ud, 1.0);
    res->n = (size_t)reps;
    res->reps = j.out;
    res->wall_s = cs_clock_s() - t0;
    free(j.errs);
    free(j.status);
    free(j.done_s);
    free(tids);
    return res;
out_free:
    free(j.out);
    free(j.errs);
    free(j.status);
    free(j.done_s);
    free(tids);
    free(res);
    return NULL;
}

void cs_results_free(cs_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        cs_rep_stats_fini(&r->reps[i]);
    free(r->reps);
    free(r);
}
