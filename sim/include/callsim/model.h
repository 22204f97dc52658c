/* callsim/model.h — the hotline model: plain, immutable structs that the scenario loader
 * fills and the simulation reads. Nothing here refers to libconfig or to a running
 * replication. All times are seconds; clock times of day are seconds after midnight;
 * dates are days since 1970-01-01 (proleptic Gregorian, no time zone). */
#ifndef CALLSIM_MODEL_H
#define CALLSIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CS_MAX_CATEGORIES 64 /* categories fit a uint64_t mask (surges) */
#define CS_MAX_SKILLS 64     /* skills fit a uint64_t mask (agents) */

typedef enum cs_dist_kind {
    CS_DIST_NONE = 0,    /* absent: zero for durations, "never" for patience */
    CS_DIST_EXPONENTIAL, /* mean */
    CS_DIST_LOGNORMAL,   /* mean, sd (of the variable itself, not of its log) */
    CS_DIST_GAMMA,       /* mean, sd */
    CS_DIST_WEIBULL,     /* shape, scale (mean derived) */
    CS_DIST_CONSTANT,    /* mean (the value) */
    CS_DIST_EMPIRICAL,   /* values[], each equally likely */
} cs_dist_kind;

/* A distribution of a duration in seconds. The loader fills every field the kind uses and
 * the derived parameters, so sampling does no setup work. */
typedef struct cs_dist {
    cs_dist_kind kind;
    double mean;     /* s; for every kind except NONE (for WEIBULL and EMPIRICAL: derived) */
    double sd;       /* s; LOGNORMAL, GAMMA (for others: derived, 0 for CONSTANT) */
    double shape;    /* WEIBULL shape k; GAMMA shape (mean/sd)^2 (derived) */
    double scale;    /* s; WEIBULL scale; GAMMA scale sd^2/mean (derived) */
    double mu;       /* LOGNORMAL: mean of log (derived) */
    double sigma;    /* LOGNORMAL: sd of log (derived) */
    double *values;  /* s; EMPIRICAL only; owned by the model */
    size_t n_values; /* EMPIRICAL: >= 1 */
} cs_dist;

/* One category of calls. */
typedef struct cs_category {
    char *name;              /* unique */
    double share;            /* default fraction of fresh demand, shares sum to 1 */
    int priority;            /* lower is more urgent: priority 0 is served before 1 */
    int skill;               /* index into cs_model.skills of the required skill */
    cs_dist handle;          /* talk time */
    cs_dist wrapup;          /* after-call work; NONE means 0 */
    cs_dist patience;        /* time a caller waits before hanging up; NONE means forever */
    double redial_p;         /* probability that an abandoned caller calls again, in [0,1] */
    cs_dist redial_delay;    /* time from hanging up to the new attempt */
    double redial_decay;     /* redial_p is multiplied by this for each further attempt, (0,1] */
    int redial_max;          /* attempts per caller at most (1 = never redial), >= 1 */
    double reconnect_p;      /* probability that an answered caller calls again later, [0,1] */
    cs_dist reconnect_delay; /* time from the end of the call to the new attempt */
    double urgent_share;     /* fraction of answered calls written up as extra-urgent tickets */
} cs_category;

typedef enum cs_demand_kind {
    CS_DEMAND_RATE,    /* constant Poisson rate, rate_per_h */
    CS_DEMAND_PER_DAY, /* calls_per_day every day with the profile */
    CS_DEMAND_DAILY,   /* calls by date with the profile named per date */
} cs_demand_kind;

/* An intraday profile: n weights for n equal bins covering 24 h (n is 24, 48 or 96).
 * Weight i / sum is the share of the day's calls arriving in bin i; the rate is constant
 * within a bin. */
typedef struct cs_profile {
    char *name;      /* "default" for demand.profile, else the key in demand.profiles */
    size_t n;        /* bins per day */
    double *weights; /* n weights >= 0, sum > 0; owned */
} cs_profile;

/* Demand, resolved by the loader to one entry per horizon day. Day d covers
 * [d * 86400 - start_tod_s, (d + 1) * 86400 - start_tod_s) in horizon seconds; day 0 is the
 * horizon's first (possibly partial) day. */
typedef struct cs_demand {
    cs_demand_kind kind;
    double rate_per_h;    /* RATE: fresh calls per hour, all categories together */
    size_t n_profiles;    /* >= 1 unless kind is RATE */
    cs_profile *profiles; /* owned */
    size_t n_days;        /* days the horizon touches (ceil) */
    double *day_calls;    /* [n_days] expected fresh calls of the whole day (PER_DAY, DAILY) */
    int *day_profile;     /* [n_days] index into profiles */
    double *day_share;    /* [n_days * n_categories] category shares of day d, row-major;
                             each row sums to 1 (default: the categories' share) */
} cs_demand;

/* A surge: arrivals of the affected categories are multiplied by
 * 1 + (factor - 1) * g(t), g rising linearly 0 -> 1 over ramp_s from start_s, holding 1 for
 * plateau_s, falling linearly 1 -> 0 over decay_s. Several surges multiply. */
typedef struct cs_surge {
    char *name;
    double start_s;      /* horizon seconds */
    double factor;       /* > 0; below 1 is a dip */
    double ramp_s;       /* >= 0 */
    double plateau_s;    /* >= 0 (the scenario key is `duration`) */
    double decay_s;      /* >= 0 */
    uint64_t categories; /* bit c set: category c affected (all bits when none listed) */
} cs_surge;

/* A break inside a shift. Agent j of the shift starts it at start_tod_s + (j % waves) *
 * stagger_s; every wave lies inside the shift. */
typedef struct cs_break {
    double start_tod_s; /* clock time of day of the first wave, seconds after midnight */
    double length_s;    /* > 0 */
    int waves;          /* >= 1 */
    double stagger_s;   /* >= 0, 0 when waves == 1 */
} cs_break;

/* A daily shift. On day d (from -1, so a night shift of the day before the horizon covers
 * its first hours) day_count[d + 1] agents log in at start_tod_s for length_s. */
typedef struct cs_shift {
    char *name;
    double start_tod_s; /* clock time, [0, 86400) */
    double length_s;    /* (0, 86400] */
    int count;          /* default agents per day */
    int max_count;      /* max over day_count: how many agent entities the shift has */
    int *day_count;     /* [n_days + 1]: agents on days -1 .. n_days-1 (date overrides applied) */
    uint64_t skills;    /* bit s: has skill s */
    size_t n_breaks;
    cs_break *breaks; /* owned; sorted by start, non-overlapping */
} cs_shift;

/* Staff recall: `agents` extra agents arrive between at_s + delay_s and at_s + delay_s +
 * ramp_s (evenly spread) and each stays for length_s. */
typedef struct cs_recall {
    char *name;
    double at_s;     /* horizon seconds of the decision */
    int agents;      /* >= 1 */
    double delay_s;  /* >= 0 */
    double ramp_s;   /* >= 0 */
    double length_s; /* > 0 */
    uint64_t skills;
} cs_recall;

typedef struct cs_supply {
    int seats;             /* hard cap on agents logged in (on the phones: idle, talking, ACW) */
    int agents;            /* constant staffing, logged in the whole horizon; 0 when shifts */
    uint64_t agent_skills; /* skills of the constant agents (default: every skill) */
    size_t n_shifts;
    cs_shift *shifts; /* owned */
    size_t n_recalls;
    cs_recall *recalls; /* owned */
    /* Staffing by interval (the planner's candidate staffings): schedule[i] agents with
     * every skill on the phones during reporting interval i, in place of `agents` and
     * `shifts` (which are then 0); agent k works the intervals where schedule > k, logs in
     * at the interval's start and out at its end after finishing the call in hand. NULL
     * when unused. */
    int *schedule;     /* [n_schedule] owned, each in [0, seats] */
    size_t n_schedule; /* cs_model_interval_count() */
} cs_supply;

typedef struct cs_targets {
    double answer_within_s; /* service-level threshold, s (default 20) */
    double service_level;   /* target fraction answered within the threshold; < 0: none */
    double max_abandon;     /* target max abandonment fraction; < 0: none */
    double max_asa_s;       /* target max average speed of answer, s; < 0: none */
} cs_targets;

typedef struct cs_routing {
    char *policy;     /* built-in policy name (default "fcfs"), NULL when plugin/external */
    char *plugin;     /* path of a shared object, or NULL */
    char *external;   /* "unix:/path" or "tcp:HOST:PORT", or NULL */
    double timeout_s; /* external: wall-clock limit per step (default 1) */
    char *fallback;   /* built-in policy deciding when the router fails (default "fcfs") */
    double tick_s;    /* period of the router's tick(), s; 0: none (default: 1 s for
                         "overflow", else 0) */
    char *config;     /* the policy's options as "key=value;..." (cs_router_host.config), or
                         NULL: routing.<policy> with defaults filled, category names as
                         indices */
} cs_routing;

#define CS_PLAN_MAX_BREAKS 32 /* breaks of a planner's shift template */

/* A break of a planner's shift template: `length_s` off the phones, starting anywhere in
 * [window_start, window_end - length_s] (clock times; a time before the template's start is
 * on the next day). The planner tries every start on the reporting-interval grid. */
typedef struct cs_plan_break {
    double length_s;       /* > 0 */
    double window_start_s; /* clock time of day, [0, 86400) */
    double window_end_s;   /* clock time of day, [0, 86400); window inside the shift */
} cs_plan_break;

/* A shift template of the capacity planner (`plan.templates`): the shapes a roster may use.
 * Each allowed start on each allowed day, with each placement of its breaks, is one work
 * pattern of the roster program. */
typedef struct cs_plan_template {
    char *name;            /* unique among templates */
    size_t n_starts;       /* >= 1 */
    double *starts_tod_s;  /* owned, [n_starts]: clock times, ascending, distinct */
    double length_s;       /* (0, 86400]: paid time, breaks included */
    size_t n_breaks;       /* <= CS_PLAN_MAX_BREAKS */
    cs_plan_break *breaks; /* owned; windows in shift order, non-overlapping */
    double cost_per_h;     /* cost of one agent-hour, finite >= 0 (default 1) */
    int max_agents;        /* most agents starting on it on one day, all starts and break
                              placements together; -1: no bound but the seats */
    bool *day_allowed;     /* owned, [n_days + 1]: days -1 .. n_days-1 it may start on */
} cs_plan_template;

/* The capacity planner's settings (`plan`); no templates means "requirement only". */
typedef struct cs_plan_spec {
    size_t n_templates;
    cs_plan_template *templates; /* owned */
    size_t n_days;               /* days the horizon touches; day_allowed has n_days + 1 */
    double time_limit_s;         /* roster search limit, s, > 0 (default 20) */
    double mip_gap;              /* accepted relative gap of the roster, [0, 1) (default 0) */
    int max_rounds;              /* simulation rounds of the requirement (default 40) */
} cs_plan_spec;

typedef struct cs_model {
    char *name;         /* scenario name */
    char *source;       /* path of the scenario file ("" when built in memory) */
    uint64_t seed;      /* base seed of every random stream */
    int replications;   /* >= 1 */
    double interval_s;  /* reporting interval, divides 86400 */
    int64_t start_day;  /* horizon start date, days since 1970-01-01 */
    double start_tod_s; /* horizon start clock time, a multiple of interval_s */
    double horizon_s;   /* > 0 */
    double warmup_s;    /* [0, horizon_s): KPIs count attempts arriving after it */
    cs_targets targets;
    cs_demand demand;
    size_t n_categories;     /* 1 .. CS_MAX_CATEGORIES */
    cs_category *categories; /* owned */
    size_t n_skills;         /* 1 .. CS_MAX_SKILLS */
    char **skills;           /* owned names; index = bit in skill masks */
    size_t n_surges;
    cs_surge *surges; /* owned */
    cs_supply supply;
    cs_routing routing;
    cs_plan_spec plan; /* the planner's templates and limits (unused by the simulation) */
} cs_model;

/* Frees the model and everything it owns. NULL is a no-op. */
void cs_model_free(cs_model *m);

/* Index of the category / skill of that name, or -1. */
int cs_model_find_category(const cs_model *m, const char *name);
int cs_model_find_skill(const cs_model *m, const char *name);

/* Expected fresh calls of category `category` (every category when < 0) arriving in
 * [t0_s, t1_s), surges included: the arrival rate the simulation samples, integrated
 * segment by segment (exact for up to three surges overlapping on a category). Returns
 * -1 when out of memory. O(days x profile bins + surges). */
double cs_model_expected_calls(const cs_model *m, int category, double t0_s, double t1_s);

/* Expected fresh calls per reporting interval and category, surges included, into
 * out[cs_model_interval_count(m) * n_categories] (row-major by interval; the last interval
 * may be partial). Same integration as cs_model_expected_calls, in one pass. Returns 0 or
 * CS_ENOMEM. */
int cs_model_expected_calls_by_interval(const cs_model *m, double *out);

/* Number of reporting intervals: ceil(horizon_s / interval_s). */
size_t cs_model_interval_count(const cs_model *m);

/* Day index (0 = the horizon's first day) of horizon time t_s. */
int cs_model_day_of(const cs_model *m, double t_s);

/* Writes "YYYY-MM-DD HH:MM" for horizon time t_s (seconds rounded down to the minute).
 * `buf` needs 17 bytes. Returns buf. */
char *cs_model_format_time(const cs_model *m, double t_s, char *buf);

/* Writes "YYYY-MM-DD" of day index d (0 = first horizon day). `buf` needs 11 bytes. */
char *cs_model_format_day(const cs_model *m, int d, char *buf);

#endif
