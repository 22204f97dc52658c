/* route_int.h — private helpers shared by the built-in routing policies.
 * Part of sim/route. */
#ifndef CS_ROUTE_INT_H
#define CS_ROUTE_INT_H

#include "callsim/router.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern const cs_router_vtable csi_router_fcfs;
extern const cs_router_vtable csi_router_priority;
extern const cs_router_vtable csi_router_overflow;
extern const cs_router_vtable csi_router_reserve;
extern const cs_router_vtable csi_router_round_robin;
extern const cs_router_vtable csi_router_least_occupied;

#define CSI_NIL UINT32_MAX

/* ---- the pool (pool.c): waiting calls and agents as every policy but fcfs keeps them ----
 * Waiting calls sit in one FIFO per category; categories are grouped in priority levels
 * (distinct priorities, most urgent first). Idle agents sit in an unordered array. Each
 * agent's logged-in and busy time is integrated from the events, so a policy can read its
 * occupancy so far. */

typedef struct csi_pool_call {
    uint32_t prev, next; /* links in the category's FIFO */
    uint32_t category;
    bool waiting;
    uint64_t order; /* arrival order */
    double arrived_s;
} csi_pool_call;

enum { CSI_AGENT_AWAY = 0, CSI_AGENT_IDLE, CSI_AGENT_BUSY };

typedef struct csi_pool_agent {
    uint64_t skills;
    double since;       /* start of the current state */
    double busy_s;      /* time on calls (talk and write-up) so far */
    double logged_s;    /* time idle or busy so far */
    uint64_t ready_seq; /* order of becoming idle: ties of `since` go to the earlier */
    uint32_t idle_pos;  /* index in idle[] while idle */
    uint8_t state;
} csi_pool_agent;

typedef struct csi_pool {
    size_t n_cat, n_skills, n_levels;
    uint32_t *cat_skill;   /* [n_cat] */
    uint32_t *cat_level;   /* [n_cat] 0 = most urgent */
    uint32_t *level_cats;  /* [n_cat] categories by level, then index */
    uint32_t *level_start; /* [n_levels + 1] into level_cats */
    uint32_t *head, *tail; /* [n_cat] FIFO of waiting calls */
    csi_pool_call *calls;
    size_t calls_cap;
    uint64_t next_order;
    size_t n_waiting;
    csi_pool_agent *agents;
    size_t agents_cap; /* agent ids seen are < agents_cap */
    uint32_t *idle;    /* [n_idle] ids of idle agents, unordered */
    size_t n_idle, idle_cap;
    uint64_t next_ready;
} csi_pool;

/* Picks the agent for waiting call `call` among the idle agents, or CSI_NIL when the policy
 * gives it none now. A non-NIL answer is carried out at once (the policy may note it). The
 * set of agents a policy would give a call to must not grow for a later call of the same
 * category (it only shrinks or stays as the call waits less): the match stops looking at a
 * category at its first refusal. */
typedef uint32_t (*csi_pick_fn)(void *policy, const csi_pool *p, uint32_t call, double now);

int csi_pool_init(csi_pool *p, const cs_router_host *h);
void csi_pool_fini(csi_pool *p);
int csi_pool_call_arrived(csi_pool *p, double now, const cs_router_call *call);
void csi_pool_call_abandoned(csi_pool *p, uint32_t call);
int csi_pool_agent_ready(csi_pool *p, double now, const cs_router_agent *agent);
void csi_pool_agent_away(csi_pool *p, double now, uint32_t agent);
/* Call leaves the queue, agent becomes busy (a decision, or the host's `assigned`). */
void csi_pool_assign(csi_pool *p, double now, uint32_t call, uint32_t agent);
/* Busy / logged-in time of agent a up to now; 0 before it has logged in for any time. */
double csi_pool_occupancy(const csi_pool *p, uint32_t a, double now);
/* True when agent x has been idle longer than agent y (ties: the earlier to become idle). */
bool csi_pool_idle_longer(const csi_pool *p, uint32_t x, uint32_t y);
/* The best idle agent with the skill of waiting call `call` that ok() accepts (NULL: any),
 * best by better(x, y) "x before y" (NULL: longest idle); CSI_NIL when none. */
typedef bool (*csi_agent_ok_fn)(void *ud, const csi_pool *p, uint32_t a);
typedef bool (*csi_agent_better_fn)(void *ud, const csi_pool *p, uint32_t x, uint32_t y);
uint32_t csi_pool_scan(
    const csi_pool *p, uint32_t call, csi_agent_ok_fn ok, csi_agent_better_fn better, void *ud);
/* Waiting calls most urgent level first, by arrival within a level, each offered to pick();
 * appends the assignments to out. */
void csi_pool_match(csi_pool *p, double now, cs_decisions *out, csi_pick_fn pick, void *policy);

/* ---- callbacks for policies whose state starts with a csi_policy ---- */

typedef struct csi_policy {
    csi_pool pool; /* first: the callbacks below cast the state to it */
    csi_pick_fn pick;
} csi_policy;

int csi_policy_call_arrived(void *state, double now, const cs_router_call *call);
int csi_policy_call_abandoned(void *state, double now, uint32_t call);
int csi_policy_agent_ready(void *state, double now, const cs_router_agent *agent);
int csi_policy_agent_away(void *state, double now, uint32_t agent, cs_router_away why);
int csi_policy_decide(void *state, double now, cs_decisions *out);
int csi_policy_assigned(void *state, double now, const cs_assignment *a);
/* Allocates a policy state of `size` bytes (>= sizeof(csi_policy)) with its pool set up. */
int csi_policy_create(const cs_router_host *h, size_t size, csi_pick_fn pick, void **state);
/* Frees a state made by csi_policy_create. */
void csi_policy_destroy(void *state);

/* The vtable of a pool-based policy: only the name, create and (optionally) tick differ. */
#define CSI_POLICY_VTABLE(name_, create_, destroy_, tick_)                                         \
    {                                                                                              \
        .struct_size = sizeof(cs_router_vtable), .abi_major = CS_ROUTER_ABI_MAJOR,                 \
        .abi_minor = CS_ROUTER_ABI_MINOR, .name = name_, .create = create_, .destroy = destroy_,   \
        .call_arrived = csi_policy_call_arrived, .call_abandoned = csi_policy_call_abandoned,      \
        .agent_ready = csi_policy_agent_ready, .agent_away = csi_policy_agent_away,                \
        .decide = csi_policy_decide, .tick = tick_, .assigned = csi_policy_assigned,               \
    }

/* ---- options (options.c): host->config is "key=value;key=value" ---- */

/* Copies the value of `key` in `config` into buf (NUL-terminated): 1; 0 when absent (config
 * may be NULL); -1 when longer than n - 1 bytes. */
int csi_option(const char *config, const char *key, char *buf, size_t n);
/* A number option: *out unchanged when absent; false when present but not a finite number. */
bool csi_option_number(const char *config, const char *key, double *out);
/* A list of category indices "2,0,4" as a mask: *out unchanged when absent; false when
 * malformed or an index is >= n_categories. */
bool csi_option_categories(const char *config, const char *key, size_t n_categories, uint64_t *out);

#endif
