/* overflow.c — built-in policy "overflow": skills-based routing with overflow. A waiting
 * call is first offered only to the best-matched agents for its skill, the specialists:
 * agents with the fewest skills among those who have it (rank = number of skills - 1; the
 * best rank is the lowest this router has seen among agents with that skill). After
 * waiting `after` seconds it may also go to agents one rank wider, then one more rank every
 * `step` seconds, until every agent with the skill is allowed. Among allowed idle agents
 * the narrowest wins, then the longest idle; calls are taken most urgent first, by arrival
 * within a priority. Keeps generalists free for the calls only they can take, at the price
 * of some waiting when the specialists are busy.
 * Part of sim/route. A call's allowance grows with time alone, so the policy has a tick:
 * without one a call only widens when some other event makes the router decide. Options:
 * after=SECONDS (default 20), step=SECONDS (> 0, default 20). */
#include "route/route_int.h"

#include "callsim/err.h"

#include <math.h>

typedef struct overflow {
    csi_policy base;
    double after_s, step_s;
    int best_rank[64]; /* per skill: lowest rank of an agent seen with it; 64: none yet */
    int allowed;       /* of the call being matched */
} overflow;

static int rank_of(uint64_t skills)
{
    return __builtin_popcountll(skills) - 1;
}

static bool allowed(void *ud, const csi_pool *p, uint32_t a)
{
    return rank_of(p->agents[a].skills) <= ((const overflow *)ud)->allowed;
}

static bool narrower(void *ud, const csi_pool *p, uint32_t x, uint32_t y)
{
    (void)ud;
    int rx = rank_of(p->agents[x].skills), ry = rank_of(p->agents[y].skills);
    if (rx != ry)
        return rx < ry;
    return csi_pool_idle_longer(p, x, y);
}

static uint32_t pick(void *policy, const csi_pool *p, uint32_t call, double now)
{
    overflow *r = policy;
    const csi_pool_call *c = &p->calls[call];
    double waited = now - c->arrived_s;
    int widen = 0;
    if (waited >= r->after_s) {
        double steps = 1 + floor((waited - r->after_s) / r->step_s);
        widen = steps > 64 ? 64 : (int)steps;
    }
    r->allowed = r->best_rank[p->cat_skill[c->category]] + widen;
    return csi_pool_scan(p, call, allowed, narrower, r);
}

static int agent_ready(void *state, double now, const cs_router_agent *agent)
{
    overflow *r = state;
    int rc = csi_policy_agent_ready(state, now, agent);
    if (rc != 0)
        return rc;
    uint64_t m = r->base.pool.agents[agent->id].skills;
    int rank = rank_of(m);
    for (uint32_t s = 0; m; s++, m >>= 1)
        if ((m & 1) && rank < r->best_rank[s])
            r->best_rank[s] = rank;
    return 0;
}

/* The allowance is computed when a call is matched; the tick only has to make the host
 * call decide(). */
static int tick(void *state, double now)
{
    (void)state;
    (void)now;
    return 0;
}

static int create(const cs_router_host *h, void **state)
{
    double after = 20, step = 20;
    if (!csi_option_number(h->config, "after", &after) ||
        !csi_option_number(h->config, "step", &step) || after < 0 || !(step > 0))
        return CS_EINVAL;
    int rc = csi_policy_create(h, sizeof(overflow), pick, state);
    if (rc != 0)
        return rc;
    overflow *r = *state;
    r->after_s = after;
    r->step_s = step;
    for (int s = 0; s < 64; s++)
        r->best_rank[s] = 64;
    return 0;
}

const cs_router_vtable csi_router_overflow = {
    .struct_size = sizeof(cs_router_vtable),
    .abi_major = CS_ROUTER_ABI_MAJOR,
    .abi_minor = CS_ROUTER_ABI_MINOR,
    .name = "overflow",
    .create = create,
    .destroy = csi_policy_destroy,
    .call_arrived = csi_policy_call_arrived,
    .call_abandoned = csi_policy_call_abandoned,
    .agent_ready = agent_ready,
    .agent_away = csi_policy_agent_away,
    .decide = csi_policy_decide,
    .tick = tick,
    .assigned = csi_policy_assigned,
};
