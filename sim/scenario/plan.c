/* plan.c — the capacity planner's settings (`plan`): shift templates with their allowed
 * starts, days and break windows, and the limits of the roster search. Part of
 * sim/scenario; sim/plan turns the templates into the roster's work patterns. */
#include "scenario_int.h"

#include <stdlib.h>
#include <string.h>

#define MAX_STARTS 96 /* starts per template: every quarter hour of a day */

/* Seconds from clock time `from` forward to clock time `to` (a day later when earlier). */
static double ahead(double from, double to)
{
    double d = to - from;
    return d < 0 ? d + 86400 : d;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* starts = ["07:30", "08:00"]: clock times, distinct, kept ascending. */
static bool read_starts(csi_ctx *cx, const config_setting_t *s, cs_plan_template *t)
{
    int type = config_setting_type(s);
    int n = config_setting_length(s);
    if ((type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) || n < 1 || n > MAX_STARTS) {
        csi_bad(cx, s, "must be an array of 1 to %d clock times [\"HH:MM\", ...]", MAX_STARTS);
        return false;
    }
    t->starts_tod_s = malloc((size_t)n * sizeof *t->starts_tod_s);
    if (!t->starts_tod_s)
        return csi_nomem(cx);
    bool ok = true;
    for (int i = 0; i < n; i++)
        if (!csi_clock(cx, config_setting_get_elem(s, (unsigned)i), &t->starts_tod_s[i]))
            ok = false;
    if (!ok)
        return false;
    t->n_starts = (size_t)n;
    qsort(t->starts_tod_s, t->n_starts, sizeof *t->starts_tod_s, cmp_double);
    for (size_t i = 1; i < t->n_starts; i++)
        if (t->starts_tod_s[i] == t->starts_tod_s[i - 1]) {
            char c[16];
            csi_bad(cx, s, "lists %s twice", csi_clock_text(t->starts_tod_s[i], c));
            return false;
        }
    return true;
}

/* breaks = ( { length = "1h"; window = ["11:00", "13:30"]; } ): each window must fit the
 * break and lie inside the shift for every start; windows follow each other in shift order
 * without overlapping, so any choice of placements keeps the breaks apart. */
static bool
read_breaks(csi_ctx *cx, const config_setting_t *list, cs_plan_template *t, bool shape_ok)
{
    if (!csi_is_list(cx, list, CS_PLAN_MAX_BREAKS))
        return false;
    size_t n = (size_t)config_setting_length(list);
    if (n == 0)
        return true;
    t->breaks = calloc(n, sizeof *t->breaks);
    if (!t->breaks)
        return csi_nomem(cx);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        cs_plan_break *b = &t->breaks[i];
        if (!g || !csi_is_group(cx, g)) {
            ok = false;
            continue;
        }
        config_setting_t *s, *w;
        bool b_ok = true;
        if (!(s = csi_member(cx, g, "length", true)) || !csi_duration(cx, s, true, &b->length_s))
            b_ok = false;
        if ((w = csi_member(cx, g, "window", true))) {
            int type = config_setting_type(w);
            if ((type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) ||
                config_setting_length(w) != 2) {
                csi_bad(cx,
                        w,
                        "must be two clock times [\"HH:MM\", \"HH:MM\"]: the earliest "
                        "start and the latest end of the break");
                b_ok = false;
            } else if (!csi_clock(cx, config_setting_get_elem(w, 0), &b->window_start_s) ||
                       !csi_clock(cx, config_setting_get_elem(w, 1), &b->window_end_s)) {
                b_ok = false;
            }
        } else {
            b_ok = false;
        }
        if (!b_ok || !shape_ok) {
            ok = ok && b_ok;
            continue;
        }
        char ws[16], we[16];
        csi_clock_text(b->window_start_s, ws);
        csi_clock_text(b->window_end_s, we);
        double wlen = ahead(b->window_start_s, b->window_end_s);
        if (wlen < b->length_s) {
            csi_bad(
                cx, w, "(%s to %s) is shorter than the break (%g min)", ws, we, b->length_s / 60);
            ok = false;
            continue;
        }
        for (size_t k = 0; k < t->n_starts; k++) {
            double st = t->starts_tod_s[k];
            if (ahead(st, b->window_start_s) + wlen > t->length_s + 1e-9) {
                char a[16], e[16];
                csi_bad(cx,
                        w,
                        "(%s to %s) lies outside the shift starting at %s (%s to %s)",
                        ws,
                        we,
                        csi_clock_text(st, a),
                        a,
                        csi_clock_text(st + t->length_s, e));
                ok = false;
                break;
            }
            if (i > 0 && ok) {
                const cs_plan_break *p = &t->breaks[i - 1];
                double p_end =
                    ahead(st, p->window_start_s) + ahead(p->window_start_s, p->window_end_s);
                if (ahead(st, b->window_start_s) < p_end - 1e-9) {
                    char pa[16], pe[16];
                    csi_bad(cx,
                            w,
                            "(%s to %s) overlaps the window of the break before it (%s to %s): "
                            "list breaks in shift order with separate windows",
                            ws,
                            we,
                            csi_clock_text(p->window_start_s, pa),
                            csi_clock_text(p->window_end_s, pe));
                    ok = false;
                    break;
                }
            }
        }
    }
    if (ok)
        t->n_breaks = n;
    return ok;
}

/* days = ["2022-01-24", ...]: the dates it may start on (default: every day, the day before
 * the horizon included, whose late starts reach into it). Dates the horizon does not touch
 * are allowed and unused, so that --set can shorten the horizon. */
static bool read_days(csi_ctx *cx, const config_setting_t *s, cs_plan_template *t)
{
    size_t nd = cx->n_days;
    if (cx->horizon_ok) {
        t->day_allowed = malloc((nd + 1) * sizeof *t->day_allowed);
        if (!t->day_allowed)
            return csi_nomem(cx);
        for (size_t d = 0; d <= nd; d++)
            t->day_allowed[d] = s == NULL;
    }
    if (!s)
        return true;
    int type = config_setting_type(s);
    int n = config_setting_length(s);
    if ((type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) || n < 1 || n > CSI_MAX_LIST) {
        csi_bad(cx, s, "must be an array of dates [\"YYYY-MM-DD\", ...]");
        return false;
    }
    bool ok = true;
    for (int i = 0; i < n; i++) {
        int64_t day;
        if (!csi_date(cx, config_setting_get_elem(s, (unsigned)i), &day)) {
            ok = false;
            continue;
        }
        int64_t d = day - cx->m->start_day;
        if (t->day_allowed && d >= -1 && d < (int64_t)nd)
            t->day_allowed[d + 1] = true;
    }
    return ok;
}

static bool build_template(csi_ctx *cx, const config_setting_t *g, cs_plan_template *t)
{
    if (!csi_is_group(cx, g))
        return false;
    bool ok = true, shape_ok = true;
    config_setting_t *s;
    const char *name;
    if ((s = csi_member(cx, g, "name", true)) && csi_name(cx, s, &name)) {
        if (!(t->name = csi_strdup(cx, name)))
            return false;
    } else {
        ok = false;
    }
    if (!(s = csi_member(cx, g, "starts", true)) || !read_starts(cx, s, t))
        ok = shape_ok = false;
    if ((s = csi_member(cx, g, "length", true)) && csi_duration(cx, s, true, &t->length_s)) {
        if (t->length_s > 86400) {
            csi_bad(cx, s, "must be at most 24h (got %g s)", t->length_s);
            ok = shape_ok = false;
        }
    } else {
        ok = shape_ok = false;
    }
    t->cost_per_h = 1;
    t->max_agents = -1;
    long long v;
    if ((s = csi_member(cx, g, "max_agents", false))) {
        if (csi_int(cx, s, 0, CSI_MAX_AGENTS, &v))
            t->max_agents = (int)v;
        else
            ok = false;
    }
    if ((s = csi_member(cx, g, "cost_per_hour", false)) &&
        !csi_real(cx, s, 0, false, 1e9, false, &t->cost_per_h))
        ok = false;
    if ((s = csi_member(cx, g, "breaks", false)) && !read_breaks(cx, s, t, shape_ok))
        ok = false;
    if (cx->oom)
        return false;
    if (!read_days(cx, csi_member(cx, g, "days", false), t))
        ok = false;
    return ok;
}

void csi_build_plan(csi_ctx *cx, const config_setting_t *root)
{
    cs_plan_spec *p = &cx->m->plan;
    p->time_limit_s = 20;
    p->mip_gap = 0.01;
    p->max_rounds = 40;
    p->n_days = cx->horizon_ok ? cx->n_days : 0;
    config_setting_t *g = csi_member(cx, root, "plan", false);
    if (!g || !csi_is_group(cx, g))
        return;
    config_setting_t *s;
    long long v;
    if ((s = csi_member(cx, g, "time_limit", false)) &&
        csi_duration(cx, s, true, &p->time_limit_s) && p->time_limit_s > 86400) {
        csi_bad(cx, s, "must be at most 24h (got %g s)", p->time_limit_s);
    }
    if ((s = csi_member(cx, g, "mip_gap", false)))
        csi_real(cx, s, 0, false, 1, true, &p->mip_gap);
    if ((s = csi_member(cx, g, "max_rounds", false)) && csi_int(cx, s, 1, 1000, &v))
        p->max_rounds = (int)v;
    config_setting_t *list = csi_member(cx, g, "templates", false);
    if (!list || !csi_is_list(cx, list, CSI_MAX_LIST))
        return;
    size_t n = (size_t)config_setting_length(list);
    if (n == 0)
        return;
    p->templates = calloc(n, sizeof *p->templates);
    if (!p->templates) {
        csi_nomem(cx);
        return;
    }
    p->n_templates = n;
    for (size_t i = 0; i < n && !cx->oom; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        build_template(cx, e, &p->templates[i]);
        for (size_t j = 0; j < i && p->templates[i].name; j++)
            if (p->templates[j].name && strcmp(p->templates[j].name, p->templates[i].name) == 0) {
                csi_bad(cx,
                        config_setting_get_member(e, "name"),
                        "'%s' is already the name of plan.templates.[%zu]",
                        p->templates[i].name,
                        j);
                break;
            }
    }
}
