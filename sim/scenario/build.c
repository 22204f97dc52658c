/* build.c — the scenario's general settings: name, seed, replications, interval, horizon,
 * targets and routing, plus the skill registry and the check that every category's skill
 * is held by some agent. Part of sim/scenario. */
#include "callsim/civil.h"
#include "callsim/router.h"
#include "callsim/router_load.h"
#include "scenario_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int csi_skill_intern(csi_ctx *cx, const config_setting_t *at, const char *name)
{
    cs_model *m = cx->m;
    for (size_t i = 0; i < m->n_skills; i++)
        if (strcmp(m->skills[i], name) == 0)
            return (int)i;
    if (m->n_skills == CS_MAX_SKILLS) {
        csi_bad(cx,
                at,
                "adds skill '%s', but a scenario may have at most %d skills",
                name,
                CS_MAX_SKILLS);
        return -1;
    }
    char *copy = csi_strdup(cx, name);
    if (!copy)
        return -1;
    m->skills[m->n_skills] = copy;
    return (int)m->n_skills++;
}

static void build_horizon(csi_ctx *cx, const config_setting_t *root)
{
    cs_model *m = cx->m;
    config_setting_t *h = csi_member(cx, root, "horizon", true);
    if (!h || !csi_is_group(cx, h))
        return;
    bool ok = m->interval_s > 0;
    config_setting_t *s = csi_member(cx, h, "start", true);
    int64_t day = 0;
    double tod = 0;
    if (!s || !csi_datetime(cx, s, &day, &tod)) {
        ok = false;
    } else if (m->interval_s > 0 && fmod(tod, m->interval_s) != 0) {
        csi_bad(
            cx,
            s,
            "must fall on an interval boundary, a multiple of %g s after midnight (got %02d:%02d)",
            m->interval_s,
            (int)(tod / 3600),
            (int)fmod(tod / 60, 60));
        ok = false;
    }
    config_setting_t *days = csi_member(cx, h, "days", false);
    config_setting_t *dur = csi_member(cx, h, "duration", false);
    double horizon = 0;
    if (days && dur) {
        csi_diag(cx, dur, "horizon.days and horizon.duration are mutually exclusive (give one)");
        ok = false;
    } else if (days) {
        double d;
        if (csi_real(cx, days, 0, true, CSI_MAX_HORIZON_DAYS, false, &d))
            horizon = d * 86400.0;
        else
            ok = false;
    } else if (dur) {
        if (!csi_duration(cx, dur, true, &horizon)) {
            ok = false;
        } else if (horizon > CSI_MAX_HORIZON_DAYS * 86400.0) {
            csi_bad(cx, dur, "must be <= %d days (got %g s)", CSI_MAX_HORIZON_DAYS, horizon);
            ok = false;
        }
    } else {
        csi_diag(cx, h, "horizon needs days or duration");
        ok = false;
    }
    double warmup = 0;
    config_setting_t *w = csi_member(cx, h, "warmup", false);
    if (w && !csi_duration(cx, w, false, &warmup))
        ok = false;
    else if (w && horizon > 0 && !(warmup < horizon)) {
        csi_bad(cx, w, "must be shorter than the horizon (%g s) (got %g s)", horizon, warmup);
        ok = false;
    }
    if (!ok)
        return;
    double intervals = ceil(horizon / m->interval_s - 1e-9);
    if (intervals > CSI_MAX_INTERVALS) {
        csi_diag(cx,
                 h,
                 "horizon has %.0f intervals of %g s, at most %d are allowed (use a longer "
                 "interval)",
                 intervals,
                 m->interval_s,
                 CSI_MAX_INTERVALS);
        return;
    }
    m->start_day = day;
    m->start_tod_s = tod;
    m->horizon_s = horizon;
    m->warmup_s = warmup;
    cx->n_days = (size_t)ceil((tod + horizon) / 86400.0 - 1e-9);
    if (cx->n_days < 1)
        cx->n_days = 1;
    cx->horizon_ok = true;
}

static void build_targets(csi_ctx *cx, const config_setting_t *root)
{
    cs_targets *t = &cx->m->targets;
    t->answer_within_s = 20;
    t->service_level = -1;
    t->max_abandon = -1;
    t->max_asa_s = -1;
    config_setting_t *g = csi_member(cx, root, "targets", false);
    if (!g || !csi_is_group(cx, g))
        return;
    config_setting_t *s;
    double v;
    if ((s = csi_member(cx, g, "answer_within", false)) && csi_duration(cx, s, false, &v))
        t->answer_within_s = v;
    if ((s = csi_member(cx, g, "service_level", false)) && csi_fraction(cx, s, true, &v))
        t->service_level = v;
    /* 0 for either cannot be planned for: Erlang A reaches it only by underflow. */
    if ((s = csi_member(cx, g, "max_abandon", false)) && csi_fraction(cx, s, true, &v))
        t->max_abandon = v;
    if ((s = csi_member(cx, g, "max_asa", false)) && csi_duration(cx, s, true, &v))
        t->max_asa_s = v;
}

void csi_build_general(csi_ctx *cx, const config_setting_t *root)
{
    cs_model *m = cx->m;
    config_setting_t *s;
    const char *name;
    if ((s = csi_member(cx, root, "name", true)) && csi_name(cx, s, &name))
        m->name = csi_strdup(cx, name);

    long long v;
    m->seed = 1;
    if ((s = csi_member(cx, root, "seed", false)) && csi_int(cx, s, 0, INT64_MAX, &v))
        m->seed = (uint64_t)v;
    m->replications = 10;
    if ((s = csi_member(cx, root, "replications", false)) &&
        csi_int(cx, s, 1, CSI_MAX_REPLICATIONS, &v))
        m->replications = (int)v;

    m->interval_s = 1800;
    if ((s = csi_member(cx, root, "interval", false))) {
        double iv;
        m->interval_s = 0; /* unusable unless valid: the horizon checks depend on it */
        if (csi_duration(cx, s, true, &iv)) {
            double per_day = 86400.0 / iv;
            if (per_day != floor(per_day) || fabs(floor(per_day) * iv - 86400.0) > 1e-6)
                csi_bad(cx, s, "must divide a day (86400 s) into whole intervals (got %g s)", iv);
            else
                m->interval_s = iv;
        }
    }
    build_horizon(cx, root);
    build_targets(cx, root);
}

/* "unix:/path" or "tcp:HOST:PORT". */
static bool external_ok(const char *a)
{
    if (strncmp(a, "unix:", 5) == 0) {
        /* sun_path holds 108 bytes on Linux, 104 elsewhere */
        size_t len = strlen(a + 5);
        return len > 0 && len < 104;
    }
    if (strncmp(a, "tcp:", 4) != 0)
        return false;
    const char *host = a + 4;
    const char *colon = strrchr(host, ':');
    if (!colon || colon == host)
        return false;
    for (const char *p = host; p < colon; p++)
        if ((unsigned char)*p <= ' ')
            return false;
    const char *port = colon + 1;
    size_t len = strlen(port);
    if (len == 0 || len > 5)
        return false;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (port[i] < '0' || port[i] > '9')
            return false;
        v = v * 10 + (port[i] - '0');
    }
    return v >= 1 && v <= 65535;
}

/* A policy name that is not built in, with the names that are. */
static void unknown_policy(csi_ctx *cx, const config_setting_t *at)
{
    char known[256] = "";
    const char *const *names = cs_router_builtin_names();
    for (size_t i = 0; names && names[i]; i++) {
        size_t used = strlen(known);
        snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", names[i]);
    }
    char got[80];
    csi_describe(at, got, sizeof got);
    csi_bad(cx, at, "names an unknown policy %s (built-in: %s)", got, known);
}

/* routing.overflow = { after; step; }: "after=S;step=S" into buf (defaults filled). */
static void build_overflow(csi_ctx *cx, const config_setting_t *g, char *buf, size_t n)
{
    double after = 20, step = 20, v;
    config_setting_t *o = csi_member(cx, g, "overflow", false);
    if (o && csi_is_group(cx, o)) {
        config_setting_t *k = csi_member(cx, o, "after", false);
        if (k && csi_duration(cx, k, false, &v))
            after = v;
        k = csi_member(cx, o, "step", false);
        if (k && csi_duration(cx, k, true, &v))
            step = v;
    }
    snprintf(buf, n, "after=%.17g;step=%.17g", after, step);
}

/* routing.reserve = { agents; categories; }: "agents=K;urgent=I,J" into buf (urgent left
 * out when not given: the policy takes the most urgent priority). */
static void build_reserve(csi_ctx *cx, const config_setting_t *g, char *buf, size_t n)
{
    long long agents = 1;
    char urgent[CS_MAX_CATEGORIES * 4] = "";
    config_setting_t *o = csi_member(cx, g, "reserve", false);
    if (o && csi_is_group(cx, o)) {
        config_setting_t *k = csi_member(cx, o, "agents", false);
        long long v;
        if (k && csi_int(cx, k, 1, CSI_MAX_AGENTS, &v))
            agents = v;
        k = csi_member(cx, o, "categories", false);
        const char *names[CS_MAX_CATEGORIES];
        size_t nn;
        if (k && csi_names(cx, k, CS_MAX_CATEGORIES, names, &nn) && cx->categories_ok)
            for (size_t i = 0; i < nn; i++) {
                int c = cs_model_find_category(cx->m, names[i]);
                if (c < 0) {
                    csi_bad(cx, k, "names '%s', which is not a category", names[i]);
                    continue;
                }
                size_t used = strlen(urgent);
                snprintf(urgent + used, sizeof urgent - used, "%s%d", used ? "," : "", c);
            }
    }
    snprintf(buf, n, "agents=%lld%s%s", agents, *urgent ? ";urgent=" : "", urgent);
}

/* routing.tick and the options of every policy group present (checked whichever policy is
 * chosen, so `--set routing.policy=...` can switch among them); the chosen policy's become
 * the model's config text. */
static void build_policy_options(csi_ctx *cx, const config_setting_t *g)
{
    cs_routing *r = &cx->m->routing;
    char overflow[128], reserve[CS_MAX_CATEGORIES * 4 + 64];
    build_overflow(cx, g, overflow, sizeof overflow);
    build_reserve(cx, g, reserve, sizeof reserve);
    const char *text = NULL;
    if (r->policy && strcmp(r->policy, "overflow") == 0) {
        text = overflow;
        r->tick_s = 1;
    } else if (r->policy && strcmp(r->policy, "reserve") == 0) {
        text = reserve;
    }
    if (text)
        r->config = csi_strdup(cx, text);
    config_setting_t *t = csi_member(cx, g, "tick", false);
    double tv;
    if (t && csi_duration(cx, t, false, &tv)) {
        /* Finer ticks would be most of the events and tell the router nothing new. */
        if (tv > 0 && tv < 0.01)
            csi_bad(cx, t, "must be 0 (no ticks) or >= 0.01 s (got %g s)", tv);
        else
            r->tick_s = tv;
    }
}

void csi_build_routing(csi_ctx *cx, const config_setting_t *root)
{
    cs_routing *r = &cx->m->routing;
    r->timeout_s = 1;
    config_setting_t *g = csi_member(cx, root, "routing", false);
    if (g && !csi_is_group(cx, g))
        return;
    config_setting_t *policy = csi_member(cx, g, "policy", false);
    config_setting_t *plugin = csi_member(cx, g, "plugin", false);
    config_setting_t *external = csi_member(cx, g, "external", false);
    int given = (policy != NULL) + (plugin != NULL) + (external != NULL);
    if (given > 1) {
        csi_diag(cx, g, "routing takes one of policy, plugin or external (got %d)", given);
        return;
    }
    const char *v;
    if (plugin) {
        if (csi_string(cx, plugin, &v)) {
            if (!*v) {
                csi_bad(cx, plugin, "must not be empty");
            } else {
                /* Loaded once here so a missing file, symbol or version is a diagnostic
                 * with a line, not a failure at the first replication. */
                cs_err e;
                cs_err_clear(&e);
                cs_plugin *p = cs_plugin_open(v, &e);
                if (p)
                    r->plugin = csi_strdup(cx, v);
                else
                    csi_bad(cx, plugin, "is unusable: %s", e.msg);
                cs_plugin_close(p);
            }
        }
    } else if (external) {
        if (csi_string(cx, external, &v)) {
            if (!external_ok(v)) {
                char got[80];
                csi_describe(external, got, sizeof got);
                csi_bad(cx, external, "must be \"unix:/path\" or \"tcp:HOST:PORT\" (got %s)", got);
            } else {
                r->external = csi_strdup(cx, v);
            }
        }
    } else if (policy) {
        if (csi_string(cx, policy, &v)) {
            if (cs_router_builtin(v)) {
                r->policy = csi_strdup(cx, v);
            } else {
                unknown_policy(cx, policy);
            }
        }
    } else {
        r->policy = csi_strdup(cx, "fcfs");
    }
    config_setting_t *fb = csi_member(cx, g, "fallback", false);
    if (fb && csi_string(cx, fb, &v)) {
        if (cs_router_builtin(v))
            r->fallback = csi_strdup(cx, v);
        else
            unknown_policy(cx, fb);
    }
    if (!fb)
        r->fallback = csi_strdup(cx, "fcfs");
    config_setting_t *t = csi_member(cx, g, "timeout", false);
    double tv;
    if (t && csi_duration(cx, t, true, &tv)) {
        if (tv > CSI_MAX_TIMEOUT_S)
            csi_bad(cx, t, "must be <= %g s (got %g s)", CSI_MAX_TIMEOUT_S, tv);
        else
            r->timeout_s = tv;
    }
    build_policy_options(cx, g);
}

void csi_check_skills(csi_ctx *cx, const config_setting_t *root)
{
    if (!cx->categories_ok || cx->skills_default_all)
        return;
    const config_setting_t *list =
        csi_member(cx, csi_member(cx, root, "demand", false), "categories", false);
    for (size_t i = 0; i < cx->m->n_categories; i++) {
        const cs_category *c = &cx->m->categories[i];
        if (c->skill < 0 || (cx->agent_skill_mask >> c->skill) & 1u)
            continue;
        const config_setting_t *g = list ? config_setting_get_elem(list, (unsigned)i) : NULL;
        const config_setting_t *at = g ? config_setting_get_member(g, "skill") : NULL;
        if (at)
            csi_bad(cx,
                    at,
                    "is '%s', a skill no agent has (agents' skills come from "
                    "supply.agent_skills and the skills of shifts and recalls)",
                    cx->m->skills[c->skill]);
        else
            csi_bad(cx,
                    g,
                    "needs skill '%s' (the default), which no agent has (agents' skills come "
                    "from supply.agent_skills and the skills of shifts and recalls)",
                    cx->m->skills[c->skill]);
    }
}
