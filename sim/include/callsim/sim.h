/* callsim/sim.h — one replication of the hotline as a value: create it from a model and a
 * replication index, advance it to a time or to the end, read its state, destroy it.
 * The batch runner and the live view use exactly these calls. Observers (statistics,
 * traces, the live view) get callbacks as calls and agents change state. */
#ifndef CALLSIM_SIM_H
#define CALLSIM_SIM_H

#include "callsim/err.h"
#include "callsim/model.h"
#include "callsim/router.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct cs_sim cs_sim;

/* Agent states. An agent "logged in" (on the phones, holding a seat) is IDLE, TALKING or
 * AFTER_CALL; ON_BREAK and SEAT_WAIT agents hold no seat. */
typedef enum cs_agent_state {
    CS_AGENT_OFF = 0,    /* not on shift */
    CS_AGENT_SEAT_WAIT,  /* on shift, waiting for a free seat */
    CS_AGENT_IDLE,       /* logged in, ready */
    CS_AGENT_TALKING,    /* on a call */
    CS_AGENT_AFTER_CALL, /* writing up the ticket */
    CS_AGENT_ON_BREAK,   /* on a break */
    CS_AGENT_STATE_COUNT
} cs_agent_state;

/* Name of an agent state ("idle", "after_call", ...). */
const char *cs_agent_state_name(cs_agent_state s);

/* A call attempt as observers see it. */
typedef struct cs_call_info {
    uint32_t id;       /* call slot, reused by later attempts */
    uint32_t category; /* index into model categories */
    uint32_t attempt;  /* 1 fresh; >1 a redial or reconnect */
    bool reconnect;    /* this attempt is a reconnect (after being served) */
    bool urgent;       /* the ticket will be extra-urgent (known once answered) */
    double arrived_s;  /* arrival time of this attempt */
    double wait_s;     /* answered/abandoned: time waited */
    double talk_s;     /* answered: talk time */
    double wrapup_s;   /* answered: after-call work */
} cs_call_info;

/* Callbacks; any may be NULL. Called synchronously from cs_sim_advance_to; they must not
 * call back into the simulation except the read-only queries below. */
typedef struct cs_observer {
    void *ud;
    void (*call_arrived)(void *ud, double now, const cs_call_info *c);
    void (*call_answered)(void *ud, double now, const cs_call_info *c, uint32_t agent);
    void (*call_abandoned)(void *ud, double now, const cs_call_info *c);
    void (*call_done)(void *ud, double now, const cs_call_info *c, uint32_t agent);
    void (*agent_changed)(
        void *ud, double now, uint32_t agent, cs_agent_state from, cs_agent_state to);
    /* true: agent_changed only where an agent logs in or out, takes a break or waits for a
     * seat, not for the moves between idle, talking and after-call work (two or three a
     * call, the most frequent by far). false (what a zeroed observer says): every change. */
    bool logins_only;
} cs_observer;

/* The wallboard at one instant. */
typedef struct cs_snapshot {
    double at_s;   /* horizon time */
    int logged_in; /* idle + talking + after_call */
    int talking;
    int after_call;
    int idle;
    int on_break;
    int seat_wait; /* on shift but no free seat */
    int waiting;   /* calls waiting, all categories */
    int waiting_by_category[CS_MAX_CATEGORIES];
    double longest_wait_s; /* of the calls waiting now; 0 when none */
} cs_snapshot;

/* Decisions taken and refused. */
typedef struct cs_route_stats {
    uint64_t decisions;     /* assignments carried out */
    uint64_t invalid_call;  /* named a call that is not waiting (or no call) */
    uint64_t invalid_agent; /* named an agent that is not idle and logged in (or none) */
    uint64_t invalid_skill; /* agent lacks the call's skill */
    uint64_t router_errors; /* callbacks that returned an error */
    /* The fallback policy (routing.fallback) decides at instants where the router failed
     * or was refused; external routers count their faults by kind. */
    uint64_t fallbacks;          /* instants the fallback decided at */
    uint64_t fallback_decisions; /* assignments it made (also in decisions) */
    uint64_t steps;              /* external: steps answered */
    uint64_t timeouts;           /* external: steps without a reply in time */
    uint64_t malformed;          /* external: replies that broke the protocol */
    uint64_t oversized;          /* external: reply lines over the size limit */
    uint64_t disconnects;        /* external: connection closed or reset by the router */
    uint64_t error_replies;      /* external: steps the router answered with an error */
    uint64_t reconnects;         /* external: sessions opened again after a fault */
    uint64_t connect_failures;   /* external: attempts to reconnect that failed */
    uint64_t gave_up;            /* external: replications that gave the router up */
} cs_route_stats;

/* Wall-clock time of the router's decide() calls, in a fixed log-scale histogram: bucket i
 * < 8 holds i ns; above, 8 buckets per power of two (relative width 1/8 at most). */
#define CS_LATENCY_BUCKETS 512
typedef struct cs_latency {
    uint64_t count;    /* decide() calls timed */
    uint64_t total_ns; /* their sum */
    uint64_t max_ns;
    uint64_t bucket[CS_LATENCY_BUCKETS];
} cs_latency;

/* Adds the counts of `x` to `into` (merging replications). */
void cs_latency_add(cs_latency *into, const cs_latency *x);

/* The q-quantile (0 <= q <= 1) in microseconds: the middle of the bucket that holds it,
 * never above the maximum; NaN when nothing was timed. */
double cs_latency_quantile_us(const cs_latency *l, double q);

/* Creates replication `rep` (0-based) of `m` with routing per m->routing. Borrows `m`,
 * which must outlive the replication. Random streams are a pure function of (m->seed,
 * rep, category, purpose). Returns owned, or NULL with err set (CS_ENOMEM, CS_EROUTER). */
cs_sim *cs_sim_new(const cs_model *m, unsigned rep, cs_err *err);

/* Frees the replication. NULL is a no-op. */
void cs_sim_free(cs_sim *s);

/* Adds an observer (copied). At most 8. Call before the first advance. Returns 0 or
 * CS_EINVAL. */
int cs_sim_observe(cs_sim *s, const cs_observer *obs, cs_err *err);

/* Runs every event with time <= t_s (clamped to the horizon) and leaves the clock at t_s.
 * Returns 0, or a negative status when the router failed beyond recovery. */
int cs_sim_advance_to(cs_sim *s, double t_s, cs_err *err);

/* Runs to the end of the horizon. */
int cs_sim_run(cs_sim *s, cs_err *err);

/* Current simulated time, s from the horizon start. */
double cs_sim_now(const cs_sim *s);

/* True once the horizon is reached. */
bool cs_sim_is_done(const cs_sim *s);

/* Fills the state at the current instant. O(calls waiting) for the longest wait. */
void cs_sim_snapshot(const cs_sim *s, cs_snapshot *out);

/* Events dispatched so far (including cancelled timers dropped at dispatch). */
uint64_t cs_sim_event_count(const cs_sim *s);

/* Router decision counters so far. */
void cs_sim_route_stats(const cs_sim *s, cs_route_stats *out);

/* Times every decide() call from now on (clock_gettime(CLOCK_MONOTONIC) around it; costs
 * two clock reads per decision, nothing when never asked). Call before the first advance.
 * Returns 0 or CS_ENOMEM. */
int cs_sim_time_decisions(cs_sim *s, cs_err *err);

/* The decide() latencies timed so far (all zero unless cs_sim_time_decisions was called). */
void cs_sim_decision_latency(const cs_sim *s, cs_latency *out);

/* Agents the replication knows (fixed by the model: constant agents, shift members,
 * recalled agents). */
uint32_t cs_sim_agent_count(const cs_sim *s);

/* State of agent i and the seat it holds (-1 when it holds none). */
cs_agent_state cs_sim_agent_state(const cs_sim *s, uint32_t agent, int *seat);

/* Attempts in the system now: waiting, talking or in after-call work, all categories.
 * Used by invariant checks. */
uint64_t cs_sim_calls_in_system(const cs_sim *s);

/* ---- The live view: what-if changes at the current instant ----
 * Each takes effect at cs_sim_now(); events it schedules run within the next
 * cs_sim_advance_to. They break common random numbers from that instant on, by nature,
 * but the same changes at the same instants with the same seed give the same run. */

/* Adds n agents (0..100000) with every skill, on from now to the end of the horizon: they
 * log in at once while seats are free, otherwise wait for a seat in turn. Their ids follow
 * the existing ones (cs_sim_agent_count grows); observers that size per-agent tables at
 * creation must ignore ids beyond them. Returns 0, CS_EINVAL or CS_ENOMEM. */
int cs_sim_add_agents(cs_sim *s, int n, cs_err *err);

/* Sends up to n agents home: first those waiting for a seat, then idle ones (at once),
 * then those in after-call work and those talking, who finish the call and its write-up
 * first. Latest ids first within each group. Shift members come back for their next shift.
 * Returns how many were sent home (fewer when fewer are on), or CS_EINVAL for n < 0. */
int cs_sim_remove_agents(cs_sim *s, int n, cs_err *err);

/* Multiplies fresh-call demand of every category by `factor` (1..64) from now for
 * `duration_s` seconds, on top of the scenario's own surges. Exact: an extra Poisson
 * stream of (factor - 1) times the model's rate, with random streams of its own, leaves
 * the model's pending arrivals as they are. Returns 0, CS_EINVAL or CS_ENOMEM. */
int cs_sim_inject_surge(cs_sim *s, double factor, double duration_s, cs_err *err);

/* Start (s from the horizon start) of the next scenario surge that starts after now, or
 * +inf when none. O(surges). */
double cs_sim_next_surge(const cs_sim *s);

/* The call an agent is serving (talking or in after-call work). */
typedef struct cs_agent_call {
    uint32_t category;   /* index into model categories */
    uint32_t attempt;    /* 1 fresh; >1 a redial or reconnect */
    double arrived_s;    /* arrival of the attempt */
    double answered_s;   /* talking since */
    double waited_s;     /* answered_s - arrived_s */
    double talk_end_s;   /* end of talk, start of after-call work */
    double wrapup_end_s; /* end of after-call work */
} cs_agent_call;

/* Fills *out and returns true when agent `agent` is serving a call; false otherwise. */
bool cs_sim_agent_call(const cs_sim *s, uint32_t agent, cs_agent_call *out);

#endif
