/* supply.c — seats, constant agents or daily shifts (breaks, counts by date) and staff
 * recalls, with their skills. Part of sim/scenario: shift counts are resolved to one count
 * per day from the day before the horizon (whose night shift reaches into it). */
#include "callsim/civil.h"
#include "scenario_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Skills of a group of agents as a mask; 0 (key absent) means "every skill", resolved once
 * every skill is known. */
static bool read_skills(csi_ctx *cx, const config_setting_t *g, const char *key, uint64_t *mask)
{
    *mask = 0;
    config_setting_t *s = csi_member(cx, g, key, false);
    if (!s) {
        cx->skills_default_all = true;
        return true;
    }
    const char *names[CS_MAX_SKILLS];
    size_t n;
    if (!csi_names(cx, s, CS_MAX_SKILLS, names, &n))
        return false;
    for (size_t i = 0; i < n; i++) {
        int k = csi_skill_intern(cx, config_setting_get_elem(s, (unsigned)i), names[i]);
        if (k < 0)
            return false;
        *mask |= (uint64_t)1 << k;
    }
    cx->agent_skill_mask |= *mask;
    return true;
}

/* A duration as people write it: "9h", "1.5h", "30m", "45s". */
static const char *duration_text(double s, char *buf, size_t n)
{
    if (s >= 3600 && fmod(s, 900) == 0)
        snprintf(buf, n, "%gh", s / 3600);
    else if (s >= 60 && fmod(s, 60) == 0)
        snprintf(buf, n, "%gm", s / 60);
    else
        snprintf(buf, n, "%gs", s);
    return buf;
}

typedef struct break_item {
    cs_break b;
    double offset_s; /* from the shift start */
    const config_setting_t *at;
} break_item;

static int break_cmp(const void *pa, const void *pb)
{
    const break_item *a = pa, *b = pb;
    if (a->offset_s != b->offset_s)
        return a->offset_s < b->offset_s ? -1 : 1;
    /* equal starts: keep file order (qsort is not stable) */
    return config_setting_index(a->at) - config_setting_index(b->at);
}

static void describe_break(const break_item *it, char *buf, size_t n)
{
    char c[16], l[32], st[32];
    csi_clock_text(it->b.start_tod_s, c);
    duration_text(it->b.length_s, l, sizeof l);
    if (it->b.waves > 1)
        snprintf(buf,
                 n,
                 "%s for %s, %d waves %s apart",
                 c,
                 l,
                 it->b.waves,
                 duration_text(it->b.stagger_s, st, sizeof st));
    else
        snprintf(buf, n, "%s for %s", c, l);
}

static bool build_breaks(csi_ctx *cx, const config_setting_t *list, cs_shift *sh, bool shift_ok)
{
    if (!csi_is_list(cx, list, CSI_MAX_BREAKS))
        return false;
    size_t n = (size_t)config_setting_length(list);
    if (n == 0)
        return true;
    break_item items[CSI_MAX_BREAKS];
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        break_item *it = &items[i];
        *it = (break_item){.b = {.waves = 1}, .at = g};
        if (!g || !csi_is_group(cx, g)) {
            ok = false;
            continue;
        }
        config_setting_t *s;
        long long v;
        if (!(s = csi_member(cx, g, "start", true)) || !csi_clock(cx, s, &it->b.start_tod_s))
            ok = false;
        if (!(s = csi_member(cx, g, "length", true)) || !csi_duration(cx, s, true, &it->b.length_s))
            ok = false;
        if ((s = csi_member(cx, g, "waves", false))) {
            if (csi_int(cx, s, 1, CSI_MAX_WAVES, &v))
                it->b.waves = (int)v;
            else
                ok = false;
        }
        if ((s = csi_member(cx, g, "stagger", false)) &&
            !csi_duration(cx, s, false, &it->b.stagger_s))
            ok = false;
        if (it->b.waves == 1)
            it->b.stagger_s = 0; /* the model's invariant: no stagger without waves */
    }
    if (!ok || !shift_ok)
        return false;
    char shift_start[16], shift_end[16];
    csi_clock_text(sh->start_tod_s, shift_start);
    csi_clock_text(sh->start_tod_s + sh->length_s, shift_end);
    for (size_t i = 0; i < n; i++) {
        break_item *it = &items[i];
        /* A clock time before the shift start is on the next day (night shifts). */
        it->offset_s = it->b.start_tod_s - sh->start_tod_s;
        if (it->offset_s < 0)
            it->offset_s += 86400;
        double end = it->offset_s + (it->b.waves - 1) * it->b.stagger_s + it->b.length_s;
        if (end > sh->length_s + 1e-9) {
            char what[160];
            describe_break(it, what, sizeof what);
            csi_bad(cx,
                    it->at,
                    "(%s) lies outside its shift '%s' (%s to %s)",
                    what,
                    sh->name,
                    shift_start,
                    shift_end);
            ok = false;
        }
    }
    if (!ok)
        return false;
    qsort(items, n, sizeof items[0], break_cmp);
    for (size_t i = 1; i < n; i++) {
        const break_item *a = &items[i - 1], *b = &items[i];
        double a_end = a->offset_s + (a->b.waves - 1) * a->b.stagger_s + a->b.length_s;
        if (b->offset_s < a_end - 1e-9) {
            char wa[160], wb[160];
            describe_break(a, wa, sizeof wa);
            describe_break(b, wb, sizeof wb);
            csi_bad(cx,
                    b->at,
                    "(%s) overlaps the break before it (%s): every wave of a break must end "
                    "before the next break starts",
                    wb,
                    wa);
            ok = false;
        }
    }
    if (!ok)
        return false;
    sh->breaks = malloc(n * sizeof *sh->breaks);
    if (!sh->breaks)
        return csi_nomem(cx);
    for (size_t i = 0; i < n; i++)
        sh->breaks[i] = items[i].b;
    sh->n_breaks = n;
    return true;
}

/* Resolves day_count for days -1 .. n_days-1 from count and count_by_date. */
static bool build_day_counts(csi_ctx *cx, const config_setting_t *list, cs_shift *sh, bool resolve)
{
    int *dc = NULL;
    size_t nd = cx->n_days;
    if (resolve) {
        dc = malloc((nd + 1) * sizeof *dc);
        if (!dc)
            return csi_nomem(cx);
        for (size_t i = 0; i <= nd; i++)
            dc[i] = sh->count;
        sh->day_count = dc;
    }
    bool ok = true;
    if (list && csi_is_list(cx, list, CSI_MAX_LIST)) {
        size_t n = (size_t)config_setting_length(list);
        for (size_t i = 0; i < n; i++) {
            const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
            if (!g || !csi_is_group(cx, g)) {
                ok = false;
                continue;
            }
            config_setting_t *s, *to_s;
            int64_t from = 0, to = 0;
            long long count = 0;
            bool e_ok = true;
            if (!(s = csi_member(cx, g, "from", true)) || !csi_date(cx, s, &from))
                e_ok = false;
            if (!(to_s = csi_member(cx, g, "to", true)) || !csi_date(cx, to_s, &to))
                e_ok = false;
            if (!(s = csi_member(cx, g, "count", true)) ||
                !csi_int(cx, s, 0, CSI_MAX_AGENTS, &count))
                e_ok = false;
            if (e_ok && to < from) {
                csi_bad(cx, to_s, "must not be before from");
                e_ok = false;
            }
            if (!e_ok) {
                ok = false;
                continue;
            }
            if (!resolve)
                continue;
            /* later entries win: apply in order; only horizon days matter */
            int64_t lo = from - cx->m->start_day, hi = to - cx->m->start_day;
            if (lo < 0)
                lo = 0;
            if (hi > (int64_t)nd - 1)
                hi = (int64_t)nd - 1;
            for (int64_t d = lo; d <= hi; d++)
                dc[d + 1] = (int)count;
        }
    } else if (list) {
        ok = false;
    }
    if (resolve) {
        dc[0] = dc[1]; /* the day before the horizon follows its first day's rule */
        sh->max_count = 0;
        for (size_t i = 0; i <= nd; i++)
            if (dc[i] > sh->max_count)
                sh->max_count = dc[i];
    }
    return ok;
}

static bool build_shift(csi_ctx *cx, const config_setting_t *g, cs_shift *sh)
{
    if (!csi_is_group(cx, g))
        return false;
    bool ok = true, times_ok = true;
    config_setting_t *s;
    const char *name;
    long long v;
    if ((s = csi_member(cx, g, "name", true)) && csi_name(cx, s, &name)) {
        if (!(sh->name = csi_strdup(cx, name)))
            return false;
    } else {
        ok = times_ok = false;
    }
    if (!(s = csi_member(cx, g, "start", true)) || !csi_clock(cx, s, &sh->start_tod_s))
        ok = times_ok = false;
    if ((s = csi_member(cx, g, "length", true)) && csi_duration(cx, s, true, &sh->length_s)) {
        if (sh->length_s > 86400) {
            csi_bad(cx, s, "must be at most 24h (got %g s)", sh->length_s);
            ok = times_ok = false;
        }
    } else {
        ok = times_ok = false;
    }
    if ((s = csi_member(cx, g, "count", true)) && csi_int(cx, s, 0, CSI_MAX_AGENTS, &v))
        sh->count = (int)v;
    else
        ok = false;
    if (!read_skills(cx, g, "skills", &sh->skills))
        ok = false;
    if ((s = csi_member(cx, g, "breaks", false)) && !build_breaks(cx, s, sh, times_ok))
        ok = false;
    if (cx->oom)
        return false;
    if (!build_day_counts(cx, csi_member(cx, g, "count_by_date", false), sh, ok && cx->horizon_ok))
        ok = false;
    return ok;
}

static bool build_recall(csi_ctx *cx, const config_setting_t *g, size_t index, cs_recall *r)
{
    if (!csi_is_group(cx, g))
        return false;
    bool ok = true;
    config_setting_t *s;
    char fallback[32];
    const char *name = fallback;
    snprintf(fallback, sizeof fallback, "recall %zu", index + 1);
    if ((s = csi_member(cx, g, "name", false)) && !csi_name(cx, s, &name))
        ok = false;
    if (!(r->name = csi_strdup(cx, name)))
        return false;
    int64_t day;
    double tod;
    if ((s = csi_member(cx, g, "at", true)) && csi_datetime(cx, s, &day, &tod)) {
        if (cx->horizon_ok)
            r->at_s = csi_horizon_offset(cx, day, tod);
    } else {
        ok = false;
    }
    long long v;
    if ((s = csi_member(cx, g, "agents", true)) && csi_int(cx, s, 1, CSI_MAX_AGENTS, &v))
        r->agents = (int)v;
    else
        ok = false;
    if ((s = csi_member(cx, g, "delay", false)) && !csi_duration(cx, s, false, &r->delay_s))
        ok = false;
    if ((s = csi_member(cx, g, "ramp", false)) && !csi_duration(cx, s, false, &r->ramp_s))
        ok = false;
    if (!(s = csi_member(cx, g, "length", true)) || !csi_duration(cx, s, true, &r->length_s))
        ok = false;
    if (!read_skills(cx, g, "skills", &r->skills))
        ok = false;
    return ok;
}

static void build_shifts(csi_ctx *cx, const config_setting_t *list)
{
    cs_supply *sp = &cx->m->supply;
    if (!csi_is_list(cx, list, CSI_MAX_LIST)) {
        cx->skills_default_all = true; /* unknown staff: do not guess at skills */
        return;
    }
    size_t n = (size_t)config_setting_length(list);
    if (n == 0) {
        csi_bad(cx, list, "must list at least one shift");
        return;
    }
    sp->shifts = calloc(n, sizeof *sp->shifts);
    if (!sp->shifts) {
        csi_nomem(cx);
        return;
    }
    sp->n_shifts = n;
    for (size_t i = 0; i < n && !cx->oom; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        if (!build_shift(cx, g, &sp->shifts[i]))
            cx->skills_default_all = true;
        for (size_t j = 0; j < i && sp->shifts[i].name; j++)
            if (sp->shifts[j].name && strcmp(sp->shifts[j].name, sp->shifts[i].name) == 0) {
                csi_bad(cx,
                        config_setting_get_member(g, "name"),
                        "'%s' is already the name of supply.shifts.[%zu]",
                        sp->shifts[i].name,
                        j);
                break;
            }
    }
}

static void build_recalls(csi_ctx *cx, const config_setting_t *list)
{
    cs_supply *sp = &cx->m->supply;
    if (!csi_is_list(cx, list, CSI_MAX_LIST))
        return;
    size_t n = (size_t)config_setting_length(list);
    if (n == 0)
        return;
    sp->recalls = calloc(n, sizeof *sp->recalls);
    if (!sp->recalls) {
        csi_nomem(cx);
        return;
    }
    sp->n_recalls = n;
    for (size_t i = 0; i < n && !cx->oom; i++)
        if (!build_recall(cx, config_setting_get_elem(list, (unsigned)i), i, &sp->recalls[i]))
            cx->skills_default_all = true;
}

/* supply.schedule: agents on the phones per reporting interval, one whole number in
 * [0, seats] for each interval of the horizon. */
static void build_schedule(csi_ctx *cx, const config_setting_t *list)
{
    cs_supply *sp = &cx->m->supply;
    size_t want =
        cx->m->horizon_s > 0 && cx->m->interval_s > 0 ? cs_model_interval_count(cx->m) : 0;
    double *v;
    size_t n;
    if (!csi_numbers(cx, list, CSI_MAX_INTERVALS, false, &v, &n))
        return;
    if (want > 0 && n != want) {
        csi_bad(
            cx, list, "must give one agent count per reporting interval: %zu (got %zu)", want, n);
        free(v);
        return;
    }
    int *counts = malloc(n * sizeof *counts);
    if (!counts) {
        free(v);
        csi_nomem(cx);
        return;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        double cap = sp->seats > 0 ? sp->seats : CSI_MAX_AGENTS;
        if (v[i] != floor(v[i]) || v[i] < 0 || v[i] > cap) {
            csi_bad(cx,
                    e ? e : list,
                    "must be a whole number of agents from 0 to %g (the seats) "
                    "(got %g)",
                    cap,
                    v[i]);
            ok = false;
            break;
        }
        counts[i] = (int)v[i];
    }
    free(v);
    if (!ok) {
        free(counts);
        return;
    }
    sp->schedule = counts;
    sp->n_schedule = n;
}

void csi_build_supply(csi_ctx *cx, const config_setting_t *root)
{
    cs_supply *sp = &cx->m->supply;
    config_setting_t *g = csi_member(cx, root, "supply", true);
    if (!g || !csi_is_group(cx, g)) {
        cx->skills_default_all = true;
        return;
    }
    config_setting_t *s;
    long long v;
    if ((s = csi_member(cx, g, "seats", true)) && csi_int(cx, s, 1, CSI_MAX_AGENTS, &v))
        sp->seats = (int)v;

    config_setting_t *agents = csi_member(cx, g, "agents", false);
    config_setting_t *shifts = csi_member(cx, g, "shifts", false);
    config_setting_t *sched = csi_member(cx, g, "schedule", false);
    config_setting_t *skills = csi_member(cx, g, "agent_skills", false);
    if ((agents != NULL) + (shifts != NULL) + (sched != NULL) > 1) {
        csi_diag(cx, shifts ? shifts : sched, "supply takes one of agents, shifts or schedule");
        cx->skills_default_all = true;
    } else if (!agents && !shifts && !sched) {
        csi_diag(cx, g, "supply needs agents (constant staffing), shifts or a schedule");
        cx->skills_default_all = true;
    } else if (sched) {
        /* scheduled agents have every skill: nothing to check */
        if (skills)
            csi_diag(cx, skills, "supply.agent_skills is only used with supply.agents");
        build_schedule(cx, sched);
        cx->skills_default_all = true;
    } else if (agents) {
        if (csi_int(cx, agents, 1, CSI_MAX_AGENTS, &v))
            sp->agents = (int)v;
        if (!read_skills(cx, g, "agent_skills", &sp->agent_skills))
            cx->skills_default_all = true;
    } else {
        if (skills)
            csi_diag(cx,
                     skills,
                     "supply.agent_skills is only used with supply.agents (shifts list their "
                     "own skills)");
        build_shifts(cx, shifts);
    }
    if (cx->oom)
        return;
    if ((s = csi_member(cx, g, "recalls", false)))
        build_recalls(cx, s);

    /* Absent skills mean every skill; now every skill is known. */
    size_t ns = cx->m->n_skills;
    uint64_t all = ns >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << ns) - 1;
    if (sp->agents > 0 && sp->agent_skills == 0)
        sp->agent_skills = all;
    for (size_t i = 0; i < sp->n_shifts; i++)
        if (sp->shifts[i].skills == 0)
            sp->shifts[i].skills = all;
    for (size_t i = 0; i < sp->n_recalls; i++)
        if (sp->recalls[i].skills == 0)
            sp->recalls[i].skills = all;
}
