/* schema.c — the table of every key a scenario may contain, level by level. Part of
 * sim/scenario: it finds unknown keys (with a did-you-mean), and tells the --set code which
 * missing keys may be created. Types and values are the builders' business. */
#include "scenario_int.h"

#include <string.h>

typedef enum { S_GROUP, S_LIST, S_ANY_GROUP } schema_kind;

typedef struct schema_key {
    const char *name;
    const csi_schema *sub; /* NULL for leaves */
} schema_key;

struct csi_schema {
    schema_kind kind;
    const schema_key *keys;    /* S_GROUP: NULL-terminated */
    const csi_schema *element; /* S_LIST: schema of each element (NULL: scalars) */
};

/* Leaves are written { "name", NULL }. Lists of groups have an S_LIST node whose element is
 * the group. S_ANY_GROUP (demand.profiles) accepts any key, each a leaf. */
#define GROUP(id, ...)                                                                             \
    static const schema_key id##_keys[] = {__VA_ARGS__, {NULL, NULL}};                             \
    static const csi_schema id = {S_GROUP, id##_keys, NULL}
#define LIST_OF(id, elem) static const csi_schema id = {S_LIST, NULL, &elem}

GROUP(dist_s,
      {"dist", NULL},
      {"mean", NULL},
      {"sd", NULL},
      {"shape", NULL},
      {"scale", NULL},
      {"value", NULL},
      {"values", NULL});
GROUP(redial_s, {"probability", NULL}, {"delay", &dist_s}, {"decay", NULL}, {"max_attempts", NULL});
GROUP(reconnect_s, {"probability", NULL}, {"delay", &dist_s});
GROUP(category_s,
      {"name", NULL},
      {"share", NULL},
      {"priority", NULL},
      {"skill", NULL},
      {"handle", &dist_s},
      {"wrapup", &dist_s},
      {"patience", &dist_s},
      {"redial", &redial_s},
      {"reconnect", &reconnect_s},
      {"urgent_share", NULL});
LIST_OF(categories_s, category_s);
GROUP(daily_s, {"date", NULL}, {"calls", NULL}, {"profile", NULL}, {"mix", NULL});
LIST_OF(dailies_s, daily_s);
static const csi_schema profiles_s = {S_ANY_GROUP, NULL, NULL};
GROUP(demand_s,
      {"rate", NULL},
      {"calls_per_day", NULL},
      {"daily", &dailies_s},
      {"profile", NULL},
      {"profiles", &profiles_s},
      {"categories", &categories_s});
GROUP(horizon_s, {"start", NULL}, {"days", NULL}, {"duration", NULL}, {"warmup", NULL});
GROUP(targets_s,
      {"answer_within", NULL},
      {"service_level", NULL},
      {"max_abandon", NULL},
      {"max_asa", NULL});
GROUP(surge_s,
      {"name", NULL},
      {"start", NULL},
      {"categories", NULL},
      {"factor", NULL},
      {"ramp", NULL},
      {"duration", NULL},
      {"decay", NULL});
LIST_OF(surges_s, surge_s);
GROUP(break_s, {"start", NULL}, {"length", NULL}, {"waves", NULL}, {"stagger", NULL});
LIST_OF(breaks_s, break_s);
GROUP(by_date_s, {"from", NULL}, {"to", NULL}, {"count", NULL});
LIST_OF(by_dates_s, by_date_s);
GROUP(shift_s,
      {"name", NULL},
      {"start", NULL},
      {"length", NULL},
      {"count", NULL},
      {"skills", NULL},
      {"breaks", &breaks_s},
      {"count_by_date", &by_dates_s});
LIST_OF(shifts_s, shift_s);
GROUP(recall_s,
      {"name", NULL},
      {"at", NULL},
      {"agents", NULL},
      {"delay", NULL},
      {"ramp", NULL},
      {"length", NULL},
      {"skills", NULL});
LIST_OF(recalls_s, recall_s);
GROUP(supply_s,
      {"seats", NULL},
      {"agents", NULL},
      {"schedule", NULL},
      {"agent_skills", NULL},
      {"shifts", &shifts_s},
      {"recalls", &recalls_s});
GROUP(overflow_s, {"after", NULL}, {"step", NULL});
GROUP(reserve_s, {"agents", NULL}, {"categories", NULL});
GROUP(plan_break_s, {"length", NULL}, {"window", NULL});
LIST_OF(plan_breaks_s, plan_break_s);
GROUP(template_s,
      {"name", NULL},
      {"starts", NULL},
      {"length", NULL},
      {"breaks", &plan_breaks_s},
      {"cost_per_hour", NULL},
      {"max_agents", NULL},
      {"days", NULL});
LIST_OF(templates_s, template_s);
GROUP(plan_s,
      {"templates", &templates_s},
      {"time_limit", NULL},
      {"mip_gap", NULL},
      {"max_rounds", NULL});
GROUP(routing_s,
      {"policy", NULL},
      {"plugin", NULL},
      {"external", NULL},
      {"timeout", NULL},
      {"fallback", NULL},
      {"tick", NULL},
      {"overflow", &overflow_s},
      {"reserve", &reserve_s});
GROUP(root_s,
      {"name", NULL},
      {"seed", NULL},
      {"replications", NULL},
      {"interval", NULL},
      {"horizon", &horizon_s},
      {"targets", &targets_s},
      {"demand", &demand_s},
      {"surges", &surges_s},
      {"supply", &supply_s},
      {"routing", &routing_s},
      {"plan", &plan_s});

const csi_schema *csi_schema_root(void)
{
    return &root_s;
}

const csi_schema *csi_schema_member(const csi_schema *g, const char *key, bool *known)
{
    *known = false;
    if (!g)
        return NULL;
    if (g->kind == S_ANY_GROUP) {
        *known = true;
        return NULL;
    }
    if (g->kind != S_GROUP)
        return NULL;
    for (const schema_key *k = g->keys; k->name; k++)
        if (strcmp(k->name, key) == 0) {
            *known = true;
            return k->sub;
        }
    return NULL;
}

const csi_schema *csi_schema_element(const csi_schema *l)
{
    return l && l->kind == S_LIST ? l->element : NULL;
}

/* Levenshtein distance of a and b, both at most 64 bytes (longer: "far"). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 1000;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *csi_suggest(const char *word, const char *const *keys)
{
    const char *best = NULL;
    size_t best_d = 0;
    size_t len = strlen(word);
    /* A third of the word's length (at least 1, at most 3) is a typo; more is another word. */
    size_t limit = len / 3 < 1 ? 1 : (len / 3 > 3 ? 3 : len / 3);
    for (size_t i = 0; keys[i]; i++) {
        size_t d = edit_distance(word, keys[i]);
        if (d <= limit && (!best || d < best_d)) {
            best = keys[i];
            best_d = d;
        }
    }
    return best;
}

static void check_group(csi_ctx *cx, const config_setting_t *g, const csi_schema *schema);

static void check_value(csi_ctx *cx, const config_setting_t *s, const csi_schema *schema)
{
    if (!schema)
        return;
    int type = config_setting_type(s);
    if (schema->kind == S_GROUP && type == CONFIG_TYPE_GROUP) {
        check_group(cx, s, schema);
    } else if (schema->kind == S_LIST && type == CONFIG_TYPE_LIST && schema->element) {
        int n = config_setting_length(s);
        for (int i = 0; i < n; i++) {
            const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
            if (e && config_setting_type(e) == CONFIG_TYPE_GROUP)
                check_group(cx, e, schema->element);
        }
    }
    /* wrong types are reported by the builders, once */
}

static void check_group(csi_ctx *cx, const config_setting_t *g, const csi_schema *schema)
{
    if (schema->kind != S_GROUP)
        return;
    const char *names[32];
    size_t n_names = 0;
    for (const schema_key *k = schema->keys; k->name && n_names < 31; k++)
        names[n_names++] = k->name;
    names[n_names] = NULL;
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        if (!s || !s->name)
            continue;
        bool known;
        const csi_schema *sub = csi_schema_member(schema, s->name, &known);
        if (!known) {
            char path[CSI_PATH_MAX];
            csi_path(s, path, sizeof path);
            const char *hint = csi_suggest(s->name, names);
            if (hint)
                csi_diag(cx, s, "unknown key '%s' (did you mean '%s'?)", path, hint);
            else
                csi_diag(cx, s, "unknown key '%s'", path);
            continue;
        }
        check_value(cx, s, sub);
    }
}

void csi_schema_check(csi_ctx *cx)
{
    check_group(cx, config_root_setting(&cx->cfg), &root_s);
}
