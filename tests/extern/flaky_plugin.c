/* flaky_plugin.c — the fcfs policy as a plugin of ABI 1.0 (no assigned() callback) whose
 * decide() fails at every 7th instant without deciding: the simulation's fallback must
 * take those instants over and keep this router's state right by telling it that the
 * calls it assigned left and the agents went away. */
#include "route/route_int.h"

#include "callsim/err.h"

#include <stddef.h>

static unsigned long decides;

static int flaky_decide(void *state, double now, cs_decisions *out)
{
    if (++decides % 7 == 0) {
        out->count = 0;
        return CS_EROUTER;
    }
    return csi_router_fcfs.decide(state, now, out);
}

static cs_router_vtable vt;

__attribute__((visibility("default"))) const cs_router_vtable *cs_router_plugin(void);

const cs_router_vtable *cs_router_plugin(void)
{
    vt = csi_router_fcfs;
    vt.struct_size = (uint32_t)(offsetof(cs_router_vtable, decide) + sizeof vt.decide);
    vt.abi_minor = 0;
    vt.name = "flaky-fcfs";
    vt.decide = flaky_decide;
    return &vt;
}
