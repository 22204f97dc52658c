/* callsim/stats.h — what a replication measured (raw counters, per interval, category and
 * agent) and the merge of replications into estimates with 95 % confidence intervals.
 * KPI definitions are DESIGN.md §5: over attempts arriving after the warm-up that end
 * (answered or abandoned) within the horizon; a redial is a new attempt. */
#ifndef CALLSIM_STATS_H
#define CALLSIM_STATS_H

#include "callsim/err.h"
#include "callsim/model.h"
#include "callsim/sim.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Raw counters of one (interval, category): attempts are attributed to the interval in
 * which they arrived. */
typedef struct cs_cell {
    double offered;    /* attempts arrived */
    double answered;   /* answered within the horizon */
    double abandoned;  /* abandoned within the horizon */
    double redials;    /* attempts that are redials after abandonment */
    double reconnects; /* attempts that are reconnects after being served */
    double waited;     /* ended attempts with wait > 0 */
    double within;     /* answered with wait <= targets.answer_within_s */
    double urgent;     /* answered calls written up as extra-urgent tickets */
    double wait_sum_s; /* sum of waits of ended attempts */
    double asa_sum_s;  /* sum of waits of answered attempts */
    double max_queue;  /* most calls of this category waiting at once in the interval */
} cs_cell;

/* Agent time of one interval, agent-seconds, all agents together. */
typedef struct cs_slot {
    double logged_in_s; /* idle + talking + after-call */
    double busy_s;      /* talking + after-call */
    double talk_s;
    double after_call_s;
    double break_s;
    double max_queue; /* most calls waiting at once, all categories */
} cs_slot;

/* One agent's totals over the counted part of the horizon. */
typedef struct cs_agent_total {
    double calls; /* calls answered */
    double talk_s;
    double after_call_s;
    double logged_in_s;
    double break_s;
} cs_agent_total;

/* Everything one replication measured. */
typedef struct cs_rep_stats {
    size_t n_intervals;
    size_t n_categories;
    size_t n_agents;
    size_t n_days;
    cs_cell *cells;            /* [n_intervals * n_categories], row-major by interval */
    cs_slot *slots;            /* [n_intervals] */
    cs_agent_total *agents;    /* [n_agents] */
    uint32_t *agent_day_calls; /* [n_agents * n_days] calls answered per agent and day */
    double unfinished;         /* counted attempts still waiting at the end (offered -
                                  answered - abandoned; calls in service count as answered) */
    uint64_t events;           /* events dispatched */
    cs_route_stats route;
    bool has_snapshot;
    cs_snapshot snapshot;
    double max_wait_s[CS_MAX_CATEGORIES]; /* longest wait of a counted attempt of the category
                                             that ended (answered or abandoned) */
    cs_latency latency;                   /* decide() wall-clock times, when the run timed them */
} cs_rep_stats;

/* A collector observes one replication and fills a cs_rep_stats. */
typedef struct cs_collector cs_collector;

/* Creates a collector for a replication of `m` with `n_agents` agents. Borrows `m`.
 * Returns owned or NULL (CS_ENOMEM). */
cs_collector *cs_collector_new(const cs_model *m, size_t n_agents, cs_err *err);
void cs_collector_free(cs_collector *c);

/* The observer to register with cs_sim_observe (callbacks bound to `c`). */
cs_observer cs_collector_observer(cs_collector *c);

/* Closes the books at the end of the horizon (agent time up to `s`'s clock, unfinished
 * attempts) and moves the counters into *out (owned by the caller: cs_rep_stats_fini).
 * The collector is spent afterwards. */
void cs_collector_finish(cs_collector *c, const cs_sim *s, cs_rep_stats *out);

void cs_rep_stats_fini(cs_rep_stats *r);

/* ---- estimates across replications ---- */

/* X(name, is_ratio, per_category): KPI names as they appear in JSON. */
#define CS_KPI_MAP(X)                                                                              \
    X(offered, 0, 1)                                                                               \
    X(answered, 0, 1)                                                                              \
    X(abandoned, 0, 1)                                                                             \
    X(redials, 0, 1)                                                                               \
    X(reconnects, 0, 1)                                                                            \
    X(p_wait, 1, 1)                                                                                \
    X(mean_wait_s, 1, 1)                                                                           \
    X(asa_s, 1, 1)                                                                                 \
    X(service_level, 1, 1)                                                                         \
    X(abandon_rate, 1, 1)                                                                          \
    X(urgent_tickets, 0, 1)                                                                        \
    X(occupancy, 1, 0)

typedef enum cs_kpi {
#define CS_KPI_ENUM_(name, r, c) CS_KPI_##name,
    CS_KPI_MAP(CS_KPI_ENUM_)
#undef CS_KPI_ENUM_
        CS_KPI_COUNT
} cs_kpi;

const char *cs_kpi_name(cs_kpi k);

/* Mean over replications and the half-width of its 95 % Student-t confidence interval.
 * n counts the replications where the value is defined (a ratio with no ended attempts is
 * not); mean is NaN when n == 0 and ci95 NaN when n < 2. */
typedef struct cs_estimate {
    double mean;
    double ci95;
    int n;
} cs_estimate;

typedef struct cs_kpis {
    cs_estimate v[CS_KPI_COUNT];
} cs_kpis;

/* Per-day extras: how hard agents worked that day. */
typedef struct cs_day_summary {
    cs_kpis kpis;
    cs_estimate agents_working;      /* agents who answered at least one call */
    cs_estimate calls_per_agent;     /* answered / agents_working */
    cs_estimate max_calls_per_agent; /* the busiest agent's calls */
} cs_day_summary;

/* Per-interval extras (all categories). */
typedef struct cs_interval_summary {
    cs_estimate agents_logged_in; /* time-average over the interval */
    cs_estimate occupancy;
    cs_estimate max_queue;
} cs_interval_summary;

typedef struct cs_agent_summary {
    cs_estimate calls;
    cs_estimate talk_s;
    cs_estimate after_call_s;
    cs_estimate logged_in_s;
    cs_estimate occupancy;
} cs_agent_summary;

/* How evenly work fell on agents: over the agents logged in for some time in a replication,
 * the least, the most and the coefficient of variation (sd / mean) of their occupancy and
 * of the calls they answered. */
typedef struct cs_fairness {
    cs_estimate occupancy_min, occupancy_max, occupancy_cv;
    cs_estimate calls_min, calls_max, calls_cv;
} cs_fairness;

/* All estimates of a run. Days and intervals start at the warm-up's end. */
typedef struct cs_summary {
    const cs_model *model; /* borrowed */
    int replications;
    cs_kpis totals;
    cs_kpis *categories; /* [n_categories] */
    size_t n_days;
    int first_day;        /* day index of days[0] */
    cs_day_summary *days; /* [n_days] */
    size_t n_intervals;
    size_t first_interval;          /* interval index of intervals[0] */
    cs_kpis *cells;                 /* [n_intervals * n_categories] */
    cs_estimate *cell_max_queue;    /* [n_intervals * n_categories] most callers of the
                                       category waiting at once in the interval */
    cs_interval_summary *intervals; /* [n_intervals] */
    size_t n_agents;
    cs_agent_summary *agents; /* [n_agents] */
    cs_estimate unfinished;
    cs_estimate events;
    bool has_snapshot;
    double snapshot_at_s;
    cs_estimate snap_logged_in, snap_talking, snap_after_call, snap_idle, snap_on_break,
        snap_waiting;
    cs_route_stats route;             /* summed over replications */
    cs_estimate *category_max_wait_s; /* [n_categories] longest wait of an ended attempt */
    /* The categories grouped by priority, most urgent first. */
    size_t n_priorities;
    int *priority_values;             /* [n_priorities] ascending */
    cs_kpis *priorities;              /* [n_priorities] per-category KPIs of the group */
    cs_estimate *priority_max_wait_s; /* [n_priorities]; the last one shows starvation */
    cs_fairness fairness;
    cs_latency latency; /* merged over replications */
} cs_summary;

/* Merges `n` replications (in replication order) of model `m`. Borrows all; returns owned
 * (cs_summary_free) or NULL (CS_ENOMEM). */
cs_summary *cs_summary_new(const cs_model *m, const cs_rep_stats *reps, size_t n, cs_err *err);
void cs_summary_free(cs_summary *s);

/* Estimate from n values (NaN values are skipped). */
cs_estimate cs_estimate_of(const double *x, size_t n);

#endif
