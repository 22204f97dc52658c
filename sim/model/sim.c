/* sim.c — one replication of the hotline: callers arrive, wait, hang up and call again;
 * agents log in for shifts, take calls the router gives them, write up tickets, take
 * breaks and leave; seats cap who can be on the phones.
 * Part of sim/model. Entities live in arrays and are named by index; calls come from a
 * free list that only grows, so the steady state allocates nothing. Everything random
 * about a caller is drawn when the attempt arrives, from streams per (category, purpose),
 * so two configurations with one seed see the same callers. */
#include "callsim/sim.h"

#include "callsim/router_load.h"

#include "core/calendar.h"
#include "core/grow.h"
#include "core/rng.h"
#include "model/model_int.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    EV_ARRIVAL,     /* idx: category — a fresh call */
    EV_RETRIAL,     /* idx: call — a redial or reconnect attempt */
    EV_PATIENCE,    /* idx: call, gen — the caller's patience runs out */
    EV_TALK_END,    /* idx: agent */
    EV_WRAPUP_END,  /* idx: agent */
    EV_SHIFT_START, /* idx: agent — a working period starts */
    EV_SHIFT_END,   /* idx: agent, gen */
    EV_BREAK_START, /* idx: agent, gen, aux: break index */
    EV_BREAK_END,   /* idx: agent, gen */
    EV_TICK,        /* the router's periodic tick */
    EV_LIVE_CALL,   /* idx: live surge * categories + category, aux: copy (live_arrival) */
};

/* Purposes of random streams, per category. */
enum { P_ARRIVAL, P_HANDLE, P_WRAPUP, P_PATIENCE, P_DECIDE, P_RETRIAL, P_COUNT };

enum { C_FREE, C_WAITING, C_TALKING, C_WRAPUP, C_RETRY };

/* agent.shift for agents that are not members of a daily shift */
enum { SHIFT_CONSTANT = -1, SHIFT_RECALL = -2, SHIFT_SCHEDULE = -3 };

#define NIL UINT32_MAX

typedef struct call {
    double arrived;     /* arrival of the current attempt */
    double talk_s;      /* drawn at arrival */
    double wrapup_s;    /* drawn at arrival */
    double patience_s;  /* drawn at arrival; +inf: never hangs up */
    double u_redial;    /* uniform for the redial decision */
    double u_reconnect; /* uniform for the reconnect decision */
    double answered;    /* when the current attempt was answered (valid while in service) */
    uint32_t cat;
    uint32_t attempt; /* 1 fresh */
    uint32_t gen;     /* bumped when answered or abandoned: stale patience timers */
    uint32_t agent;
    uint32_t next_free;
    uint8_t state;
    bool reconnect;
    bool urgent;
} call;

typedef struct agent {
    uint64_t skills;
    double period_end;      /* end of the current shift or recall period (+inf: never) */
    double pending_break_s; /* > 0: a break waits for the current call and write-up */
    uint64_t seat_ticket;   /* matches the agent's live entry in the seat queue */
    uint32_t gen;           /* bumped at logout: cancels the period's pending events */
    uint32_t call;
    int32_t seat;   /* -1: holds none */
    int32_t shift;  /* shift index; -1 constant staffing; -2 recall */
    int32_t member; /* index within the shift (break waves, day counts) */
    int32_t day;    /* day of the current or next shift instance (-1 ..) */
    uint8_t state;  /* cs_agent_state */
    bool pending_logout;
} agent;

typedef struct seat_entry {
    uint32_t agent;
    uint64_t ticket;
} seat_entry;

struct cs_sim {
    const cs_model *m;
    unsigned rep;
    cs_calendar cal;
    double now;
    bool done;
    uint64_t events;

    csi_demand demand;
    csi_arrivals *arr; /* [n_categories] */
    gsl_rng **rng;     /* [n_categories * P_COUNT] */

    call *calls;
    uint32_t n_calls; /* slots in use or freed */
    uint32_t cap_calls;
    uint32_t free_call;
    uint64_t in_system; /* attempts waiting, talking or in after-call work */
    int waiting[CS_MAX_CATEGORIES];
    uint32_t *fresh; /* calls that started waiting this instant: patience timer pending */
    size_t n_fresh, cap_fresh;

    agent *agents;
    uint32_t n_agents;
    int state_count[CS_AGENT_STATE_COUNT];
    int seats_used;
    int32_t *free_seats; /* stack of free seat indices */
    int n_free_seats;
    seat_entry *seatq; /* ring buffer of agents waiting for a seat */
    size_t sq_head, sq_len, sq_cap;
    uint64_t next_ticket;

    const cs_router_vtable *vt;
    void *router;
    int32_t *host_priority;
    uint32_t *host_skill;
    cs_assignment *dec;
    size_t dec_cap;
    bool dirty; /* the router has seen events since it last decided */
    cs_route_stats rs;
    cs_plugin *plugin;          /* routing.plugin, or NULL */
    bool external;              /* routing.external: the router is the protocol client */
    const cs_router_vtable *fb; /* the fallback policy */
    cs_router_host host;        /* what routers are created with (the fallback too) */
    uint64_t errors_seen;       /* rs.router_errors when the router last decided */
    struct fb_key *fb_keys;     /* scratch of the fallback */
    double *idle_since;         /* [n_agents] when each last became idle: the fallback's order */
    size_t fb_cap;
    double tick_s;   /* > 0: the router gets tick() every tick_s */
    cs_latency *lat; /* non-NULL: decide() is timed */

    cs_observer obs[8];
    int n_obs;
    bool listen_done;  /* some observer wants call_done */
    bool listen_moves; /* some observer wants agent moves between idle, talking, after-call */

    struct live_surge *live; /* [n_live] surges injected by the live view */
    size_t n_live;
};

#define NOTIFY(s, cb, ...)                                                                         \
    do {                                                                                           \
        for (int i_ = 0; i_ < (s)->n_obs; i_++)                                                    \
            if ((s)->obs[i_].cb)                                                                   \
                (s)->obs[i_].cb((s)->obs[i_].ud, __VA_ARGS__);                                     \
    } while (0)

static const char *const state_names[CS_AGENT_STATE_COUNT] = {
    "off", "seat_wait", "idle", "talking", "after_call", "on_break"};

const char *cs_agent_state_name(cs_agent_state s)
{
    return (unsigned)s < CS_AGENT_STATE_COUNT ? state_names[s] : "unknown";
}

static void live_arrival(cs_sim *s, const cs_event *e);
static void live_free(cs_sim *s);

static inline gsl_rng *stream(cs_sim *s, uint32_t cat, int purpose)
{
    return s->rng[cat * P_COUNT + (uint32_t)purpose];
}

/* Schedules an event; memory exhaustion here is unrecoverable mid-replication. */
static void schedule(cs_sim *s, double t, uint16_t kind, uint32_t idx, uint32_t gen, uint16_t aux)
{
    int rc = cs_calendar_push(&s->cal, t, kind, idx, gen, aux);
    cs_assert(rc == 0);
}

/* ---- calls ---- */

static uint32_t call_alloc(cs_sim *s)
{
    if (s->free_call != NIL) {
        uint32_t id = s->free_call;
        s->free_call = s->calls[id].next_free;
        return id;
    }
    if (s->n_calls == s->cap_calls) {
        uint32_t cap = s->cap_calls * 2;
        call *c = realloc(s->calls, (size_t)cap * sizeof *c);
        cs_assert(c != NULL);
        s->calls = c;
        s->cap_calls = cap;
    }
    uint32_t id = s->n_calls++;
    s->calls[id].gen = 0;
    return id;
}

static void call_free(cs_sim *s, uint32_t id)
{
    s->calls[id].state = C_FREE;
    s->calls[id].next_free = s->free_call;
    s->free_call = id;
}

static cs_call_info call_info(const cs_sim *s, uint32_t id)
{
    const call *c = &s->calls[id];
    return (cs_call_info){.id = id,
                          .category = c->cat,
                          .attempt = c->attempt,
                          .reconnect = c->reconnect,
                          .urgent = c->urgent,
                          .arrived_s = c->arrived,
                          .wait_s = s->now - c->arrived,
                          .talk_s = c->talk_s,
                          .wrapup_s = c->wrapup_s};
}

/* Draws everything about an attempt of category `cat` (fresh calls: one stream per
 * purpose; retrials: all from P_RETRIAL, so a retrial never shifts the draws of fresh
 * callers; `own` non-NULL: all from it — calls of a surge injected live, which must not
 * shift the scenario's callers either). */
static inline void call_draw(cs_sim *s, uint32_t id, bool retrial, gsl_rng *own)
{
    call *c = &s->calls[id];
    const cs_category *k = &s->m->categories[c->cat];
    gsl_rng *rh = own ? own : stream(s, c->cat, retrial ? P_RETRIAL : P_HANDLE);
    gsl_rng *rw = own ? own : stream(s, c->cat, retrial ? P_RETRIAL : P_WRAPUP);
    gsl_rng *rp = own ? own : stream(s, c->cat, retrial ? P_RETRIAL : P_PATIENCE);
    gsl_rng *rd = own ? own : stream(s, c->cat, retrial ? P_RETRIAL : P_DECIDE);
    c->talk_s = csi_dist_sample(&k->handle, rh);
    c->wrapup_s = k->wrapup.kind == CS_DIST_NONE ? 0.0 : csi_dist_sample(&k->wrapup, rw);
    c->patience_s = k->patience.kind == CS_DIST_NONE ? INFINITY : csi_dist_sample(&k->patience, rp);
    c->u_redial = k->redial_p > 0 ? cs_rng_uniform(rd) : 1.0;
    c->u_reconnect = k->reconnect_p > 0 ? cs_rng_uniform(rd) : 1.0;
    c->urgent = k->urgent_share > 0 && cs_rng_uniform(rd) < k->urgent_share;
}

/* The call as routers see it. */
static cs_router_call router_call(const cs_sim *s, uint32_t id)
{
    const call *c = &s->calls[id];
    const cs_category *k = &s->m->categories[c->cat];
    return (cs_router_call){.id = id,
                            .category = c->cat,
                            .priority = k->priority,
                            .skill = (uint32_t)k->skill,
                            .attempt = c->attempt,
                            .arrived_s = c->arrived};
}

static inline void call_enter(cs_sim *s, uint32_t id)
{
    call *c = &s->calls[id];
    c->state = C_WAITING;
    c->arrived = s->now;
    s->waiting[c->cat]++;
    s->in_system++;
    cs_call_info info = call_info(s, id);
    NOTIFY(s, call_arrived, s->now, &info);
    cs_router_call rc = router_call(s, id);
    if (s->vt->call_arrived(s->router, s->now, &rc) < 0)
        s->rs.router_errors++;
    s->dirty = true;
    /* The patience timer is armed after the router decided, and only if the caller still
     * waits: most callers in a staffed hotline never need one. */
    if (isfinite(c->patience_s)) {
        if (s->n_fresh == s->cap_fresh) {
            size_t cap = s->cap_fresh * 2;
            uint32_t *f = realloc(s->fresh, cap * sizeof *f);
            cs_assert(f != NULL);
            s->fresh = f;
            s->cap_fresh = cap;
        }
        s->fresh[s->n_fresh++] = id;
    }
}

/* ---- agents and seats ---- */

static bool in_service(cs_agent_state st)
{
    /* idle, talking and after-call work are consecutive states */
    return (unsigned)st - CS_AGENT_IDLE <= CS_AGENT_AFTER_CALL - CS_AGENT_IDLE;
}

static void agent_notify(cs_sim *s, uint32_t a, cs_agent_state from, cs_agent_state to)
{
    bool move = in_service(from) && in_service(to);
    for (int i = 0; i < s->n_obs; i++)
        if (s->obs[i].agent_changed && !(move && s->obs[i].logins_only))
            s->obs[i].agent_changed(s->obs[i].ud, s->now, a, from, to);
}

/* Inline: at most call sites `to` is a constant, and a move within service (twice a call)
 * then costs a test unless some observer wants it. */
static inline void agent_set_state(cs_sim *s, uint32_t a, cs_agent_state to)
{
    agent *g = &s->agents[a];
    cs_agent_state from = (cs_agent_state)g->state;
    s->state_count[from]--;
    s->state_count[to]++;
    g->state = (uint8_t)to;
    if (s->listen_moves || !(in_service(from) && in_service(to)))
        agent_notify(s, a, from, to);
}

static inline void agent_become_idle(cs_sim *s, uint32_t a)
{
    agent_set_state(s, a, CS_AGENT_IDLE);
    s->idle_since[a] = s->now;
    cs_router_agent ra = {.id = a, .skills = s->agents[a].skills, .idle_since = s->now};
    if (s->vt->agent_ready(s->router, s->now, &ra) < 0)
        s->rs.router_errors++;
    s->dirty = true;
}

static void seat_take(cs_sim *s, uint32_t a)
{
    cs_assert(s->n_free_seats > 0);
    s->agents[a].seat = s->free_seats[--s->n_free_seats];
    s->seats_used++;
}

/* An agent on shift asks for a seat: logs in now, or waits for one. */
static void agent_login(cs_sim *s, uint32_t a)
{
    if (s->seats_used < s->m->supply.seats) {
        seat_take(s, a);
        agent_become_idle(s, a);
        return;
    }
    agent_set_state(s, a, CS_AGENT_SEAT_WAIT);
    if (s->sq_len == s->sq_cap) {
        size_t cap = s->sq_cap * 2;
        seat_entry *q = malloc(cap * sizeof *q);
        cs_assert(q != NULL);
        for (size_t i = 0; i < s->sq_len; i++)
            q[i] = s->seatq[(s->sq_head + i) % s->sq_cap];
        free(s->seatq);
        s->seatq = q;
        s->sq_head = 0;
        s->sq_cap = cap;
    }
    s->agents[a].seat_ticket = ++s->next_ticket;
    s->seatq[(s->sq_head + s->sq_len++) % s->sq_cap] =
        (seat_entry){.agent = a, .ticket = s->agents[a].seat_ticket};
}

/* The agent leaves the phones (break or logout) into state `to`: tells the router, frees
 * the seat and only then gives it to the longest-waiting agent without one, so the seats
 * are never over-subscribed, not even for an instant. */
static void agent_leave_phones(cs_sim *s, uint32_t a, cs_router_away why, cs_agent_state to)
{
    agent *g = &s->agents[a];
    if (s->vt->agent_away(s->router, s->now, a, why) < 0)
        s->rs.router_errors++;
    s->dirty = true;
    cs_assert(g->seat >= 0);
    s->free_seats[s->n_free_seats++] = g->seat;
    g->seat = -1;
    s->seats_used--;
    agent_set_state(s, a, to);
    while (s->sq_len > 0) {
        seat_entry e = s->seatq[s->sq_head];
        s->sq_head = (s->sq_head + 1) % s->sq_cap;
        s->sq_len--;
        agent *w = &s->agents[e.agent];
        if (w->state == CS_AGENT_SEAT_WAIT && w->seat_ticket == e.ticket) {
            seat_take(s, e.agent);
            agent_become_idle(s, e.agent);
            break;
        }
    }
}

static double instance_start(const cs_sim *s, const cs_shift *sh, int day)
{
    return (double)day * 86400.0 - s->m->start_tod_s + sh->start_tod_s;
}

/* Scheduled agents: the next run of intervals after `after` in which the schedule needs
 * agent g (schedule > member). */
static void schedule_next_run(cs_sim *s, uint32_t a, int after)
{
    agent *g = &s->agents[a];
    const cs_supply *sup = &s->m->supply;
    for (size_t i = (size_t)(after + 1); i < sup->n_schedule; i++) {
        if (sup->schedule[i] <= g->member)
            continue;
        double t0 = (double)i * s->m->interval_s;
        if (t0 >= s->m->horizon_s)
            return;
        g->day = (int32_t)i;
        schedule(s, t0 > s->now ? t0 : s->now, EV_SHIFT_START, a, 0, 0);
        return;
    }
}

/* Schedules the agent's next shift instance after day `after` (shift agents only). */
static void agent_schedule_next(cs_sim *s, uint32_t a, int after)
{
    agent *g = &s->agents[a];
    if (g->shift == SHIFT_SCHEDULE) {
        schedule_next_run(s, a, after);
        return;
    }
    if (g->shift < 0)
        return;
    const cs_shift *sh = &s->m->supply.shifts[g->shift];
    for (int d = after + 1; d < (int)s->m->demand.n_days; d++) {
        if (sh->day_count[d + 1] <= g->member)
            continue;
        double t0 = instance_start(s, sh, d);
        if (t0 + sh->length_s <= s->now || t0 >= s->m->horizon_s)
            continue;
        g->day = d;
        schedule(s, t0 > s->now ? t0 : s->now, EV_SHIFT_START, a, 0, 0);
        return;
    }
}

static void agent_go_off(cs_sim *s, uint32_t a)
{
    agent *g = &s->agents[a];
    if (g->state != CS_AGENT_OFF)
        agent_set_state(s, a, CS_AGENT_OFF);
    g->gen++;
    g->pending_logout = false;
    g->pending_break_s = 0;
    agent_schedule_next(s, a, g->day);
}

static void agent_start_break(cs_sim *s, uint32_t a, double len)
{
    agent *g = &s->agents[a];
    if (g->state != CS_AGENT_ON_BREAK)
        agent_set_state(s, a, CS_AGENT_ON_BREAK);
    double end = s->now + len;
    /* A break running past the shift's end is ended by the shift end. */
    if (end < g->period_end && end < s->m->horizon_s)
        schedule(s, end, EV_BREAK_END, a, g->gen, 0);
}

static void on_shift_start(cs_sim *s, uint32_t a)
{
    agent *g = &s->agents[a];
    if (g->state != CS_AGENT_OFF) {
        /* Still finishing a call from the previous period, which ended at most a call
         * ago: the new period simply continues it. */
        g->pending_logout = false;
    }
    if (g->shift >= 0) {
        const cs_shift *sh = &s->m->supply.shifts[g->shift];
        double t0 = instance_start(s, sh, g->day);
        g->period_end = t0 + sh->length_s;
        for (size_t b = 0; b < sh->n_breaks; b++) {
            const cs_break *br = &sh->breaks[b];
            double off = fmod(br->start_tod_s - sh->start_tod_s + 86400.0, 86400.0) +
                         (double)(g->member % br->waves) * br->stagger_s;
            double bt = t0 + off;
            if (bt >= s->now && bt < s->m->horizon_s)
                schedule(s, bt, EV_BREAK_START, a, g->gen, (uint16_t)b);
        }
    } else if (g->shift == SHIFT_RECALL) {
        g->period_end = s->now + s->m->supply.recalls[g->member].length_s;
    } else if (g->shift == SHIFT_SCHEDULE) {
        /* the run lasts while the schedule keeps needing this agent */
        const cs_supply *sup = &s->m->supply;
        size_t j = (size_t)g->day;
        while (j < sup->n_schedule && sup->schedule[j] > g->member)
            j++;
        g->period_end = j < sup->n_schedule ? (double)j * s->m->interval_s : INFINITY;
        g->day = (int32_t)j - 1;
    } else {
        g->period_end = INFINITY;
    }
    if (g->period_end < s->m->horizon_s)
        schedule(s, g->period_end, EV_SHIFT_END, a, g->gen, 0);
    if (g->state == CS_AGENT_OFF)
        agent_login(s, a);
}

static void on_shift_end(cs_sim *s, uint32_t a)
{
    switch ((cs_agent_state)s->agents[a].state) {
    case CS_AGENT_IDLE:
        agent_leave_phones(s, a, CS_AWAY_SHIFT_END, CS_AGENT_OFF);
        agent_go_off(s, a);
        break;
    case CS_AGENT_TALKING:
    case CS_AGENT_AFTER_CALL:
        s->agents[a].pending_logout = true; /* finishes the call and its write-up first */
        break;
    case CS_AGENT_ON_BREAK:
    case CS_AGENT_SEAT_WAIT:
        agent_go_off(s, a);
        break;
    case CS_AGENT_OFF:
    case CS_AGENT_STATE_COUNT:
        break;
    }
}

static void on_break_start(cs_sim *s, uint32_t a, uint16_t b)
{
    agent *g = &s->agents[a];
    double len = s->m->supply.shifts[g->shift].breaks[b].length_s;
    switch ((cs_agent_state)g->state) {
    case CS_AGENT_IDLE:
        agent_leave_phones(s, a, CS_AWAY_BREAK, CS_AGENT_ON_BREAK);
        agent_start_break(s, a, len);
        break;
    case CS_AGENT_TALKING:
    case CS_AGENT_AFTER_CALL:
        g->pending_break_s = len; /* taken in full once the call is written up */
        break;
    case CS_AGENT_SEAT_WAIT:
        agent_start_break(s, a, len);
        break;
    case CS_AGENT_ON_BREAK:
    case CS_AGENT_OFF:
    case CS_AGENT_STATE_COUNT:
        break;
    }
}

/* ---- answering ---- */

static inline void answer(cs_sim *s, uint32_t id, uint32_t a)
{
    call *c = &s->calls[id];
    c->state = C_TALKING;
    c->gen++;
    c->agent = a;
    c->answered = s->now;
    s->waiting[c->cat]--;
    s->agents[a].call = id;
    agent_set_state(s, a, CS_AGENT_TALKING);
    cs_call_info info = call_info(s, id);
    NOTIFY(s, call_answered, s->now, &info, a);
    schedule(s, s->now + c->talk_s, EV_TALK_END, a, 0, 0);
}

/* ---- the fallback ---- */

typedef struct fb_key {
    double t;
    int32_t prio; /* calls: the category's priority; agents: 0 */
    uint32_t id;
} fb_key;

static int fb_key_cmp(const void *x, const void *y)
{
    const fb_key *p = x, *q = y;
    if (p->prio != q->prio)
        return p->prio < q->prio ? -1 : 1;
    if (p->t != q->t)
        return p->t < q->t ? -1 : 1;
    return (p->id > q->id) - (p->id < q->id);
}

/* Calls waiting (is_call: most urgent first, then oldest; a policy taking each call as it
 * hears of it serves them in that order) or agents idle (longest idle first), into
 * s->fb_keys; their count. */
static size_t fb_collect(cs_sim *s, bool is_call)
{
    size_t n = 0, need = is_call ? s->n_calls : s->n_agents;
    int grown = cs_grow((void **)&s->fb_keys, &s->fb_cap, need, sizeof *s->fb_keys);
    cs_assert(grown == 0);
    for (uint32_t i = 0; i < need; i++) {
        if (is_call && s->calls[i].state == C_WAITING)
            s->fb_keys[n++] =
                (fb_key){s->calls[i].arrived, s->m->categories[s->calls[i].cat].priority, i};
        else if (!is_call && s->agents[i].state == CS_AGENT_IDLE)
            s->fb_keys[n++] = (fb_key){s->idle_since[i], 0, i};
    }
    qsort(s->fb_keys, n, sizeof *s->fb_keys, fb_key_cmp);
    return n;
}

/* The router failed or was refused at this instant: a fresh instance of the fallback policy
 * sees the calls waiting and the agents idle and decides for them. The router is told what
 * was carried out through assigned(); one without it hears that the call left and the agent
 * went away (it hears the agent back when it is ready again), which keeps its state right.
 * Rare by design, so O(calls + agents) here is fine and no mirrored state can go stale. */
static void fallback(cs_sim *s)
{
    if (s->state_count[CS_AGENT_IDLE] == 0)
        return;
    bool any_waiting = false;
    for (size_t c = 0; c < s->m->n_categories && !any_waiting; c++)
        any_waiting = s->waiting[c] > 0;
    if (!any_waiting)
        return;
    s->rs.fallbacks++;
    void *fr = NULL;
    if (s->fb->create(&s->host, &fr) < 0)
        return;
    size_t n = fb_collect(s, true);
    for (size_t i = 0; i < n; i++) {
        cs_router_call rc = router_call(s, s->fb_keys[i].id);
        s->fb->call_arrived(fr, s->now, &rc);
    }
    n = fb_collect(s, false);
    for (size_t i = 0; i < n; i++) {
        uint32_t a = s->fb_keys[i].id;
        cs_router_agent ra = {
            .id = a, .skills = s->agents[a].skills, .idle_since = s->idle_since[a]};
        s->fb->agent_ready(fr, s->now, &ra);
    }
    cs_decisions out = {.items = s->dec, .capacity = s->dec_cap, .count = 0};
    s->fb->decide(fr, s->now, &out);
    s->fb->destroy(fr);
    for (size_t i = 0; i < out.count && i < out.capacity; i++) {
        cs_assignment as = out.items[i];
        if (as.call >= s->n_calls || s->calls[as.call].state != C_WAITING ||
            as.agent >= s->n_agents || s->agents[as.agent].state != CS_AGENT_IDLE ||
            !(s->agents[as.agent].skills >> s->m->categories[s->calls[as.call].cat].skill & 1))
            continue; /* a built-in policy does not do this; checked all the same */
        s->rs.decisions++;
        s->rs.fallback_decisions++;
        answer(s, as.call, as.agent);
        int rc = 0;
        if (s->vt->assigned)
            rc = s->vt->assigned(s->router, s->now, &as);
        else if (s->vt->call_abandoned(s->router, s->now, as.call) < 0 ||
                 s->vt->agent_away(s->router, s->now, as.agent, CS_AWAY_BREAK) < 0)
            rc = -1;
        if (rc < 0)
            s->rs.router_errors++;
    }
}

static void decide(cs_sim *s)
{
    s->dirty = false;
    cs_decisions out = {.items = s->dec, .capacity = s->dec_cap, .count = 0};
    /* A callback that failed since the last decision means the router may have missed
     * an event: the fallback looks at this instant too. */
    bool failed = s->rs.router_errors != s->errors_seen;
    struct timespec t0;
    if (s->lat)
        clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = s->vt->decide(s->router, s->now, &out);
    if (s->lat)
        csi_latency_record_since(s->lat, &t0);
    if (rc < 0) {
        s->rs.router_errors++;
        failed = true;
    }
    if (out.count > out.capacity)
        out.count = out.capacity;
    for (size_t i = 0; i < out.count; i++) {
        uint32_t id = out.items[i].call, a = out.items[i].agent;
        if (id >= s->n_calls || s->calls[id].state != C_WAITING) {
            s->rs.invalid_call++;
            failed = true;
            continue;
        }
        if (a >= s->n_agents || s->agents[a].state != CS_AGENT_IDLE) {
            s->rs.invalid_agent++;
            failed = true;
            continue;
        }
        int skill = s->m->categories[s->calls[id].cat].skill;
        if (!(s->agents[a].skills >> skill & 1)) {
            s->rs.invalid_skill++;
            failed = true;
            continue;
        }
        s->rs.decisions++;
        answer(s, id, a);
    }
    if (failed)
        fallback(s);
    s->errors_seen = s->rs.router_errors;
    for (size_t i = 0; i < s->n_fresh; i++) { /* usually none */
        call *c = &s->calls[s->fresh[i]];
        if (c->state == C_WAITING && c->arrived == s->now)
            schedule(s, s->now + c->patience_s, EV_PATIENCE, s->fresh[i], c->gen, 0);
    }
    s->n_fresh = 0;
}

/* Decides whether the ended attempt comes back, and when. */
static inline void call_maybe_return(cs_sim *s, uint32_t id, bool abandoned)
{
    call *c = &s->calls[id];
    const cs_category *k = &s->m->categories[c->cat];
    bool again;
    if (abandoned)
        again = (int)c->attempt < k->redial_max &&
                c->u_redial < k->redial_p * pow(k->redial_decay, (double)(c->attempt - 1));
    else
        again = c->u_reconnect < k->reconnect_p;
    if (again) {
        const cs_dist *delay = abandoned ? &k->redial_delay : &k->reconnect_delay;
        double t = s->now + csi_dist_sample(delay, stream(s, c->cat, P_RETRIAL));
        if (t < s->m->horizon_s) {
            c->state = C_RETRY;
            c->reconnect = !abandoned;
            schedule(s, t, EV_RETRIAL, id, 0, 0);
            return;
        }
    }
    call_free(s, id);
}

static void finish_call(cs_sim *s, uint32_t a)
{
    agent *g = &s->agents[a];
    uint32_t id = g->call;
    if (s->listen_done) {
        cs_call_info info = call_info(s, id);
        info.wait_s = 0;
        NOTIFY(s, call_done, s->now, &info, a);
    }
    s->in_system--;
    g->call = NIL;
    call_maybe_return(s, id, false);
    if (g->pending_logout) {
        agent_leave_phones(s, a, CS_AWAY_SHIFT_END, CS_AGENT_OFF);
        agent_go_off(s, a);
    } else if (g->pending_break_s > 0) {
        double len = g->pending_break_s;
        g->pending_break_s = 0;
        agent_leave_phones(s, a, CS_AWAY_BREAK, CS_AGENT_ON_BREAK);
        agent_start_break(s, a, len);
    } else {
        agent_become_idle(s, a);
    }
}

/* ---- dispatch ---- */

static void dispatch(cs_sim *s, const cs_event *e)
{
    switch (e->kind) {
    case EV_ARRIVAL: {
        uint32_t cat = e->idx;
        double next = csi_arrivals_next(&s->arr[cat], &s->demand, s->m, stream(s, cat, P_ARRIVAL));
        if (next < s->m->horizon_s)
            cs_calendar_lane_push(&s->cal, cat, next, EV_ARRIVAL, cat);
        uint32_t id = call_alloc(s);
        call *c = &s->calls[id];
        c->cat = cat;
        c->attempt = 1;
        c->reconnect = false;
        call_draw(s, id, false, NULL);
        call_enter(s, id);
        break;
    }
    case EV_RETRIAL: {
        call *c = &s->calls[e->idx];
        c->attempt++;
        call_draw(s, e->idx, true, NULL);
        call_enter(s, e->idx);
        break;
    }
    case EV_PATIENCE: {
        call *c = &s->calls[e->idx];
        if (c->gen != e->gen || c->state != C_WAITING)
            break; /* answered meanwhile: a lazily cancelled timer */
        c->gen++;
        s->waiting[c->cat]--;
        s->in_system--;
        cs_call_info info = call_info(s, e->idx);
        NOTIFY(s, call_abandoned, s->now, &info);
        if (s->vt->call_abandoned(s->router, s->now, e->idx) < 0)
            s->rs.router_errors++;
        s->dirty = true;
        call_maybe_return(s, e->idx, true);
        break;
    }
    case EV_TALK_END: {
        agent *g = &s->agents[e->idx];
        call *c = &s->calls[g->call];
        if (c->wrapup_s > 0) {
            c->state = C_WRAPUP;
            agent_set_state(s, e->idx, CS_AGENT_AFTER_CALL);
            schedule(s, s->now + c->wrapup_s, EV_WRAPUP_END, e->idx, 0, 0);
        } else {
            finish_call(s, e->idx);
        }
        break;
    }
    case EV_WRAPUP_END:
        finish_call(s, e->idx);
        break;
    case EV_SHIFT_START:
        on_shift_start(s, e->idx);
        break;
    case EV_SHIFT_END:
        if (s->agents[e->idx].gen == e->gen)
            on_shift_end(s, e->idx);
        break;
    case EV_BREAK_START:
        if (s->agents[e->idx].gen == e->gen)
            on_break_start(s, e->idx, e->aux);
        break;
    case EV_BREAK_END:
        if (s->agents[e->idx].gen == e->gen && s->agents[e->idx].state == CS_AGENT_ON_BREAK)
            agent_login(s, e->idx);
        break;
    case EV_TICK:
        if (s->vt->tick(s->router, s->now) < 0)
            s->rs.router_errors++;
        s->dirty = true;
        if (s->now + s->tick_s < s->m->horizon_s)
            schedule(s, s->now + s->tick_s, EV_TICK, 0, 0, 0);
        break;
    case EV_LIVE_CALL:
        live_arrival(s, e);
        break;
    default:
        cs_assert(!"unknown event kind");
    }
}

int cs_sim_advance_to(cs_sim *s, double t_s, cs_err *err)
{
    (void)err;
    double until = t_s < s->m->horizon_s ? t_s : s->m->horizon_s;
    cs_event e;
    double next = cs_calendar_next_time(&s->cal);
    while (next <= until) {
        cs_calendar_pop(&s->cal, &e);
        s->now = e.t;
        s->events++;
        dispatch(s, &e);
        next = cs_calendar_next_time(&s->cal);
        /* The router decides once all events of an instant are in. */
        if (s->dirty && next > s->now) {
            decide(s);
            next = cs_calendar_next_time(&s->cal);
        }
    }
    if (until > s->now)
        s->now = until;
    if (s->now >= s->m->horizon_s)
        s->done = true;
    return 0;
}

int cs_sim_run(cs_sim *s, cs_err *err)
{
    return cs_sim_advance_to(s, s->m->horizon_s, err);
}

/* ---- creation ---- */

static uint32_t count_agents(const cs_model *m)
{
    uint64_t n = (uint64_t)m->supply.agents;
    for (size_t i = 0; i < m->supply.n_shifts; i++)
        n += (uint64_t)m->supply.shifts[i].max_count;
    for (size_t i = 0; i < m->supply.n_recalls; i++)
        n += (uint64_t)m->supply.recalls[i].agents;
    int most = 0;
    for (size_t i = 0; i < m->supply.n_schedule; i++)
        most = m->supply.schedule[i] > most ? m->supply.schedule[i] : most;
    return (uint32_t)(n + (uint64_t)most);
}

static void init_agent(agent *g, uint64_t skills, int32_t shift, int32_t member)
{
    *g = (agent){.skills = skills,
                 .period_end = INFINITY,
                 .call = NIL,
                 .seat = -1,
                 .shift = shift,
                 .member = member,
                 .day = -2,
                 .state = CS_AGENT_OFF};
}

static int setup_agents(cs_sim *s)
{
    const cs_supply *sup = &s->m->supply;
    s->n_agents = count_agents(s->m);
    s->agents = calloc(s->n_agents ? s->n_agents : 1, sizeof *s->agents);
    s->free_seats = malloc((size_t)sup->seats * sizeof *s->free_seats);
    if (!s->agents || !s->free_seats)
        return CS_ENOMEM;
    for (int i = 0; i < sup->seats; i++)
        s->free_seats[i] = sup->seats - 1 - i; /* seat 0 is handed out first */
    s->n_free_seats = sup->seats;
    s->state_count[CS_AGENT_OFF] = (int)s->n_agents;
    uint32_t a = 0;
    for (int i = 0; i < sup->agents; i++, a++) {
        init_agent(&s->agents[a], sup->agent_skills, SHIFT_CONSTANT, i);
        schedule(s, 0, EV_SHIFT_START, a, 0, 0);
    }
    for (size_t k = 0; k < sup->n_shifts; k++)
        for (int j = 0; j < sup->shifts[k].max_count; j++, a++) {
            init_agent(&s->agents[a], sup->shifts[k].skills, (int32_t)k, j);
            agent_schedule_next(s, a, -2);
        }
    for (size_t k = 0; k < sup->n_recalls; k++) {
        const cs_recall *r = &sup->recalls[k];
        for (int j = 0; j < r->agents; j++, a++) {
            init_agent(&s->agents[a], r->skills, SHIFT_RECALL, (int32_t)k);
            double spread = r->agents > 1 ? r->ramp_s * j / (r->agents - 1) : 0;
            double t = r->at_s + r->delay_s + spread;
            if (t < 0)
                t = 0;
            if (t < s->m->horizon_s)
                schedule(s, t, EV_SHIFT_START, a, 0, 0);
        }
    }
    /* scheduled agents come last: agent ids of the others do not depend on a schedule */
    uint64_t every_skill =
        s->m->n_skills >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << s->m->n_skills) - 1;
    for (int32_t k = 0; a < s->n_agents; a++, k++) {
        init_agent(&s->agents[a], every_skill, SHIFT_SCHEDULE, k);
        schedule_next_run(s, a, -1);
    }
    return 0;
}

static int setup_router(cs_sim *s, cs_err *err)
{
    const cs_model *m = s->m;
    if (m->routing.plugin) {
        if (!(s->plugin = cs_plugin_open(m->routing.plugin, err)))
            return err ? err->code : CS_EROUTER;
        s->vt = cs_plugin_vtable(s->plugin);
    } else if (m->routing.external) {
        s->external = true;
        s->vt = cs_external_vtable();
    } else {
        s->vt = cs_router_builtin(m->routing.policy ? m->routing.policy : "fcfs");
        if (!s->vt)
            return cs_err_set(err, CS_EROUTER, "routing: unknown policy '%s'", m->routing.policy);
    }
    s->fb = cs_router_builtin(m->routing.fallback ? m->routing.fallback : "fcfs");
    if (!s->fb)
        return cs_err_set(
            err, CS_EROUTER, "routing: unknown fallback policy '%s'", m->routing.fallback);
    s->host_priority = malloc(m->n_categories * sizeof *s->host_priority);
    s->host_skill = malloc(m->n_categories * sizeof *s->host_skill);
    s->dec_cap = (size_t)s->n_agents + 16;
    s->dec = malloc(s->dec_cap * sizeof *s->dec);
    s->idle_since = calloc(s->n_agents ? s->n_agents : 1, sizeof *s->idle_since);
    if (!s->host_priority || !s->host_skill || !s->dec || !s->idle_since)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    for (size_t c = 0; c < m->n_categories; c++) {
        s->host_priority[c] = m->categories[c].priority;
        s->host_skill[c] = (uint32_t)m->categories[c].skill;
    }
    cs_router_host host = {.n_categories = m->n_categories,
                           .priority = s->host_priority,
                           .skill = s->host_skill,
                           .n_skills = m->n_skills,
                           .seed = cs_rng_stream_seed(m->seed, s->rep, CS_MAX_CATEGORIES, 0),
                           .config = m->routing.config};
    /* Ticks only for a router that has them. Every vtable seen here is of this build's size
     * (cs_plugin_open copies a plugin's into one, past its struct_size zeroed). */
    if (s->vt->tick && m->routing.tick_s > 0)
        host.tick_s = s->tick_s = m->routing.tick_s;
    s->host = host;
    if (s->external) {
        cs_external_opts eo = {.address = m->routing.external,
                               .timeout_s = m->routing.timeout_s,
                               .replication = s->rep};
        int rc = cs_external_create(&host, &eo, &s->router, err);
        if (rc != 0)
            return rc;
    } else if (s->vt->create(&host, &s->router) < 0) {
        return cs_err_set(err, CS_EROUTER, "routing: policy '%s' failed to start", s->vt->name);
    }
    if (s->tick_s > 0 && s->tick_s < m->horizon_s)
        schedule(s, s->tick_s, EV_TICK, 0, 0, 0);
    return 0;
}

cs_sim *cs_sim_new(const cs_model *m, unsigned rep, cs_err *err)
{
    cs_sim *s = calloc(1, sizeof *s);
    if (!s) {
        cs_err_set(err, CS_ENOMEM, "out of memory");
        return NULL;
    }
    s->m = m;
    s->rep = rep;
    s->free_call = NIL;
    s->cap_calls = 1024;
    s->cap_fresh = 64;
    s->sq_cap = 64;
    s->calls = malloc(s->cap_calls * sizeof *s->calls);
    s->fresh = malloc(s->cap_fresh * sizeof *s->fresh);
    s->seatq = malloc(s->sq_cap * sizeof *s->seatq);
    s->arr = calloc(m->n_categories, sizeof *s->arr);
    s->rng = calloc(m->n_categories * P_COUNT, sizeof *s->rng);
    if (!s->calls || !s->fresh || !s->seatq || !s->arr || !s->rng ||
        cs_calendar_init(&s->cal, 1024, m->n_categories) != 0 ||
        csi_demand_build(&s->demand, m) != 0)
        goto out_nomem;
    for (size_t c = 0; c < m->n_categories; c++)
        for (int p = 0; p < P_COUNT; p++) {
            gsl_rng *r = cs_rng_new(cs_rng_stream_seed(m->seed, rep, c, (uint64_t)p));
            if (!r)
                goto out_nomem;
            s->rng[c * P_COUNT + (size_t)p] = r;
        }
    if (setup_agents(s) != 0)
        goto out_nomem;
    if (setup_router(s, err) != 0)
        goto out_free;
    for (size_t c = 0; c < m->n_categories; c++) {
        csi_arrivals_init(&s->arr[c], c);
        double t = csi_arrivals_next(&s->arr[c], &s->demand, m, stream(s, (uint32_t)c, P_ARRIVAL));
        if (t < m->horizon_s)
            cs_calendar_lane_push(&s->cal, c, t, EV_ARRIVAL, (uint32_t)c);
    }
    return s;
out_nomem:
    cs_err_set(err, CS_ENOMEM, "out of memory");
out_free:
    cs_sim_free(s);
    return NULL;
}

void cs_sim_free(cs_sim *s)
{
    if (!s)
        return;
    live_free(s);
    if (s->router)
        s->vt->destroy(s->router);
    cs_plugin_close(s->plugin);
    free(s->fb_keys);
    free(s->idle_since);
    if (s->rng)
        for (size_t i = 0; i < s->m->n_categories * P_COUNT; i++)
            gsl_rng_free(s->rng[i]);
    free(s->rng);
    free(s->arr);
    csi_demand_fini(&s->demand);
    cs_calendar_fini(&s->cal);
    free(s->calls);
    free(s->fresh);
    free(s->seatq);
    free(s->agents);
    free(s->free_seats);
    free(s->host_priority);
    free(s->host_skill);
    free(s->dec);
    free(s->lat);
    free(s);
}

int cs_sim_observe(cs_sim *s, const cs_observer *obs, cs_err *err)
{
    if (s->n_obs == (int)(sizeof s->obs / sizeof s->obs[0]))
        return cs_err_set(err, CS_EINVAL, "too many observers (at most 8)");
    s->obs[s->n_obs++] = *obs;
    s->listen_done |= obs->call_done != NULL;
    s->listen_moves |= obs->agent_changed != NULL && !obs->logins_only;
    return 0;
}

/* ---- queries ---- */

double cs_sim_now(const cs_sim *s)
{
    return s->now;
}

bool cs_sim_is_done(const cs_sim *s)
{
    return s->done;
}

void cs_sim_snapshot(const cs_sim *s, cs_snapshot *out)
{
    memset(out, 0, sizeof *out);
    out->at_s = s->now;
    out->idle = s->state_count[CS_AGENT_IDLE];
    out->talking = s->state_count[CS_AGENT_TALKING];
    out->after_call = s->state_count[CS_AGENT_AFTER_CALL];
    out->on_break = s->state_count[CS_AGENT_ON_BREAK];
    out->seat_wait = s->state_count[CS_AGENT_SEAT_WAIT];
    out->logged_in = out->idle + out->talking + out->after_call;
    for (size_t c = 0; c < s->m->n_categories; c++) {
        out->waiting_by_category[c] = s->waiting[c];
        out->waiting += s->waiting[c];
    }
    if (out->waiting > 0)
        for (uint32_t i = 0; i < s->n_calls; i++)
            if (s->calls[i].state == C_WAITING &&
                s->now - s->calls[i].arrived > out->longest_wait_s)
                out->longest_wait_s = s->now - s->calls[i].arrived;
}

uint64_t cs_sim_event_count(const cs_sim *s)
{
    return s->events;
}

void cs_sim_route_stats(const cs_sim *s, cs_route_stats *out)
{
    *out = s->rs;
    if (s->external && s->router) {
        cs_external_faults f;
        cs_external_get_faults(s->router, &f);
        out->steps = f.steps;
        out->timeouts = f.timeouts;
        out->malformed = f.malformed;
        out->oversized = f.oversized;
        out->disconnects = f.disconnects;
        out->error_replies = f.router_errors;
        out->reconnects = f.reconnects;
        out->connect_failures = f.connect_failures;
        out->gave_up = f.gave_up;
    }
}

int cs_sim_time_decisions(cs_sim *s, cs_err *err)
{
    if (!s->lat && !(s->lat = calloc(1, sizeof *s->lat)))
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    return 0;
}

void cs_sim_decision_latency(const cs_sim *s, cs_latency *out)
{
    if (s->lat)
        *out = *s->lat;
    else
        memset(out, 0, sizeof *out);
}

uint32_t cs_sim_agent_count(const cs_sim *s)
{
    return s->n_agents;
}

cs_agent_state cs_sim_agent_state(const cs_sim *s, uint32_t a, int *seat)
{
    if (a >= s->n_agents) {
        if (seat)
            *seat = -1;
        return CS_AGENT_OFF;
    }
    if (seat)
        *seat = s->agents[a].seat;
    return (cs_agent_state)s->agents[a].state;
}

uint64_t cs_sim_calls_in_system(const cs_sim *s)
{
    return s->in_system;
}

/* ---- the live view: what-if changes at the current instant ----
 * Kept apart from the event loop: nothing here runs unless the live view asks for it. */

/* An injected surge: an extra Poisson stream per category with rate (factor - 1) times the
 * model's own rate, from t0 to t1. Superposed on the model's arrivals, which stay exactly
 * as they were (their pending draws are untouched), the total rate is factor times the
 * model's. The extra rate is sampled as `copies` independent copies of the model's
 * arrival process, each thinned with probability (factor - 1) / copies <= 1. */
typedef struct live_surge {
    double t0, t1;     /* active over [t0, t1) */
    double keep;       /* thinning probability of a copy's candidates */
    uint32_t copies;   /* ceil(factor - 1) */
    csi_arrivals *arr; /* [n_categories * copies] */
    gsl_rng **rng;     /* [n_categories], own streams: fresh callers' draws stay put */
} live_surge;

static void live_free(cs_sim *s)
{
    for (size_t i = 0; i < s->n_live; i++) {
        live_surge *ls = &s->live[i];
        for (size_t c = 0; ls->rng && c < s->m->n_categories; c++)
            gsl_rng_free(ls->rng[c]);
        free(ls->rng);
        free(ls->arr);
    }
    free(s->live);
    s->live = NULL;
    s->n_live = 0;
}

/* Next accepted candidate of one copy, or +inf after the surge's end. */
static double live_next(cs_sim *s, live_surge *ls, uint32_t cat, uint32_t copy)
{
    csi_arrivals *a = &ls->arr[cat * ls->copies + copy];
    for (;;) {
        double t = csi_arrivals_next(a, &s->demand, s->m, ls->rng[cat]);
        if (!(t < ls->t1) || !(t < s->m->horizon_s))
            return INFINITY;
        if (ls->keep >= 1 || gsl_rng_uniform(ls->rng[cat]) < ls->keep)
            return t;
    }
}

static void live_arrival(cs_sim *s, const cs_event *e)
{
    uint32_t nc = (uint32_t)s->m->n_categories, cat = e->idx % nc;
    live_surge *ls = &s->live[e->idx / nc];
    double next = live_next(s, ls, cat, e->aux);
    if (isfinite(next))
        schedule(s, next, EV_LIVE_CALL, e->idx, 0, e->aux);
    uint32_t id = call_alloc(s);
    call *c = &s->calls[id];
    c->cat = cat;
    c->attempt = 1;
    c->reconnect = false;
    call_draw(s, id, false, ls->rng[cat]);
    call_enter(s, id);
}

int cs_sim_inject_surge(cs_sim *s, double factor, double duration_s, cs_err *err)
{
    if (!(factor >= 1 && factor <= 64) || !(duration_s > 0 && duration_s <= 366 * 86400.0))
        return cs_err_set(
            err,
            CS_EINVAL,
            "surge: factor must be in [1, 64] and duration in (0, 366 d] (got %g, %g s)",
            factor,
            duration_s);
    if (factor == 1 || s->done)
        return 0;
    const cs_model *m = s->m;
    size_t nc = m->n_categories;
    live_surge *grown = realloc(s->live, (s->n_live + 1) * sizeof *grown);
    if (!grown)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    s->live = grown;
    live_surge *ls = &s->live[s->n_live];
    *ls = (live_surge){.t0 = s->now, .t1 = s->now + duration_s};
    ls->copies = (uint32_t)ceil(factor - 1);
    ls->keep = (factor - 1) / ls->copies;
    ls->arr = calloc(nc * ls->copies, sizeof *ls->arr);
    ls->rng = calloc(nc, sizeof *ls->rng);
    if (!ls->arr || !ls->rng)
        goto out_nomem;
    for (size_t c = 0; c < nc; c++) {
        /* entity numbers past the categories and the router's: streams of their own */
        ls->rng[c] =
            cs_rng_new(cs_rng_stream_seed(m->seed, s->rep, CS_MAX_CATEGORIES + 1 + s->n_live, c));
        if (!ls->rng[c])
            goto out_nomem;
    }
    /* Each copy starts now, in the segment holding now: memoryless, so exact. */
    size_t seg = 0;
    while (seg + 1 < s->demand.n_seg && s->demand.seg[seg].t1 <= s->now)
        seg++;
    uint32_t first_idx = (uint32_t)(s->n_live * nc);
    s->n_live++;
    for (uint32_t c = 0; c < nc; c++)
        for (uint32_t k = 0; k < ls->copies; k++) {
            csi_arrivals *a = &ls->arr[c * ls->copies + k];
            csi_arrivals_init(a, c);
            a->seg = seg;
            a->t = s->now;
            double t = live_next(s, ls, c, k);
            if (isfinite(t))
                schedule(s, t, EV_LIVE_CALL, first_idx + c, 0, (uint16_t)k);
        }
    return 0;
out_nomem:
    for (size_t c = 0; ls->rng && c < nc; c++)
        gsl_rng_free(ls->rng[c]);
    free(ls->rng);
    free(ls->arr);
    return cs_err_set(err, CS_ENOMEM, "out of memory");
}

double cs_sim_next_surge(const cs_sim *s)
{
    double best = INFINITY;
    for (size_t i = 0; i < s->m->n_surges; i++) {
        double t = s->m->surges[i].start_s;
        if (t > s->now && t < best && t < s->m->horizon_s)
            best = t;
    }
    return best;
}

int cs_sim_add_agents(cs_sim *s, int n, cs_err *err)
{
    if (n < 0 || n > 100000 || (uint64_t)s->n_agents + (uint64_t)n > 1000000)
        return cs_err_set(err, CS_EINVAL, "add agents: %d is out of range", n);
    if (n == 0 || s->done)
        return 0;
    uint32_t total = s->n_agents + (uint32_t)n;
    agent *ag = realloc(s->agents, (size_t)total * sizeof *ag);
    if (!ag)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    s->agents = ag;
    double *since = realloc(s->idle_since, (size_t)total * sizeof *since);
    if (!since)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    s->idle_since = since;
    if ((size_t)total + 16 > s->dec_cap) {
        cs_assignment *d = realloc(s->dec, ((size_t)total + 16) * sizeof *d);
        if (!d)
            return cs_err_set(err, CS_ENOMEM, "out of memory");
        s->dec = d;
        s->dec_cap = (size_t)total + 16;
    }
    uint64_t every_skill =
        s->m->n_skills >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << s->m->n_skills) - 1;
    /* Like constant staffing: on from now to the end. The shift start runs as an event at
     * this instant, so the router decides after it within the next advance. */
    for (uint32_t a = s->n_agents; a < total; a++) {
        init_agent(&s->agents[a], every_skill, SHIFT_CONSTANT, (int32_t)a);
        schedule(s, s->now, EV_SHIFT_START, a, 0, 0);
    }
    s->state_count[CS_AGENT_OFF] += n;
    s->n_agents = total;
    return 0;
}

/* Order in which agents are sent home: those waiting for a seat first (they free nothing
 * but are surplus), then idle, then in after-call work, then talking. */
static int remove_rank(const agent *g)
{
    switch ((cs_agent_state)g->state) {
    case CS_AGENT_SEAT_WAIT:
        return 0;
    case CS_AGENT_IDLE:
        return 1;
    case CS_AGENT_AFTER_CALL:
        return 2;
    case CS_AGENT_TALKING:
        return 3;
    default:
        return -1;
    }
}

int cs_sim_remove_agents(cs_sim *s, int n, cs_err *err)
{
    if (n < 0)
        return cs_err_set(err, CS_EINVAL, "remove agents: %d is out of range", n);
    int removed = 0;
    for (int rank = 0; rank <= 3 && removed < n && !s->done; rank++)
        for (uint32_t a = s->n_agents; a-- > 0 && removed < n;) { /* latest added first */
            agent *g = &s->agents[a];
            if (g->pending_logout || remove_rank(g) != rank)
                continue;
            /* Agents in a call finish it and its write-up, then log out (pending_logout);
             * the others end their period now, through the shift-end event. */
            g->pending_logout = true;
            if (rank <= 1)
                schedule(s, s->now, EV_SHIFT_END, a, g->gen, 0);
            removed++;
        }
    return removed;
}

bool cs_sim_agent_call(const cs_sim *s, uint32_t a, cs_agent_call *out)
{
    if (a >= s->n_agents || s->agents[a].call == NIL)
        return false;
    const call *c = &s->calls[s->agents[a].call];
    *out = (cs_agent_call){.category = c->cat,
                           .attempt = c->attempt,
                           .arrived_s = c->arrived,
                           .answered_s = c->answered,
                           .waited_s = c->answered - c->arrived,
                           .talk_end_s = c->answered + c->talk_s,
                           .wrapup_end_s = c->answered + c->talk_s + c->wrapup_s};
    return true;
}
