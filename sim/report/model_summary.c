/* model_summary.c — the readable summary `callsim check` prints of a validated model:
 * horizon, demand and expected calls, categories, surges, supply, targets, routing.
 * Part of sim/report: it formats and adds up, it decides nothing. */
#include "callsim/civil.h"
#include "callsim/report.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NAME_W_MAX 32 /* widest name column; longer names push their row */

static const char *str(const char *s)
{
    return s ? s : "?";
}

/* A duration as people write it: "45s", "4.5m", "1.5h", "2d". */
static const char *dur(double s, char *buf, size_t n)
{
    if (!isfinite(s))
        snprintf(buf, n, "%g", s);
    else if (s < 60)
        snprintf(buf, n, "%.3gs", s);
    else if (s < 3600)
        snprintf(buf, n, "%.3gm", s / 60);
    else if (s < 2 * 86400)
        snprintf(buf, n, "%.3gh", s / 3600);
    else if (s < 1000 * 86400.0)
        snprintf(buf, n, "%.4gd", s / 86400);
    else
        snprintf(buf, n, "%.0fd", s / 86400);
    return buf;
}

/* "HH:MM" of a clock time modulo a day. */
static const char *clock_text(double t, char *buf, size_t n)
{
    double s = fmod(floor(t), 86400.0);
    if (s < 0)
        s += 86400;
    int v = (int)s;
    snprintf(buf, n, "%02d:%02d", (v / 3600) % 24, (v / 60) % 60); /* n >= 32: unbounded ints fit */
    return buf;
}

static const char *const dist_abbrev[] = {"", "exp", "logn", "gamma", "weib", "const", "emp"};

/* A distribution in a table cell: its mean and kind, "6m exp". */
static const char *dist_cell(const cs_dist *d, const char *none, char *buf, size_t n)
{
    if (d->kind == CS_DIST_NONE) {
        snprintf(buf, n, "%s", none);
        return buf;
    }
    char m[32];
    unsigned k = (unsigned)d->kind;
    snprintf(buf,
             n,
             "%s %s",
             dur(d->mean, m, sizeof m),
             k < sizeof dist_abbrev / sizeof dist_abbrev[0] ? dist_abbrev[k] : "?");
    return buf;
}

/* A distribution in full: "lognormal(mean 1m, sd 30s)". */
static const char *dist_full(const cs_dist *d, char *buf, size_t n)
{
    char a[32], b[32];
    switch (d->kind) {
    case CS_DIST_NONE:
        snprintf(buf, n, "none");
        break;
    case CS_DIST_EXPONENTIAL:
        snprintf(buf, n, "exponential(mean %s)", dur(d->mean, a, 32));
        break;
    case CS_DIST_LOGNORMAL:
        snprintf(buf, n, "lognormal(mean %s, sd %s)", dur(d->mean, a, 32), dur(d->sd, b, 32));
        break;
    case CS_DIST_GAMMA:
        snprintf(buf, n, "gamma(mean %s, sd %s)", dur(d->mean, a, 32), dur(d->sd, b, 32));
        break;
    case CS_DIST_WEIBULL:
        snprintf(buf,
                 n,
                 "weibull(shape %g, scale %s; mean %s)",
                 d->shape,
                 dur(d->scale, a, 32),
                 dur(d->mean, b, 32));
        break;
    case CS_DIST_CONSTANT:
        snprintf(buf, n, "constant %s", dur(d->mean, a, 32));
        break;
    case CS_DIST_EMPIRICAL:
        snprintf(buf, n, "empirical(%zu values, mean %s)", d->n_values, dur(d->mean, a, 32));
        break;
    default:
        snprintf(buf, n, "?");
        break;
    }
    return buf;
}

/* Names of the skills in mask, comma-separated; "all" when it holds every skill. */
static const char *skills_text(const cs_model *m, uint64_t mask, char *buf, size_t n)
{
    size_t ns = m->n_skills > CS_MAX_SKILLS ? CS_MAX_SKILLS : m->n_skills;
    uint64_t all = ns >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << ns) - 1;
    buf[0] = '\0';
    if (ns > 1 && (mask & all) == all) {
        snprintf(buf, n, "all");
        return buf;
    }
    size_t used = 0;
    for (size_t i = 0; i < ns && used + 1 < n; i++) {
        if (!((mask >> i) & 1u))
            continue;
        int w = snprintf(
            buf + used, n - used, "%s%s", used ? ", " : "", m->skills ? str(m->skills[i]) : "?");
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used == 0)
        snprintf(buf, n, "none");
    return buf;
}

/* Expected fresh calls of day d that fall inside the horizon (before surges). */
static double day_calls_in_horizon(const cs_model *m, size_t d)
{
    const cs_demand *dm = &m->demand;
    if (!dm->day_calls || d >= dm->n_days)
        return 0;
    double t0 = (double)d * 86400.0 - m->start_tod_s; /* horizon time of the day's midnight */
    double lo = t0 < 0 ? -t0 : 0;
    double hi = m->horizon_s - t0 < 86400 ? m->horizon_s - t0 : 86400;
    if (hi <= lo)
        return 0;
    const cs_profile *p = NULL;
    if (dm->day_profile && dm->day_profile[d] >= 0 && (size_t)dm->day_profile[d] < dm->n_profiles)
        p = &dm->profiles[dm->day_profile[d]];
    if (!p || p->n == 0 || !p->weights)
        return dm->day_calls[d] * (hi - lo) / 86400.0;
    double width = 86400.0 / (double)p->n, sum = 0, covered = 0;
    for (size_t i = 0; i < p->n; i++) {
        double a = (double)i * width, b = a + width;
        double ov = (b < hi ? b : hi) - (a > lo ? a : lo);
        sum += p->weights[i];
        if (ov > 0)
            covered += p->weights[i] * ov / width;
    }
    return sum > 0 ? dm->day_calls[d] * covered / sum : 0;
}

static int
name_width(size_t n, const char *(*get)(const cs_model *, size_t), const cs_model *m, int min)
{
    int w = min;
    for (size_t i = 0; i < n; i++) {
        int len = (int)strlen(str(get(m, i)));
        if (len > w)
            w = len;
    }
    return w > NAME_W_MAX ? NAME_W_MAX : w;
}

static const char *cat_name(const cs_model *m, size_t i)
{
    return m->categories[i].name;
}
static const char *shift_name(const cs_model *m, size_t i)
{
    return m->supply.shifts[i].name;
}
static const char *surge_name(const cs_model *m, size_t i)
{
    return m->surges[i].name;
}

static void print_horizon(FILE *f, const cs_model *m)
{
    char a[20], b[20], d1[32], d2[32], d3[32];
    cs_model_format_time(m, 0, a);
    cs_model_format_time(m, m->horizon_s, b);
    fprintf(f,
            "horizon     %s to %s  (%s, %zu calendar day%s)\n",
            a,
            b,
            dur(m->horizon_s, d1, sizeof d1),
            m->demand.n_days,
            m->demand.n_days == 1 ? "" : "s");
    fprintf(f,
            "            interval %s (%zu intervals), warm-up %s\n",
            dur(m->interval_s, d2, sizeof d2),
            m->interval_s > 0 ? cs_model_interval_count(m) : 0,
            dur(m->warmup_s, d3, sizeof d3));
}

static void print_demand(FILE *f, const cs_model *m)
{
    const cs_demand *dm = &m->demand;
    double total = 0;
    for (size_t d = 0; d < dm->n_days; d++)
        total += day_calls_in_horizon(m, d);
    switch (dm->kind) {
    case CS_DEMAND_RATE:
        fprintf(f, "demand      constant %g calls per hour\n", dm->rate_per_h);
        break;
    case CS_DEMAND_PER_DAY:
        fprintf(f,
                "demand      %g calls per day, profile %s (%zu bins)\n",
                dm->day_calls && dm->n_days ? dm->day_calls[0] : 0,
                dm->n_profiles ? str(dm->profiles[0].name) : "?",
                dm->n_profiles ? dm->profiles[0].n : 0);
        break;
    case CS_DEMAND_DAILY:
        fprintf(f, "demand      calls by date\n");
        break;
    }
    fprintf(f, "            %.0f expected fresh calls over the horizon", total);
    if (m->n_surges) {
        double with = cs_model_expected_calls(m, -1, 0, m->horizon_s);
        if (with >= 0)
            fprintf(f, " (%.0f with surges)", with);
        else
            fprintf(f, " (before surges)");
    }
    fputc('\n', f);
    if (dm->kind != CS_DEMAND_DAILY || !dm->day_calls)
        return;
    bool mixed = false;
    for (size_t d = 0; d < dm->n_days && dm->day_share; d++)
        for (size_t c = 0; c < m->n_categories; c++)
            if (fabs(dm->day_share[d * m->n_categories + c] - m->categories[c].share) > 1e-12)
                mixed = true;
    fprintf(f,
            "  %-10s  %10s  %12s  %s%s\n",
            "date",
            "calls",
            "in horizon",
            "profile",
            mixed ? "     mix" : "");
    for (size_t d = 0; d < dm->n_days; d++) {
        char day[16];
        cs_model_format_day(m, (int)d, day);
        int p = dm->day_profile ? dm->day_profile[d] : -1;
        const char *pname = p >= 0 && (size_t)p < dm->n_profiles ? str(dm->profiles[p].name) : "-";
        fprintf(f,
                "  %-10s  %10g  %12.0f  %-10s",
                day,
                dm->day_calls[d],
                day_calls_in_horizon(m, d),
                pname);
        if (mixed && dm->day_share) {
            fputs(" ", f);
            for (size_t c = 0; c < m->n_categories; c++)
                fprintf(f,
                        " %s %.0f%%",
                        str(m->categories[c].name),
                        100 * dm->day_share[d * m->n_categories + c]);
        }
        fputc('\n', f);
    }
    if (dm->n_profiles > 1) {
        fprintf(f, "  profiles:");
        for (size_t i = 0; i < dm->n_profiles; i++)
            fprintf(
                f, "%s %s (%zu bins)", i ? "," : "", str(dm->profiles[i].name), dm->profiles[i].n);
        fputc('\n', f);
    }
}

static void print_categories(FILE *f, const cs_model *m)
{
    if (!m->n_categories || !m->categories)
        return;
    int w = name_width(m->n_categories, cat_name, m, 4);
    fprintf(f,
            "\ncategories\n  %-*s  %6s  %5s  %-12s  %-11s  %-11s  %-11s  %s\n",
            w,
            "name",
            "share",
            "prio",
            "skill",
            "handle",
            "wrapup",
            "patience",
            "redial");
    for (size_t i = 0; i < m->n_categories; i++) {
        const cs_category *c = &m->categories[i];
        char h[48], wu[48], pa[48], rd[48];
        const char *skill = c->skill >= 0 && (size_t)c->skill < m->n_skills && m->skills
                                ? m->skills[c->skill]
                                : "?";
        if (c->redial_p > 0)
            snprintf(rd, sizeof rd, "%.0f%%, up to %d attempts", 100 * c->redial_p, c->redial_max);
        else
            snprintf(rd, sizeof rd, "-");
        fprintf(f,
                "  %-*s  %5.1f%%  %5d  %-12s  %-11s  %-11s  %-11s  %s\n",
                w,
                str(c->name),
                100 * c->share,
                c->priority,
                str(skill),
                dist_cell(&c->handle, "-", h, sizeof h),
                dist_cell(&c->wrapup, "-", wu, sizeof wu),
                dist_cell(&c->patience, "never", pa, sizeof pa),
                rd);
    }
    /* The details a table cell cannot hold. */
    for (size_t i = 0; i < m->n_categories; i++) {
        const cs_category *c = &m->categories[i];
        char a[96], b[96], cpa[96];
        fprintf(f, "  %s: handle %s", str(c->name), dist_full(&c->handle, a, sizeof a));
        if (c->wrapup.kind != CS_DIST_NONE)
            fprintf(f, ", wrap-up %s", dist_full(&c->wrapup, b, sizeof b));
        if (c->patience.kind != CS_DIST_NONE)
            fprintf(f, ", patience %s", dist_full(&c->patience, cpa, sizeof cpa));
        if (c->redial_p > 0)
            fprintf(f,
                    ", redial after %s (decay %g)",
                    dist_full(&c->redial_delay, a, sizeof a),
                    c->redial_decay);
        if (c->reconnect_p > 0)
            fprintf(f,
                    ", %.3g%% call again after %s",
                    100 * c->reconnect_p,
                    dist_full(&c->reconnect_delay, b, sizeof b));
        if (c->urgent_share > 0)
            fprintf(f, ", %.3g%% urgent tickets", 100 * c->urgent_share);
        fputc('\n', f);
    }
}

static void print_surges(FILE *f, const cs_model *m)
{
    if (!m->n_surges || !m->surges)
        return;
    int w = name_width(m->n_surges, surge_name, m, 4);
    fprintf(f,
            "\nsurges\n  %-*s  %-16s  %6s  %7s  %7s  %7s  %s\n",
            w,
            "name",
            "start",
            "factor",
            "ramp",
            "plateau",
            "decay",
            "categories");
    for (size_t i = 0; i < m->n_surges; i++) {
        const cs_surge *u = &m->surges[i];
        char t[20], r[32], p[32], d[32], cats[256];
        cs_model_format_time(m, u->start_s, t);
        size_t nc = m->n_categories;
        uint64_t all = nc >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << nc) - 1;
        if ((u->categories & all) == all) {
            snprintf(cats, sizeof cats, "all");
        } else {
            size_t used = 0;
            cats[0] = '\0';
            for (size_t c = 0; c < nc && c < 64 && used + 1 < sizeof cats; c++)
                if ((u->categories >> c) & 1u) {
                    int n = snprintf(cats + used,
                                     sizeof cats - used,
                                     "%s%s",
                                     used ? ", " : "",
                                     str(m->categories[c].name));
                    if (n < 0)
                        break;
                    used += (size_t)n;
                }
        }
        fprintf(f,
                "  %-*s  %-16s  %6g  %7s  %7s  %7s  %s\n",
                w,
                str(u->name),
                t,
                u->factor,
                dur(u->ramp_s, r, sizeof r),
                dur(u->plateau_s, p, sizeof p),
                dur(u->decay_s, d, sizeof d),
                cats);
    }
}

/* Paid and on-phone (breaks excluded) agent-hours of shift s on day index d (-1 ..). */
static void shift_hours(const cs_shift *s, size_t d, double *paid, double *phone)
{
    int count = s->day_count ? s->day_count[d] : s->count;
    double breaks = 0;
    for (size_t b = 0; b < s->n_breaks; b++)
        breaks += s->breaks[b].length_s;
    *paid += count * s->length_s / 3600;
    *phone += count * (s->length_s - breaks) / 3600;
}

static void print_shifts(FILE *f, const cs_model *m)
{
    const cs_supply *sp = &m->supply;
    int w = name_width(sp->n_shifts, shift_name, m, 5);
    fprintf(f,
            "  %-*s  %5s  %6s  %5s  %5s  %-20s  %s\n",
            w,
            "shift",
            "start",
            "length",
            "count",
            "max",
            "skills",
            "breaks");
    for (size_t i = 0; i < sp->n_shifts; i++) {
        const cs_shift *s = &sp->shifts[i];
        char st[32], len[32], sk[256];
        fprintf(f,
                "  %-*s  %5s  %6s  %5d  %5d  %-20s ",
                w,
                str(s->name),
                clock_text(s->start_tod_s, st, sizeof st),
                dur(s->length_s, len, sizeof len),
                s->count,
                s->max_count,
                skills_text(m, s->skills, sk, sizeof sk));
        if (!s->n_breaks)
            fputs(" -", f);
        for (size_t b = 0; b < s->n_breaks; b++) {
            const cs_break *br = &s->breaks[b];
            char bs[32], bl[32], bg[32];
            fprintf(f,
                    " %s %s",
                    clock_text(br->start_tod_s, bs, sizeof bs),
                    dur(br->length_s, bl, sizeof bl));
            if (br->waves > 1)
                fprintf(f, " (%d waves, %s apart)", br->waves, dur(br->stagger_s, bg, sizeof bg));
            if (b + 1 < s->n_breaks)
                fputc(',', f);
        }
        fputc('\n', f);
    }
    /* Agent-hours by the day the shifts start; one line when every day is alike. */
    size_t nd = m->demand.n_days;
    bool by_date = false;
    for (size_t i = 0; i < sp->n_shifts; i++)
        for (size_t d = 0; d <= nd && sp->shifts[i].day_count; d++)
            if (sp->shifts[i].day_count[d] != sp->shifts[i].count)
                by_date = true;
    if (!by_date) {
        double paid = 0, phone = 0;
        for (size_t i = 0; i < sp->n_shifts; i++)
            shift_hours(&sp->shifts[i], 0, &paid, &phone);
        fprintf(f,
                "  agent-hours per day: %.1f paid, %.1f on the phones (breaks excluded)\n",
                paid,
                phone);
        return;
    }
    fprintf(f, "  agent-hours by the day shifts start:\n");
    for (size_t d = 0; d <= nd; d++) {
        double paid = 0, phone = 0;
        for (size_t i = 0; i < sp->n_shifts; i++)
            shift_hours(&sp->shifts[i], d, &paid, &phone);
        char day[16];
        cs_model_format_day(m, (int)d - 1, day);
        fprintf(f,
                "    %s%s  %8.1f paid, %8.1f on the phones\n",
                day,
                d == 0 ? " (day before)" : "             ",
                paid,
                phone);
    }
}

static void print_supply(FILE *f, const cs_model *m)
{
    const cs_supply *sp = &m->supply;
    char sk[256];
    fprintf(f, "\nsupply      %d seats", sp->seats);
    if (sp->agents > 0)
        fprintf(f,
                ", %d agents logged in all the time (skills: %s)\n",
                sp->agents,
                skills_text(m, sp->agent_skills, sk, sizeof sk));
    else if (sp->n_schedule && sp->schedule) {
        int lo = sp->schedule[0], hi = sp->schedule[0];
        double hours = 0;
        for (size_t i = 0; i < sp->n_schedule; i++) {
            lo = sp->schedule[i] < lo ? sp->schedule[i] : lo;
            hi = sp->schedule[i] > hi ? sp->schedule[i] : hi;
            hours += sp->schedule[i] * m->interval_s / 3600.0;
        }
        fprintf(f,
                ", staffing by interval: %d to %d agents on the phones, %.1f agent-hours "
                "(every skill)\n",
                lo,
                hi,
                hours);
    } else
        fprintf(f, ", %zu shift%s repeating daily\n", sp->n_shifts, sp->n_shifts == 1 ? "" : "s");
    if (sp->n_shifts && sp->shifts)
        print_shifts(f, m);
    if (!sp->n_recalls || !sp->recalls)
        return;
    fprintf(f, "  recalls:\n");
    for (size_t i = 0; i < sp->n_recalls; i++) {
        const cs_recall *r = &sp->recalls[i];
        char at[20], d[32], rp[32], len[32];
        cs_model_format_time(m, r->at_s, at);
        fprintf(f,
                "    %s: %d agents called at %s, arriving after %s over %s, staying %s "
                "(skills: %s)\n",
                str(r->name),
                r->agents,
                at,
                dur(r->delay_s, d, sizeof d),
                dur(r->ramp_s, rp, sizeof rp),
                dur(r->length_s, len, sizeof len),
                skills_text(m, r->skills, sk, sizeof sk));
    }
}

static void print_targets(FILE *f, const cs_model *m)
{
    const cs_targets *t = &m->targets;
    char a[32], b[32];
    fprintf(f, "\ntargets     ");
    bool any = false;
    if (t->service_level >= 0) {
        fprintf(f,
                "service level %g%% answered within %s",
                100 * t->service_level,
                dur(t->answer_within_s, a, sizeof a));
        any = true;
    }
    if (t->max_abandon >= 0) {
        fprintf(f, "%sabandonment at most %g%%", any ? "; " : "", 100 * t->max_abandon);
        any = true;
    }
    if (t->max_asa_s >= 0) {
        fprintf(f, "%sASA at most %s", any ? "; " : "", dur(t->max_asa_s, b, sizeof b));
        any = true;
    }
    if (!any)
        fprintf(f, "none (service level counted within %s)", dur(t->answer_within_s, a, sizeof a));
    fputc('\n', f);
}

static void print_routing(FILE *f, const cs_model *m)
{
    const cs_routing *r = &m->routing;
    char t[32];
    const char *fb = r->fallback ? r->fallback : "fcfs";
    if (r->external)
        fprintf(f,
                "routing     external router %s (timeout %s per step; fallback %s)\n",
                r->external,
                dur(r->timeout_s, t, sizeof t),
                fb);
    else if (r->plugin)
        fprintf(f, "routing     plugin %s (fallback %s)\n", r->plugin, fb);
    else
        fprintf(f, "routing     policy %s\n", r->policy ? r->policy : "fcfs");
    if (r->config)
        fprintf(f, "            options %s\n", r->config);
    if (r->tick_s > 0)
        fprintf(f, "            tick every %s\n", dur(r->tick_s, t, sizeof t));
}

/* The planner's templates (plan.templates) and the roster search's limits. */
static void print_plan(FILE *f, const cs_model *m)
{
    const cs_plan_spec *p = &m->plan;
    char a[32], b[32];
    if (p->n_templates == 0)
        return;
    fprintf(f,
            "plan        %zu shift template%s for callsim plan; roster search %s at most, gap "
            "%g%%\n",
            p->n_templates,
            p->n_templates == 1 ? "" : "s",
            dur(p->time_limit_s, a, sizeof a),
            100 * p->mip_gap);
    for (size_t i = 0; i < p->n_templates; i++) {
        const cs_plan_template *t = &p->templates[i];
        fprintf(f, "  %s: %s, starts", str(t->name), dur(t->length_s, a, sizeof a));
        for (size_t k = 0; k < t->n_starts; k++)
            fprintf(f, "%s %s", k ? "," : "", clock_text(t->starts_tod_s[k], a, sizeof a));
        for (size_t k = 0; k < t->n_breaks; k++) {
            const cs_plan_break *br = &t->breaks[k];
            char c[32];
            fprintf(f,
                    "; break %s in %s-%s",
                    dur(br->length_s, a, sizeof a),
                    clock_text(br->window_start_s, b, sizeof b),
                    clock_text(br->window_end_s, c, sizeof c));
        }
        fprintf(f, "; cost %g/h", t->cost_per_h);
        if (t->max_agents >= 0)
            fprintf(f, "; at most %d a day", t->max_agents);
        size_t allowed = 0;
        for (size_t d = 0; t->day_allowed && d <= p->n_days; d++)
            allowed += t->day_allowed[d];
        if (t->day_allowed && allowed < p->n_days + 1)
            fprintf(f, "; on %zu date%s only", allowed, allowed == 1 ? "" : "s");
        fputc('\n', f);
    }
}

int cs_report_model(FILE *f, const cs_model *m)
{
    if (!f || !m)
        return CS_EIO;
    fprintf(f, "scenario    %s", str(m->name));
    if (m->source && m->source[0])
        fprintf(f, "  (%s)", m->source);
    fprintf(f,
            "\nruns        %d replications, seed %llu\n",
            m->replications,
            (unsigned long long)m->seed);
    print_horizon(f, m);
    fputc('\n', f);
    print_demand(f, m);
    print_categories(f, m);
    print_surges(f, m);
    print_supply(f, m);
    print_targets(f, m);
    print_routing(f, m);
    print_plan(f, m);
    fflush(f);
    return ferror(f) ? CS_EIO : 0;
}
