/* demand.c — call categories, demand (rate, calls per day, calls by date with intraday
 * profiles) resolved to one entry per horizon day, and surges. Part of sim/scenario. */
#include "callsim/civil.h"
#include "scenario_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- categories ------------------------------------------------------------------------ */

/* redial = { probability; delay; decay; max_attempts; } */
static bool build_redial(csi_ctx *cx, const config_setting_t *g, cs_category *c)
{
    if (!csi_is_group(cx, g))
        return false;
    bool ok = true;
    config_setting_t *s;
    if ((s = csi_member(cx, g, "probability", true)))
        ok = csi_fraction(cx, s, false, &c->redial_p) && ok;
    else
        ok = false;
    if ((s = csi_member(cx, g, "delay", c->redial_p > 0)))
        ok = csi_dist(cx, s, &c->redial_delay) && ok;
    else if (c->redial_p > 0)
        ok = false;
    c->redial_decay = 1;
    if ((s = csi_member(cx, g, "decay", false)))
        ok = csi_fraction(cx, s, true, &c->redial_decay) && ok;
    long long v;
    c->redial_max = 10;
    if ((s = csi_member(cx, g, "max_attempts", false))) {
        if (csi_int(cx, s, 1, CSI_MAX_ATTEMPTS, &v))
            c->redial_max = (int)v;
        else
            ok = false;
    }
    return ok;
}

/* reconnect = { probability; delay; } */
static bool build_reconnect(csi_ctx *cx, const config_setting_t *g, cs_category *c)
{
    if (!csi_is_group(cx, g))
        return false;
    bool ok = true;
    config_setting_t *s;
    if ((s = csi_member(cx, g, "probability", true))) {
        ok = csi_fraction(cx, s, false, &c->reconnect_p) && ok;
        /* Reconnects have no attempt cap: at 1 every call would come back for ever (and with
         * no delay and no handle time, the clock would never move). */
        if (ok && c->reconnect_p >= 1) {
            csi_bad(cx, s, "must be below 1: every call would reconnect for ever (got 1)");
            c->reconnect_p = 0;
            ok = false;
        }
    } else {
        ok = false;
    }
    if ((s = csi_member(cx, g, "delay", c->reconnect_p > 0)))
        ok = csi_dist(cx, s, &c->reconnect_delay) && ok;
    else if (c->reconnect_p > 0)
        ok = false;
    return ok;
}

static bool build_category(csi_ctx *cx, const config_setting_t *g, cs_category *c, bool single)
{
    bool ok = true;
    config_setting_t *s;
    const char *text;
    if ((s = csi_member(cx, g, "name", true)) && csi_name(cx, s, &text))
        ok = (c->name = csi_strdup(cx, text)) != NULL;
    else
        ok = false;

    c->share = 1;
    if ((s = csi_member(cx, g, "share", !single)))
        ok = csi_fraction(cx, s, false, &c->share) && ok;
    else if (!single)
        ok = false;

    long long v;
    if ((s = csi_member(cx, g, "priority", false))) {
        if (csi_int(cx, s, -CSI_MAX_PRIORITY, CSI_MAX_PRIORITY, &v))
            c->priority = (int)v;
        else
            ok = false;
    }

    c->skill = -1;
    text = "general";
    s = csi_member(cx, g, "skill", false);
    if (s && !csi_name(cx, s, &text))
        ok = false;
    else if ((c->skill = csi_skill_intern(cx, s ? s : g, text)) < 0)
        ok = false;

    if ((s = csi_member(cx, g, "handle", true)))
        ok = csi_dist(cx, s, &c->handle) && ok;
    else
        ok = false;
    if ((s = csi_member(cx, g, "wrapup", false)))
        ok = csi_dist(cx, s, &c->wrapup) && ok;
    if ((s = csi_member(cx, g, "patience", false)))
        ok = csi_dist(cx, s, &c->patience) && ok;

    c->redial_max = 1;
    c->redial_decay = 1;
    if ((s = csi_member(cx, g, "redial", false)))
        ok = build_redial(cx, s, c) && ok;
    if ((s = csi_member(cx, g, "reconnect", false)))
        ok = build_reconnect(cx, s, c) && ok;
    if ((s = csi_member(cx, g, "urgent_share", false)))
        ok = csi_fraction(cx, s, false, &c->urgent_share) && ok;
    return ok;
}

void csi_build_categories(csi_ctx *cx, const config_setting_t *demand)
{
    cs_model *m = cx->m;
    config_setting_t *list = csi_member(cx, demand, "categories", true);
    if (!list || !csi_is_list(cx, list, CS_MAX_CATEGORIES))
        return;
    size_t n = (size_t)config_setting_length(list);
    if (n == 0) {
        csi_bad(cx, list, "must list at least one category");
        return;
    }
    m->categories = calloc(n, sizeof *m->categories);
    if (!m->categories) {
        csi_nomem(cx);
        return;
    }
    m->n_categories = n;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        if (!g || !csi_is_group(cx, g)) {
            ok = false;
            continue;
        }
        ok = build_category(cx, g, &m->categories[i], n == 1) && ok;
        if (cx->oom)
            return;
    }
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < j; i++) {
            const char *a = m->categories[i].name, *b = m->categories[j].name;
            if (a && b && strcmp(a, b) == 0) {
                const config_setting_t *g = config_setting_get_elem(list, (unsigned)j);
                csi_bad(cx,
                        config_setting_get_member(g, "name"),
                        "'%s' is already the name of demand.categories.[%zu]",
                        b,
                        i);
                ok = false;
                break;
            }
        }
    if (!ok)
        return;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += m->categories[i].share;
    if (!(fabs(sum - 1) <= CSI_SHARE_TOL)) {
        csi_bad(cx, list, "shares must sum to 1 (got %.10g)", sum);
        return;
    }
    for (size_t i = 0; i < n; i++) /* exactly 1, for whoever adds them up again */
        m->categories[i].share /= sum;
    cx->categories_ok = true;
}

/* Index of category `name`, or -1. Skips categories whose name did not load. */
static int find_category(const cs_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_categories; i++)
        if (m->categories[i].name && strcmp(m->categories[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ---- profiles and demand ---------------------------------------------------------------- */

static bool read_profile(csi_ctx *cx, const config_setting_t *s, const char *name, cs_profile *p)
{
    int type = config_setting_type(s);
    if (type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST) {
        int len = config_setting_length(s);
        if (len != 24 && len != 48 && len != 96) {
            csi_bad(cx, s, "must have 24, 48 or 96 weights (got %d)", len);
            return false;
        }
    }
    double *w;
    size_t n;
    if (!csi_numbers(cx, s, 96, false, &w, &n))
        return false;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] < 0) {
            csi_bad(cx, config_setting_get_elem(s, (unsigned)i), "must be >= 0 (got %g)", w[i]);
            free(w);
            return false;
        }
        sum += w[i];
    }
    if (!(sum > 0) || !isfinite(sum)) {
        csi_bad(cx, s, "weights must sum to a positive finite number (got %g)", sum);
        free(w);
        return false;
    }
    p->name = csi_strdup(cx, name);
    if (!p->name) {
        free(w);
        return false;
    }
    p->n = n;
    p->weights = w;
    return true;
}

/* Reads demand.profile into profiles[0] and demand.profiles into the rest. Returns whether
 * every profile loaded. */
static bool build_profiles(csi_ctx *cx, const config_setting_t *demand, bool by_day)
{
    cs_demand *d = &cx->m->demand;
    config_setting_t *one = csi_member(cx, demand, "profile", false);
    config_setting_t *named = csi_member(cx, demand, "profiles", false);
    if (!by_day) {
        bool ok = true;
        if (one) {
            csi_diag(cx,
                     one,
                     "demand.profile is only used with calls_per_day or daily (rate is "
                     "constant)");
            ok = false;
        }
        if (named) {
            csi_diag(cx, named, "demand.profiles is only used with daily");
            ok = false;
        }
        if (!ok)
            return false;
        /* A flat profile, so that a reader of profiles needs no special case for RATE. */
        d->profiles = calloc(1, sizeof *d->profiles);
        double *w = malloc(24 * sizeof *w);
        char *name = csi_strdup(cx, "default");
        if (!d->profiles || !w || !name) {
            free(w);
            free(name);
            return csi_nomem(cx);
        }
        for (int i = 0; i < 24; i++)
            w[i] = 1;
        d->n_profiles = 1;
        d->profiles[0] = (cs_profile){.name = name, .n = 24, .weights = w};
        return true;
    }
    size_t n_named = 0;
    if (named) {
        if (!csi_is_group(cx, named))
            return false;
        n_named = (size_t)config_setting_length(named);
        if (n_named > CSI_MAX_PROFILES) {
            csi_bad(
                cx, named, "has %zu profiles, at most %d are allowed", n_named, CSI_MAX_PROFILES);
            return false;
        }
    }
    d->profiles = calloc(1 + n_named, sizeof *d->profiles);
    if (!d->profiles)
        return csi_nomem(cx);
    d->n_profiles = 1 + n_named;
    bool ok = true;
    if (!one) {
        csi_diag(cx, demand, "demand.profile is required with calls_per_day or daily");
        ok = false;
    } else {
        ok = read_profile(cx, one, "default", &d->profiles[0]);
    }
    for (size_t i = 0; i < n_named; i++) {
        const config_setting_t *s = config_setting_get_elem(named, (unsigned)i);
        if (!s || !s->name)
            continue;
        if (strcmp(s->name, "default") == 0) {
            csi_bad(cx, s, "uses the reserved name 'default' (that is demand.profile)");
            ok = false;
            continue;
        }
        ok = read_profile(cx, s, s->name, &d->profiles[1 + i]) && ok;
        if (cx->oom)
            return false;
    }
    return ok;
}

/* Allocates the per-day arrays and fills the defaults: calls 0, profile 0, category shares. */
static bool alloc_days(csi_ctx *cx)
{
    cs_demand *d = &cx->m->demand;
    size_t nd = cx->n_days, nc = cx->m->n_categories;
    d->day_calls = calloc(nd, sizeof *d->day_calls);
    d->day_profile = calloc(nd, sizeof *d->day_profile);
    d->day_share = calloc(nd * nc, sizeof *d->day_share);
    if (!d->day_calls || !d->day_profile || !d->day_share)
        return csi_nomem(cx);
    d->n_days = nd;
    for (size_t day = 0; day < nd; day++)
        for (size_t c = 0; c < nc; c++)
            d->day_share[day * nc + c] = cx->m->categories[c].share;
    return true;
}

/* Reads one demand.daily entry into *date and, when `resolve` and the date is a horizon day,
 * into the day arrays. Dates outside the horizon are read, checked and left out: a file
 * may hold a month of data and --set narrow the horizon to a few of its days. */
static bool build_daily_entry(
    csi_ctx *cx, const config_setting_t *g, bool profiles_ok, bool resolve, int64_t *date)
{
    cs_model *m = cx->m;
    cs_demand *d = &m->demand;
    if (!g || !csi_is_group(cx, g))
        return false;
    bool ok = true;
    config_setting_t *s;
    if (!(s = csi_member(cx, g, "date", true)) || !csi_date(cx, s, date))
        ok = false;
    double calls = 0;
    if (!(s = csi_member(cx, g, "calls", true)) ||
        !csi_real(cx, s, 0, false, CSI_MAX_CALLS_PER_DAY, false, &calls))
        ok = false;
    int profile = 0;
    const char *pname;
    if ((s = csi_member(cx, g, "profile", false))) {
        if (!csi_name(cx, s, &pname)) {
            ok = false;
        } else if (profiles_ok) {
            profile = -1;
            for (size_t i = 0; i < d->n_profiles; i++)
                if (d->profiles[i].name && strcmp(d->profiles[i].name, pname) == 0)
                    profile = (int)i;
            if (profile < 0) {
                csi_bad(cx, s, "names no profile of demand.profiles (got \"%s\")", pname);
                ok = false;
            }
        }
    }
    double *mix = NULL;
    size_t n_mix = 0;
    if ((s = csi_member(cx, g, "mix", false))) {
        if (!csi_numbers(cx, s, CS_MAX_CATEGORIES, false, &mix, &n_mix)) {
            ok = false;
        } else if (cx->categories_ok && n_mix != m->n_categories) {
            csi_bad(
                cx, s, "must have one share per category (%zu), got %zu", m->n_categories, n_mix);
            ok = false;
        } else {
            double sum = 0;
            for (size_t i = 0; i < n_mix && ok; i++) {
                if (!(mix[i] >= 0 && mix[i] <= 1)) {
                    csi_bad(cx,
                            config_setting_get_elem(s, (unsigned)i),
                            "must be in [0, 1] (got %g)",
                            mix[i]);
                    ok = false;
                }
                sum += mix[i];
            }
            if (ok && !(fabs(sum - 1) <= CSI_SHARE_TOL)) {
                csi_bad(cx, s, "shares must sum to 1 (got %.10g)", sum);
                ok = false;
            }
            for (size_t i = 0; ok && i < n_mix; i++)
                mix[i] /= sum;
        }
    }
    int64_t day = *date - m->start_day;
    if (ok && resolve && day >= 0 && day < (int64_t)cx->n_days) {
        d->day_calls[day] = calls;
        d->day_profile[day] = profile;
        if (mix)
            memcpy(&d->day_share[(size_t)day * m->n_categories], mix, n_mix * sizeof *mix);
    }
    free(mix);
    return ok;
}

typedef struct daily_key {
    int64_t date;
    int index; /* entry in demand.daily */
} daily_key;

static int daily_key_cmp(const void *pa, const void *pb)
{
    const daily_key *a = pa, *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return a->index - b->index;
}

static void build_daily(csi_ctx *cx, const config_setting_t *list, bool profiles_ok)
{
    if (!csi_is_list(cx, list, CSI_MAX_LIST))
        return;
    size_t n = (size_t)config_setting_length(list);
    bool resolve = cx->horizon_ok && cx->categories_ok;
    if (resolve && !alloc_days(cx))
        return;
    daily_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys) {
        csi_nomem(cx);
        return;
    }
    size_t n_keys = 0;
    bool ok = true;
    for (size_t i = 0; i < n && !cx->oom; i++) {
        int64_t date = 0;
        if (build_daily_entry(
                cx, config_setting_get_elem(list, (unsigned)i), profiles_ok, resolve, &date))
            keys[n_keys++] = (daily_key){date, (int)i};
        else
            ok = false;
    }
    /* Sorted by date, duplicates are neighbours; the later entry is the mistake. */
    qsort(keys, n_keys, sizeof *keys, daily_key_cmp);
    for (size_t k = 1; k < n_keys; k++)
        if (keys[k].date == keys[k - 1].date) {
            const config_setting_t *g = config_setting_get_elem(list, (unsigned)keys[k].index);
            const config_setting_t *ds = config_setting_get_member(g, "date");
            csi_bad(cx,
                    ds,
                    "%s is already given by demand.daily.[%d]",
                    ds->value.sval,
                    keys[k - 1].index);
            ok = false;
        }
    if (ok && resolve) {
        /* keys are sorted: walk them alongside the horizon days */
        size_t missing = 0, first = 0, k = 0;
        for (size_t day = 0; day < cx->n_days; day++) {
            int64_t date = cx->m->start_day + (int64_t)day;
            while (k < n_keys && keys[k].date < date)
                k++;
            if ((k == n_keys || keys[k].date != date) && missing++ == 0)
                first = day;
        }
        if (missing) {
            char a[11];
            cs_model_format_day(cx->m, (int)first, a);
            if (missing == 1)
                csi_bad(cx, list, "has no entry for %s (every horizon day needs one)", a);
            else
                csi_bad(cx,
                        list,
                        "has no entry for %s and %zu more days (every horizon day needs one)",
                        a,
                        missing - 1);
        }
    }
    free(keys);
}

void csi_build_demand(csi_ctx *cx, const config_setting_t *demand)
{
    cs_demand *d = &cx->m->demand;
    config_setting_t *rate = csi_member(cx, demand, "rate", false);
    config_setting_t *per_day = csi_member(cx, demand, "calls_per_day", false);
    config_setting_t *daily = csi_member(cx, demand, "daily", false);
    int given = (rate != NULL) + (per_day != NULL) + (daily != NULL);
    if (given != 1) {
        if (given == 0)
            csi_diag(cx, demand, "demand needs one of rate, calls_per_day or daily");
        else
            csi_diag(cx,
                     demand,
                     "demand takes one of rate, calls_per_day or daily (got %d of them)",
                     given);
        return;
    }
    d->kind = rate ? CS_DEMAND_RATE : per_day ? CS_DEMAND_PER_DAY : CS_DEMAND_DAILY;
    bool profiles_ok = build_profiles(cx, demand, !rate);
    if (cx->oom)
        return;
    if (!daily && csi_member(cx, demand, "profiles", false) && !rate)
        csi_diag(cx,
                 csi_member(cx, demand, "profiles", false),
                 "demand.profiles is only used with daily (calls_per_day uses demand.profile)");
    double calls = 0;
    if (rate) {
        if (!csi_real(cx, rate, 0, true, CSI_MAX_RATE_PER_H, false, &d->rate_per_h))
            return;
        calls = d->rate_per_h * 24;
    } else if (per_day) {
        if (!csi_real(cx, per_day, 0, true, CSI_MAX_CALLS_PER_DAY, false, &calls))
            return;
    } else {
        build_daily(cx, daily, profiles_ok);
        return;
    }
    if (!cx->horizon_ok || !cx->categories_ok || !alloc_days(cx))
        return;
    for (size_t day = 0; day < d->n_days; day++)
        d->day_calls[day] = calls;
}

/* ---- surges ------------------------------------------------------------------------------ */

static bool build_surge(csi_ctx *cx, const config_setting_t *g, size_t index, cs_surge *u)
{
    cs_model *m = cx->m;
    if (!csi_is_group(cx, g))
        return false;
    bool ok = true;
    config_setting_t *s;
    const char *text;
    char fallback[32];
    snprintf(fallback, sizeof fallback, "surge %zu", index + 1);
    text = fallback;
    if ((s = csi_member(cx, g, "name", false)) && !csi_name(cx, s, &text))
        ok = false;
    if (!(u->name = csi_strdup(cx, text)))
        return false;
    int64_t day;
    double tod;
    if ((s = csi_member(cx, g, "start", true)) && csi_datetime(cx, s, &day, &tod)) {
        if (cx->horizon_ok)
            u->start_s = csi_horizon_offset(cx, day, tod);
    } else {
        ok = false;
    }
    if ((s = csi_member(cx, g, "factor", true)))
        ok = csi_real(cx, s, 0, true, CSI_MAX_FACTOR, false, &u->factor) && ok;
    else
        ok = false;
    if ((s = csi_member(cx, g, "ramp", false)))
        ok = csi_duration(cx, s, false, &u->ramp_s) && ok;
    if ((s = csi_member(cx, g, "duration", false)))
        ok = csi_duration(cx, s, false, &u->plateau_s) && ok;
    if ((s = csi_member(cx, g, "decay", false)))
        ok = csi_duration(cx, s, false, &u->decay_s) && ok;

    size_t nc = m->n_categories;
    u->categories = nc >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << nc) - 1;
    if ((s = csi_member(cx, g, "categories", false))) {
        const char *names[CS_MAX_CATEGORIES];
        size_t n;
        u->categories = 0;
        if (!csi_names(cx, s, CS_MAX_CATEGORIES, names, &n))
            return false;
        for (size_t i = 0; i < n; i++) {
            int c = find_category(m, names[i]);
            if (c >= 0) {
                u->categories |= (uint64_t)1 << c;
            } else if (cx->categories_ok) {
                const char *known[CS_MAX_CATEGORIES + 1];
                for (size_t k = 0; k < nc; k++)
                    known[k] = m->categories[k].name;
                known[nc] = NULL;
                const char *hint = csi_suggest(names[i], known);
                char more[CSI_MAX_NAME + 32] = "";
                if (hint)
                    snprintf(more, sizeof more, " (did you mean '%s'?)", hint);
                csi_bad(cx,
                        config_setting_get_elem(s, (unsigned)i),
                        "names an unknown category '%s'%s",
                        names[i],
                        more);
                ok = false;
            }
        }
    }
    return ok;
}

void csi_build_surges(csi_ctx *cx, const config_setting_t *root)
{
    cs_model *m = cx->m;
    config_setting_t *list = csi_member(cx, root, "surges", false);
    if (!list || !csi_is_list(cx, list, CSI_MAX_LIST))
        return;
    size_t n = (size_t)config_setting_length(list);
    if (n == 0)
        return;
    m->surges = calloc(n, sizeof *m->surges);
    if (!m->surges) {
        csi_nomem(cx);
        return;
    }
    m->n_surges = n;
    for (size_t i = 0; i < n && !cx->oom; i++)
        build_surge(cx, config_setting_get_elem(list, (unsigned)i), i, &m->surges[i]);
}
