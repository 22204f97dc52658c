/* live.c — one replication stepped in bounded slices, with the history the charts need:
 * calls per reporting interval (an observer) and queue and staffing once a simulated
 * minute. Part of viz/; no drawing here. */
#include "viz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t interval_of(const viz_live *L, double t)
{
    size_t k = (size_t)(t / L->m->interval_s);
    return k < L->n_int ? k : L->n_int - 1;
}

static void on_arrived(void *ud, double now, const cs_call_info *c)
{
    (void)c;
    viz_live *L = ud;
    L->offered[interval_of(L, now)]++;
}

static void on_answered(void *ud, double now, const cs_call_info *c, uint32_t a)
{
    (void)a;
    viz_live *L = ud;
    size_t k = interval_of(L, now);
    L->answered[k]++;
    if (c->wait_s <= L->m->targets.answer_within_s)
        L->within[k]++;
}

static void on_abandoned(void *ud, double now, const cs_call_info *c)
{
    (void)c;
    viz_live *L = ud;
    L->abandoned[interval_of(L, now)]++;
}

int viz_live_init(viz_live *L, const cs_model *m, double speed, cs_err *err)
{
    memset(L, 0, sizeof *L);
    L->m = m;
    L->speed = speed;
    L->max_events_per_frame = 400000;
    L->n_int = cs_model_interval_count(m);
    L->n_min = (size_t)ceil(m->horizon_s / 60.0) + 1;
    L->offered = calloc(L->n_int, sizeof *L->offered);
    L->answered = calloc(L->n_int, sizeof *L->answered);
    L->abandoned = calloc(L->n_int, sizeof *L->abandoned);
    L->within = calloc(L->n_int, sizeof *L->within);
    L->queue = calloc(L->n_min, sizeof *L->queue);
    L->logged = calloc(L->n_min, sizeof *L->logged);
    if (!L->offered || !L->answered || !L->abandoned || !L->within || !L->queue || !L->logged) {
        viz_live_fini(L);
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    }
    L->s = cs_sim_new(m, 0, err);
    if (!L->s) {
        viz_live_fini(L);
        return err ? err->code : CS_ENOMEM;
    }
    cs_observer o = {.ud = L,
                     .call_arrived = on_arrived,
                     .call_answered = on_answered,
                     .call_abandoned = on_abandoned};
    int rc = cs_sim_observe(L->s, &o, err);
    if (rc != 0)
        viz_live_fini(L);
    return rc;
}

void viz_live_fini(viz_live *L)
{
    cs_sim_free(L->s);
    free(L->offered);
    free(L->answered);
    free(L->abandoned);
    free(L->within);
    free(L->queue);
    free(L->logged);
    memset(L, 0, sizeof *L);
}

int viz_live_advance(viz_live *L, double t, uint64_t max_events, cs_err *err)
{
    if (t > L->m->horizon_s)
        t = L->m->horizon_s;
    uint64_t ev0 = cs_sim_event_count(L->s);
    while (cs_sim_now(L->s) < t) {
        /* minute by minute, so the charts get their samples at the minute's end */
        double next = (floor(cs_sim_now(L->s) / 60.0) + 1) * 60.0;
        if (next > t)
            next = t;
        int rc = cs_sim_advance_to(L->s, next, err);
        if (rc != 0)
            return rc;
        size_t minute = (size_t)(cs_sim_now(L->s) / 60.0);
        if (minute > L->sampled && minute <= L->n_min) {
            cs_snapshot sn;
            cs_sim_snapshot(L->s, &sn);
            for (size_t i = L->sampled; i < minute; i++) {
                L->queue[i] = (float)sn.waiting;
                L->logged[i] = (float)sn.logged_in;
            }
            L->sampled = minute;
        }
        if (max_events && cs_sim_event_count(L->s) - ev0 >= max_events)
            break; /* behind the wall clock: the view slows rather than stalls */
        if (cs_sim_is_done(L->s))
            break;
    }
    return 0;
}

int viz_live_frame(viz_live *L, double wall_dt, cs_err *err)
{
    if (L->paused || cs_sim_is_done(L->s))
        return 0;
    if (wall_dt > 0.1)
        wall_dt = 0.1;
    if (wall_dt < 0)
        wall_dt = 0;
    return viz_live_advance(L, cs_sim_now(L->s) + L->speed * wall_dt, L->max_events_per_frame, err);
}

void viz_live_today(const viz_live *L, viz_today *out)
{
    memset(out, 0, sizeof *out);
    double now = cs_sim_now(L->s);
    out->day = cs_model_day_of(L->m, now);
    /* the day's first interval: day d starts at d * 86400 - start_tod_s */
    double day0 = (double)out->day * 86400.0 - L->m->start_tod_s;
    size_t k0 = day0 > 0 ? (size_t)(day0 / L->m->interval_s + 1e-9) : 0;
    size_t k1 = interval_of(L, now);
    for (size_t k = k0; k <= k1 && k < L->n_int; k++) {
        out->offered += L->offered[k];
        out->answered += L->answered[k];
        out->abandoned += L->abandoned[k];
        out->within += L->within[k];
    }
    uint64_t ended = out->answered + out->abandoned;
    out->service_level = ended ? (double)out->within / (double)ended : -1;
    out->abandon_rate = ended ? (double)out->abandoned / (double)ended : -1;
}
