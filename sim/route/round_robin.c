/* round_robin.c — built-in policy "round-robin": waiting calls most urgent first, by
 * arrival within a priority; each goes to the next idle agent with its skill after the one
 * who got the previous call, in agent order, wrapping around. Spreads calls over agents by
 * count rather than by idle time.
 * Part of sim/route. */
#include "route/route_int.h"

typedef struct rr {
    csi_policy base;
    uint32_t cursor; /* the agent after the last one given a call */
} rr;

/* x comes before y when it is fewer steps after the cursor, cyclically. */
static bool before(void *ud, const csi_pool *p, uint32_t x, uint32_t y)
{
    const rr *r = ud;
    uint64_t n = p->agents_cap;
    uint64_t dx = (x + n - r->cursor % n) % n, dy = (y + n - r->cursor % n) % n;
    return dx < dy;
}

static uint32_t pick(void *policy, const csi_pool *p, uint32_t call, double now)
{
    (void)now;
    rr *r = policy;
    uint32_t a = csi_pool_scan(p, call, NULL, before, r);
    if (a != CSI_NIL)
        r->cursor = a + 1;
    return a;
}

static int create(const cs_router_host *h, void **state)
{
    return csi_policy_create(h, sizeof(rr), pick, state);
}

const cs_router_vtable csi_router_round_robin =
    CSI_POLICY_VTABLE("round-robin", create, csi_policy_destroy, NULL);
