/* route_int.h — private helpers shared by the built-in routing policies.
 * Part of sim/route. */
#ifndef CS_ROUTE_INT_H
#define CS_ROUTE_INT_H

#include "callsim/router.h"

extern const cs_router_vtable csi_router_fcfs;

#endif
