/* report_csv.c — intervals.csv and agents.csv of `run --out` (DESIGN.md §5, contract:
 * the leading columns and their order are fixed, extra columns only ever follow them).
 * Means over replications; an undefined value is an empty field. */
#include "callsim/report.h"
#include "report_int.h"

#include <stdio.h>
#include <string.h>

/* ",value" or "," for an undefined mean. */
static void put_mean(FILE *f, const cs_estimate *e)
{
    char buf[32];
    fputc(',', f);
    if (csi_mean_ok(e))
        fputs(csi_fmt_exact(e->mean, buf, sizeof buf), f);
}

/* A text field, quoted per RFC 4180 only when it needs to be (a category name could hold a
 * comma or a quote; the loader does not forbid them). */
static void put_text(FILE *f, const char *s)
{
    if (!s)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

/* The largest queue of one (interval, category). */
static const cs_estimate *cell_max_queue(const cs_summary *s, size_t i, size_t c)
{
    return &s->cell_max_queue[i * s->model->n_categories + c];
}

int cs_report_intervals_csv(FILE *f, const cs_summary *s)
{
    const cs_model *m = s->model;
    fputs("start,category,offered,answered,abandoned,service_level,asa_s,mean_wait_s,"
          "max_queue,agents_logged_in,occupancy,p_wait,abandon_rate,redials,reconnects,"
          "urgent_tickets\n",
          f);
    for (size_t i = 0; i < s->n_intervals; i++) {
        char start[24];
        cs_model_format_time(m, (double)(s->first_interval + i) * m->interval_s, start);
        const cs_interval_summary *iv = &s->intervals[i];
        for (size_t c = 0; c < m->n_categories; c++) {
            const cs_estimate *v = csi_cell(s, i, c)->v;
            fputs(start, f);
            fputc(',', f);
            put_text(f, m->categories[c].name);
            put_mean(f, &v[CS_KPI_offered]);
            put_mean(f, &v[CS_KPI_answered]);
            put_mean(f, &v[CS_KPI_abandoned]);
            put_mean(f, &v[CS_KPI_service_level]);
            put_mean(f, &v[CS_KPI_asa_s]);
            put_mean(f, &v[CS_KPI_mean_wait_s]);
            put_mean(f, cell_max_queue(s, i, c));
            put_mean(f, &iv->agents_logged_in);
            put_mean(f, &iv->occupancy);
            put_mean(f, &v[CS_KPI_p_wait]);
            put_mean(f, &v[CS_KPI_abandon_rate]);
            put_mean(f, &v[CS_KPI_redials]);
            put_mean(f, &v[CS_KPI_reconnects]);
            put_mean(f, &v[CS_KPI_urgent_tickets]);
            fputc('\n', f);
        }
    }
    return csi_finish(f);
}

int cs_report_agents_csv(FILE *f, const cs_summary *s)
{
    fputs("agent,calls,talk_s,after_call_s,logged_in_s,occupancy\n", f);
    for (size_t a = 0; a < s->n_agents; a++) {
        const cs_agent_summary *g = &s->agents[a];
        /* The agent's index is the one observers and traces use. */
        fprintf(f, "%zu", a);
        put_mean(f, &g->calls);
        put_mean(f, &g->talk_s);
        put_mean(f, &g->after_call_s);
        put_mean(f, &g->logged_in_s);
        put_mean(f, &g->occupancy);
        fputc('\n', f);
    }
    return csi_finish(f);
}
