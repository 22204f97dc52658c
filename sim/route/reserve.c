/* reserve.c — built-in policy "reserve": threshold reservation (trunk reservation). Calls
 * are taken most urgent first, by arrival within a priority, each to the longest-idle agent
 * with its skill; but a call of a category that is not urgent may take an agent able to
 * serve an urgent category only while more than `agents` such agents are idle, so that
 * `agents` stay free for the next urgent call. Non-urgent calls go to agents who cannot
 * serve urgent calls first.
 * Part of sim/route. Options: agents=K (>= 1, default 1), urgent=I,J,... (category
 * indices; default: the categories of the most urgent priority). */
#include "route/route_int.h"

#include "callsim/err.h"

typedef struct reserve {
    csi_policy base;
    double keep;           /* agents to keep free */
    uint64_t urgent;       /* categories */
    uint64_t urgent_skill; /* skills of the urgent categories */
    size_t capable_idle;   /* idle agents with an urgent skill, for the call being matched */
} reserve;

static bool capable(const reserve *r, const csi_pool *p, uint32_t a)
{
    return (p->agents[a].skills & r->urgent_skill) != 0;
}

static bool may_take(void *ud, const csi_pool *p, uint32_t a)
{
    const reserve *r = ud;
    return !capable(r, p, a) || (double)r->capable_idle > r->keep;
}

static bool spare_first(void *ud, const csi_pool *p, uint32_t x, uint32_t y)
{
    const reserve *r = ud;
    bool cx = capable(r, p, x), cy = capable(r, p, y);
    if (cx != cy)
        return !cx;
    return csi_pool_idle_longer(p, x, y);
}

static uint32_t pick(void *policy, const csi_pool *p, uint32_t call, double now)
{
    (void)now;
    reserve *r = policy;
    if (r->urgent >> p->calls[call].category & 1)
        return csi_pool_scan(p, call, NULL, NULL, NULL);
    r->capable_idle = 0;
    for (size_t i = 0; i < p->n_idle; i++)
        r->capable_idle += capable(r, p, p->idle[i]);
    return csi_pool_scan(p, call, may_take, spare_first, r);
}

static int create(const cs_router_host *h, void **state)
{
    double keep = 1;
    uint64_t urgent = 0;
    if (!csi_option_number(h->config, "agents", &keep) || keep < 0 ||
        !csi_option_categories(h->config, "urgent", h->n_categories, &urgent))
        return CS_EINVAL;
    int rc = csi_policy_create(h, sizeof(reserve), pick, state);
    if (rc != 0)
        return rc;
    reserve *r = *state;
    const csi_pool *p = &r->base.pool;
    if (!urgent)
        for (uint32_t i = p->level_start[0]; i < p->level_start[1]; i++)
            urgent |= UINT64_C(1) << p->level_cats[i];
    r->keep = keep;
    r->urgent = urgent;
    for (size_t c = 0; c < p->n_cat; c++)
        if (urgent >> c & 1)
            r->urgent_skill |= UINT64_C(1) << p->cat_skill[c];
    return 0;
}

const cs_router_vtable csi_router_reserve =
    CSI_POLICY_VTABLE("reserve", create, csi_policy_destroy, NULL);
