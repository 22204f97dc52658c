/* fcfs.c — built-in policy "fcfs": the most urgent priority first, then first come first
 * served, to the longest-idle agent who has the call's skill.
 * Part of sim/route. State: one FIFO of waiting calls per (priority level, skill) and one
 * FIFO of idle agents per skill (an agent sits in the list of each of its skills), all
 * intrusive index lists, so every operation is O(levels x skills) at worst and O(1) in the
 * common single-skill case. decide() matches the instant's events in the order they were
 * delivered, each against the state after the whole instant (a call that arrives at the
 * same instant as an agent frees up goes to that agent): deterministic, and only
 * distinguishable from one-at-a-time matching when events share an exact time.
 * With one skill and one priority level (one queue, one idle list) the only event of an
 * instant — nearly every instant: a call arrives, or an agent frees up — is held aside
 * and settled by decide() directly (the longest-idle agent, or the oldest call), with the
 * same outcome and a fraction of the work; a second event files it the general way
 * first. */
#include "route/route_int.h"
#include "core/grow.h"

#include "callsim/err.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX
#define AGENT_BIT 0x80000000u /* marks an agent in the pending list */

typedef struct link {
    uint32_t prev, next;
} link;

typedef struct call_rec {
    link q;         /* position in its (level, skill) queue */
    uint32_t queue; /* level * n_skills + skill */
    uint32_t skill;
    bool waiting;
    uint64_t order; /* arrival order, to compare heads of different queues */
} call_rec;

typedef struct list {
    uint32_t head, tail;
} list;

typedef struct fcfs {
    size_t n_cat, n_skills, n_levels;
    uint32_t *cat_level; /* [n_cat] level index (0 = most urgent) */
    uint32_t *cat_skill; /* [n_cat] */
    list *queues;        /* [n_levels * n_skills] */
    call_rec *calls;
    size_t calls_cap;
    uint64_t next_order;
    list *idle;       /* [n_skills] */
    link *idle_links; /* [agents_cap * n_skills] */
    uint64_t *skills; /* [agents_cap] */
    bool *is_idle;    /* [agents_cap] */
    size_t agents_cap;
    uint32_t *pending; /* calls and (AGENT_BIT | agent) in delivery order */
    size_t n_pending, pending_cap;
    bool simple;   /* one skill, one level */
    uint32_t solo; /* simple: the instant's only event, not yet filed (NIL: none) */
} fcfs;

static int fcfs_create(const cs_router_host *h, void **state)
{
    fcfs *r = calloc(1, sizeof *r);
    if (!r)
        return CS_ENOMEM;
    r->n_cat = h->n_categories;
    r->n_skills = h->n_skills;
    r->cat_level = calloc(r->n_cat, sizeof *r->cat_level);
    r->cat_skill = calloc(r->n_cat, sizeof *r->cat_skill);
    r->idle = malloc(r->n_skills * sizeof *r->idle);
    if (!r->cat_level || !r->cat_skill || !r->idle)
        goto out_free;
    /* Levels: the distinct priorities in ascending order. */
    for (size_t c = 0; c < r->n_cat; c++) {
        uint32_t level = 0;
        for (size_t o = 0; o < r->n_cat; o++) {
            bool earlier_distinct = h->priority[o] < h->priority[c];
            for (size_t p = 0; p < o && earlier_distinct; p++)
                if (h->priority[p] == h->priority[o])
                    earlier_distinct = false;
            level += earlier_distinct;
        }
        r->cat_level[c] = level;
        r->cat_skill[c] = h->skill[c];
        if (level + 1 > r->n_levels)
            r->n_levels = level + 1;
    }
    r->queues = malloc(r->n_levels * r->n_skills * sizeof *r->queues);
    if (!r->queues)
        goto out_free;
    for (size_t i = 0; i < r->n_levels * r->n_skills; i++)
        r->queues[i] = (list){NIL, NIL};
    for (size_t s = 0; s < r->n_skills; s++)
        r->idle[s] = (list){NIL, NIL};
    r->simple = r->n_skills == 1 && r->n_levels == 1;
    r->solo = NIL;
    *state = r;
    return 0;
out_free:
    free(r->cat_level);
    free(r->cat_skill);
    free(r->idle);
    free(r);
    return CS_ENOMEM;
}

static void fcfs_destroy(void *state)
{
    fcfs *r = state;
    if (!r)
        return;
    free(r->cat_level);
    free(r->cat_skill);
    free(r->queues);
    free(r->calls);
    free(r->idle);
    free(r->idle_links);
    free(r->skills);
    free(r->is_idle);
    free(r->pending);
    free(r);
}

static inline int push_pending(fcfs *r, uint32_t v)
{
    if (r->n_pending == r->pending_cap &&
        cs_grow((void **)&r->pending, &r->pending_cap, r->n_pending + 1, sizeof *r->pending))
        return CS_ENOMEM;
    r->pending[r->n_pending++] = v;
    return 0;
}

static inline void queue_remove(fcfs *r, uint32_t id)
{
    call_rec *c = &r->calls[id];
    list *q = &r->queues[c->queue];
    if (c->q.prev != NIL)
        r->calls[c->q.prev].q.next = c->q.next;
    else
        q->head = c->q.next;
    if (c->q.next != NIL)
        r->calls[c->q.next].q.prev = c->q.prev;
    else
        q->tail = c->q.prev;
    c->waiting = false;
}

static void queue_append(fcfs *r, uint32_t id)
{
    call_rec *c = &r->calls[id];
    list *q = &r->queues[c->queue];
    c->waiting = true;
    c->q.next = NIL;
    c->q.prev = q->tail;
    if (q->tail != NIL)
        r->calls[q->tail].q.next = id;
    else
        q->head = id;
    q->tail = id;
}

static void idle_append(fcfs *r, uint32_t a)
{
    for (uint64_t m = r->skills[a]; m; m &= m - 1) {
        uint32_t s = (uint32_t)__builtin_ctzll(m);
        link *l = &r->idle_links[(size_t)a * r->n_skills + s];
        l->next = NIL;
        l->prev = r->idle[s].tail;
        if (r->idle[s].tail != NIL)
            r->idle_links[(size_t)r->idle[s].tail * r->n_skills + s].next = a;
        else
            r->idle[s].head = a;
        r->idle[s].tail = a;
    }
    r->is_idle[a] = true;
}

static int file_held(fcfs *r)
{
    uint32_t v = r->solo;
    r->solo = NIL;
    if (v & AGENT_BIT)
        idle_append(r, v & ~AGENT_BIT);
    else
        queue_append(r, v);
    return push_pending(r, v);
}

/* Files the held-aside event as the general path would have on its delivery: every
 * callback does this first, so the held event keeps its place in the delivery order. */
static inline int file_solo(fcfs *r)
{
    return r->solo == NIL ? 0 : file_held(r);
}

static int call_arrived_general(fcfs *r, const cs_router_call *call);

static int fcfs_call_arrived(void *state, double now, const cs_router_call *call)
{
    (void)now;
    fcfs *r = state;
    uint32_t id = call->id;
    if (r->simple && r->solo == NIL && r->n_pending == 0 && id < r->calls_cap &&
        call->category < r->n_cat) {
        /* the usual first event of an instant: held aside, filed only if another follows
         * (one skill, one level: queue 0) */
        call_rec *c = &r->calls[id];
        c->queue = 0;
        c->skill = 0;
        c->order = r->next_order++;
        c->waiting = false;
        r->solo = id;
        return 0;
    }
    return call_arrived_general(r, call);
}

static __attribute__((noinline)) int call_arrived_general(fcfs *r, const cs_router_call *call)
{
    if (call->category >= r->n_cat)
        return CS_EINVAL;
    if (call->id >= r->calls_cap) {
        size_t cap = r->calls_cap;
        if (cs_grow((void **)&r->calls, &cap, (size_t)call->id + 1, sizeof *r->calls))
            return CS_ENOMEM;
        r->calls_cap = cap;
    }
    int rc = file_solo(r);
    if (rc)
        return rc;
    call_rec *c = &r->calls[call->id];
    uint32_t skill = r->cat_skill[call->category];
    c->queue = r->cat_level[call->category] * (uint32_t)r->n_skills + skill;
    c->skill = skill;
    c->order = r->next_order++;
    if (r->simple && r->n_pending == 0) {
        c->waiting = false; /* not queued until decide() or the next event files it */
        r->solo = call->id;
        return 0;
    }
    queue_append(r, call->id);
    return push_pending(r, call->id);
}

static int fcfs_call_abandoned(void *state, double now, uint32_t call)
{
    (void)now;
    fcfs *r = state;
    int rc = file_solo(r);
    if (rc)
        return rc;
    if (call < r->calls_cap && r->calls[call].waiting)
        queue_remove(r, call);
    return 0;
}

static inline void idle_remove(fcfs *r, uint32_t a)
{
    for (uint64_t m = r->skills[a]; m; m &= m - 1) {
        uint32_t s = (uint32_t)__builtin_ctzll(m);
        link *l = &r->idle_links[(size_t)a * r->n_skills + s];
        if (l->prev != NIL)
            r->idle_links[(size_t)l->prev * r->n_skills + s].next = l->next;
        else
            r->idle[s].head = l->next;
        if (l->next != NIL)
            r->idle_links[(size_t)l->next * r->n_skills + s].prev = l->prev;
        else
            r->idle[s].tail = l->prev;
    }
    r->is_idle[a] = false;
}

static int agent_ready_general(fcfs *r, const cs_router_agent *agent);

static int fcfs_agent_ready(void *state, double now, const cs_router_agent *agent)
{
    (void)now;
    fcfs *r = state;
    uint32_t a = agent->id;
    if (r->simple && r->solo == NIL && r->n_pending == 0 && a < r->agents_cap && !r->is_idle[a] &&
        (agent->skills & 1)) {
        /* the usual first event of an instant: held aside (one skill: bit 0) */
        r->skills[a] = 1;
        r->solo = AGENT_BIT | a;
        return 0;
    }
    return agent_ready_general(r, agent);
}

static __attribute__((noinline)) int agent_ready_general(fcfs *r, const cs_router_agent *agent)
{
    uint32_t a = agent->id;
    size_t need = (size_t)a + 1;
    if (need > r->agents_cap) {
        size_t cap_links = r->agents_cap * r->n_skills, cap_sk = r->agents_cap,
               cap_idle = r->agents_cap;
        size_t target = r->agents_cap ? r->agents_cap : 64;
        while (target < need)
            target *= 2;
        if (cs_grow((void **)&r->idle_links, &cap_links, target * r->n_skills, sizeof(link)) ||
            cs_grow((void **)&r->skills, &cap_sk, target, sizeof(uint64_t)) ||
            cs_grow((void **)&r->is_idle, &cap_idle, target, sizeof(bool)))
            return CS_ENOMEM;
        r->agents_cap = target;
    }
    int rc = file_solo(r);
    if (rc)
        return rc;
    if (r->is_idle[a])
        idle_remove(r, a);
    uint64_t m = agent->skills;
    if (r->n_skills < 64)
        m &= (UINT64_C(1) << r->n_skills) - 1;
    r->skills[a] = m;
    if (r->simple && r->n_pending == 0 && m) {
        r->solo = AGENT_BIT | a; /* not idle until decide() or the next event files it */
        return 0;
    }
    idle_append(r, a);
    return push_pending(r, AGENT_BIT | a);
}

static int fcfs_agent_away(void *state, double now, uint32_t agent, cs_router_away why)
{
    (void)now;
    (void)why;
    fcfs *r = state;
    int rc = file_solo(r);
    if (rc)
        return rc;
    if (agent < r->agents_cap && r->is_idle[agent])
        idle_remove(r, agent);
    return 0;
}

/* The most urgent, then oldest, waiting call that agent a can take, or NIL. */
static inline uint32_t pick_call(const fcfs *r, uint32_t a)
{
    uint64_t mask = r->skills[a];
    if (r->n_levels == 1 && !(mask & (mask - 1))) /* one level, one skill: its queue's head */
        return mask ? r->queues[__builtin_ctzll(mask)].head : NIL;
    for (size_t lv = 0; lv < r->n_levels; lv++) {
        uint32_t best = NIL;
        for (uint64_t m = mask; m; m &= m - 1) {
            uint32_t s = (uint32_t)__builtin_ctzll(m);
            uint32_t h = r->queues[lv * r->n_skills + s].head;
            if (h != NIL && (best == NIL || r->calls[h].order < r->calls[best].order))
                best = h;
        }
        if (best != NIL)
            return best;
    }
    return NIL;
}

/* One skill: the idle list's links are idle_links[a] (what idle_append and idle_remove do
 * for an agent with skill 0 alone). */
static inline void idle_append_one(fcfs *r, uint32_t a)
{
    link *l = &r->idle_links[a];
    l->next = NIL;
    l->prev = r->idle[0].tail;
    if (l->prev != NIL)
        r->idle_links[l->prev].next = a;
    else
        r->idle[0].head = a;
    r->idle[0].tail = a;
    r->is_idle[a] = true;
}

static inline void idle_pop_one(fcfs *r, uint32_t a)
{
    uint32_t next = r->idle_links[a].next;
    r->idle[0].head = next;
    if (next != NIL)
        r->idle_links[next].prev = NIL;
    else
        r->idle[0].tail = NIL;
    r->is_idle[a] = false;
}

/* The general decision: every pending event in delivery order. Apart from the held-event
 * path, whose registers it would otherwise make every call save and restore. */
static __attribute__((noinline)) int decide_pending(fcfs *r, cs_decisions *out)
{
    int rc = file_solo(r);
    if (rc)
        return rc;
    /* locals: stores into the output would otherwise make the compiler reload the state */
    const uint32_t *pending = r->pending;
    size_t n = r->n_pending, cap = out->capacity, count = 0, i = 0;
    cs_assignment *items = out->items;
    for (; i < n && count < cap; i++) {
        uint32_t v = pending[i];
        uint32_t call, agent;
        if (v & AGENT_BIT) {
            agent = v & ~AGENT_BIT;
            if (!r->is_idle[agent] || (call = pick_call(r, agent)) == NIL)
                continue;
        } else {
            call = v;
            const call_rec *c = &r->calls[call];
            if (!c->waiting || (agent = r->idle[c->skill].head) == NIL)
                continue;
        }
        queue_remove(r, call);
        idle_remove(r, agent);
        items[count++] = (cs_assignment){.call = call, .agent = agent};
    }
    out->count = count;
    /* Whatever did not fit stays pending for the next decision. */
    if (i < n)
        memmove(r->pending, r->pending + i, (n - i) * sizeof *r->pending);
    r->n_pending = n - i;
    return 0;
}

static int fcfs_decide(void *state, double now, cs_decisions *out)
{
    (void)now;
    fcfs *r = state;
    uint32_t held = r->solo;
    if (held == NIL || r->n_pending != 0 || out->capacity == 0)
        return decide_pending(r, out);
    /* the instant's only event (one skill, one level): what decide_pending would make of
     * it */
    r->solo = NIL;
    out->count = 0;
    if (held & AGENT_BIT) {
        uint32_t a = held & ~AGENT_BIT, call = r->queues[0].head;
        if (call == NIL) {
            idle_append_one(r, a);
            return 0;
        }
        queue_remove(r, call);
        out->items[0] = (cs_assignment){.call = call, .agent = a};
    } else {
        uint32_t a = r->idle[0].head;
        if (a == NIL) {
            queue_append(r, held);
            return 0;
        }
        idle_pop_one(r, a);
        out->items[0] = (cs_assignment){.call = held, .agent = a};
    }
    out->count = 1;
    return 0;
}

const cs_router_vtable csi_router_fcfs = {
    .struct_size = sizeof(cs_router_vtable),
    .abi_major = CS_ROUTER_ABI_MAJOR,
    .abi_minor = CS_ROUTER_ABI_MINOR,
    .name = "fcfs",
    .create = fcfs_create,
    .destroy = fcfs_destroy,
    .call_arrived = fcfs_call_arrived,
    .call_abandoned = fcfs_call_abandoned,
    .agent_ready = fcfs_agent_ready,
    .agent_away = fcfs_agent_away,
    .decide = fcfs_decide,
};
