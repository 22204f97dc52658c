/* builtin.c — the table of built-in routing policies, looked up by name.
 * Part of sim/route. Each policy lives in a file of its own and exports one vtable. */
#include "route/route_int.h"

#include <string.h>

static const cs_router_vtable *const policies[] = {&csi_router_fcfs,
                                                   &csi_router_priority,
                                                   &csi_router_overflow,
                                                   &csi_router_reserve,
                                                   &csi_router_round_robin,
                                                   &csi_router_least_occupied};
static const char *const names[] = {
    "fcfs", "priority", "overflow", "reserve", "round-robin", "least-occupied", NULL};

const cs_router_vtable *cs_router_builtin(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++)
        if (strcmp(policies[i]->name, name) == 0)
            return policies[i];
    return NULL;
}

const char *const *cs_router_builtin_names(void)
{
    return names;
}
