/* report_json.c — the run's JSON object (DESIGN.md §5, contract), printed by `run --json`
 * and written as summary.json by `--out`. Built with cJSON from cs_summary; undefined or
 * non-finite numbers become null so the output is always valid JSON. */
#include "callsim/report.h"
#include "callsim/version.h"
#include "report_int.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds key: x, or key: null when `ok` is false or x is not finite. cJSON 1.7.15 already
 * prints NaN as null, but older releases print "nan", which no parser accepts: we decide. */
static bool add_num(cJSON *obj, const char *key, double x, bool ok)
{
    if (!ok || !isfinite(x))
        return cJSON_AddNullToObject(obj, key) != NULL;
    if (x == 0.0)
        x = 0.0; /* -0 and 0 print alike */
    return cJSON_AddNumberToObject(obj, key, x) != NULL;
}

/* key: {"mean": x, "ci95": h} */
static bool add_est(cJSON *obj, const char *key, const cs_estimate *e)
{
    cJSON *o = cJSON_AddObjectToObject(obj, key);
    return o && add_num(o, "mean", e->mean, csi_mean_ok(e)) &&
           add_num(o, "ci95", e->ci95, csi_ci_ok(e));
}

/* Every KPI, or only the per-category ones (categories and days). */
static bool add_kpis(cJSON *obj, const cs_kpis *k, bool per_category_only)
{
    for (int i = 0; i < CS_KPI_COUNT; i++) {
        if (per_category_only && !csi_kpi_per_category((cs_kpi)i))
            continue;
        if (!add_est(obj, cs_kpi_name((cs_kpi)i), &k->v[i]))
            return false;
    }
    return true;
}

static bool add_str(cJSON *obj, const char *key, const char *s)
{
    return cJSON_AddStringToObject(obj, key, s ? s : "") != NULL;
}

/* A uint64 as exact decimal text: a double would round seeds above 2^53. */
static bool add_u64(cJSON *obj, const char *key, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    return cJSON_AddRawToObject(obj, key, buf) != NULL;
}

static bool add_days(cJSON *root, const cs_summary *s)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "days");
    if (!arr)
        return false;
    for (size_t i = 0; i < s->n_days; i++) {
        const cs_day_summary *d = &s->days[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return false;
        }
        char date[16];
        cs_model_format_day(s->model, s->first_day + (int)i, date);
        /* Days carry the per-category KPI set: occupancy is an agent-time figure reported
         * per interval (intervals.csv) and in totals. */
        if (!add_str(o, "date", date) || !add_kpis(o, &d->kpis, true) ||
            !add_est(o, "agents_working", &d->agents_working) ||
            !add_est(o, "calls_per_agent", &d->calls_per_agent) ||
            !add_est(o, "max_calls_per_agent", &d->max_calls_per_agent))
            return false;
    }
    return true;
}

static bool add_router(cJSON *root, const cs_route_stats *r)
{
    cJSON *o = cJSON_AddObjectToObject(root, "router");
    return o && add_u64(o, "decisions", r->decisions) &&
           add_u64(o, "invalid_call", r->invalid_call) &&
           add_u64(o, "invalid_agent", r->invalid_agent) &&
           add_u64(o, "invalid_skill", r->invalid_skill) &&
           add_u64(o, "router_errors", r->router_errors) && add_u64(o, "fallbacks", r->fallbacks) &&
           add_u64(o, "fallback_decisions", r->fallback_decisions) &&
           add_u64(o, "timeouts", r->timeouts) && add_u64(o, "malformed", r->malformed) &&
           add_u64(o, "oversized", r->oversized) && add_u64(o, "disconnects", r->disconnects) &&
           add_u64(o, "error_replies", r->error_replies) &&
           add_u64(o, "reconnects", r->reconnects) &&
           add_u64(o, "connect_failures", r->connect_failures) && add_u64(o, "gave_up", r->gave_up);
}

static bool add_snapshot(cJSON *root, const cs_summary *s)
{
    cJSON *o = cJSON_AddObjectToObject(root, "snapshot");
    if (!o)
        return false;
    char at[24];
    cs_model_format_time(s->model, s->snapshot_at_s, at);
    /* The contract gives plain means here (a wallboard), not {"mean","ci95"} pairs. */
    const struct {
        const char *key;
        const cs_estimate *e;
    } f[] = {
        {"logged_in", &s->snap_logged_in},
        {"talking", &s->snap_talking},
        {"after_call", &s->snap_after_call},
        {"idle", &s->snap_idle},
        {"on_break", &s->snap_on_break},
        {"waiting", &s->snap_waiting},
    };
    if (!add_str(o, "at", at))
        return false;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (!add_num(o, f[i].key, f[i].e->mean, csi_mean_ok(f[i].e)))
            return false;
    return true;
}

/* Builds the whole object; NULL when out of memory. Key order is fixed, so equal summaries
 * print equal bytes. */
static cJSON *build(const cs_summary *s, uint64_t seed)
{
    const cs_model *m = s->model;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    bool ok = add_str(root, "callsim", CALLSIM_VERSION) && add_str(root, "scenario", m->name) &&
              add_u64(root, "seed", seed) &&
              cJSON_AddNumberToObject(root, "replications", s->replications) != NULL &&
              add_num(root, "horizon_s", m->horizon_s, true) &&
              add_num(root, "warmup_s", m->warmup_s, true);
    cJSON *totals = ok ? cJSON_AddObjectToObject(root, "totals") : NULL;
    ok = totals && add_kpis(totals, &s->totals, false);
    cJSON *cats = ok ? cJSON_AddArrayToObject(root, "categories") : NULL;
    ok = ok && cats;
    for (size_t c = 0; ok && c < m->n_categories; c++) {
        cJSON *o = cJSON_CreateObject();
        ok = o && cJSON_AddItemToArray(cats, o);
        if (!ok) {
            cJSON_Delete(o);
            break;
        }
        ok = add_str(o, "name", m->categories[c].name) && add_kpis(o, &s->categories[c], true);
    }
    ok = ok && add_days(root, s) && add_est(root, "unfinished", &s->unfinished) &&
         add_est(root, "events", &s->events) && add_router(root, &s->route);
    if (ok && s->has_snapshot)
        ok = add_snapshot(root, s);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

char *cs_report_json_text(const cs_summary *s, uint64_t seed)
{
    cJSON *root = build(s, seed);
    if (!root)
        return NULL;
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return NULL;
    /* Copy into plain malloc memory so callers free() it whatever hooks cJSON was given. */
    size_t len = strlen(text);
    char *out = malloc(len + 1);
    if (out)
        memcpy(out, text, len + 1);
    cJSON_free(text);
    return out;
}

int cs_report_json(FILE *f, const cs_summary *s, uint64_t seed)
{
    cJSON *root = build(s, seed);
    int rc = root ? csi_json_write(f, root) : CS_ENOMEM;
    cJSON_Delete(root);
    return rc;
}

/* ---- for the other JSON writers of the room ---- */

bool csi_json_num(cJSON *obj, const char *key, double x, bool ok)
{
    return add_num(obj, key, x, ok);
}

bool csi_json_est(cJSON *obj, const char *key, const cs_estimate *e)
{
    return add_est(obj, key, e);
}

bool csi_json_kpis(cJSON *obj, const cs_kpis *k, bool per_category_only)
{
    return add_kpis(obj, k, per_category_only);
}

bool csi_json_u64(cJSON *obj, const char *key, uint64_t v)
{
    return add_u64(obj, key, v);
}

int csi_json_write(FILE *f, cJSON *root)
{
    char *text = cJSON_Print(root);
    if (!text)
        return CS_ENOMEM;
    int rc = (fputs(text, f) < 0 || fputc('\n', f) == EOF || fflush(f) != 0) ? CS_EIO : 0;
    cJSON_free(text);
    return rc;
}
