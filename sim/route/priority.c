/* priority.c — built-in policy "priority": strict priority. Whenever anything changes,
 * every waiting call is offered again, most urgent priority first and by arrival within a
 * priority, to the longest-idle agent who has its skill; a call of a lower priority gets an
 * agent only when no waiting call of a higher priority could take that agent.
 * Part of sim/route. fcfs applies the same order but matches the events of an instant one
 * by one in delivery order; the two differ only when several events share an instant (a
 * less urgent call that arrived first can take an agent freed at that instant ahead of a
 * more urgent call arriving at the same instant under fcfs, never here). */
#include "route/route_int.h"

static uint32_t pick(void *policy, const csi_pool *p, uint32_t call, double now)
{
    (void)policy;
    (void)now;
    return csi_pool_scan(p, call, NULL, NULL, NULL);
}

static int create(const cs_router_host *h, void **state)
{
    return csi_policy_create(h, sizeof(csi_policy), pick, state);
}

const cs_router_vtable csi_router_priority =
    CSI_POLICY_VTABLE("priority", create, csi_policy_destroy, NULL);
