/* patterns.c — the planner's shift templates (plan.templates) as work patterns of the
 * roster program: every allowed start on every allowed day with every placement of its
 * breaks. Part of sim/plan; knows the model's clock and days, hands roster.c plain ranges.
 * Breaks are enumerated rather than placed afterwards: the integer program then chooses the
 * stagger that fits the requirement, which a rule applied after the solve could only guess. */
#include "callsim/planner.h"
#include "core/grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Seconds from clock time `from` forward to clock time `to` (a day later when earlier). */
static double ahead(double from, double to)
{
    double d = to - from;
    return d < 0 ? d + 86400 : d;
}

/* Growable arrays of the result. */
typedef struct builder {
    const cs_model *m;
    size_t n_int;
    double iv;
    cs_plan_patterns *out;
    size_t cap_p, cap_i, cap_r, cap_b, n_r, n_b;
    size_t group_r;           /* offset in ranges of the first pattern of the current start */
    cs_roster_range *scratch; /* ranges of the pattern being built */
    int n_scratch;
    double bs[CS_PLAN_MAX_BREAKS]; /* break starts being placed */
    cs_err *err;
} builder;

/* Intervals on the phones of a shift [a, b) with breaks [bs_k, bs_k + len_k): those the
 * shift covers whole (the last interval of the horizon may be short) and no break touches,
 * as ranges in b->scratch. */
static void coverage(builder *b, const cs_plan_template *t, double a, double e)
{
    b->n_scratch = 0;
    double iv = b->iv, h = b->m->horizon_s;
    long lo = (long)floor(a / iv), hi = (long)ceil(e / iv);
    if (lo < 0)
        lo = 0;
    if (hi > (long)b->n_int)
        hi = (long)b->n_int;
    for (long i = lo; i < hi; i++) {
        double s = (double)i * iv, f = fmin((double)(i + 1) * iv, h);
        bool on = s >= a - 1e-6 && f <= e + 1e-6;
        for (size_t k = 0; on && k < t->n_breaks; k++) {
            double x = b->bs[k], y = x + t->breaks[k].length_s;
            if (x < f - 1e-6 && y > s + 1e-6)
                on = false;
        }
        if (!on)
            continue;
        if (b->n_scratch > 0 && b->scratch[b->n_scratch - 1].end == (int)i)
            b->scratch[b->n_scratch - 1].end = (int)i + 1;
        else
            b->scratch[b->n_scratch++] = (cs_roster_range){(int)i, (int)i + 1};
    }
}

/* True when the scratch ranges equal those of an earlier pattern `from`.. of this start. */
static bool seen(const builder *b, size_t from)
{
    const cs_plan_patterns *o = b->out;
    size_t off = b->group_r;
    for (size_t j = from; j < o->n; j++) {
        const cs_roster_pattern *p = &o->patterns[j];
        if (p->n_ranges == b->n_scratch &&
            memcmp(o->ranges + off, b->scratch, (size_t)b->n_scratch * sizeof *b->scratch) == 0)
            return true;
        off += (size_t)p->n_ranges;
    }
    return false;
}

/* Adds the pattern of the current break placement unless it is empty or a repeat. */
static int add(builder *b, int ti, int day, double a, double tod, size_t from)
{
    const cs_plan_template *t = &b->m->plan.templates[ti];
    coverage(b, t, a, a + t->length_s);
    if (b->n_scratch == 0 || seen(b, from))
        return 0;
    cs_plan_patterns *o = b->out;
    if (o->n >= CS_PLAN_MAX_PATTERNS)
        return cs_err_set(b->err,
                          CS_EINVAL,
                          "plan: the templates make more than %d work patterns (give fewer "
                          "starts, days or narrower break windows)",
                          CS_PLAN_MAX_PATTERNS);
    if (cs_grow((void **)&o->patterns, &b->cap_p, o->n + 1, sizeof *o->patterns) ||
        cs_grow((void **)&o->info, &b->cap_i, o->n + 1, sizeof *o->info) ||
        cs_grow((void **)&o->ranges, &b->cap_r, b->n_r + (size_t)b->n_scratch, sizeof *o->ranges) ||
        cs_grow((void **)&o->break_start_s, &b->cap_b, b->n_b + t->n_breaks + 1, sizeof(double)))
        return cs_err_set(b->err, CS_ENOMEM, "plan: out of memory for the work patterns");
    memcpy(o->ranges + b->n_r, b->scratch, (size_t)b->n_scratch * sizeof *b->scratch);
    memcpy(o->break_start_s + b->n_b, b->bs, t->n_breaks * sizeof(double));
    double start_i = floor(a / b->iv);
    o->patterns[o->n] = (cs_roster_pattern){
        .name = t->name,
        .start_interval = start_i < 0 ? 0 : (int)start_i,
        .cost = t->cost_per_h * t->length_s / 3600,
        .max_count = -1,
        .n_ranges = b->n_scratch,
        .ranges = NULL, /* set once the storage stops moving */
    };
    o->info[o->n] = (cs_plan_pattern_info){.template_index = ti,
                                           .day = day,
                                           .start_s = a,
                                           .start_tod_s = tod,
                                           .paid_h = t->length_s / 3600,
                                           .first_break = b->n_b,
                                           .n_breaks = t->n_breaks};
    o->n++;
    b->n_r += (size_t)b->n_scratch;
    b->n_b += t->n_breaks;
    return 0;
}

/* Places break k and the ones after it, every placement on the interval grid inside its
 * window and after the break before it (the window's own start when no grid point fits). */
static int place(builder *b, int ti, int day, double a, double tod, size_t k, size_t from)
{
    const cs_plan_template *t = &b->m->plan.templates[ti];
    if (k == t->n_breaks)
        return add(b, ti, day, a, tod, from);
    const cs_plan_break *br = &t->breaks[k];
    double w0 = a + ahead(tod, br->window_start_s);
    double last = w0 + ahead(br->window_start_s, br->window_end_s) - br->length_s;
    double after = k > 0 ? b->bs[k - 1] + t->breaks[k - 1].length_s : -INFINITY;
    double first = fmax(w0, after);
    double x = ceil(first / b->iv - 1e-9) * b->iv;
    if (x > last + 1e-6) { /* no grid point fits: the window's earliest start */
        if (first > last + 1e-6)
            return 0;
        b->bs[k] = first;
        return place(b, ti, day, a, tod, k + 1, from);
    }
    for (; x <= last + 1e-6; x += b->iv) {
        b->bs[k] = x;
        int rc = place(b, ti, day, a, tod, k + 1, from);
        if (rc)
            return rc;
    }
    return 0;
}

/* A group for each (template with max_agents, day): its patterns are contiguous, built
 * day by day and template by template. */
static int groups(const cs_model *m, cs_plan_patterns *out, cs_err *err)
{
    size_t n_members = 0;
    for (size_t j = 0; j < out->n; j++)
        n_members += m->plan.templates[out->info[j].template_index].max_agents >= 0;
    if (n_members == 0)
        return 0;
    out->groups = calloc(n_members, sizeof *out->groups);
    out->members = calloc(n_members, sizeof *out->members);
    if (!out->groups || !out->members) {
        cs_plan_patterns_fini(out);
        return cs_err_set(err, CS_ENOMEM, "plan: out of memory for the work patterns");
    }
    size_t k = 0;
    for (size_t j = 0; j < out->n; j++) {
        const cs_plan_pattern_info *in = &out->info[j];
        int cap = m->plan.templates[in->template_index].max_agents;
        if (cap < 0)
            continue;
        cs_roster_group *g = out->n_groups ? &out->groups[out->n_groups - 1] : NULL;
        const cs_plan_pattern_info *first = g ? &out->info[g->members[0]] : NULL;
        if (!g || first->template_index != in->template_index || first->day != in->day) {
            g = &out->groups[out->n_groups++];
            *g = (cs_roster_group){.members = out->members + k, .max_count = cap};
        }
        out->members[k++] = (int)j;
        g->n_members++;
    }
    return 0;
}

int cs_plan_patterns_build(const cs_model *m, cs_plan_patterns *out, cs_err *err)
{
    memset(out, 0, sizeof *out);
    builder b = {
        .m = m, .n_int = cs_model_interval_count(m), .iv = m->interval_s, .out = out, .err = err};
    b.scratch = malloc(b.n_int * sizeof *b.scratch);
    if (!b.scratch)
        return cs_err_set(err, CS_ENOMEM, "plan: out of memory for the work patterns");
    const cs_plan_spec *ps = &m->plan;
    int rc = 0;
    for (int day = -1; day < (int)ps->n_days && rc == 0; day++)
        for (size_t ti = 0; ti < ps->n_templates && rc == 0; ti++) {
            const cs_plan_template *t = &ps->templates[ti];
            if (!t->day_allowed || !t->day_allowed[day + 1])
                continue;
            if (t->n_breaks > CS_PLAN_MAX_BREAKS) {
                rc = cs_err_set(err,
                                CS_EINVAL,
                                "plan: template '%s' has more than %d breaks",
                                t->name,
                                CS_PLAN_MAX_BREAKS);
                break;
            }
            for (size_t si = 0; si < t->n_starts && rc == 0; si++) {
                double tod = t->starts_tod_s[si];
                double a = (double)day * 86400 + tod - m->start_tod_s;
                b.group_r = b.n_r;
                rc = place(&b, (int)ti, day, a, tod, 0, out->n);
            }
        }
    free(b.scratch);
    if (rc) {
        cs_plan_patterns_fini(out);
        return rc;
    }
    size_t off = 0;
    for (size_t j = 0; j < out->n; j++) {
        out->patterns[j].ranges = out->ranges + off;
        off += (size_t)out->patterns[j].n_ranges;
    }
    return groups(m, out, err);
}

void cs_plan_patterns_fini(cs_plan_patterns *p)
{
    if (!p)
        return;
    free(p->patterns);
    free(p->info);
    free(p->ranges);
    free(p->break_start_s);
    free(p->groups);
    free(p->members);
    memset(p, 0, sizeof *p);
}
