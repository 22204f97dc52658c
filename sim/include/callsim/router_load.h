/* callsim/router_load.h — routers from outside the simulator: shared-library plugins
 * (loaded with dlopen) and external router processes reached over a socket (the protocol
 * of docs/router-protocol.md). Both end up as a cs_router_vtable the simulation drives
 * like a built-in policy. */
#ifndef CALLSIM_ROUTER_LOAD_H
#define CALLSIM_ROUTER_LOAD_H

#include "callsim/err.h"
#include "callsim/router.h"

#include <stdint.h>

/* ---- plugins ---- */

typedef struct cs_plugin cs_plugin;

/* Loads the shared object at `path` (as dlopen takes it: a path with a '/' is opened as
 * given, a bare name is searched like a library), finds CS_ROUTER_PLUGIN_SYMBOL and checks
 * the vtable: ABI major CS_ROUTER_ABI_MAJOR, struct_size covering its minor version, every
 * mandatory callback present. Returns owned, or NULL with err set (CS_EROUTER). */
cs_plugin *cs_plugin_open(const char *path, cs_err *err);

/* The plugin's vtable copied to this build's size: callbacks the plugin's minor version
 * does not have are NULL. Valid until cs_plugin_close. */
const cs_router_vtable *cs_plugin_vtable(const cs_plugin *p);

/* Unloads the plugin. NULL is a no-op. Every router it created must be destroyed first. */
void cs_plugin_close(cs_plugin *p);

/* ---- external routers ---- */

#define CS_EXTERNAL_PROTOCOL_MAJOR 1
#define CS_EXTERNAL_PROTOCOL_MINOR 0
#define CS_EXTERNAL_MAX_LINE (4u << 20) /* longest reply line accepted, bytes */
#define CS_EXTERNAL_MAX_FAILURES 5      /* consecutive faulty steps before giving up */

/* Faults of one external router connection, counted by kind. */
typedef struct cs_external_faults {
    uint64_t steps;            /* steps answered */
    uint64_t timeouts;         /* no complete reply within the step timeout */
    uint64_t malformed;        /* reply not JSON, wrong type or seq, bad assignment list */
    uint64_t oversized;        /* reply line longer than CS_EXTERNAL_MAX_LINE */
    uint64_t disconnects;      /* the router closed or reset the connection */
    uint64_t router_errors;    /* the router answered {"type":"error"} */
    uint64_t rejected;         /* assignments refused (unknown call, busy agent, skill, twice) */
    uint64_t reconnects;       /* connections made again after a fault */
    uint64_t connect_failures; /* attempts to reconnect that failed */
    uint64_t gave_up;          /* 1 when the router was given up for the rest of the run */
} cs_external_faults;

/* Where and how to reach the router. */
typedef struct cs_external_opts {
    const char *address;  /* "unix:/path" or "tcp:HOST:PORT" */
    double timeout_s;     /* wall-clock limit per step */
    unsigned replication; /* sent in the hello */
} cs_external_opts;

/* The vtable of the external client. Its create() refuses (CS_EINVAL): states come from
 * cs_external_create. decide() returns CS_EROUTER at a step the router did not answer
 * properly, so the simulation's fallback decides; the connection is made again at a later
 * step (back-off in steps, at most CS_EXTERNAL_MAX_FAILURES faults in a row) and the
 * router is sent the calls waiting and agents idle. */
const cs_router_vtable *cs_external_vtable(void);

/* Connects to the router and exchanges hellos. Returns 0 and an owned state for the
 * vtable's callbacks, or a negative status with err set (cannot connect, no or bad hello,
 * protocol version). */
int cs_external_create(const cs_router_host *host,
                       const cs_external_opts *opts,
                       void **state,
                       cs_err *err);

/* Fault counters of a state made by cs_external_create. */
void cs_external_get_faults(const void *state, cs_external_faults *out);

#endif
