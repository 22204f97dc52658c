/* report_table.c — the readable summary a planner sees after `callsim run`: header, totals
 * with 95 % CIs, per-day and per-category tables, the wallboard snapshot and the router's
 * refused decisions. Plain ASCII, aligned columns, at most 100 columns wide. */
#include "callsim/report.h"
#include "callsim/version.h"
#include "report_int.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Prints one line without trailing blanks: cells are padded for alignment, and the padding
 * of a line's last cell would otherwise trail (noise in diffs and golden files). */
static void line(FILE *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void line(FILE *f, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    while (len > 0 && buf[len - 1] == ' ')
        len--;
    buf[len] = '\0';
    fputs(buf, f);
    fputc('\n', f);
}

/* How a value is shown: counts get thousands separators, ratios are percentages, times
 * are seconds. The unit is always two characters (" %", " s" or blanks) so numbers line
 * up at the digit whatever their unit. */
typedef enum unit { UNIT_COUNT, UNIT_PCT, UNIT_SEC } unit;

static unit kpi_unit(cs_kpi k)
{
    const char *name = cs_kpi_name(k);
    size_t len = strlen(name);
    /* Names ending in "_s" are seconds (DESIGN §5 puts units in names); other ratios are
     * fractions. Deriving it keeps a KPI added to CS_KPI_MAP printable without edits here. */
    if (len > 2 && strcmp(name + len - 2, "_s") == 0)
        return UNIT_SEC;
    return csi_kpi_is_ratio(k) ? UNIT_PCT : UNIT_COUNT;
}

/* "12,345.6", "81.2 %", "12.3 s"; "-" when undefined. With `pad`, counts and "-" get two
 * trailing blanks so they line up with the digits of " %" and " s" values in one column. */
static char *fmt_unit(double x, bool ok, unit u, int decimals, bool pad, char *buf, size_t size)
{
    char num[64];
    const char *blank = pad ? "  " : "";
    if (!ok || !isfinite(x)) {
        snprintf(buf, size, "-%s", blank);
        return buf;
    }
    switch (u) {
    case UNIT_PCT:
        snprintf(buf, size, "%s %%", csi_fmt_fixed(100.0 * x, decimals, false, num, sizeof num));
        break;
    case UNIT_SEC:
        snprintf(buf, size, "%s s", csi_fmt_fixed(x, decimals, true, num, sizeof num));
        break;
    case UNIT_COUNT:
        snprintf(buf, size, "%s%s", csi_fmt_fixed(x, decimals, true, num, sizeof num), blank);
        break;
    }
    return buf;
}

static const char *kpi_label(cs_kpi k, const cs_model *m, char *buf, size_t size)
{
    switch (k) {
    case CS_KPI_offered:
        return "offered attempts";
    case CS_KPI_redials:
        return "redials (after abandoning)";
    case CS_KPI_reconnects:
        return "reconnects (after service)";
    case CS_KPI_p_wait:
        return "had to wait";
    case CS_KPI_mean_wait_s:
        return "mean wait (ended attempts)";
    case CS_KPI_asa_s:
        return "ASA (mean wait, answered)";
    case CS_KPI_service_level: {
        char num[32];
        snprintf(buf,
                 size,
                 "service level (<= %s s)",
                 csi_fmt_fixed(m->targets.answer_within_s, 0, false, num, sizeof num));
        return buf;
    }
    case CS_KPI_abandon_rate:
        return "abandon rate";
    case CS_KPI_urgent_tickets:
        return "urgent tickets";
    case CS_KPI_occupancy:
        return "agent occupancy";
    default:
        break;
    }
    snprintf(buf, size, "%s", cs_kpi_name(k));
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
    return buf;
}

/* The scenario's target for a KPI, "" when it has none. A lookup, not a verdict: whether a
 * mean with its CI meets a target is the planner's call. */
static const char *kpi_target(cs_kpi k, const cs_targets *t, char *buf, size_t size)
{
    char num[32];
    buf[0] = '\0';
    if (k == CS_KPI_service_level && t->service_level >= 0)
        snprintf(buf,
                 size,
                 "target >= %s %%",
                 csi_fmt_fixed(100.0 * t->service_level, 1, false, num, sizeof num));
    else if (k == CS_KPI_abandon_rate && t->max_abandon >= 0)
        snprintf(buf,
                 size,
                 "target <= %s %%",
                 csi_fmt_fixed(100.0 * t->max_abandon, 1, false, num, sizeof num));
    else if (k == CS_KPI_asa_s && t->max_asa_s >= 0)
        snprintf(
            buf, size, "target <= %s s", csi_fmt_fixed(t->max_asa_s, 1, false, num, sizeof num));
    return buf;
}

/* "  label ..... mean unit   +/- ci unit   target" */
static void est_line(FILE *f, const char *label, const cs_estimate *e, unit u, const char *tgt)
{
    char mean[48], ci[48], cipart[64];
    fmt_unit(e->mean, csi_mean_ok(e), u, 1, true, mean, sizeof mean);
    cipart[0] = '\0';
    if (csi_ci_ok(e) && csi_mean_ok(e))
        snprintf(
            cipart, sizeof cipart, "+/- %11s", fmt_unit(e->ci95, true, u, 1, true, ci, sizeof ci));
    line(f, "  %-30.30s %15s   %-15s   %s", label, mean, cipart, tgt);
}

static void header(FILE *f, const cs_summary *s, uint64_t seed)
{
    const cs_model *m = s->model;
    char t0[24], t1[24], tw[24];
    line(f, "callsim %s - scenario \"%s\"", CALLSIM_VERSION, m->name ? m->name : "");
    if (m->source && m->source[0])
        line(f, "source     %s", m->source);
    cs_model_format_time(m, 0.0, t0);
    cs_model_format_time(m, m->horizon_s, t1);
    /* %.4g: "672 h", "1.5 h", "0.25 h" — hours to a useful precision without trailing
     * zeros. */
    line(f, "horizon    %s to %s (%.4g h)", t0, t1, m->horizon_s / 3600.0);
    if (m->warmup_s > 0)
        line(f,
             "warm-up    %.4g h: KPIs count attempts arriving from %s",
             m->warmup_s / 3600.0,
             cs_model_format_time(m, m->warmup_s, tw));
    line(f,
         "runs       %d replication%s, seed %" PRIu64 "; %s",
         s->replications,
         s->replications == 1 ? "" : "s",
         seed,
         s->replications >= 2 ? "+/- is the half-width of the 95 % confidence interval"
                              : "no confidence intervals (they need 2 or more replications)");
}

static void totals(FILE *f, const cs_summary *s)
{
    char lbuf[64], tbuf[48];
    fprintf(f, "\nTOTALS (mean over replications)\n");
    for (int i = 0; i < CS_KPI_COUNT; i++) {
        cs_kpi k = (cs_kpi)i;
        est_line(f,
                 kpi_label(k, s->model, lbuf, sizeof lbuf),
                 &s->totals.v[i],
                 kpi_unit(k),
                 kpi_target(k, &s->model->targets, tbuf, sizeof tbuf));
    }
    est_line(f, "unfinished at the end", &s->unfinished, UNIT_COUNT, "");
}

/* Shorthand for table cells: mean of e with unit u, `dec` decimals. */
static const char *cell(const cs_estimate *e, unit u, int dec, char *buf, size_t size)
{
    return fmt_unit(e->mean, csi_mean_ok(e), u, dec, false, buf, size);
}

static void per_day(FILE *f, const cs_summary *s)
{
    if (s->n_days == 0)
        return;
    char num[32];
    fprintf(f,
            "\nPER DAY (means over replications; serv.lvl: answered within %s s / ended)\n",
            csi_fmt_fixed(s->model->targets.answer_within_s, 0, false, num, sizeof num));
    /* Widths add up to 98 columns: date 10, then nine right-aligned cells. */
    line(f,
         "%-10s %10s %10s %10s %9s %9s %8s %7s %9s %7s",
         "date",
         "offered",
         "answered",
         "abandoned",
         "serv.lvl",
         "ASA",
         "aband.",
         "agents",
         "calls/ag",
         "max/ag");
    for (size_t d = 0; d < s->n_days; d++) {
        const cs_day_summary *day = &s->days[d];
        const cs_estimate *v = day->kpis.v;
        char date[16], b[9][48];
        cs_model_format_day(s->model, s->first_day + (int)d, date);
        line(f,
             "%-10s %10s %10s %10s %9s %9s %8s %7s %9s %7s",
             date,
             cell(&v[CS_KPI_offered], UNIT_COUNT, 0, b[0], sizeof b[0]),
             cell(&v[CS_KPI_answered], UNIT_COUNT, 0, b[1], sizeof b[1]),
             cell(&v[CS_KPI_abandoned], UNIT_COUNT, 0, b[2], sizeof b[2]),
             cell(&v[CS_KPI_service_level], UNIT_PCT, 1, b[3], sizeof b[3]),
             cell(&v[CS_KPI_asa_s], UNIT_SEC, 1, b[4], sizeof b[4]),
             cell(&v[CS_KPI_abandon_rate], UNIT_PCT, 1, b[5], sizeof b[5]),
             cell(&day->agents_working, UNIT_COUNT, 0, b[6], sizeof b[6]),
             cell(&day->calls_per_agent, UNIT_COUNT, 1, b[7], sizeof b[7]),
             cell(&day->max_calls_per_agent, UNIT_COUNT, 0, b[8], sizeof b[8]));
    }
    fputs("agents: who answered a call that day; calls/ag: calls per such agent; "
          "max/ag: the busiest one's\n",
          f);
}

static void per_category(FILE *f, const cs_summary *s)
{
    const cs_model *m = s->model;
    if (m->n_categories == 0)
        return;
    /* The name column is as wide as the longest name, within [8, 24]: beyond that the
     * row would pass 100 columns, so longer names are cut. */
    int w = 8;
    for (size_t c = 0; c < m->n_categories; c++) {
        size_t len = m->categories[c].name ? strlen(m->categories[c].name) : 0;
        if (len > (size_t)w)
            w = len > 24 ? 24 : (int)len;
    }
    fprintf(f,
            "\nPER CATEGORY (means over replications; waited: share of ended attempts "
            "that waited)\n");
    line(f,
         "%-*s %10s %10s %8s %8s %9s %9s %9s",
         w,
         "category",
         "offered",
         "answered",
         "aband.",
         "waited",
         "ASA",
         "serv.lvl",
         "urgent");
    for (size_t c = 0; c < m->n_categories; c++) {
        const cs_estimate *v = s->categories[c].v;
        char b[7][48];
        line(f,
             "%-*.*s %10s %10s %8s %8s %9s %9s %9s",
             w,
             w,
             m->categories[c].name ? m->categories[c].name : "",
             cell(&v[CS_KPI_offered], UNIT_COUNT, 0, b[0], sizeof b[0]),
             cell(&v[CS_KPI_answered], UNIT_COUNT, 0, b[1], sizeof b[1]),
             cell(&v[CS_KPI_abandon_rate], UNIT_PCT, 1, b[2], sizeof b[2]),
             cell(&v[CS_KPI_p_wait], UNIT_PCT, 1, b[3], sizeof b[3]),
             cell(&v[CS_KPI_asa_s], UNIT_SEC, 1, b[4], sizeof b[4]),
             cell(&v[CS_KPI_service_level], UNIT_PCT, 1, b[5], sizeof b[5]),
             cell(&v[CS_KPI_urgent_tickets], UNIT_COUNT, 0, b[6], sizeof b[6]));
    }
}

static void snapshot(FILE *f, const cs_summary *s)
{
    if (!s->has_snapshot)
        return;
    char at[24];
    fprintf(f,
            "\nSNAPSHOT at %s (the wallboard, mean over replications)\n",
            cs_model_format_time(s->model, s->snapshot_at_s, at));
    est_line(f, "agents logged in", &s->snap_logged_in, UNIT_COUNT, "");
    est_line(f, "  talking", &s->snap_talking, UNIT_COUNT, "");
    est_line(f, "  after call", &s->snap_after_call, UNIT_COUNT, "");
    est_line(f, "  idle", &s->snap_idle, UNIT_COUNT, "");
    est_line(f, "agents on break", &s->snap_on_break, UNIT_COUNT, "");
    est_line(f, "calls waiting", &s->snap_waiting, UNIT_COUNT, "");
}

/* Printed only when the router was refused or failed, or is an external process: a clean
 * run of a built-in policy or a plugin has nothing to say. */
static void router(FILE *f, const cs_summary *s)
{
    const cs_route_stats *r = &s->route;
    uint64_t refused = r->invalid_call + r->invalid_agent + r->invalid_skill;
    if (refused == 0 && r->router_errors == 0 && r->fallbacks == 0 && !s->model->routing.external)
        return;
    char num[32];
    fprintf(f,
            "\nROUTER (summed over replications): %s decisions carried out, ",
            csi_fmt_fixed((double)r->decisions, 0, true, num, sizeof num));
    fprintf(f, "%s refused\n", csi_fmt_fixed((double)refused, 0, true, num, sizeof num));
    fprintf(f, "  %-40s %12" PRIu64 "\n", "named a call that was not waiting", r->invalid_call);
    fprintf(
        f, "  %-40s %12" PRIu64 "\n", "named an agent not idle and logged in", r->invalid_agent);
    fprintf(
        f, "  %-40s %12" PRIu64 "\n", "named an agent without the call's skill", r->invalid_skill);
    fprintf(f, "  %-40s %12" PRIu64 "\n", "router callback errors", r->router_errors);
    fprintf(f, "  %-40s %12" PRIu64 "\n", "instants decided by the fallback", r->fallbacks);
    fprintf(
        f, "  %-40s %12" PRIu64 "\n", "assignments made by the fallback", r->fallback_decisions);
    if (!s->model->routing.external)
        return;
    fprintf(f, "  external router %s:\n", s->model->routing.external);
    const struct {
        const char *what;
        uint64_t n;
    } rows[] = {{"steps answered", r->steps},
                {"steps timed out", r->timeouts},
                {"malformed replies", r->malformed},
                {"oversized reply lines", r->oversized},
                {"connections closed by the router", r->disconnects},
                {"error replies", r->error_replies},
                {"reconnections", r->reconnects},
                {"failed reconnection attempts", r->connect_failures},
                {"replications that gave the router up", r->gave_up}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        fprintf(f, "    %-38s %12" PRIu64 "\n", rows[i].what, rows[i].n);
}

int cs_report_table(FILE *f, const cs_summary *s, uint64_t seed)
{
    header(f, s, seed);
    totals(f, s);
    per_day(f, s);
    per_category(f, s);
    snapshot(f, s);
    router(f, s);
    return csi_finish(f);
}
