/* collector.c — the statistics observer of one replication: counts attempts per
 * (interval, category) and integrates agent time per interval and per agent.
 * Part of sim/stats. It sees the model only through observer callbacks, so it costs the
 * simulation a few additions per event and never looks inside it. */
#include "callsim/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The counters of one (interval, category) while the replication runs; cs_collector_finish
 * turns them into a cs_cell. Integers where the cell has doubles (an increment is one
 * instruction, and every count below 2^53 is the same either way), and answered calls split
 * by whether they waited, so that a call answered at once costs two increments: its wait
 * adds nothing to the sums (x + 0 is x), "waited" and "within" follow from the split. What
 * every call touches fills 64 bytes; what few calls touch lies apart (rare_cell). */
typedef struct count_cell {
    uint64_t offered;
    uint64_t at_once;       /* answered without waiting */
    uint64_t waited;        /* answered after waiting (wait > 0) */
    double wait_sum_s;      /* answered or abandoned */
    double asa_sum_s;       /* answered */
    uint64_t waited_within; /* answered after waiting, wait <= targets.answer_within_s */
    uint64_t urgent;        /* answered, extra-urgent */
    int64_t max_queue;      /* calls of the category waiting at once, this interval */
} count_cell;

typedef struct rare_cell {
    uint64_t abandoned;
    uint64_t abandoned_waited; /* abandoned with wait > 0 */
    uint64_t redials;
    uint64_t reconnects;
} rare_cell;

/* Callbacks come with the simulation's clock, which never goes back. Everything a call
 * callback needs that depends only on the clock — the interval, its cells and agent time,
 * the day, whether the warm-up is over — is worked out once for an epoch that lasts until
 * next_s (the next interval, the next day or the warm-up's end, whichever comes first) and
 * read from here until then: one comparison per callback instead of two interval lookups
 * and a day computation. The fields read on every call come first. */
struct cs_collector {
    double next_s;       /* the epoch ends; -inf before the first callback */
    double book_end_s;   /* a talk from now ending by then lies within the current interval
                            and the horizon; -inf while the warm-up lasts */
    double count_from_s; /* an attempt arriving from then on is counted (after the warm-up)
                            and arrived in the current interval */
    count_cell *row;     /* [n_cat] the current interval's counters */
    cs_slot *slot;       /* the current interval's agent time */
    uint64_t *day_calls; /* [n_agents] calls per agent on the current day */
    cs_agent_total *agents;
    size_t n_agents;
    double warmup_s;
    double within_s;
    int64_t queue_total; /* calls waiting, all categories (kept with many only) */
    int64_t max_total;   /* the most of them at once in the current interval */
    int64_t queue[CS_MAX_CATEGORIES];
    double max_wait[CS_MAX_CATEGORIES]; /* of counted attempts that ended */
    /* the rest: set-up, epochs and the end */
    size_t n_int, n_cat, n_days;
    bool many; /* more than one category; with one, its queue is the whole queue */
    double interval_s, inv_interval, horizon_s, start_tod_s;
    size_t cur;          /* the current interval */
    double int_start_s;  /* the current interval's first instant */
    count_cell *counts;  /* [n_int * n_cat] row-major by interval */
    rare_cell *rares;    /* [n_int * n_cat] */
    int64_t *max_totals; /* [n_int] the most calls waiting at once per interval */
    uint64_t *days;      /* [(n_days + 1) * n_agents] calls per day and agent; the last row
                            counts the days beyond n_days */
    cs_cell *cells;      /* the output, filled at the end */
    cs_slot *slots;
    uint32_t *agent_day_calls;
    double *since;  /* [n_agents] time the agent entered its state */
    uint8_t *state; /* [n_agents] */
};

static inline size_t interval_of(const cs_collector *c, double t)
{
    double x = t * c->inv_interval;
    /* through int64: one instruction where a size_t conversion branches */
    size_t i = x > 0 ? (x < 0x1p62 ? (size_t)(int64_t)x : SIZE_MAX) : 0;
    return i < c->n_int ? i : c->n_int - 1;
}

/* The day of time t from the horizon's first midnight (n_days and beyond are not kept). */
static size_t day_of(const cs_collector *c, double t)
{
    double days = (t + c->start_tod_s) * (1.0 / 86400.0);
    return days > 0 ? (days < 0x1p62 ? (size_t)(int64_t)days : SIZE_MAX) : 0;
}

/* Doubles in their order as integers (-0 and +0 both 0), and back. */
static int64_t ordered(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u >> 63 ? -(int64_t)(u & ~(UINT64_C(1) << 63)) : (int64_t)u;
}

static double from_ordered(int64_t k)
{
    uint64_t u = k < 0 ? ((uint64_t)-k | UINT64_C(1) << 63) : (uint64_t)k;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* The first double t with f(t) >= k, for f nondecreasing, f(lo) < k and f(+inf) >= k: the
 * guess when it is the one (nearly always), otherwise by bisection over the doubles in
 * order. Exact whatever the rounding of f, which a formula such as k * interval_s is not. */
static double first_reaching(const cs_collector *c,
                             size_t (*f)(const cs_collector *, double),
                             size_t k,
                             double lo,
                             double guess)
{
    int64_t g = ordered(guess);
    if (guess > lo && f(c, guess) >= k && f(c, from_ordered(g - 1)) < k)
        return guess;
    int64_t a = ordered(lo), b = ordered(INFINITY);
    while ((uint64_t)b - (uint64_t)a > 1) {
        int64_t mid = a + (int64_t)(((uint64_t)b - (uint64_t)a) / 2);
        if (f(c, from_ordered(mid)) >= k)
            b = mid;
        else
            a = mid;
    }
    return from_ordered(b);
}

static size_t interval_fn(const cs_collector *c, double t)
{
    return interval_of(c, t);
}

/* Starts the epoch of `now`. Out of line: once an interval or a day, and its loops would
 * make every callback save registers. Before the queue changes in an interval, the interval
 * saw at least the length it started with; after, only a rise can set a new maximum. */
static __attribute__((noinline)) void new_epoch(cs_collector *c, double now)
{
    size_t k = interval_of(c, now);
    if (k != c->cur) {
        if (c->max_totals[c->cur] < c->max_total)
            c->max_totals[c->cur] = c->max_total;
        for (size_t j = c->cur + 1; j <= k; j++) {
            for (size_t cat = 0; cat < c->n_cat; cat++) {
                count_cell *x = &c->counts[j * c->n_cat + cat];
                if (x->max_queue < c->queue[cat])
                    x->max_queue = c->queue[cat];
            }
            if (c->max_totals[j] < c->queue_total)
                c->max_totals[j] = c->queue_total;
        }
        c->max_total = c->max_totals[k];
        c->cur = k;
        c->int_start_s =
            first_reaching(c, interval_fn, k, c->int_start_s, c->interval_s * (double)k);
    }
    c->row = &c->counts[k * c->n_cat];
    c->slot = &c->slots[k];
    double int_next =
        k + 1 < c->n_int
            ? first_reaching(c, interval_fn, k + 1, now, c->interval_s * (double)(k + 1))
            : INFINITY;
    /* what the talk of a call answered now must end by to be booked in this interval alone:
     * the horizon, and the end of the interval as add_agent_time computes it ((i + 1) *
     * interval_s, whatever rounding made of it) */
    double end = (double)(k + 1) * c->interval_s;
    bool warm = now >= c->warmup_s;
    c->book_end_s = !warm ? -INFINITY : c->horizon_s < end ? c->horizon_s : end;
    c->count_from_s = c->warmup_s > c->int_start_s ? c->warmup_s : c->int_start_s;

    size_t d = day_of(c, now);
    if (d > c->n_days)
        d = c->n_days;
    c->day_calls = &c->days[d * c->n_agents];
    double day_next =
        d < c->n_days
            ? first_reaching(c, day_of, d + 1, now, (double)(d + 1) * 86400.0 - c->start_tod_s)
            : INFINITY;

    double next = int_next < day_next ? int_next : day_next;
    if (!warm && c->warmup_s < next)
        next = c->warmup_s;
    c->next_s = next;
}

cs_collector *cs_collector_new(const cs_model *m, size_t n_agents, cs_err *err)
{
    cs_collector *c = calloc(1, sizeof *c);
    if (!c)
        goto out_nomem;
    c->n_int = cs_model_interval_count(m);
    c->n_cat = m->n_categories;
    c->many = c->n_cat > 1;
    c->n_agents = n_agents;
    c->n_days = m->demand.n_days ? m->demand.n_days : 1;
    c->interval_s = m->interval_s;
    c->inv_interval = 1.0 / m->interval_s;
    c->horizon_s = m->horizon_s;
    c->start_tod_s = m->start_tod_s;
    c->warmup_s = m->warmup_s;
    c->within_s = m->targets.answer_within_s;
    c->next_s = -INFINITY;
    c->book_end_s = -INFINITY;
    c->count_from_s = INFINITY;
    c->int_start_s = -INFINITY;
    size_t na = n_agents ? n_agents : 1;
    c->counts = calloc(c->n_int * c->n_cat, sizeof *c->counts);
    c->rares = calloc(c->n_int * c->n_cat, sizeof *c->rares);
    c->max_totals = calloc(c->n_int, sizeof *c->max_totals);
    c->days = calloc((c->n_days + 1) * na, sizeof *c->days);
    c->cells = calloc(c->n_int * c->n_cat, sizeof *c->cells);
    c->slots = calloc(c->n_int, sizeof *c->slots);
    c->agents = calloc(na, sizeof *c->agents);
    c->agent_day_calls = calloc(na * c->n_days, sizeof *c->agent_day_calls);
    c->since = calloc(na, sizeof *c->since);
    c->state = calloc(na, sizeof *c->state);
    if (!c->counts || !c->rares || !c->max_totals || !c->days || !c->cells || !c->slots ||
        !c->agents || !c->agent_day_calls || !c->since || !c->state) {
        cs_collector_free(c);
        goto out_nomem;
    }
    c->row = c->counts;
    c->slot = c->slots;
    c->day_calls = c->days;
    return c;
out_nomem:
    cs_err_set(err, CS_ENOMEM, "out of memory");
    return NULL;
}

void cs_collector_free(cs_collector *c)
{
    if (!c)
        return;
    free(c->counts);
    free(c->rares);
    free(c->max_totals);
    free(c->days);
    free(c->cells);
    free(c->slots);
    free(c->agents);
    free(c->agent_day_calls);
    free(c->since);
    free(c->state);
    free(c);
}

static void add_agent_time(cs_collector *c, uint32_t a, cs_agent_state st, double t0, double t1);

/* `many` is c->many, a constant where the callback is chosen by it (on_arrived_one). */
static inline void arrived_in_epoch(cs_collector *c, const cs_call_info *ci, bool many)
{
    uint32_t cat = many ? ci->category : 0;
    count_cell *x = &c->row[cat];
    int64_t q = ++c->queue[cat];
    if (x->max_queue < q)
        x->max_queue = q;
    if (many) {
        int64_t qt = ++c->queue_total;
        if (c->max_total < qt)
            c->max_total = qt;
    }
    if (ci->arrived_s < c->warmup_s)
        return;
    x->offered++;
    if (ci->attempt > 1) {
        rare_cell *r = &c->rares[c->cur * c->n_cat + cat];
        if (ci->reconnect)
            r->reconnects++;
        else
            r->redials++;
    }
}

static __attribute__((noinline)) void
arrived_new_epoch(cs_collector *c, double now, const cs_call_info *ci)
{
    new_epoch(c, now);
    arrived_in_epoch(c, ci, c->many);
}

static void on_arrived(void *ud, double now, const cs_call_info *ci)
{
    cs_collector *c = ud;
    if (now >= c->next_s) {
        arrived_new_epoch(c, now, ci);
        return;
    }
    arrived_in_epoch(c, ci, true);
}

/* One category (the benchmarks, a hotline modelled as one queue): the maxima of all
 * categories together are the category's own, taken at the end. */
static void on_arrived_one(void *ud, double now, const cs_call_info *ci)
{
    cs_collector *c = ud;
    if (now >= c->next_s) {
        arrived_new_epoch(c, now, ci);
        return;
    }
    arrived_in_epoch(c, ci, false);
}

/* Books an answered call's wait into its cell x. */
static inline void book_wait(cs_collector *c, count_cell *x, uint32_t cat, double w, bool urgent)
{
    if (w > 0) {
        if (w > c->max_wait[cat])
            c->max_wait[cat] = w;
        x->waited++;
        x->waited_within += w <= c->within_s;
        x->wait_sum_s += w;
        x->asa_sum_s += w;
    } else {
        x->at_once++;
    }
    x->urgent += urgent;
}

/* A call stops waiting at `now` (answered or abandoned), in whatever epoch. */
static inline void queue_leave(cs_collector *c, double now, uint32_t cat)
{
    if (now >= c->next_s)
        new_epoch(c, now);
    c->queue[cat]--;
    if (c->many)
        c->queue_total--;
}

/* An answered call, any case: the epoch of `now` may still have to start, the talk and the
 * write-up may cross intervals, the warm-up or the horizon, the call may have arrived in an
 * earlier interval. */
static __attribute__((noinline)) void
answered_general(cs_collector *c, double now, const cs_call_info *ci, uint32_t agent)
{
    uint32_t cat = ci->category;
    queue_leave(c, now, cat);
    if (agent < c->n_agents) {
        /* Talk and write-up are known now: book them at once (add_agent_time keeps the
         * part after the warm-up and before the horizon, whenever the call arrived), so
         * the per-call state changes of the agent need no bookkeeping. */
        double t1 = now + ci->talk_s;
        add_agent_time(c, agent, CS_AGENT_TALKING, now, t1);
        if (ci->wrapup_s > 0)
            add_agent_time(c, agent, CS_AGENT_AFTER_CALL, t1, t1 + ci->wrapup_s);
    }
    if (ci->arrived_s < c->warmup_s)
        return;
    double w = ci->wait_s;
    /* waits are never negative (the clock minus an arrival before it): a call that did not
     * wait arrived now, in the current interval */
    count_cell *x =
        w > 0 ? &c->counts[interval_of(c, ci->arrived_s) * c->n_cat + cat] : &c->row[cat];
    book_wait(c, x, cat, w, ci->urgent);
    if (agent < c->n_agents)
        c->day_calls[agent]++;
}

/* The usual answered call (nearly all): by a known agent, after the warm-up, talk and
 * write-up inside the current interval and the horizon, and the call arrived in this
 * interval. It books what answered_general would, in fewer steps, and calls nothing, so it
 * saves no registers. A talk ending before next_s implies that the epoch of `now` is on,
 * and that the write-up starts in the current interval (what add_agent_time books). */
static inline void
answered(cs_collector *c, double now, const cs_call_info *ci, uint32_t agent, bool many)
{
    /* Durations are never negative (the scenario's rules): t1 >= now, so t1 < next_s also
     * says that now is in the epoch, and a talk of length 0 adds +0, which changes no sum.
     * A finite book_end_s says the warm-up is over, so a call that did not wait (it arrived
     * now) passes the test of the arrival too. */
    double t1 = now + ci->talk_s;
    double t2 = t1 + ci->wrapup_s; /* >= t1: t2 <= book_end_s covers t1 */
    double w = ci->wait_s;
    if (!(t1 < c->next_s) || !(t2 <= c->book_end_s) || agent >= c->n_agents ||
        !(ci->arrived_s >= c->count_from_s)) {
        answered_general(c, now, ci, agent);
        return;
    }
    uint32_t cat = many ? ci->category : 0;
    c->queue[cat]--;
    if (many)
        c->queue_total--;
    cs_agent_total *g = &c->agents[agent];
    cs_slot *s = c->slot;
    double d = t1 - now;
    g->talk_s += d;
    s->talk_s += d;
    s->busy_s += d;
    if (t2 > t1) {
        double d2 = t2 - t1;
        g->after_call_s += d2;
        s->after_call_s += d2;
        s->busy_s += d2;
    }
    count_cell *x = &c->row[cat];
    book_wait(c, x, cat, w, ci->urgent);
    c->day_calls[agent]++;
}

static void on_answered(void *ud, double now, const cs_call_info *ci, uint32_t agent)
{
    answered(ud, now, ci, agent, true);
}

static void on_answered_one(void *ud, double now, const cs_call_info *ci, uint32_t agent)
{
    answered(ud, now, ci, agent, false);
}

static void on_abandoned(void *ud, double now, const cs_call_info *ci)
{
    cs_collector *c = ud;
    uint32_t cat = ci->category;
    queue_leave(c, now, cat);
    if (ci->arrived_s < c->warmup_s)
        return;
    double w = ci->wait_s;
    if (w > c->max_wait[cat])
        c->max_wait[cat] = w;
    size_t i = interval_of(c, ci->arrived_s) * c->n_cat + cat;
    c->rares[i].abandoned++;
    c->rares[i].abandoned_waited += w > 0;
    c->counts[i].wait_sum_s += w;
}

/* Adds the time agent a spends in state st over [t0, t1): the part after the warm-up and
 * before the horizon. Logged-in time is booked by logins and logouts, busy time by calls,
 * so a logged-in agent's time is the sum of its idle, talking and after-call time. */
static void add_agent_time(cs_collector *c, uint32_t a, cs_agent_state st, double t0, double t1)
{
    if (t0 < c->warmup_s)
        t0 = c->warmup_s;
    if (t1 > c->horizon_s)
        t1 = c->horizon_s;
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
                         .call_arrived = c->many ? on_arrived : on_arrived_one,
                         .call_answered = c->many ? on_answered : on_answered_one,
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
    /* queue maxima carried to the end's interval */
    if (end >= c->next_s)
        new_epoch(c, end);
    if (c->max_totals[c->cur] < c->max_total)
        c->max_totals[c->cur] = c->max_total;
    if (!c->many)
        for (size_t i = 0; i < c->n_int; i++)
            c->max_totals[i] = c->counts[i].max_queue;
    bool within_at_once = 0 <= c->within_s;
    for (size_t i = 0; i < c->n_int * c->n_cat; i++) {
        const count_cell *x = &c->counts[i];
        const rare_cell *r = &c->rares[i];
        c->cells[i] = (cs_cell){
            .offered = (double)x->offered,
            .answered = (double)(x->at_once + x->waited),
            .abandoned = (double)r->abandoned,
            .redials = (double)r->redials,
            .reconnects = (double)r->reconnects,
            .waited = (double)(x->waited + r->abandoned_waited),
            .within = (double)(x->waited_within + (within_at_once ? x->at_once : 0)),
            .urgent = (double)x->urgent,
            .wait_sum_s = x->wait_sum_s,
            .asa_sum_s = x->asa_sum_s,
            .max_queue = (double)x->max_queue,
        };
    }
    for (size_t i = 0; i < c->n_int; i++)
        c->slots[i].max_queue = (double)c->max_totals[i];
    /* calls per agent: over all days, those beyond n_days included */
    for (size_t a = 0; a < c->n_agents; a++) {
        uint64_t calls = 0;
        for (size_t d = 0; d <= c->n_days; d++) {
            uint64_t n = c->days[d * c->n_agents + a];
            calls += n;
            if (d < c->n_days)
                c->agent_day_calls[a * c->n_days + d] = (uint32_t)n;
        }
        c->agents[a].calls = (double)calls;
    }
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
