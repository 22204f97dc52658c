/* fcfs_plugin.c — the built-in "fcfs" policy as a routing plugin: the same source file
 * (sim/route/fcfs.c) compiled into a shared object, plus the one entry point a plugin
 * exports. Load it with routing.plugin = "path/to/libcallsim_fcfs.so"; results equal the
 * built-in policy's, byte for byte. */
#include "route/route_int.h"

__attribute__((visibility("default"))) const cs_router_vtable *cs_router_plugin(void);

const cs_router_vtable *cs_router_plugin(void)
{
    return &csi_router_fcfs;
}
