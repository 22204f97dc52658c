/* pool.c — the state every built-in policy but fcfs shares: waiting calls by category in
 * priority levels, idle agents, each agent's occupancy so far, and the match loop that
 * offers waiting calls, most urgent first, to a policy's choice of agent.
 * Part of sim/route. decide() re-matches the whole state after each instant (not the
 * instant's events in delivery order, as fcfs does): a policy that keeps agents free or
 * holds calls back needs to see every waiting call again whenever anything changes. The
 * cost is bounded: a category is dropped from a decision at its first refusal, so a
 * decision costs O(assignments x categories x idle agents + categories). */
#include "route/route_int.h"
#include "core/grow.h"

#include "callsim/err.h"

#include <stdlib.h>
#include <string.h>

int csi_pool_init(csi_pool *p, const cs_router_host *h)
{
    memset(p, 0, sizeof *p);
    if (!h || h->n_categories == 0 || h->n_categories > 64 || !h->priority || !h->skill)
        return CS_EINVAL;
    size_t n = h->n_categories;
    p->n_cat = n;
    p->n_skills = h->n_skills;
    p->cat_skill = malloc(n * sizeof *p->cat_skill);
    p->cat_level = malloc(n * sizeof *p->cat_level);
    p->level_cats = malloc(n * sizeof *p->level_cats);
    p->level_start = malloc((n + 1) * sizeof *p->level_start);
    p->head = malloc(n * sizeof *p->head);
    p->tail = malloc(n * sizeof *p->tail);
    if (!p->cat_skill || !p->cat_level || !p->level_cats || !p->level_start || !p->head ||
        !p->tail) {
        csi_pool_fini(p);
        return CS_ENOMEM;
    }
    /* Level of a category: how many distinct priorities are more urgent than its own. */
    for (size_t c = 0; c < n; c++) {
        if (h->skill[c] >= h->n_skills || h->skill[c] >= 64) {
            csi_pool_fini(p);
            return CS_EINVAL;
        }
        uint32_t level = 0;
        for (size_t o = 0; o < n; o++) {
            bool first = h->priority[o] < h->priority[c];
            for (size_t q = 0; q < o && first; q++)
                first = h->priority[q] != h->priority[o];
            level += first;
        }
        p->cat_skill[c] = h->skill[c];
        p->cat_level[c] = level;
        if (level + 1 > p->n_levels)
            p->n_levels = level + 1;
        p->head[c] = p->tail[c] = CSI_NIL;
    }
    uint32_t k = 0;
    for (uint32_t lv = 0; lv < p->n_levels; lv++) {
        p->level_start[lv] = k;
        for (uint32_t c = 0; c < n; c++)
            if (p->cat_level[c] == lv)
                p->level_cats[k++] = c;
    }
    p->level_start[p->n_levels] = k;
    return 0;
}

void csi_pool_fini(csi_pool *p)
{
    free(p->cat_skill);
    free(p->cat_level);
    free(p->level_cats);
    free(p->level_start);
    free(p->head);
    free(p->tail);
    free(p->calls);
    free(p->agents);
    free(p->idle);
    memset(p, 0, sizeof *p);
}

int csi_pool_call_arrived(csi_pool *p, double now, const cs_router_call *call)
{
    (void)now; /* the call's own arrival time counts: a fallback hears of calls late */
    if (call->category >= p->n_cat)
        return CS_EINVAL;
    if (cs_grow((void **)&p->calls, &p->calls_cap, (size_t)call->id + 1, sizeof *p->calls))
        return CS_ENOMEM;
    csi_pool_call *c = &p->calls[call->id];
    if (c->waiting) /* a reused id the host never ended: treat the old call as gone */
        csi_pool_call_abandoned(p, call->id);
    uint32_t k = call->category;
    *c = (csi_pool_call){.prev = p->tail[k],
                         .next = CSI_NIL,
                         .category = k,
                         .waiting = true,
                         .order = p->next_order++,
                         .arrived_s = call->arrived_s};
    if (p->tail[k] != CSI_NIL)
        p->calls[p->tail[k]].next = call->id;
    else
        p->head[k] = call->id;
    p->tail[k] = call->id;
    p->n_waiting++;
    return 0;
}

void csi_pool_call_abandoned(csi_pool *p, uint32_t id)
{
    if (id >= p->calls_cap || !p->calls[id].waiting)
        return;
    csi_pool_call *c = &p->calls[id];
    uint32_t k = c->category;
    if (c->prev != CSI_NIL)
        p->calls[c->prev].next = c->next;
    else
        p->head[k] = c->next;
    if (c->next != CSI_NIL)
        p->calls[c->next].prev = c->prev;
    else
        p->tail[k] = c->prev;
    c->waiting = false;
    p->n_waiting--;
}

/* Closes the agent's current state at `now`, booking its time. */
static void agent_close(csi_pool *p, uint32_t a, double now)
{
    csi_pool_agent *g = &p->agents[a];
    double d = now > g->since ? now - g->since : 0;
    if (g->state == CSI_AGENT_BUSY)
        g->busy_s += d;
    if (g->state != CSI_AGENT_AWAY)
        g->logged_s += d;
    if (g->state == CSI_AGENT_IDLE) {
        uint32_t last = p->idle[--p->n_idle];
        p->idle[g->idle_pos] = last;
        p->agents[last].idle_pos = g->idle_pos;
    }
    g->since = now;
}

int csi_pool_agent_ready(csi_pool *p, double now, const cs_router_agent *agent)
{
    uint32_t a = agent->id;
    if (a == CSI_NIL)
        return CS_EINVAL;
    if (cs_grow((void **)&p->agents, &p->agents_cap, (size_t)a + 1, sizeof *p->agents) ||
        cs_grow((void **)&p->idle, &p->idle_cap, p->n_idle + 1, sizeof *p->idle))
        return CS_ENOMEM;
    agent_close(p, a, now);
    csi_pool_agent *g = &p->agents[a];
    g->skills = agent->skills;
    if (p->n_skills < 64)
        g->skills &= (UINT64_C(1) << p->n_skills) - 1;
    g->state = CSI_AGENT_IDLE;
    g->ready_seq = p->next_ready++;
    g->idle_pos = (uint32_t)p->n_idle;
    p->idle[p->n_idle++] = a;
    return 0;
}

void csi_pool_agent_away(csi_pool *p, double now, uint32_t a)
{
    if (a >= p->agents_cap)
        return;
    agent_close(p, a, now);
    p->agents[a].state = CSI_AGENT_AWAY;
}

void csi_pool_assign(csi_pool *p, double now, uint32_t call, uint32_t agent)
{
    csi_pool_call_abandoned(p, call); /* leaves the queue the same way */
    if (agent >= p->agents_cap)
        return;
    agent_close(p, agent, now);
    p->agents[agent].state = CSI_AGENT_BUSY;
}

double csi_pool_occupancy(const csi_pool *p, uint32_t a, double now)
{
    const csi_pool_agent *g = &p->agents[a];
    double d = g->state != CSI_AGENT_AWAY && now > g->since ? now - g->since : 0;
    double busy = g->busy_s + (g->state == CSI_AGENT_BUSY ? d : 0);
    double logged = g->logged_s + d;
    return logged > 0 ? busy / logged : 0;
}

bool csi_pool_idle_longer(const csi_pool *p, uint32_t x, uint32_t y)
{
    const csi_pool_agent *a = &p->agents[x], *b = &p->agents[y];
    if (a->since != b->since)
        return a->since < b->since;
    return a->ready_seq < b->ready_seq;
}

uint32_t csi_pool_scan(
    const csi_pool *p, uint32_t call, csi_agent_ok_fn ok, csi_agent_better_fn better, void *ud)
{
    uint64_t need = UINT64_C(1) << p->cat_skill[p->calls[call].category];
    uint32_t best = CSI_NIL;
    for (size_t i = 0; i < p->n_idle; i++) {
        uint32_t a = p->idle[i];
        if (!(p->agents[a].skills & need) || (ok && !ok(ud, p, a)))
            continue;
        if (best == CSI_NIL || (better ? better(ud, p, a, best) : csi_pool_idle_longer(p, a, best)))
            best = a;
    }
    return best;
}

void csi_pool_match(csi_pool *p, double now, cs_decisions *out, csi_pick_fn pick, void *policy)
{
    for (size_t lv = 0; lv < p->n_levels; lv++) {
        uint64_t refused = 0; /* categories of this level done for this decision */
        for (;;) {
            if (p->n_idle == 0 || p->n_waiting == 0 || out->count >= out->capacity)
                return;
            uint32_t best = CSI_NIL, best_cat = 0;
            for (uint32_t i = p->level_start[lv]; i < p->level_start[lv + 1]; i++) {
                uint32_t k = p->level_cats[i];
                uint32_t h = p->head[k];
                if (h == CSI_NIL || (refused >> k & 1))
                    continue;
                if (best == CSI_NIL || p->calls[h].order < p->calls[best].order) {
                    best = h;
                    best_cat = k;
                }
            }
            if (best == CSI_NIL)
                break;
            uint32_t a = pick(policy, p, best, now);
            if (a == CSI_NIL || a >= p->agents_cap || p->agents[a].state != CSI_AGENT_IDLE) {
                refused |= UINT64_C(1) << best_cat;
                continue;
            }
            csi_pool_assign(p, now, best, a);
            out->items[out->count++] = (cs_assignment){.call = best, .agent = a};
        }
    }
}

/* ---- shared callbacks ---- */

int csi_policy_call_arrived(void *state, double now, const cs_router_call *call)
{
    return csi_pool_call_arrived(&((csi_policy *)state)->pool, now, call);
}

int csi_policy_call_abandoned(void *state, double now, uint32_t call)
{
    (void)now;
    csi_pool_call_abandoned(&((csi_policy *)state)->pool, call);
    return 0;
}

int csi_policy_agent_ready(void *state, double now, const cs_router_agent *agent)
{
    return csi_pool_agent_ready(&((csi_policy *)state)->pool, now, agent);
}

int csi_policy_agent_away(void *state, double now, uint32_t agent, cs_router_away why)
{
    (void)why;
    csi_pool_agent_away(&((csi_policy *)state)->pool, now, agent);
    return 0;
}

int csi_policy_decide(void *state, double now, cs_decisions *out)
{
    csi_policy *r = state;
    out->count = 0;
    csi_pool_match(&r->pool, now, out, r->pick, r);
    return 0;
}

int csi_policy_assigned(void *state, double now, const cs_assignment *a)
{
    csi_pool_assign(&((csi_policy *)state)->pool, now, a->call, a->agent);
    return 0;
}

int csi_policy_create(const cs_router_host *h, size_t size, csi_pick_fn pick, void **state)
{
    csi_policy *r = calloc(1, size);
    if (!r)
        return CS_ENOMEM;
    int rc = csi_pool_init(&r->pool, h);
    if (rc != 0) {
        free(r);
        return rc;
    }
    r->pick = pick;
    *state = r;
    return 0;
}

void csi_policy_destroy(void *state)
{
    csi_policy *r = state;
    if (!r)
        return;
    csi_pool_fini(&r->pool);
    free(r);
}
