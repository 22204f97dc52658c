/* least_occupied.c — built-in policy "least-occupied": waiting calls most urgent first, by
 * arrival within a priority; each goes to the idle agent with its skill whose occupancy so
 * far (time on calls / time logged in, from the events this router saw) is lowest, the
 * longest idle among equals. Evens out workload across agents (fairness), at the price of
 * ignoring who has rested longest right now.
 * Part of sim/route. */
#include "route/route_int.h"

typedef struct lo {
    csi_policy base;
    double now; /* of the decision in progress, for the comparison */
} lo;

static bool less_occupied(void *ud, const csi_pool *p, uint32_t x, uint32_t y)
{
    const lo *r = ud;
    double ox = csi_pool_occupancy(p, x, r->now), oy = csi_pool_occupancy(p, y, r->now);
    if (ox != oy)
        return ox < oy;
    return csi_pool_idle_longer(p, x, y);
}

static uint32_t pick(void *policy, const csi_pool *p, uint32_t call, double now)
{
    lo *r = policy;
    r->now = now;
    return csi_pool_scan(p, call, NULL, less_occupied, r);
}

static int create(const cs_router_host *h, void **state)
{
    return csi_policy_create(h, sizeof(lo), pick, state);
}

const cs_router_vtable csi_router_least_occupied =
    CSI_POLICY_VTABLE("least-occupied", create, csi_policy_destroy, NULL);
