/* test_patterns.c — the planner's shift templates as roster patterns: every break
 * placement on the interval grid inside its window, shifts crossing midnight and the
 * horizon's edges, allowed days, partial intervals; and the whole plan on a small
 * scenario: the roster never exceeds the seats and covers the requirement where they allow. */
#include "load.h"

#include "callsim/planner.h"
#include "callsim/scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cs_model *load(const char *plan, const char *extra)
{
    char text[4096];
    snprintf(text,
             sizeof text,
             "name = \"p\"; %s\n"
             "targets = { answer_within = 20; service_level = 0.8; };\n"
             "demand = { rate = 60; categories = ( { name = \"g\"; share = 1.0; skill = \"s\";\n"
             "  handle = { dist = \"exponential\"; mean = 240; }; } ); };\n"
             "supply = { seats = 30; agents = 5; };\n"
             "plan = { %s };\n",
             extra,
             plan);
    return check_load_text(text, "p.cfg", NULL, 0);
}

static void build(const cs_model *m, cs_plan_patterns *pp)
{
    cs_err err;
    cs_err_clear(&err);
    int rc = cs_plan_patterns_build(m, pp, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    CHECK_INT_EQ(rc, CS_OK);
}

/* True when pattern p has interval i on the phones. */
static bool on(const cs_roster_pattern *p, int i)
{
    for (int k = 0; k < p->n_ranges; k++)
        if (i >= p->ranges[k].begin && i < p->ranges[k].end)
            return true;
    return false;
}

/* 08:00 + 8 h, a 1 h break anywhere in 11:00-13:30: starts 11:00, 11:30, 12:00, 12:30. */
static void break_windows(void)
{
    cs_model *m = load("templates = ( { name = \"day\"; starts = [\"08:00\"]; length = \"8h\";\n"
                       "  cost_per_hour = 1.5;\n"
                       "  breaks = ( { length = \"1h\"; window = [\"11:00\", \"13:30\"]; } ); } );",
                       "horizon = { start = \"2022-01-31\"; days = 1; };");
    cs_plan_patterns pp;
    build(m, &pp);
    CHECK_INT_EQ((int)pp.n, 4); /* the day before ends before the horizon: nothing */
    for (size_t j = 0; j < pp.n; j++) {
        const cs_roster_pattern *p = &pp.patterns[j];
        int b = 22 + (int)j; /* break start interval: 11:00 = 22 */
        CHECK_INT_EQ(pp.info[j].day, 0);
        CHECK_NEAR(pp.break_start_s[pp.info[j].first_break], b * 1800.0, 1e-9);
        CHECK_NEAR(p->cost, 12.0, 1e-12);
        CHECK_NEAR(pp.info[j].paid_h, 8.0, 1e-12);
        CHECK_INT_EQ(p->start_interval, 16);
        for (int i = 0; i < 48; i++)
            CHECK_INT_EQ(on(p, i), i >= 16 && i < 32 && !(i == b || i == b + 1));
    }
    cs_plan_patterns_fini(&pp);
    cs_model_free(m);
}

/* 22:00 + 10 h with a 1 h break in 01:00-05:00, two days: the evening before the horizon
 * covers its first hours, and the last evening's break falls after the horizon, so its
 * placements all cover the same intervals and one pattern is kept. */
static void midnight_and_edges(void)
{
    cs_model *m = load("templates = ( { name = \"night\"; starts = [\"22:00\"]; length = \"10h\";\n"
                       "  breaks = ( { length = \"1h\"; window = [\"01:00\", \"05:00\"]; } ); } );",
                       "horizon = { start = \"2022-01-31\"; days = 2; };");
    cs_plan_patterns pp;
    build(m, &pp);
    CHECK_INT_EQ((int)pp.n, 7 + 7 + 1);
    for (size_t j = 0; j < pp.n; j++) {
        const cs_roster_pattern *p = &pp.patterns[j];
        const cs_plan_pattern_info *in = &pp.info[j];
        CHECK_NEAR(in->start_tod_s, 22 * 3600.0, 1e-9);
        CHECK_NEAR(in->start_s, in->day * 86400.0 + 22 * 3600.0, 1e-9);
        CHECK_INT_EQ(p->start_interval, in->day < 0 ? 0 : (int)(in->start_s / 1800));
        int first = in->day < 0 ? 0 : (int)(in->start_s / 1800);
        int last = (int)fmin((in->start_s + 36000) / 1800, 96); /* one past */
        double bs = pp.break_start_s[in->first_break];
        for (int i = 0; i < 96; i++) {
            bool in_break = i * 1800.0 >= bs && i * 1800.0 < bs + 3600;
            CHECK_INT_EQ(on(p, i), i >= first && i < last && !in_break);
        }
    }
    CHECK_INT_EQ(pp.info[0].day, -1);
    CHECK_INT_EQ(pp.info[14].day, 1);
    CHECK_INT_EQ(pp.patterns[14].n_ranges, 1); /* 22:00-24:00 of the last day */
    CHECK_INT_EQ(pp.patterns[14].ranges[0].begin, 92);
    CHECK_INT_EQ(pp.patterns[14].ranges[0].end, 96);
    cs_plan_patterns_fini(&pp);
    cs_model_free(m);
}

/* Allowed days, and a start off the interval grid: only whole intervals count. */
static void days_and_partial_intervals(void)
{
    cs_model *m = load("templates = ( { name = \"late\"; starts = [\"08:30\"]; length = \"8h\";\n"
                       "  days = [\"2022-02-01\", \"2021-01-01\"]; } );",
                       "interval = 3600; horizon = { start = \"2022-01-31\"; days = 3; };");
    cs_plan_patterns pp;
    build(m, &pp);
    CHECK_INT_EQ((int)pp.n, 1);
    CHECK_INT_EQ(pp.info[0].day, 1);
    CHECK_INT_EQ(pp.patterns[0].n_ranges, 1);
    CHECK_INT_EQ(pp.patterns[0].ranges[0].begin, 24 + 9); /* 09:00 */
    CHECK_INT_EQ(pp.patterns[0].ranges[0].end, 24 + 16);  /* 16:00; 16:00-16:30 is partial */
    CHECK_NEAR(pp.patterns[0].cost, 8.0, 1e-12);
    cs_plan_patterns_fini(&pp);
    cs_model_free(m);
}

/* Two breaks: every placement pair in order, never overlapping. */
static void two_breaks(void)
{
    cs_model *m = load("templates = ( { name = \"d\"; starts = [\"08:00\"]; length = \"9h\";\n"
                       "  breaks = ( { length = \"30m\"; window = [\"10:00\", \"11:00\"]; },\n"
                       "             { length = \"1h\"; window = [\"12:00\", \"14:00\"]; } ); } );",
                       "horizon = { start = \"2022-01-31\"; days = 1; };");
    cs_plan_patterns pp;
    build(m, &pp);
    CHECK_INT_EQ((int)pp.n, 2 * 3);
    for (size_t j = 0; j < pp.n; j++) {
        const double *bs = &pp.break_start_s[pp.info[j].first_break];
        CHECK_INT_EQ((int)pp.info[j].n_breaks, 2);
        CHECK(bs[0] >= 10 * 3600.0 && bs[0] + 1800 <= 11 * 3600.0);
        CHECK(bs[1] >= 12 * 3600.0 && bs[1] + 3600 <= 14 * 3600.0);
        int on_count = 0;
        for (int i = 0; i < 48; i++)
            on_count += on(&pp.patterns[j], i);
        CHECK_INT_EQ(on_count, 18 - 1 - 2);
    }
    cs_plan_patterns_fini(&pp);
    cs_model_free(m);
}

/* max_agents: one group per template and day, holding all its starts and placements. */
static void max_agents_groups(void)
{
    cs_model *m = load("templates = ( { name = \"a\"; starts = [\"08:00\", \"09:00\"];\n"
                       "  length = \"4h\"; max_agents = 7;\n"
                       "  breaks = ( { length = \"30m\"; window = [\"10:00\", \"11:00\"]; } ); },\n"
                       " { name = \"b\"; starts = [\"12:00\"]; length = \"4h\"; } );",
                       "horizon = { start = \"2022-01-31\"; days = 2; };");
    cs_plan_patterns pp;
    build(m, &pp);
    CHECK_INT_EQ((int)pp.n, 2 * (2 * 2 + 1)); /* 2 days x (2 starts x 2 placements + b) */
    CHECK_INT_EQ((int)pp.n_groups, 2);
    for (size_t g = 0; g < pp.n_groups; g++) {
        CHECK_INT_EQ(pp.groups[g].n_members, 4);
        CHECK_INT_EQ(pp.groups[g].max_count, 7);
        for (int k = 0; k < 4; k++) {
            const cs_plan_pattern_info *in = &pp.info[pp.groups[g].members[k]];
            CHECK_INT_EQ(in->template_index, 0);
            CHECK_INT_EQ(in->day, (int)g);
        }
    }
    cs_plan_patterns_fini(&pp);
    cs_model_free(m);
}

/* The whole plan on a small scenario: within the seats everywhere, the requirement covered
 * wherever the seats allow it, the shortfall where they do not. */
static void roster_end_to_end(void)
{
    /* 60 calls/h of 240 s: about 7 agents; a x10 surge for two hours needs more than the
     * 30 seats */
    cs_model *m = NULL;
    const char *text =
        "name = \"p\"; interval = 3600; replications = 2; seed = 5;\n"
        "horizon = { start = \"2022-01-31 06:00\"; duration = \"16h\"; };\n"
        "targets = { answer_within = 20; service_level = 0.8; };\n"
        "demand = { rate = 60; categories = ( { name = \"g\"; share = 1.0; skill = \"s\";\n"
        "  handle = { dist = \"exponential\"; mean = 240; };\n"
        "  patience = { dist = \"exponential\"; mean = 120; }; } ); };\n"
        "surges = ( { name = \"x\"; start = \"2022-01-31 10:00\"; factor = 10.0; ramp = 0;\n"
        "             duration = \"2h\"; decay = 0; } );\n"
        "supply = { seats = 30; agents = 5; };\n"
        "plan = { time_limit = \"10s\"; templates = (\n"
        " { name = \"day\"; starts = [\"06:00\", \"08:00\"]; length = \"8h\";\n"
        "   breaks = ( { length = \"1h\"; window = [\"09:00\", \"13:00\"]; } ); },\n"
        " { name = \"late\"; starts = [\"14:00\"]; length = \"8h\"; cost_per_hour = 1.2; },\n"
        " { name = \"short\"; starts = [\"09:00\", \"10:00\"]; length = \"4h\";\n"
        "   max_agents = 8; } ); };\n";
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_scenario_load_string(text, "p.cfg", NULL, 0, &m, &err), CS_OK);
    cs_plan_opts o = {.replications = 2, .threads = 2};
    cs_plan_result *r = cs_plan_run(m, &o, &err);
    if (!r)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(r != NULL);
    CHECK(r->has_roster);
    CHECK(r->status == CS_ROSTER_OPTIMAL || r->status == CS_ROSTER_FEASIBLE);
    int n_cap = 0;
    printf("hour required scheduled shortfall\n");
    for (size_t i = 0; i < r->n_intervals; i++) {
        printf("%4zu %8d %9d %9d\n", i, r->required[i], r->scheduled[i], r->shortfall[i]);
        CHECK(r->scheduled[i] <= r->seats);
        CHECK(r->required[i] >= r->required_analytic[i]);
        if (r->required[i] <= r->seats)
            CHECK(r->scheduled[i] >= r->required[i]); /* covered where the seats allow */
        else {
            CHECK_INT_EQ(r->scheduled[i], r->seats); /* at the cap */
            CHECK_INT_EQ(r->shortfall[i], r->required[i] - r->seats);
            CHECK(!r->verified[i].meets_targets);
            n_cap++;
        }
    }
    CHECK_INT_EQ(n_cap, 2); /* the surge hours 10:00 and 11:00 */
    int n_short = 0;
    for (size_t s = 0; s < r->n_shifts; s++)
        if (strcmp(r->shifts[s].name, "short") == 0)
            n_short += r->shifts[s].agents;
    printf("short shifts: %d agents (max_agents 8)\n", n_short);
    CHECK(n_short <= 8);
    CHECK_INT_EQ(r->intervals_short, n_cap);
    double paid = 0;
    for (size_t s = 0; s < r->n_shifts; s++)
        paid += r->shifts[s].paid_h;
    CHECK_NEAR(r->paid_h, paid, 1e-9);
    CHECK(r->verification != NULL);
    cs_plan_result_free(r);
    cs_model_free(m);
}

static const check_case cases[] = {
    {"break_windows", break_windows},
    {"midnight_and_edges", midnight_and_edges},
    {"days_and_partial_intervals", days_and_partial_intervals},
    {"two_breaks", two_breaks},
    {"max_agents_groups", max_agents_groups},
    {"roster_end_to_end", roster_end_to_end},
};
CHECK_MAIN(cases)
