/* plan_report.c — `callsim plan`'s summary table, JSON object (DESIGN.md §5), CSV files and
 * output directory. Part of sim/report: formats a cs_plan_result, computes nothing but
 * sums and maxima for the per-day view. */
#include "callsim/plan_report.h"
#include "callsim/report.h"
#include "callsim/version.h"
#include "report_int.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "HH:MM" of horizon time t (clock of the scenario); buf needs 32 bytes. */
static char *clock_of(const cs_model *m, double t, char *buf)
{
    char full[32];
    cs_model_format_time(m, t, full);
    memcpy(buf, full + 11, 5);
    buf[5] = '\0';
    return buf;
}

/* "HH:MM" of a time of day given in seconds; buf needs 32 bytes. */
static char *hhmm(double tod_s, char *buf)
{
    snprintf(buf, 32, "%02d:%02d", (int)(tod_s / 3600), (int)fmod(tod_s / 60, 60));
    return buf;
}

static const char *status_name(const cs_plan_result *r)
{
    return r->has_roster ? cs_roster_status_name(r->status) : "none";
}

/* True when the seats bind in interval i: the requirement is beyond them (the planner
 * decided it when verifying). */
static bool at_cap(const cs_plan_result *r, size_t i)
{
    return r->verified[i].at_seat_cap;
}

/* ---- JSON ---- */

static bool add_shift(cJSON *arr, const cs_model *m, const cs_plan_shift *s)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return false;
    }
    char day[32], hh[32];
    cs_model_format_day(m, s->day, day);
    cJSON *br;
    if (!cJSON_AddStringToObject(o, "name", s->name) ||
        !cJSON_AddStringToObject(o, "start", hhmm(s->start_tod_s, hh)) ||
        !cJSON_AddStringToObject(o, "day", day) || !csi_json_num(o, "agents", s->agents, true) ||
        !csi_json_num(o, "paid_hours", s->paid_h, true) ||
        !(br = cJSON_AddArrayToObject(o, "breaks")))
        return false;
    for (size_t k = 0; k < s->n_breaks; k++) {
        cJSON *t = cJSON_CreateString(clock_of(m, s->break_start_s[k], hh));
        if (!t || !cJSON_AddItemToArray(br, t)) {
            cJSON_Delete(t);
            return false;
        }
    }
    return true;
}

static bool add_interval(cJSON *arr, const cs_plan_result *r, size_t i)
{
    const cs_model *m = r->model;
    const cs_plan_interval *v = &r->verified[i];
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return false;
    }
    char start[32];
    cs_model_format_time(m, (double)i * m->interval_s, start);
    return cJSON_AddStringToObject(o, "start", start) &&
           csi_json_num(o, "offered", v->offered, true) &&
           csi_json_num(o, "required_analytic", r->required_analytic[i], true) &&
           csi_json_num(o, "required", r->required[i], true) &&
           csi_json_num(o, "scheduled", r->scheduled[i], true) &&
           csi_json_num(o, "seats", r->seats, true) &&
           csi_json_num(o, "shortfall", r->shortfall[i], true) &&
           csi_json_num(o, "service_level", v->service_level, true) &&
           csi_json_num(o, "abandon_rate", v->abandon_rate, true) &&
           csi_json_num(o, "asa_s", v->asa_s, true) &&
           cJSON_AddBoolToObject(o, "meets_targets", v->meets_targets);
}

/* The plan as a JSON object (owned), or NULL when out of memory. */
static cJSON *json_root(const cs_plan_result *r, uint64_t seed)
{
    const cs_model *m = r->model;
    cJSON *root = cJSON_CreateObject(), *solver, *shifts, *ivs;
    bool ok = root && cJSON_AddStringToObject(root, "callsim", CALLSIM_VERSION) &&
              cJSON_AddStringToObject(root, "scenario", m->name ? m->name : "") &&
              csi_json_u64(root, "seed", seed) && csi_json_num(root, "seats", r->seats, true) &&
              csi_json_num(root, "paid_hours", r->paid_h, true) &&
              (solver = cJSON_AddObjectToObject(root, "solver")) &&
              cJSON_AddStringToObject(solver, "status", status_name(r)) &&
              csi_json_num(solver, "gap", r->has_roster ? r->gap : NAN, true) &&
              csi_json_num(solver, "time_s", r->solve_s, true) &&
              (shifts = cJSON_AddArrayToObject(root, "shifts"));
    for (size_t i = 0; ok && i < r->n_shifts; i++)
        ok = add_shift(shifts, m, &r->shifts[i]);
    ok = ok && (ivs = cJSON_AddArrayToObject(root, "intervals"));
    for (size_t i = 0; ok && i < r->n_intervals; i++)
        ok = add_interval(ivs, r, i);
    ok = ok && csi_json_num(root, "intervals_below_target", r->intervals_below_target, true) &&
         csi_json_num(root, "replications", r->verification->replications, true) &&
         csi_json_num(root, "rounds", r->rounds, true) &&
         csi_json_num(root, "repairs", r->repairs, true) &&
         cJSON_AddBoolToObject(root, "requirement_settled", r->requirement_settled) &&
         csi_json_num(root, "cost", r->has_roster ? r->cost : NAN, true) &&
         csi_json_num(root, "patterns", (double)r->n_patterns, true) &&
         csi_json_num(root, "shortfall", (double)r->shortfall_sum, true) &&
         csi_json_num(root, "intervals_short", r->intervals_short, true);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

int cs_report_plan_json(FILE *f, const cs_plan_result *r, uint64_t seed)
{
    cJSON *root = json_root(r, seed);
    int rc = root ? csi_json_write(f, root) : CS_ENOMEM;
    cJSON_Delete(root);
    return rc;
}

/* ---- CSV ---- */

static void put_num(FILE *f, double x)
{
    char buf[32];
    fputc(',', f);
    if (isfinite(x))
        fputs(csi_fmt_exact(x, buf, sizeof buf), f);
}

int cs_report_plan_requirement_csv(FILE *f, const cs_plan_result *r)
{
    const cs_model *m = r->model;
    fputs("interval,offered,required_analytic,required,seats,shortfall,scheduled,service_level,"
          "abandon_rate,asa_s,meets_targets\n",
          f);
    for (size_t i = 0; i < r->n_intervals; i++) {
        const cs_plan_interval *v = &r->verified[i];
        char start[32];
        fputs(cs_model_format_time(m, (double)i * m->interval_s, start), f);
        put_num(f, v->offered);
        fprintf(f,
                ",%d,%d,%d,%d,%d",
                r->required_analytic[i],
                r->required[i],
                r->seats,
                r->shortfall[i],
                r->scheduled[i]);
        put_num(f, v->service_level);
        put_num(f, v->abandon_rate);
        put_num(f, v->asa_s);
        fputs(v->meets_targets ? ",true\n" : ",false\n", f);
    }
    return csi_finish(f);
}

int cs_report_plan_roster_csv(FILE *f, const cs_plan_result *r)
{
    const cs_model *m = r->model;
    fputs("shift,day,start,agents,paid_hours,breaks\n", f);
    for (size_t i = 0; i < r->n_shifts; i++) {
        const cs_plan_shift *s = &r->shifts[i];
        char day[32], hh[32];
        cs_model_format_day(m, s->day, day);
        /* template names are checked names, but may hold a comma: quote them */
        fputc('"', f);
        for (const char *p = s->name; *p; p++) {
            if (*p == '"')
                fputc('"', f);
            fputc(*p, f);
        }
        fprintf(f, "\",%s,%s,%d", day, hhmm(s->start_tod_s, hh), s->agents);
        put_num(f, s->paid_h);
        fputc(',', f);
        for (size_t k = 0; k < s->n_breaks; k++)
            fprintf(f, "%s%s", k ? " " : "", clock_of(m, s->break_start_s[k], hh));
        fputc('\n', f);
    }
    return csi_finish(f);
}

/* ---- the table ---- */

/* Per-day figures of the table. */
typedef struct day_row {
    double offered;
    int req_peak, sched_peak;
    double agent_h;
    long long short_sum;
    int below;
    double sl_sum, ab_sum;
    int n_kpi;
} day_row;

static void pct(double x, char *buf, size_t n)
{
    if (isfinite(x))
        snprintf(buf, n, "%.1f%%", 100 * x);
    else
        snprintf(buf, n, "-");
}

static void header(FILE *f, const cs_plan_result *r, uint64_t seed)
{
    const cs_model *m = r->model;
    char a[32], b[32];
    cs_model_format_time(m, 0, a);
    cs_model_format_time(m, m->horizon_s - 1, b);
    fprintf(f,
            "callsim plan  %s\n  %.10s .. %.10s, %zu intervals of %g min, %d seats\n"
            "  seed %" PRIu64 ", %d replications per simulation\n",
            m->name ? m->name : "",
            a,
            b,
            r->n_intervals,
            m->interval_s / 60,
            r->seats,
            seed,
            r->verification->replications);
    const cs_targets *t = &m->targets;
    fputs("  targets:", f);
    if (t->service_level >= 0)
        fprintf(f, " %.0f%% answered within %g s;", 100 * t->service_level, t->answer_within_s);
    if (t->max_abandon >= 0)
        fprintf(f, " abandonment <= %.1f%%;", 100 * t->max_abandon);
    if (t->max_asa_s >= 0)
        fprintf(f, " ASA <= %g s;", t->max_asa_s);
    if (t->service_level < 0 && t->max_abandon < 0 && t->max_asa_s < 0)
        fputs(" none (a steady state only);", f);
    fputs("\n\n", f);
}

static void totals(FILE *f, const cs_plan_result *r)
{
    const cs_model *m = r->model;
    char n1[48], n2[48];
    fprintf(f,
            "requirement   Erlang per interval, corrected by simulation in %d round%s (seats not "
            "capped):\n              %s\n",
            r->rounds,
            r->rounds == 1 ? "" : "s",
            r->requirement_settled
                ? "every interval meets the targets"
                : "some intervals still miss the targets (plan.max_rounds spent)");
    if (r->has_roster) {
        fprintf(f,
                "roster        %zu template%s, %zu work pattern%s; GLPK %s, gap %s, %.1f s "
                "(limit %g s)\n",
                m->plan.n_templates,
                m->plan.n_templates == 1 ? "" : "s",
                r->n_patterns,
                r->n_patterns == 1 ? "" : "s",
                status_name(r),
                isfinite(r->gap) ? (snprintf(n1, sizeof n1, "%.2f%%", 100 * r->gap), n1)
                                 : "unknown",
                r->solve_s,
                m->plan.time_limit_s);
        fprintf(f,
                "paid hours    %s (cost %s)\n",
                csi_fmt_fixed(r->paid_h, 1, true, n1, sizeof n1),
                csi_fmt_fixed(r->cost, 1, true, n2, sizeof n2));
    } else {
        fputs("roster        none: the scenario has no plan.templates; the plan is the "
              "requirement itself\n",
              f);
        fprintf(f,
                "agent-hours   %s on the phones\n",
                csi_fmt_fixed(r->paid_h, 1, true, n1, sizeof n1));
    }
    if (r->shortfall_sum == 0) {
        fputs("shortfall     none: the plan puts on the phones every agent the requirement "
              "asks for\n",
              f);
    } else {
        long long cap_sum = 0;
        int n_cap = 0;
        for (size_t i = 0; i < r->n_intervals; i++)
            if (at_cap(r, i)) {
                cap_sum += r->shortfall[i];
                n_cap++;
            }
        char ah[48];
        fprintf(
            f,
            "shortfall     %lld agent-intervals (%s agent-hours) short in %d interval%s",
            r->shortfall_sum,
            csi_fmt_fixed((double)r->shortfall_sum * m->interval_s / 3600, 1, true, ah, sizeof ah),
            r->intervals_short,
            r->intervals_short == 1 ? "" : "s");
        if (n_cap > 0)
            fprintf(f,
                    "\n              DEMAND EXCEEDS THE %d SEATS in %d intervals (%lld "
                    "agent-intervals):\n              planned to the cap; the targets cannot "
                    "be met there (see below)",
                    r->seats,
                    n_cap,
                    cap_sum);
        fputc('\n', f);
    }
    fprintf(f,
            "verification  the plan simulated (%d replications): %d of %zu intervals below "
            "target\n",
            r->verification->replications,
            r->intervals_below_target,
            r->n_intervals);
    if (r->repairs > 0)
        fprintf(f,
                "              after %d re-plan%s adding an agent where the verification "
                "missed a target\n",
                r->repairs,
                r->repairs == 1 ? "" : "s");
    fprintf(f, "wall time     %.1f s\n\n", r->wall_s);
}

static void per_day(FILE *f, const cs_plan_result *r)
{
    const cs_model *m = r->model;
    size_t nd = (size_t)cs_model_day_of(m, m->horizon_s - 1e-6) + 1;
    day_row *d = calloc(nd, sizeof *d);
    double *paid = calloc(nd + 1, sizeof *paid);
    if (!d || !paid) {
        free(d);
        free(paid);
        return;
    }
    for (size_t i = 0; i < r->n_intervals; i++) {
        size_t k = (size_t)cs_model_day_of(m, (double)i * m->interval_s);
        const cs_plan_interval *v = &r->verified[i];
        day_row *x = &d[k];
        x->offered += isfinite(v->offered) ? v->offered : 0;
        x->req_peak = r->required[i] > x->req_peak ? r->required[i] : x->req_peak;
        x->sched_peak = r->scheduled[i] > x->sched_peak ? r->scheduled[i] : x->sched_peak;
        x->agent_h += r->scheduled[i] * m->interval_s / 3600;
        x->short_sum += r->shortfall[i];
        x->below += !v->meets_targets;
        if (isfinite(v->service_level) && isfinite(v->offered) && v->offered > 0) {
            x->sl_sum += v->service_level * v->offered;
            x->ab_sum += v->abandon_rate * v->offered;
            x->n_kpi = 1;
        }
    }
    for (size_t s = 0; s < r->n_shifts; s++) {
        int k = r->shifts[s].day + 1;
        paid[k] += r->shifts[s].paid_h;
    }
    fputs("per day (SL and abandonment: the verification's, weighted by offered calls)\n", f);
    fprintf(f,
            "%-10s %9s %8s %10s %9s %9s %9s %6s %7s %7s\n",
            "date",
            "offered",
            "req.peak",
            "sched.peak",
            r->has_roster ? "paid h" : "",
            "on-phone h",
            "short",
            "below",
            "SL",
            "aband.");
    if (r->has_roster && paid[0] > 0) {
        char day[32], p[48];
        cs_model_format_day(m, -1, day);
        fprintf(f,
                "%-10s %9s %8s %10s %9s   (shifts starting the day before the horizon)\n",
                day,
                "",
                "",
                "",
                csi_fmt_fixed(paid[0], 1, true, p, sizeof p));
    }
    for (size_t k = 0; k < nd; k++) {
        char day[32], off[48], p[48], ah[48], sl[32], ab[32];
        const day_row *x = &d[k];
        cs_model_format_day(m, (int)k, day);
        pct(x->n_kpi ? x->sl_sum / x->offered : NAN, sl, sizeof sl);
        pct(x->n_kpi ? x->ab_sum / x->offered : NAN, ab, sizeof ab);
        fprintf(f,
                "%-10s %9s %8d %10d %9s %9s %9lld %6d %7s %7s\n",
                day,
                csi_fmt_fixed(x->offered, 0, true, off, sizeof off),
                x->req_peak,
                x->sched_peak,
                r->has_roster ? csi_fmt_fixed(paid[k + 1], 1, true, p, sizeof p) : "",
                csi_fmt_fixed(x->agent_h, 1, true, ah, sizeof ah),
                x->short_sum,
                x->below,
                sl,
                ab);
    }
    fputc('\n', f);
    free(d);
    free(paid);
}

/* The shifts by day and template: "07:30 x12, 08:00 x30" (break placements summed). */
static void shifts(FILE *f, const cs_plan_result *r)
{
    if (!r->has_roster)
        return;
    const cs_model *m = r->model;
    fputs("shifts chosen (start x agents, break placements of one start summed; roster.csv "
          "has each)\n",
          f);
    if (r->n_shifts == 0)
        fputs("  none\n", f);
    for (int day = -1; day < (int)m->plan.n_days; day++)
        for (size_t t = 0; t < m->plan.n_templates; t++) {
            const char *name = m->plan.templates[t].name;
            int col = 0, printed = 0;
            for (size_t s = 0; s < r->n_shifts; s++) {
                const cs_plan_shift *x = &r->shifts[s];
                if (x->day != day || strcmp(x->name, name) != 0)
                    continue;
                if (s > 0 && r->shifts[s - 1].day == day &&
                    strcmp(r->shifts[s - 1].name, name) == 0 &&
                    r->shifts[s - 1].start_tod_s == x->start_tod_s)
                    continue; /* summed with the one before */
                int agents = 0;
                for (size_t u = s; u < r->n_shifts && r->shifts[u].start_s == x->start_s; u++)
                    if (strcmp(r->shifts[u].name, name) == 0)
                        agents += r->shifts[u].agents;
                if (!printed) {
                    char date[32];
                    cs_model_format_day(m, day, date);
                    col = fprintf(f, "  %s  %-12s", date, name);
                    printed = 1;
                } else if (col > 80) {
                    col = fprintf(f, "\n  %10s  %-12s", "", "");
                } else {
                    col += fprintf(f, ",");
                }
                char hh[32];
                col += fprintf(f, " %s x%d", hhmm(x->start_tod_s, hh), agents);
            }
            if (printed)
                fputc('\n', f);
        }
    fputc('\n', f);
}

/* The intervals where the seats bind (`cap`), or the other intervals below target, the
 * first 24 of them, with the verification's KPIs. */
static void list_intervals(FILE *f, const cs_plan_result *r, bool cap)
{
    const cs_model *m = r->model;
    const int max = 24;
    int total = 0;
    for (size_t i = 0; i < r->n_intervals; i++) {
        const cs_plan_interval *v = &r->verified[i];
        if (cap ? !at_cap(r, i) : v->meets_targets || at_cap(r, i))
            continue;
        if (total++ == 0)
            fprintf(f,
                    "%s\n  %-16s %8s %8s %6s %7s %7s %8s\n",
                    cap ? "intervals beyond the seats: needed, planned (the cap), short; "
                          "expected KPIs at the cap"
                        : "other intervals below target in the verification",
                    "start",
                    cap ? "needed" : "required",
                    "planned",
                    "short",
                    "SL",
                    "aband.",
                    "ASA s");
        if (total > max)
            continue;
        char start[32], sl[32], ab[32], asa[32];
        pct(v->service_level, sl, sizeof sl);
        pct(v->abandon_rate, ab, sizeof ab);
        csi_fmt_fixed(v->asa_s, 1, false, asa, sizeof asa);
        fprintf(f,
                "  %-16s %8d %8d %6d %7s %7s %8s\n",
                cs_model_format_time(m, (double)i * m->interval_s, start),
                r->required[i],
                r->scheduled[i],
                r->shortfall[i],
                sl,
                ab,
                asa);
    }
    if (total > max)
        fprintf(f, "  ... and %d more (requirement.csv has every interval)\n", total - max);
    if (total)
        fputc('\n', f);
}

int cs_report_plan_table(FILE *f, const cs_plan_result *r, uint64_t seed)
{
    header(f, r, seed);
    totals(f, r);
    per_day(f, r);
    shifts(f, r);
    list_intervals(f, r, true);
    list_intervals(f, r, false);
    return csi_finish(f);
}

/* ---- --out DIR ---- */

typedef struct plan_ctx {
    const cs_plan_result *r;
    uint64_t seed;
} plan_ctx;

static int w_json(FILE *f, const void *c)
{
    return cs_report_plan_json(f, ((const plan_ctx *)c)->r, ((const plan_ctx *)c)->seed);
}

static int w_req(FILE *f, const void *c)
{
    return cs_report_plan_requirement_csv(f, ((const plan_ctx *)c)->r);
}

static int w_roster(FILE *f, const void *c)
{
    return cs_report_plan_roster_csv(f, ((const plan_ctx *)c)->r);
}

static int w_intervals(FILE *f, const void *c)
{
    return cs_report_intervals_csv(f, ((const plan_ctx *)c)->r->verification);
}

static int w_png(FILE *f, const void *c)
{
    return cs_report_plan_png(f, ((const plan_ctx *)c)->r);
}

int cs_report_plan_write_dir(const char *dir, const cs_plan_result *r, uint64_t seed, cs_err *err)
{
    const csi_out_file files[] = {{"summary.json", w_json},
                                  {"requirement.csv", w_req},
                                  {"roster.csv", w_roster},
                                  {"intervals.csv", w_intervals},
                                  {"plan.png", w_png}};
    plan_ctx ctx = {r, seed};
    return csi_report_write_files(dir, files, (int)(sizeof files / sizeof files[0]), &ctx, err);
}
