/* scenario_int.h — private interface between the files of sim/scenario: the loading
 * context, "file:line: message" diagnostics, typed readers of libconfig settings, the key
 * schema and the builders of each part of the model. Only sim/scenario includes it, and it
 * is the only header that includes <libconfig.h>. */
#ifndef CALLSIM_SCENARIO_INT_H
#define CALLSIM_SCENARIO_INT_H

#include "callsim/err.h"
#include "callsim/model.h"

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sanity limits: a scenario beyond them is a mistake (or hostile input), and keeping every
 * count small keeps every product of counts far from overflow. docs/scenarios.md lists
 * them. */
#define CSI_MAX_HORIZON_DAYS 10000 /* long enough for engine benchmarks */
#define CSI_MAX_INTERVALS 200000   /* reporting intervals over the horizon */
#define CSI_MAX_DURATION_S 1e9     /* any duration, about 31 years */
#define CSI_MAX_AGENTS 100000      /* seats, agents, shift counts, recall agents */
#define CSI_MAX_REPLICATIONS 100000
#define CSI_MAX_RATE_PER_H 1e6
#define CSI_MAX_CALLS_PER_DAY 1e8
#define CSI_MAX_FACTOR 1000.0 /* surge factor */
#define CSI_MAX_PRIORITY 1000000
#define CSI_MAX_ATTEMPTS 1000 /* redial max_attempts */
#define CSI_MAX_WAVES 1000
#define CSI_MAX_LIST 10000 /* shifts, surges, recalls, daily, count_by_date... */
#define CSI_MAX_BREAKS 32  /* per shift */
#define CSI_MAX_PROFILES 1000
#define CSI_MAX_EMPIRICAL 1000000 /* values of an empirical distribution */
#define CSI_MAX_NAME 128          /* bytes of a name */
#define CSI_MAX_TIMEOUT_S 3600.0  /* external router step timeout */
#define CSI_SHARE_TOL 1e-6        /* shares must sum to 1 within this */

#define CSI_PATH_MAX 256 /* bytes of a setting path in a message (longer ones are cut) */

/* A diagnostic kept until the load ends, to be handed over in file order. */
typedef struct csi_diag_line {
    unsigned line;   /* sort key: 0 for --set, else the file line */
    char text[1024]; /* "LOC: message" */
} csi_diag_line;

/* One loading session. Everything the builders need hangs off it; nothing is global. */
typedef struct csi_ctx {
    const char *name;                     /* file name shown in diagnostics (borrowed) */
    cs_err *err;                          /* the caller's record; may be NULL */
    int n_diag;                           /* diagnostics reported so far, also when err is NULL */
    csi_diag_line diags[CS_ERR_DIAG_MAX]; /* the first CS_ERR_DIAG_MAX of them */
    bool oom;                             /* an allocation failed: the load ends with CS_ENOMEM */
    config_t cfg;                         /* the parsed scenario, overrides applied */
    cs_model *m; /* the model under construction (owned until handed out) */
    /* Facts later builders depend on; false when the keys behind them were wrong, so that
     * one mistake does not cascade into a page of follow-up diagnostics. */
    bool horizon_ok;    /* start_day, start_tod_s, horizon_s, interval_s, n_days valid */
    bool categories_ok; /* every category has a name, share and skill */
    size_t n_days;      /* days the horizon touches (valid when horizon_ok) */
    /* Skills listed explicitly by agents, to find categories nobody can serve. */
    uint64_t agent_skill_mask;
    bool skills_default_all; /* some agents have every skill (key omitted) */
} csi_ctx;

/* ---- diagnostics (diag.c) ---------------------------------------------------------- */

/* Reports "LOC: message" where LOC is "file:line" of `at` (line 1 for the root or NULL), or
 * "--set PATH" when `at` or one of its parents came from an override. Counts every one,
 * keeps the first CS_ERR_DIAG_MAX for csi_diag_flush. */
void csi_diag(csi_ctx *cx, const config_setting_t *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Appends the kept diagnostics to cx->err, sorted by line (overrides first). */
void csi_diag_flush(csi_ctx *cx);

/* As csi_diag, with the path of `s` and a space before the message:
 * "file:line: supply.seats must be >= 1 (got 0)". */
void csi_bad(csi_ctx *cx, const config_setting_t *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A diagnostic without a setting: "LOC: message" with LOC given literally. */
void csi_diag_raw(csi_ctx *cx, const char *loc, unsigned line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Writes the path of `s` ("demand.categories.[0].handle"); "" for the root. */
void csi_path(const config_setting_t *s, char *buf, size_t n);

/* Writes `s`'s value as a message shows it after "got": 5, 2.5, "text", a group... */
void csi_describe(const config_setting_t *s, char *buf, size_t n);

/* Marks an allocation failure; returns false so callers can `return csi_nomem(cx);`. */
bool csi_nomem(csi_ctx *cx);

/* ---- typed readers (read.c); each reports its own mistake and returns false --------- */

/* Member `key` of group `g`, or NULL (also when g is NULL or not a group). When absent and
 * `required`, reports "PATH.key is required" at g's line. */
config_setting_t *
csi_member(csi_ctx *cx, const config_setting_t *g, const char *key, bool required);

bool csi_is_group(csi_ctx *cx, const config_setting_t *s);            /* "must be a group" */
bool csi_is_list(csi_ctx *cx, const config_setting_t *s, size_t max); /* ( ... ), <= max */
bool csi_number(csi_ctx *cx, const config_setting_t *s, double *out); /* finite */
/* A number within [lo, hi] where lo_open/hi_open make that end exclusive; an infinite bound
 * is no bound. Messages name the violated bound: "must be > 0 (got 0)". */
bool csi_real(csi_ctx *cx,
              const config_setting_t *s,
              double lo,
              bool lo_open,
              double hi,
              bool hi_open,
              double *out);
/* A fraction: as csi_real within [0, 1] (ends as given), messages "must be in (0, 1]". */
bool csi_fraction(csi_ctx *cx, const config_setting_t *s, bool lo_open, double *out);
/* An integer (an integral float is accepted) within [lo, hi]. */
bool csi_int(csi_ctx *cx, const config_setting_t *s, long long lo, long long hi, long long *out);
/* A duration: seconds as a number, or a string with a unit ("90s", "1.5h"); finite, >= 0
 * (> 0 when `positive`), at most CSI_MAX_DURATION_S. */
bool csi_duration(csi_ctx *cx, const config_setting_t *s, bool positive, double *out);
bool csi_string(csi_ctx *cx, const config_setting_t *s, const char **out);
/* A name: a non-empty string of at most CSI_MAX_NAME bytes without control characters. */
bool csi_name(csi_ctx *cx, const config_setting_t *s, const char **out);
bool csi_date(csi_ctx *cx, const config_setting_t *s, int64_t *days);
bool csi_datetime(csi_ctx *cx, const config_setting_t *s, int64_t *days, double *tod_s);
bool csi_clock(csi_ctx *cx, const config_setting_t *s, double *tod_s); /* [0, 86400) */
/* An array [..] or list (..) of numbers (durations when `durations`), 1..max entries.
 * Returns owned values in *out. */
bool csi_numbers(
    csi_ctx *cx, const config_setting_t *s, size_t max, bool durations, double **out, size_t *n);
/* An array or list of names, 1..max entries. *out borrows libconfig's strings: caller's
 * buffer of `max` pointers. */
bool csi_names(csi_ctx *cx, const config_setting_t *s, size_t max, const char **out, size_t *n);
/* A distribution group (dist = "..."; parameters) with derived parameters filled. */
bool csi_dist(csi_ctx *cx, const config_setting_t *g, cs_dist *out);
/* Owned copy of s, or NULL after reporting out of memory. */
char *csi_strdup(csi_ctx *cx, const char *s);
/* Seconds from the horizon start to date `days` at `tod_s` (needs horizon_ok). */
double csi_horizon_offset(const csi_ctx *cx, int64_t days, double tod_s);
/* "HH:MM" of clock time t (seconds, taken modulo a day) in buf, which needs 16 bytes;
 * returns buf. */
const char *csi_clock_text(double t, char *buf);

/* ---- key schema (schema.c) ----------------------------------------------------------- */

typedef struct csi_schema csi_schema;

/* The schema of the whole file (the root group). */
const csi_schema *csi_schema_root(void);
/* Schema of member `key` of a group with schema `g`: NULL when unknown. *known says
 * whether the key is known at all (leaves have no schema). */
const csi_schema *csi_schema_member(const csi_schema *g, const char *key, bool *known);
/* Schema of the elements of a list with schema `l` (NULL for scalars / unknown). */
const csi_schema *csi_schema_element(const csi_schema *l);
/* Reports every key the schema does not know, with a suggestion. */
void csi_schema_check(csi_ctx *cx);
/* The known key closest to `word` among `keys` (NULL-terminated), or NULL when none is
 * close enough to be a likely typo. */
const char *csi_suggest(const char *word, const char *const *keys);

/* ---- text checks (lex.c): what libconfig 1.5 lets through silently -------------------- */

/* Reports "@include" lines (a scenario is one file). Returns false when found. */
bool csi_lex_includes(csi_ctx *cx, const char *text, const char *loc);
/* Reports integer literals libconfig would wrap (1.5 stores 2147483648 as a negative int).
 * Diagnostics are located "loc:LINE", or just "loc" with `literal_loc` (a --set value).
 * Returns false when there was any. */
bool csi_lex_integers(csi_ctx *cx, const char *text, const char *loc, bool literal_loc);

/* ---- overrides (override.c) ---------------------------------------------------------- */

/* Applies "PATH=VALUE" strings to cx->cfg. Returns false (diagnostics reported) when any is
 * wrong. Hooks of replaced and created settings point into `hooks`, an array of n_sets
 * owned strings the caller frees after the load (filled here). */
bool csi_override_apply(csi_ctx *cx, const char *const *sets, size_t n_sets, char **hooks);

/* ---- builders (build.c, demand.c, supply.c) -------------------------------------------- */

void csi_build_general(csi_ctx *cx, const config_setting_t *root); /* name .. routing */
void csi_build_categories(csi_ctx *cx, const config_setting_t *demand);
void csi_build_demand(csi_ctx *cx, const config_setting_t *demand);
void csi_build_surges(csi_ctx *cx, const config_setting_t *root);
void csi_build_supply(csi_ctx *cx, const config_setting_t *root);
void csi_build_routing(csi_ctx *cx, const config_setting_t *root);
void csi_build_plan(csi_ctx *cx, const config_setting_t *root); /* planner templates (plan.c) */
/* Index of skill `name`, added when new; -1 (reported at `at`) when there are too many. */
int csi_skill_intern(csi_ctx *cx, const config_setting_t *at, const char *name);
/* Checks that every category's skill is held by some agent. */
void csi_check_skills(csi_ctx *cx, const config_setting_t *root);

#endif
