/* collector.c — the statistics observer of one replication: counts attempts per
 * (interval, category) and integrates agent time per interval and per agent.
 * Part of sim/stats. It sees the model only through observer callbacks, so it costs the
 * simulation a few additions per event and never looks inside it. */
#include "callsim/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct cs_collector {
    const cs_model *m;
    size_t n_int, n_cat, n_agents, n_days;
    double interval_s, inv_interval, warmup_s, within_s;
    cs_cell *cells;
    cs_slot *slots;
    cs_agent_total *agents;
    uint32_t *agent_day_calls;
    double *since;  /* [n_agents] time the agent entered its state */
    uint8_t *state; /* [n_agents] */
    int queue[CS_MAX_CATEGORIES];
    size_t queue_seen[CS_MAX_CATEGORIES]; /* last interval whose max reflects the queue */
    int queue_total;
    size_t total_seen;
    double max_wait[CS_MAX_CATEGORIES]; /* of counted attempts that ended */
};

static inline size_t interval_of(const cs_collector *c, double t)
{
    double x = t * c->inv_interval;
    /* through int64: one instruction where a size_t conversion branches */
    size_t i = x > 0 ? (x < 0x1p62 ? (size_t)(int64_t)x : SIZE_MAX) : 0;
    return i < c->n_int ? i : c->n_int - 1;
}

static inline cs_cell *cell(cs_collector *c, size_t interval, size_t cat)
{
    return &c->cells[interval * c->n_cat + cat];
}

cs_collector *cs_collector_new(const cs_model *m, size_t n_agents, cs_err *err)
{
    cs_collector *c = calloc(1, sizeof *c);
    if (!c)
        goto out_nomem;
    c->m = m;
    c->n_int = cs_model_interval_count(m);
    c->n_cat = m->n_categories;
    c->n_agents = n_agents;
    c->n_days = m->demand.n_days ? m->demand.n_days : 1;
    c->interval_s = m->interval_s;
    c->inv_interval = 1.0 / m->interval_s;
    c->warmup_s = m->warmup_s;
    c->within_s = m->targets.answer_within_s;
    c->cells = calloc(c->n_int * c->n_cat, sizeof *c->cells);
    c->slots = calloc(c->n_int, sizeof *c->slots);
    c->agents = calloc(n_agents ? n_agents : 1, sizeof *c->agents);
    c->agent_day_calls = calloc((n_agents ? n_agents : 1) * c->n_days, sizeof *c->agent_day_calls);
    c->since = calloc(n_agents ? n_agents : 1, sizeof *c->since);
    c->state = calloc(n_agents ? n_agents : 1, sizeof *c->state);
    if (!c->cells || !c->slots || !c->agents || !c->agent_day_calls || !c->since || !c->state) {
        cs_collector_free(c);
        goto out_nomem;
    }
    return c;
out_nomem:
    cs_err_set(err, CS_ENOMEM, "out of memory");
    return NULL;
}

void cs_collector_free(cs_collector *c)
{
    if (!c)
        return;
    free(c->cells);
    free(c->slots);
    free(c->agents);
    free(c->agent_day_calls);
    free(c->since);
    free(c->state);
    free(c);
}

/* Queue-length maxima (out of line: once an interval, and it would make every callback
 * save registers for its loops). Before the length changes in interval i, every interval since the
 * last change saw at least the current length; after, only a rise can set a new maximum. */
static __attribute__((noinline)) void queue_carry(cs_collector *c, size_t cat, size_t i)
{
    for (size_t j = c->queue_seen[cat] + 1; j <= i; j++)
        if (cell(c, j, cat)->max_queue < c->queue[cat])
            cell(c, j, cat)->max_queue = c->queue[cat];
    c->queue_seen[cat] = i;
    for (size_t j = c->total_seen + 1; j <= i; j++)
        if (c->slots[j].max_queue < c->queue_total)
            c->slots[j].max_queue = c->queue_total;
    c->total_seen = i;
}

static inline void queue_change(cs_collector *c, size_t cat, size_t i, int delta)
{
    if (i != c->queue_seen[cat] || i != c->total_seen)
        queue_carry(c, cat, i);
    c->queue[cat] += delta;
    c->queue_total += delta;
    if (delta > 0) {
        cs_cell *x = cell(c, i, cat);
        if (x->max_queue < c->queue[cat])
            x->max_queue = c->queue[cat];
        if (c->slots[i].max_queue < c->queue_total)
            c->slots[i].max_queue = c->queue_total;
    }
}

static void add_agent_time(cs_collector *c, uint32_t a, cs_agent_state st, double t0, double t1);

static void on_arrived(void *ud, double now, const cs_call_info *ci)
{
    cs_collector *c = ud;
    size_t i = interval_of(c, now);
    queue_change(c, ci->category, i, +1);
    if (ci->arrived_s < c->warmup_s)
        return;
    cs_cell *x = cell(c, i, ci->category);
    x->offered++;
    if (ci->attempt > 1) {
        if (ci->reconnect)
            x->reconnects++;
        else
            x->redials++;
    }
}

static void on_answered(void *ud, double now, const cs_call_info *ci, uint32_t agent)
{
    cs_collector *c = ud;
    size_t i_now = interval_of(c, now);
    queue_change(c, ci->category, i_now, -1);
    if (agent < c->n_agents) {
        /* Talk and write-up are known now: book them at once (add_agent_time keeps the
         * part after the warm-up and before the horizon, whenever the call arrived), so
         * the per-call state changes of the agent need no bookkeeping. */
        double t1 = now + ci->talk_s;
        if (now >= c->warmup_s && t1 > now && t1 <= c->m->horizon_s &&
            t1 <= (double)(i_now + 1) * c->interval_s) {
            /* the usual talk, inside one interval: what add_agent_time books, directly */
            double d = t1 - now;
            c->agents[agent].talk_s += d;
            c->slots[i_now].talk_s += d;
            c->slots[i_now].busy_s += d;
        } else {
            add_agent_time(c, agent, CS_AGENT_TALKING, now, t1);
        }
        if (ci->wrapup_s > 0)
            add_agent_time(c, agent, CS_AGENT_AFTER_CALL, t1, t1 + ci->wrapup_s);
    }
    if (ci->arrived_s < c->warmup_s)
        return;
    if (ci->wait_s > c->max_wait[ci->category])
        c->max_wait[ci->category] = ci->wait_s;
    /* most calls are answered at once: no second lookup */
    size_t i_arr = ci->wait_s == 0 ? i_now : interval_of(c, ci->arrived_s);
    cs_cell *x = cell(c, i_arr, ci->category);
    x->answered++;
    x->waited += ci->wait_s > 0;
    x->within += ci->wait_s <= c->within_s;
    x->urgent += ci->urgent;
    x->wait_sum_s += ci->wait_s;
    x->asa_sum_s += ci->wait_s;
    if (agent < c->n_agents) {
        c->agents[agent].calls++;
        double days = (now + c->m->start_tod_s) * (1.0 / 86400.0);
        size_t day = days > 0 ? (days < 0x1p62 ? (size_t)(int64_t)days : SIZE_MAX) : 0;
        if (day < c->n_days)
            c->agent_day_calls[(size_t)agent * c->n_days + day]++;
    }
}

static void on_abandoned(void *ud, double now, const cs_call_info *ci)
{
    cs_collector *c = ud;
    queue_change(c, ci->category, interval_of(c, now), -1);
    if (ci->arrived_s < c->warmup_s)
        return;
    if (ci->wait_s > c->max_wait[ci->category])
        c->max_wait[ci->category] = ci->wait_s;
    cs_cell *x = cell(c, interval_of(c, ci->arrived_s), ci->category);
    x->abandoned++;
    x->waited += ci->wait_s > 0;
    x->wait_sum_s += ci->wait_s;
}

/* Adds the time agent a spends in state st over [t0, t1): the part after the warm-up and
 * before the horizon. Logged-in time is booked by logins and logouts, busy time by calls,
 * so a logged-in agent's time is the sum of its idle, talking and after-call time. */
static void add_agent_time(cs_collector *c, uint32_t a, cs_agent_state st, double t0, double t1)
{
    if (t0 < c->warmup_s)
        t0 = c->warmup_s;
    if (t1 > c->m->horizon_s)
        t1 = c->m->horizon_s;
    if (!(t1 > t0))
        return;
    cs_agent_total *g = &c->agents[a];
    double d = t1 - t0;
    if (st == CS_AGENT_TALKING)
        g->talk_s += d;
    else if (st == CS_AGENT_AFTER_CALL)
        g->after_call_s += d;
    else if (st == CS_AGENT_ON_BREAK)
        g->break_s += d;
    else
        g->logged_in_s += d;
    for (size_t i = interval_of(c, t0); t0 < t1 && i < c->n_int; i++) {
        double end = (double)(i + 1) * c->interval_s;
        double e = t1 < end ? t1 : end;
        double dt = e - t0;
        cs_slot *s = &c->slots[i];
        if (st == CS_AGENT_TALKING) {
            s->talk_s += dt;
            s->busy_s += dt;
        } else if (st == CS_AGENT_AFTER_CALL) {
            s->after_call_s += dt;
            s->busy_s += dt;
        } else if (st == CS_AGENT_ON_BREAK) {
            s->break_s += dt;
        } else {
            s->logged_in_s += dt;
        }
        t0 = e;
    }
}

static bool is_logged_in(cs_agent_state s)
{
    return s == CS_AGENT_IDLE || s == CS_AGENT_TALKING || s == CS_AGENT_AFTER_CALL;
}

/* Tracks logged-in and break periods only: the simulation does not call it for moves
 * between idle, talking and after-call work (logins_only), which calls book themselves. */
static void on_agent(void *ud, double now, uint32_t a, cs_agent_state from, cs_agent_state to)
{
    cs_collector *c = ud;
    bool was = is_logged_in(from), is = is_logged_in(to);
    if ((was && is) || a >= c->n_agents)
        return;
    if (was)
        add_agent_time(c, a, CS_AGENT_IDLE, c->since[a], now);
    else if (from == CS_AGENT_ON_BREAK)
        add_agent_time(c, a, CS_AGENT_ON_BREAK, c->since[a], now);
    c->since[a] = now;
    c->state[a] = (uint8_t)(is ? CS_AGENT_IDLE : to);
}

cs_observer cs_collector_observer(cs_collector *c)
{
    return (cs_observer){.ud = c,
                         .call_arrived = on_arrived,
                         .call_answered = on_answered,
                         .call_abandoned = on_abandoned,
                         .call_done = NULL,
                         .agent_changed = on_agent,
                         .logins_only = true};
}

void cs_collector_finish(cs_collector *c, const cs_sim *s, cs_rep_stats *out)
{
    double end = cs_sim_now(s);
    for (uint32_t a = 0; a < c->n_agents; a++)
        if (c->state[a] == CS_AGENT_IDLE || c->state[a] == CS_AGENT_ON_BREAK)
            add_agent_time(c, a, (cs_agent_state)c->state[a], c->since[a], end);
    for (size_t k = 0; k < c->n_cat; k++)
        queue_carry(c, k, interval_of(c, end));
    memset(out, 0, sizeof *out);
    out->n_intervals = c->n_int;
    out->n_categories = c->n_cat;
    out->n_agents = c->n_agents;
    out->n_days = c->n_days;
    out->cells = c->cells;
    out->slots = c->slots;
    out->agents = c->agents;
    out->agent_day_calls = c->agent_day_calls;
    c->cells = NULL;
    c->slots = NULL;
    c->agents = NULL;
    c->agent_day_calls = NULL;
    double unfinished = 0;
    for (size_t i = 0; i < out->n_intervals * out->n_categories; i++)
        unfinished += out->cells[i].offered - out->cells[i].answered - out->cells[i].abandoned;
    out->unfinished = unfinished;
    out->events = cs_sim_event_count(s);
    memcpy(out->max_wait_s, c->max_wait, sizeof out->max_wait_s);
    cs_sim_route_stats(s, &out->route);
}

void cs_rep_stats_fini(cs_rep_stats *r)
{
    if (!r)
        return;
    free(r->cells);
    free(r->slots);
    free(r->agents);
    free(r->agent_day_calls);
    memset(r, 0, sizeof *r);
}
