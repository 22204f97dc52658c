/* callsim/router.h — the routing interface: the logic that picks which agent takes which
 * call. The simulation tells the router what happens (calls arrive and hang up, agents
 * become ready or leave) and, once the events of an instant are delivered, asks it to
 * decide; the router answers with assignments (call -> agent). The simulation checks every
 * assignment before acting on it and counts the invalid ones; a call whose assignment was
 * refused stays waiting. Built-in policies implement this same vtable.
 *
 * ABI version 1.1. The vtable is size-prefixed and append-only within a major version: the
 * simulation reads a callback only when the implementer's struct_size covers it, so a
 * router built against 1.0 keeps working. Optional callbacks may be NULL. */
#ifndef CALLSIM_ROUTER_H
#define CALLSIM_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CS_ROUTER_ABI_MAJOR 1u
#define CS_ROUTER_ABI_MINOR 1u

/* Why an agent stopped being available. */
typedef enum cs_router_away {
    CS_AWAY_BREAK = 1,    /* starts a break */
    CS_AWAY_SHIFT_END = 2 /* logs out at the end of a shift or recall */
} cs_router_away;

/* A call as the router sees it. Call ids are dense and may be reused for a later attempt
 * only after the router was told the call ended (assigned or abandoned). */
typedef struct cs_router_call {
    uint32_t id;       /* call id */
    uint32_t category; /* index into the model's categories */
    int32_t priority;  /* lower is more urgent */
    uint32_t skill;    /* index of the required skill */
    uint32_t attempt;  /* 1 for a fresh call, 2.. for redials and reconnects */
    double arrived_s;  /* simulated time of arrival */
} cs_router_call;

/* An agent as the router sees it when it becomes ready. */
typedef struct cs_router_agent {
    uint32_t id;       /* agent id, dense, stable for the replication */
    uint64_t skills;   /* bit s: may take calls that need skill s */
    double idle_since; /* simulated time the agent became idle */
} cs_router_agent;

/* One decision: give call `call` to agent `agent`. */
typedef struct cs_assignment {
    uint32_t call;
    uint32_t agent;
} cs_assignment;

/* Buffer the simulation passes to decide(): the router appends at most `capacity`
 * assignments and sets `count`. */
typedef struct cs_decisions {
    cs_assignment *items; /* borrowed, capacity entries */
    size_t capacity;      /* >= number of idle agents at the call */
    size_t count;         /* set by the router */
} cs_decisions;

/* What the simulation offers a router when it is created. */
typedef struct cs_router_host {
    size_t n_categories;
    const int32_t *priority; /* [n_categories] */
    const uint32_t *skill;   /* [n_categories] required skill index */
    size_t n_skills;
    uint64_t seed;      /* seed of the router's own random stream */
    const char *config; /* policy options as text, or NULL */
    double tick_s;      /* period of tick() in simulated seconds; 0: no ticks */
} cs_router_host;

/* The vtable. Every callback gets the router's own state first. Event callbacks return 0 or
 * a negative status (a failing router: the simulation falls back and counts the fault). */
typedef struct cs_router_vtable {
    uint32_t struct_size; /* sizeof(cs_router_vtable) as the implementer compiled it */
    uint32_t abi_major;
    uint32_t abi_minor;
    const char *name;
    int (*create)(const cs_router_host *host, void **state);
    void (*destroy)(void *state);
    int (*call_arrived)(void *state, double now, const cs_router_call *call);
    int (*call_abandoned)(void *state, double now, uint32_t call);
    int (*agent_ready)(void *state, double now, const cs_router_agent *agent);
    int (*agent_away)(void *state, double now, uint32_t agent, cs_router_away why);
    /* Called after every instant at which events were delivered. */
    int (*decide)(void *state, double now, cs_decisions *out);
    /* --- ABI 1.1 --- */
    /* Optional. Periodic, every host->tick_s simulated seconds; decide() follows. Lets a
     * policy act on the passing of time alone (a call that has waited past a threshold). */
    int (*tick)(void *state, double now);
    /* Optional. An assignment this router did not make was carried out (the fallback
     * policy decided because this router failed): the call is no longer waiting and the
     * agent is no longer idle. */
    int (*assigned)(void *state, double now, const cs_assignment *a);
} cs_router_vtable;

/* The built-in policy of that name, or NULL. Returns a static vtable. */
const cs_router_vtable *cs_router_builtin(const char *name);

/* Names of the built-in policies, NULL-terminated (static). */
const char *const *cs_router_builtin_names(void);

/* A shared-library plugin exports one function of this name and type, returning its
 * static vtable (routing.plugin = "path.so"; see callsim/router_load.h). */
#define CS_ROUTER_PLUGIN_SYMBOL "cs_router_plugin"
typedef const cs_router_vtable *cs_router_plugin_fn(void);

#endif
