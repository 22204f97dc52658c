/* test_scenario.c — unit cases of the scenario loader (sim/scenario): good scenarios resolve
 * to the right model (derived distribution parameters, demand by day, shift counts by date,
 * night-shift breaks, --set overrides, durations with units), bad ones give the right
 * diagnostic. Run as `test_scenario CASE`; the files live in tests/scenarios/. */
#include "callsim/civil.h"
#include "callsim/model.h"
#include "callsim/scenario.h"
#include "load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SCENARIO_DIR
#error "SCENARIO_DIR must name tests/scenarios"
#endif

/* Loads text (with overrides) and fails the case, printing the diagnostics, on error. */
static cs_model *load_sets(const char *text, const char *const *sets, size_t n_sets)
{
    return check_load_text(text, "t.cfg", sets, n_sets);
}

static cs_model *load(const char *text)
{
    return load_sets(text, NULL, 0);
}

static cs_model *load_file(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SCENARIO_DIR, name);
    return check_load_file(path, NULL, 0);
}

/* Expects the load to fail with CS_ESCENARIO and `want` among the diagnostics. */
static void
expect_error_sets(const char *text, const char *const *sets, size_t n_sets, const char *want)
{
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = (cs_model *)&err; /* must be reset to NULL */
    int rc = cs_scenario_load_string(text, "t.cfg", sets, n_sets, &m, &err);
    if (!strstr(err.msg, want))
        fprintf(stderr, "wanted: %s\ngot:\n%s\n", want, err.msg);
    CHECK_INT_EQ(rc, CS_ESCENARIO);
    CHECK(m == NULL);
    CHECK(strstr(err.msg, want) != NULL);
}

static void expect_error(const char *text, const char *want)
{
    expect_error_sets(text, NULL, 0, want);
}

/* A valid scenario of a single category with the given demand / supply text. */
#define BASE_HEAD                                                                                  \
    "name = \"t\";\n"                                                                              \
    "horizon = { start = \"2022-01-31\"; days = 2; };\n"
#define ONE_CATEGORY                                                                               \
    "  categories = ( { name = \"c\"; handle = { dist = \"exponential\"; mean = 300; }; } );\n"
#define AGENTS "supply = { seats = 10; agents = 8; };\n"

static const char *const minimal =
    BASE_HEAD "demand = { rate = 120.5;\n" ONE_CATEGORY "};\n" AGENTS;

/* ---- good scenarios --------------------------------------------------------------------- */

static void defaults(void)
{
    cs_model *m = load(minimal);
    CHECK_STR_EQ(m->name, "t");
    CHECK_STR_EQ(m->source, "");
    CHECK_INT_EQ(m->seed, 1);
    CHECK_INT_EQ(m->replications, 10);
    CHECK_NEAR(m->interval_s, 1800, 0);
    CHECK_INT_EQ(m->start_day, cs_civil_to_days(2022, 1, 31));
    CHECK_NEAR(m->start_tod_s, 0, 0);
    CHECK_NEAR(m->horizon_s, 2 * 86400, 0);
    CHECK_NEAR(m->warmup_s, 0, 0);
    CHECK_NEAR(m->targets.answer_within_s, 20, 0);
    CHECK(m->targets.service_level < 0 && m->targets.max_abandon < 0 && m->targets.max_asa_s < 0);
    CHECK_STR_EQ(m->routing.policy, "fcfs");
    CHECK(m->routing.plugin == NULL && m->routing.external == NULL);
    CHECK_NEAR(m->routing.timeout_s, 1, 0);
    /* demand: constant rate, still resolved per day with a flat profile */
    CHECK_INT_EQ(m->demand.kind, CS_DEMAND_RATE);
    CHECK_NEAR(m->demand.rate_per_h, 120.5, 0);
    CHECK_INT_EQ(m->demand.n_days, 2);
    CHECK_NEAR(m->demand.day_calls[1], 120.5 * 24, 1e-9);
    CHECK_INT_EQ(m->demand.day_profile[1], 0);
    CHECK_INT_EQ(m->demand.n_profiles, 1);
    CHECK_INT_EQ(m->demand.profiles[0].n, 24);
    CHECK_NEAR(m->demand.day_share[1], 1, 0);
    /* one category, share 1 by default, skill "general" */
    CHECK_INT_EQ(m->n_categories, 1);
    const cs_category *c = &m->categories[0];
    CHECK_NEAR(c->share, 1, 0);
    CHECK_INT_EQ(c->priority, 0);
    CHECK_INT_EQ(m->n_skills, 1);
    CHECK_STR_EQ(m->skills[c->skill], "general");
    CHECK_INT_EQ(c->wrapup.kind, CS_DIST_NONE);
    CHECK_INT_EQ(c->patience.kind, CS_DIST_NONE);
    CHECK_NEAR(c->redial_p, 0, 0);
    CHECK_INT_EQ(c->redial_max, 1);
    CHECK_NEAR(c->redial_decay, 1, 0);
    CHECK_NEAR(c->urgent_share, 0, 0);
    CHECK_INT_EQ(m->supply.seats, 10);
    CHECK_INT_EQ(m->supply.agents, 8);
    CHECK_INT_EQ(m->supply.agent_skills, 1);
    CHECK_INT_EQ(m->supply.n_shifts, 0);
    CHECK_INT_EQ(m->n_surges, 0);
    cs_model_free(m);
}

static const cs_dist *handle_of(const cs_model *m, const char *category)
{
    int c = cs_model_find_category(m, category);
    CHECK(c >= 0);
    return &m->categories[c].handle;
}

static void dists(void)
{
    cs_model *m =
        load(BASE_HEAD
             "demand = { rate = 10; categories = (\n"
             " { name = \"exp\"; share = 0.125; handle = { dist = \"exponential\"; mean = \"4m\"; "
             "}; },\n"
             " { name = \"logn\"; share = 0.125; handle = { dist = \"lognormal\"; mean = 238.5; sd "
             "= 120; }; },\n"
             " { name = \"gam\"; share = 0.125; handle = { dist = \"gamma\"; mean = 200; sd = 50; "
             "}; },\n"
             " { name = \"wei\"; share = 0.125; handle = { dist = \"weibull\"; shape = 1.5; scale "
             "= \"5m\"; }; },\n"
             " { name = \"wei1\"; share = 0.125; handle = { dist = \"weibull\"; shape = 1; scale = "
             "100; }; },\n"
             " { name = \"con\"; share = 0.125; handle = { dist = \"constant\"; value = \"1.5h\"; "
             "}; },\n"
             " { name = \"con0\"; share = 0.125; handle = { dist = \"constant\"; value = 0; }; },\n"
             " { name = \"emp\"; share = 0.125; handle = { dist = \"empirical\"; values = (60, "
             "90.5, \"2m\", 0); }; }\n"
             "); };\n" AGENTS);
    const cs_dist *d = handle_of(m, "exp");
    CHECK_INT_EQ(d->kind, CS_DIST_EXPONENTIAL);
    CHECK_NEAR(d->mean, 240, 0);
    CHECK_NEAR(d->sd, 240, 0);

    d = handle_of(m, "logn");
    CHECK_INT_EQ(d->kind, CS_DIST_LOGNORMAL);
    double s2 = log(1 + (120.0 / 238.5) * (120.0 / 238.5));
    CHECK_REL(d->sigma, sqrt(s2), 1e-12);
    CHECK_REL(d->mu, log(238.5) - s2 / 2, 1e-12);
    /* the derived parameters give back the mean and sd */
    CHECK_REL(exp(d->mu + d->sigma * d->sigma / 2), 238.5, 1e-12);
    CHECK_REL(sqrt(expm1(d->sigma * d->sigma)) * 238.5, 120, 1e-12);

    d = handle_of(m, "gam");
    CHECK_INT_EQ(d->kind, CS_DIST_GAMMA);
    CHECK_REL(d->shape, 16, 1e-12);
    CHECK_REL(d->scale, 12.5, 1e-12);
    CHECK_REL(d->shape * d->scale, 200, 1e-12);

    d = handle_of(m, "wei");
    CHECK_INT_EQ(d->kind, CS_DIST_WEIBULL);
    CHECK_NEAR(d->shape, 1.5, 0);
    CHECK_NEAR(d->scale, 300, 0);
    CHECK_REL(d->mean, 300 * tgamma(1 + 1 / 1.5), 1e-10);
    double g1 = tgamma(1 + 1 / 1.5), g2 = tgamma(1 + 2 / 1.5);
    CHECK_REL(d->sd, 300 * sqrt(g2 - g1 * g1), 1e-9);
    d = handle_of(m, "wei1"); /* shape 1 is the exponential */
    CHECK_REL(d->mean, 100, 1e-12);
    CHECK_REL(d->sd, 100, 1e-9);

    d = handle_of(m, "con");
    CHECK_INT_EQ(d->kind, CS_DIST_CONSTANT);
    CHECK_NEAR(d->mean, 5400, 0);
    CHECK_NEAR(d->sd, 0, 0);
    CHECK_NEAR(handle_of(m, "con0")->mean, 0, 0);

    d = handle_of(m, "emp");
    CHECK_INT_EQ(d->kind, CS_DIST_EMPIRICAL);
    CHECK_INT_EQ(d->n_values, 4);
    CHECK_NEAR(d->values[1], 90.5, 0);
    CHECK_NEAR(d->values[2], 120, 0);
    double mean = (60 + 90.5 + 120 + 0) / 4;
    double var = ((60 - mean) * (60 - mean) + (90.5 - mean) * (90.5 - mean) +
                  (120 - mean) * (120 - mean) + mean * mean) /
                 4;
    CHECK_REL(d->mean, mean, 1e-12);
    CHECK_REL(d->sd, sqrt(var), 1e-12);
    cs_model_free(m);
}

static void durations(void)
{
    cs_model *m =
        load("name = \"d\"; interval = \"15m\";\n"
             "horizon = { start = \"2022-01-31 06:00\"; duration = \"1.5d\"; warmup = \"90s\"; };\n"
             "targets = { answer_within = \"0.5m\"; max_asa = 45.5; };\n"
             "demand = { rate = 10; categories = ( { name = \"c\";\n"
             "  handle = { dist = \"constant\"; value = \"2h\"; };\n"
             "  wrapup = { dist = \"constant\"; value = 7.25; };\n"
             "  patience = { dist = \"constant\"; value = \"10\"; }; } ); };\n" AGENTS);
    CHECK_NEAR(m->interval_s, 900, 0);
    CHECK_NEAR(m->start_tod_s, 6 * 3600, 0);
    CHECK_NEAR(m->horizon_s, 1.5 * 86400, 0);
    CHECK_NEAR(m->warmup_s, 90, 0);
    CHECK_NEAR(m->targets.answer_within_s, 30, 0);
    CHECK_NEAR(m->targets.max_asa_s, 45.5, 0);
    CHECK_NEAR(m->categories[0].handle.mean, 7200, 0);
    CHECK_NEAR(m->categories[0].wrapup.mean, 7.25, 0);
    CHECK_NEAR(m->categories[0].patience.mean, 10, 0);
    /* 06:00 + 36 h ends at 18:00 on the second day: two days touched */
    CHECK_INT_EQ(m->demand.n_days, 2);
    cs_model_free(m);
}

static void partial_days(void)
{
    cs_model *m = load("name = \"p\";\n"
                       "horizon = { start = \"2022-01-31 12:00\"; days = 1; };\n"
                       "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
                       "supply = { seats = 5; shifts = ( { name = \"s\"; start = \"08:00\"; "
                       "length = \"8h\"; count = 3; } ); };\n");
    CHECK_INT_EQ(m->demand.n_days, 2); /* noon to noon touches two dates */
    CHECK_INT_EQ(m->supply.shifts[0].max_count, 3);
    for (int d = 0; d <= 2; d++)
        CHECK_INT_EQ(m->supply.shifts[0].day_count[d], 3);
    cs_model_free(m);
}

static void daily_demand(void)
{
    cs_model *m = load_file("good/full.cfg");
    const cs_demand *d = &m->demand;
    CHECK_INT_EQ(d->kind, CS_DEMAND_DAILY);
    CHECK_INT_EQ(d->n_days, 3);
    CHECK_INT_EQ(d->n_profiles, 2);
    CHECK_STR_EQ(d->profiles[0].name, "default");
    CHECK_STR_EQ(d->profiles[1].name, "late");
    CHECK_INT_EQ(d->profiles[0].n, 24);
    CHECK_INT_EQ(d->profiles[1].n, 48);
    CHECK_NEAR(d->profiles[0].weights[9], 10, 0);
    CHECK_NEAR(d->day_calls[0], 7000, 0);
    CHECK_NEAR(d->day_calls[1], 6400.5, 0);
    CHECK_NEAR(d->day_calls[2], 0, 0);
    CHECK_INT_EQ(d->day_profile[0], 0);
    CHECK_INT_EQ(d->day_profile[1], 1);
    CHECK_INT_EQ(d->day_profile[2], 0);
    /* day 0 and 2: category shares; day 1: its mix */
    CHECK_INT_EQ(m->n_categories, 3);
    CHECK_NEAR(d->day_share[0 * 3 + 0], 0.6, 1e-12);
    CHECK_NEAR(d->day_share[0 * 3 + 2], 0.1, 1e-12);
    CHECK_NEAR(d->day_share[1 * 3 + 0], 0.5, 1e-12);
    CHECK_NEAR(d->day_share[1 * 3 + 1], 0.25, 1e-12);
    CHECK_NEAR(d->day_share[2 * 3 + 1], 0.3, 1e-12);
    /* everything else of the full example */
    CHECK_INT_EQ(m->seed, 20220131);
    CHECK_INT_EQ(m->replications, 20);
    CHECK_NEAR(m->interval_s, 900, 0);
    CHECK_NEAR(m->warmup_s, 3600, 0);
    CHECK_NEAR(m->targets.service_level, 0.8, 0);
    CHECK_NEAR(m->targets.max_abandon, 0.05, 0);
    CHECK_NEAR(m->targets.max_asa_s, 30, 0);
    const cs_category *c = &m->categories[0];
    CHECK_NEAR(c->redial_p, 0.5, 0);
    CHECK_NEAR(c->redial_decay, 0.8, 0);
    CHECK_INT_EQ(c->redial_max, 4);
    CHECK_INT_EQ(c->redial_delay.kind, CS_DIST_EXPONENTIAL);
    CHECK_NEAR(c->urgent_share, 0.02, 0);
    CHECK_NEAR(m->categories[1].reconnect_p, 0.1, 0);
    CHECK_NEAR(m->categories[1].reconnect_delay.mean, 86400, 0);
    /* skills in order of first appearance: categories first */
    CHECK_INT_EQ(m->n_skills, 3);
    CHECK_STR_EQ(m->skills[0], "general");
    CHECK_STR_EQ(m->skills[1], "vaccine");
    CHECK_STR_EQ(m->skills[2], "english");
    /* surges: start relative to the horizon, categories as a mask */
    CHECK_INT_EQ(m->n_surges, 2);
    CHECK_STR_EQ(m->surges[0].name, "press conference");
    CHECK_NEAR(m->surges[0].start_s, 86400 + 10 * 3600, 0);
    CHECK_INT_EQ(m->surges[0].categories, 1);
    CHECK_NEAR(m->surges[0].factor, 2.5, 0);
    CHECK_NEAR(m->surges[0].ramp_s, 3600, 0);
    CHECK_NEAR(m->surges[0].plateau_s, 7200, 0);
    CHECK_NEAR(m->surges[0].decay_s, 3 * 3600, 0);
    CHECK_STR_EQ(m->surges[1].name, "surge 2");
    CHECK_NEAR(m->surges[1].start_s, -86400, 0);
    CHECK_INT_EQ(m->surges[1].categories, 7);
    /* recall */
    CHECK_INT_EQ(m->supply.n_recalls, 1);
    const cs_recall *r = &m->supply.recalls[0];
    CHECK_NEAR(r->at_s, 86400 + 9 * 3600, 0);
    CHECK_INT_EQ(r->agents, 15);
    CHECK_NEAR(r->delay_s, 3600, 0);
    CHECK_NEAR(r->ramp_s, 1800, 0);
    CHECK_NEAR(r->length_s, 6 * 3600, 0);
    CHECK_INT_EQ(r->skills, 1);
    CHECK_STR_EQ(m->routing.policy, "fcfs");
    cs_model_free(m);
}

static void count_by_date(void)
{
    cs_model *m = load_file("good/full.cfg");
    const cs_supply *s = &m->supply;
    CHECK_INT_EQ(s->seats, 120);
    CHECK_INT_EQ(s->agents, 0);
    CHECK_INT_EQ(s->n_shifts, 3);
    const cs_shift *early = &s->shifts[0];
    CHECK_INT_EQ(early->count, 40);
    /* 2022 rule 35 everywhere, 2022-02-01 (day 1) 20: later entries win; day -1 = day 0 */
    CHECK_INT_EQ(early->day_count[0], 35);
    CHECK_INT_EQ(early->day_count[1], 35);
    CHECK_INT_EQ(early->day_count[2], 20);
    CHECK_INT_EQ(early->day_count[3], 35);
    CHECK_INT_EQ(early->max_count, 35);
    CHECK_INT_EQ(early->skills, 3);
    const cs_shift *late = &s->shifts[1];
    CHECK_INT_EQ(late->skills, 7); /* omitted: every skill */
    CHECK_INT_EQ(late->max_count, 30);
    CHECK_INT_EQ(late->day_count[3], 30);
    cs_model_free(m);
}

static void count_by_date_day_before(void)
{
    /* a holiday on the day before the horizon does not apply to day -1: it follows day 0 */
    cs_model *m =
        load(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
                       "supply = { seats = 9; shifts = ( { name = \"n\"; start = \"22:00\";\n"
                       "  length = \"10h\"; count = 4; count_by_date = (\n"
                       "  { from = \"2022-01-30\"; to = \"2022-01-30\"; count = 0; },\n"
                       "  { from = \"2022-02-01\"; to = \"2022-03-01\"; count = 7; } ); } ); };\n");
    const cs_shift *n = &m->supply.shifts[0];
    CHECK_INT_EQ(n->day_count[0], 4);
    CHECK_INT_EQ(n->day_count[1], 4);
    CHECK_INT_EQ(n->day_count[2], 7);
    CHECK_INT_EQ(n->max_count, 7);
    cs_model_free(m);
}

static void night_breaks(void)
{
    cs_model *m = load_file("good/full.cfg");
    /* night 21:30 + 11h: 23:30 comes before 01:00 in the shift */
    const cs_shift *night = &m->supply.shifts[2];
    CHECK_NEAR(night->start_tod_s, 21 * 3600 + 1800, 0);
    CHECK_NEAR(night->length_s, 11 * 3600, 0);
    CHECK_INT_EQ(night->n_breaks, 2);
    CHECK_NEAR(night->breaks[0].start_tod_s, 23 * 3600 + 1800, 0);
    CHECK_NEAR(night->breaks[1].start_tod_s, 3600, 0);
    CHECK_NEAR(night->breaks[1].length_s, 45 * 60, 0);
    /* early: written 11:00 then 09:00, sorted by start; waves kept */
    const cs_shift *early = &m->supply.shifts[0];
    CHECK_INT_EQ(early->n_breaks, 2);
    CHECK_NEAR(early->breaks[0].start_tod_s, 9 * 3600, 0);
    CHECK_INT_EQ(early->breaks[0].waves, 1);
    CHECK_NEAR(early->breaks[0].stagger_s, 0, 0);
    CHECK_NEAR(early->breaks[1].start_tod_s, 11 * 3600, 0);
    CHECK_INT_EQ(early->breaks[1].waves, 3);
    CHECK_NEAR(early->breaks[1].stagger_s, 1800, 0);
    cs_model_free(m);

    /* the last wave may end exactly at the end of the shift, past midnight */
    m = load(BASE_HEAD
             "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
             "supply = { seats = 9; shifts = ( { name = \"n\"; start = \"22:00\";\n"
             "  length = \"4h\"; count = 2; breaks = ( { start = \"00:30\"; length = \"30m\";\n"
             "  waves = 4; stagger = \"20m\"; } ); } ); };\n");
    CHECK_NEAR(m->supply.shifts[0].breaks[0].start_tod_s, 1800, 0);
    cs_model_free(m);
    expect_error(BASE_HEAD
                 "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
                 "supply = { seats = 9; shifts = ( { name = \"n\"; start = \"22:00\";\n"
                 "  length = \"4h\"; count = 2; breaks = ( { start = \"00:30\"; length = \"30m\";\n"
                 "  waves = 4; stagger = \"21m\"; } ); } ); };\n",
                 "t.cfg:7: supply.shifts.[0].breaks.[0] (00:30 for 30m, 4 waves 21m apart) lies "
                 "outside its shift 'n' (22:00 to 02:00)");
    expect_error(
        BASE_HEAD
        "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
        "supply = { seats = 9; shifts = ( { name = \"n\"; start = \"08:00\";\n"
        "  length = \"8h\"; count = 2; breaks = ( { start = \"12:00\"; length = \"30m\"; },\n"
        "  { start = \"12:15\"; length = \"30m\"; } ); } ); };\n",
        "t.cfg:8: supply.shifts.[0].breaks.[1] (12:15 for 30m) overlaps the break before "
        "it (12:00 for 30m)");
}

static void profiles_48_96(void)
{
    char text[4096];
    char p96[1024] = "";
    for (int i = 0; i < 96; i++)
        strcat(p96, i ? ", 2.5" : "0.0");
    snprintf(text,
             sizeof text,
             BASE_HEAD "demand = { calls_per_day = 1000; profile = [%s];\n" ONE_CATEGORY
                       "};\n" AGENTS,
             p96);
    cs_model *m = load(text);
    CHECK_INT_EQ(m->demand.kind, CS_DEMAND_PER_DAY);
    CHECK_INT_EQ(m->demand.profiles[0].n, 96);
    CHECK_NEAR(m->demand.profiles[0].weights[0], 0, 0);
    CHECK_NEAR(m->demand.day_calls[1], 1000, 0);
    cs_model_free(m);
}

static void skills_and_agents(void)
{
    cs_model *m = load(
        BASE_HEAD "demand = { rate = 1; categories = (\n"
                  " { name = \"a\"; share = 0.5; skill = \"x\"; handle = { dist = \"constant\"; "
                  "value = 1; }; },\n"
                  " { name = \"b\"; share = 0.5; skill = \"y\"; handle = { dist = \"constant\"; "
                  "value = 1; }; } ); };\n"
                  "supply = { seats = 3; agents = 3; agent_skills = [\"y\", \"z\", \"x\"]; };\n");
    CHECK_INT_EQ(m->n_skills, 3);
    CHECK_STR_EQ(m->skills[2], "z");
    CHECK_INT_EQ(m->supply.agent_skills, 7);
    CHECK_INT_EQ(cs_model_find_skill(m, "y"), 1);
    cs_model_free(m);
}

static void routing_variants(void)
{
    cs_model *m =
        load(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                       "routing = { external = \"tcp:localhost:7070\"; timeout = \"2.5s\"; };\n");
    CHECK(m->routing.policy == NULL);
    CHECK_STR_EQ(m->routing.external, "tcp:localhost:7070");
    CHECK_NEAR(m->routing.timeout_s, 2.5, 0);
    CHECK_STR_EQ(m->routing.fallback, "fcfs");
    cs_model_free(m);
    m = load(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                       "routing = { plugin = \"" EXAMPLE_PLUGIN "\"; fallback = \"fcfs\"; };\n");
    CHECK_STR_EQ(m->routing.plugin, EXAMPLE_PLUGIN);
    CHECK_STR_EQ(m->routing.fallback, "fcfs");
    cs_model_free(m);
    /* the plugin is loaded when the scenario is: a missing one is a diagnostic */
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                           "routing = { plugin = \"./librouter.so\"; };\n",
                 "t.cfg:7: routing.plugin is unusable: plugin './librouter.so' cannot be loaded:");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                           "routing = { policy = \"fcfs\"; fallback = \"lifo\"; };\n",
                 "routing.fallback names an unknown policy \"lifo\" (built-in: fcfs, priority");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                           "routing = { external = \"tcp:host\"; };\n",
                 "routing.external must be \"unix:/path\" or \"tcp:HOST:PORT\" (got \"tcp:host\")");
}

/* ---- overrides ---------------------------------------------------------------------------- */

static void set_replace_type(void)
{
    const char *sets[] = {"horizon.days=2.5",
                          "demand.categories.[0].handle.mean=240.5",
                          "supply.agents=9.0",
                          "seed=12345678901L"};
    cs_model *m = load_sets(minimal, sets, 4);
    CHECK_NEAR(m->horizon_s, 2.5 * 86400, 0);
    CHECK_NEAR(m->categories[0].handle.mean, 240.5, 0);
    CHECK_INT_EQ(m->supply.agents, 9);
    CHECK_INT_EQ(m->seed, 12345678901LL);
    cs_model_free(m);
    /* a string replaced by a number and the other way round */
    const char *more[] = {"name=\"renamed\"", "demand.categories.[0].handle.mean=\"5m\""};
    m = load_sets(minimal, more, 2);
    CHECK_STR_EQ(m->name, "renamed");
    CHECK_NEAR(m->categories[0].handle.mean, 300, 0);
    cs_model_free(m);
}

/* --set routing.policy|plugin|external replaces the file's routing choice; the group's
 * other options stay, and the new choice is checked like the file's. */
static void set_routing_choice(void)
{
    const char *text =
        BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                  "routing = { plugin = \"" EXAMPLE_PLUGIN "\"; timeout = \"2.5s\";\n"
                  "  fallback = \"priority\"; tick = 5; };\n";
    const char *policy[] = {"routing.policy=overflow"};
    cs_model *m = load_sets(text, policy, 1);
    CHECK_STR_EQ(m->routing.policy, "overflow");
    CHECK(m->routing.plugin == NULL && m->routing.external == NULL);
    CHECK_NEAR(m->routing.timeout_s, 2.5, 0);
    CHECK_STR_EQ(m->routing.fallback, "priority");
    CHECK_NEAR(m->routing.tick_s, 5, 0);
    cs_model_free(m);
    const char *ext[] = {"routing.external=\"unix:/tmp/r.sock\""};
    m = load_sets(text, ext, 1);
    CHECK_STR_EQ(m->routing.external, "unix:/tmp/r.sock");
    CHECK(m->routing.plugin == NULL && m->routing.policy == NULL);
    CHECK_NEAR(m->routing.timeout_s, 2.5, 0);
    cs_model_free(m);
    const char *back[] = {"routing.external=\"unix:/tmp/r.sock\"",
                          "routing.plugin=\"" EXAMPLE_PLUGIN "\""};
    m = load_sets(text, back, 2);
    CHECK_STR_EQ(m->routing.plugin, EXAMPLE_PLUGIN);
    CHECK(m->routing.external == NULL);
    cs_model_free(m);
    const char *port[] = {"routing.external=\"tcp:localhost:70000\""};
    expect_error_sets(text,
                      port,
                      1,
                      "--set routing.external: routing.external must be \"unix:/path\" or "
                      "\"tcp:HOST:PORT\" (got \"tcp:localhost:70000\")");
    const char *unix_empty[] = {"routing.external=unix:"};
    expect_error_sets(text, unix_empty, 1, "(got \"unix:\")");
    /* a key of the same name elsewhere is not a routing choice */
    const char *other[] = {"targets.max_asa=30"};
    m = load_sets(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                            "targets = { service_level = 0.8; };\n",
                  other,
                  1);
    CHECK_NEAR(m->targets.max_asa_s, 30, 0);
    cs_model_free(m);
}

static void set_create(void)
{
    const char *sets[] = {"targets.service_level=0.8",
                          "routing.policy=fcfs",
                          "interval=900",
                          "demand.categories.[0].patience={ dist = \"constant\"; value = 60; }",
                          "horizon.warmup=\"1h\"",
                          "horizon.start=2022-02-01 06:00"};
    char text[2048];
    snprintf(text, sizeof text, "%s%s", minimal, "targets = { }; routing = { };\n");
    cs_model *m = load_sets(text, sets, 6);
    CHECK_NEAR(m->targets.service_level, 0.8, 0);
    CHECK_STR_EQ(m->routing.policy, "fcfs");
    CHECK_NEAR(m->interval_s, 900, 0);
    CHECK_INT_EQ(m->categories[0].patience.kind, CS_DIST_CONSTANT);
    CHECK_NEAR(m->categories[0].patience.mean, 60, 0);
    CHECK_NEAR(m->warmup_s, 3600, 0);
    CHECK_INT_EQ(m->start_day, cs_civil_to_days(2022, 2, 1));
    CHECK_NEAR(m->start_tod_s, 6 * 3600, 0);
    cs_model_free(m);
}

static void set_list_index(void)
{
    const char *text = BASE_HEAD "demand = { calls_per_day = 100; profile = "
                                 "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1];\n"
                                 " categories = ( { name = \"a\"; share = 0.5; handle = { dist = "
                                 "\"constant\"; value = 1; }; },\n"
                                 "                { name = \"b\"; share = 0.5; handle = { dist = "
                                 "\"constant\"; value = 1; }; } ); };\n" AGENTS;
    const char *sets[] = {"demand.categories.[0].share=0.75",
                          "demand.categories.[1].share=0.25",
                          "demand.categories.[1].name=renamed",
                          "demand.profile.[3]=2.5",
                          "demand.categories.[1].handle={ dist = \"exponential\"; mean = 99; }"};
    cs_model *m = load_sets(text, sets, 5);
    CHECK_NEAR(m->categories[0].share, 0.75, 1e-12);
    CHECK_NEAR(m->categories[1].share, 0.25, 1e-12);
    CHECK_STR_EQ(m->categories[1].name, "renamed"); /* order kept */
    CHECK_NEAR(m->demand.profiles[0].weights[3], 2.5, 0);
    CHECK_NEAR(m->demand.profiles[0].weights[4], 1, 0);
    CHECK_INT_EQ(m->categories[1].handle.kind, CS_DIST_EXPONENTIAL);
    CHECK_NEAR(m->categories[1].handle.mean, 99, 0);
    cs_model_free(m);
}

static void set_bare_words(void)
{
    /* unquoted text that is no libconfig value is a string; the horizon narrowed to one
     * day of a file with calls for three dates */
    char path[1024];
    snprintf(path, sizeof path, "%s/good/full.cfg", SCENARIO_DIR);
    const char *sets[] = {"supply.shifts.[0].length=8.5h",
                          "name=\"2022\"",
                          "routing.policy=fcfs",
                          "horizon.days=1",
                          "horizon.start=2022-02-01",
                          "horizon.warmup=0"};
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    int rc = cs_scenario_load(path, sets, 6, &m, &err);
    if (rc != CS_OK)
        fprintf(stderr, "%s\n", err.msg);
    CHECK_INT_EQ(rc, CS_OK);
    CHECK_NEAR(m->supply.shifts[0].length_s, 8.5 * 3600, 0);
    CHECK_STR_EQ(m->name, "2022");
    CHECK_INT_EQ(m->start_day, cs_civil_to_days(2022, 2, 1));
    CHECK_INT_EQ(m->demand.n_days, 1);
    CHECK_NEAR(m->demand.day_calls[0], 6400.5, 0);
    CHECK_INT_EQ(m->demand.day_profile[0], 1);
    CHECK_NEAR(m->demand.day_share[0], 0.5, 1e-12);
    /* count_by_date: 2022-02-01 has 20 agents, and so has the day before (it follows day 0) */
    CHECK_INT_EQ(m->supply.shifts[0].day_count[0], 20);
    CHECK_INT_EQ(m->supply.shifts[0].day_count[1], 20);
    cs_model_free(m);
}

static void set_unknown_path(void)
{
    const char *a[] = {"supply.nosuch=1"};
    expect_error_sets(minimal, a, 1, "--set supply.nosuch: no such setting");
    const char *b[] = {"nosuch.x=1"};
    expect_error_sets(minimal, b, 1, "--set nosuch.x: no such setting");
    const char *c[] = {"demand.categories.[3].name=\"x\""};
    expect_error_sets(minimal, c, 1, "--set demand.categories.[3].name: no such setting");
    const char *d[] = {"targets.service_level=0.8"}; /* no targets group to put it in */
    expect_error_sets(minimal, d, 1, "--set targets.service_level: no such setting");
    const char *e[] = {"supply..seats=1"};
    expect_error_sets(minimal, e, 1, "--set supply..seats: no such setting");
    const char *f[] = {"supply.seats"};
    expect_error_sets(minimal, f, 1, "--set: 'supply.seats' is not PATH=VALUE");
    const char *g[] = {"supply.seats=[1,"};
    expect_error_sets(minimal, g, 1, "--set supply.seats: cannot parse the value");
}

static void set_diagnostics(void)
{
    const char *a[] = {"supply.seats=0"};
    expect_error_sets(minimal, a, 1, "--set supply.seats: supply.seats must be >= 1 (got 0)");
    const char *b[] = {"supply.seats=4294967297"};
    expect_error_sets(minimal, b, 1, "--set supply.seats: integer 4294967297 is out of range");
    const char *c[] = {"horizon.days=abc"};
    expect_error_sets(
        minimal, c, 1, "--set horizon.days: horizon.days must be a number (got \"abc\")");
}

/* ---- errors ------------------------------------------------------------------------------- */

static void errors_collected(void)
{
    /* 25 mistakes: 20 diagnostics kept, every one "file:line: ..." */
    char text[8192] = "name = \"many\";\nhorizon = { start = \"2022-01-31\"; days = 1; };\n"
                      "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS;
    for (int i = 0; i < 25; i++) {
        char line[64];
        snprintf(line, sizeof line, "bogus%d = 1;\n", i);
        strcat(text, line);
    }
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    CHECK_INT_EQ(cs_scenario_load_string(text, "many.cfg", NULL, 0, &m, &err), CS_ESCENARIO);
    int lines = 1;
    for (const char *p = err.msg; *p; p++)
        lines += *p == '\n';
    CHECK_INT_EQ(lines, 20);
    CHECK(strncmp(err.msg, "many.cfg:7: unknown key 'bogus0'", 32) == 0);
}

static void error_lines(void)
{
    /* missing keys are reported at their group's line; the root's is line 1 */
    expect_error("\n\nhorizon = { start = \"2022-01-31\"; days = 1; };\n"
                 "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS,
                 "t.cfg:1: name is required");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
                           "supply = {\n  agents = 3;\n};\n",
                 "t.cfg:6: supply.seats is required");
    expect_error(BASE_HEAD "demand = { rate = 1;\n  categories = ( { name = \"c\";\n"
                           "    handle = { dist = \"gamma\";\n  mean = 3; }; } );\n};\n" AGENTS,
                 "t.cfg:5: demand.categories.[0].handle.sd is required by the gamma distribution");
    expect_error(BASE_HEAD
                 "demand = { rate = 1;\n  categories = ( { name = \"c\";\n"
                 "    handle = { dist = \"exponential\";\n  mean = 3; sd = 1; }; } );\n};\n" AGENTS,
                 "t.cfg:6: demand.categories.[0].handle.sd is not a parameter of the exponential "
                 "distribution (it takes mean)");
}

static void limits(void)
{
    expect_error("name = \"x\"; horizon = { start = \"2022-01-31\"; days = 1e9; };\n"
                 "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS,
                 "horizon.days must be <= 10000 (got 1000000000)");
    expect_error("name = \"x\"; horizon = { start = \"2022-01-31\"; duration = 1e308; };\n"
                 "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS,
                 "horizon.duration must be <= 1000000000 s");
    expect_error("name = \"x\"; horizon = { start = \"2022-01-31\"; duration = \"1e400s\"; };\n"
                 "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS,
                 "horizon.duration is not a duration");
    expect_error("name = \"x\"; horizon = { start = \"2022-01-31\"; days = 1e999; };\n"
                 "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS,
                 "horizon.days must be a finite number (got inf)");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
                           "supply = { seats = 4294967297; agents = 1; };\n",
                 "t.cfg:6: integer 4294967297 is out of range (at most 2147483647");
    expect_error(
        BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
                  "supply = { seats = 99999999999999999999L; agents = 1; };\n",
        "t.cfg:6: integer 99999999999999999999 is out of range (at most 9223372036854775807");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
                           "supply = { seats = 100001; agents = 1; };\n",
                 "supply.seats must be <= 100000 (got 100001)");
    expect_error(
        BASE_HEAD
        "demand = { rate = 1;\n  categories = ( { name = \"c\";\n"
        "    handle = { dist = \"lognormal\"; mean = 1e-300; sd = 1e8; }; } );\n};\n" AGENTS,
        "demand.categories.[0].handle has parameters too extreme to sample from");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS "seed = -1;\n",
                 "t.cfg:7: seed must be >= 0 (got -1)");
    expect_error("name = \"x\"; interval = 1; horizon = { start = \"2022-01-31\"; days = 3; };\n"
                 "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS,
                 "horizon has 259200 intervals of 1 s, at most 200000 are allowed");
}

static void misc_errors(void)
{
    expect_error("@include \"/etc/passwd\"\n" BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY
                 "};\n" AGENTS,
                 "t.cfg:1: @include is not supported");
    expect_error(BASE_HEAD "demand = { rate = 1; profile = [1];\n" ONE_CATEGORY "};\n" AGENTS,
                 "demand.profile is only used with calls_per_day or daily");
    expect_error(BASE_HEAD "demand = { calls_per_day = 10;\n" ONE_CATEGORY "};\n" AGENTS,
                 "t.cfg:3: demand.profile is required with calls_per_day or daily");
    expect_error(BASE_HEAD "demand = { rate = 1; calls_per_day = 10;\n" ONE_CATEGORY "};\n" AGENTS,
                 "demand takes one of rate, calls_per_day or daily (got 2 of them)");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n"
                           "supply = { seats = 4; agents = 3; shifts = (); };\n",
                 "supply takes one of agents, shifts or schedule");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                           "routing = { policy = \"fcfs\"; plugin = \"x.so\"; };\n",
                 "routing takes one of policy, plugin or external (got 2)");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                           "routing = { policy = \"fcsf\"; };\n",
                 "routing.policy names an unknown policy \"fcsf\" (built-in: fcfs");
    expect_error(BASE_HEAD
                 "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                 "surges = ( { start = \"2022-01-31\"; factor = 2; categories = [\"d\"]; } );\n",
                 "t.cfg:7: surges.[0].categories.[0] names an unknown category 'd'");
    expect_error(BASE_HEAD "demand = { rate = 1;\n categorys = ();\n" ONE_CATEGORY "};\n" AGENTS,
                 "t.cfg:4: unknown key 'demand.categorys' (did you mean 'categories'?)");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                           "targets = { service_level = 0; };\n",
                 "targets.service_level must be in (0, 1] (got 0)");
    /* 0 cannot be planned for: Erlang A reaches it only by underflow */
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                           "targets = { max_abandon = 0; };\n",
                 "t.cfg:7: targets.max_abandon must be in (0, 1] (got 0)");
    expect_error(BASE_HEAD "demand = { rate = 1;\n" ONE_CATEGORY "};\n" AGENTS
                           "targets = { max_asa = 0; };\n",
                 "t.cfg:7: targets.max_asa must be > 0 s (got 0)");
    expect_error(BASE_HEAD
                 "demand = { rate = 1;\n  categories = ( { name = \"c\";\n"
                 "    handle = { dist = \"constant\"; value = 0; };\n"
                 "    reconnect = { probability = 1.0;\n"
                 "      delay = { dist = \"constant\"; value = 0; }; }; } );\n};\n" AGENTS,
                 "t.cfg:6: demand.categories.[0].reconnect.probability must be below 1");
}

static void io_errors(void)
{
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    CHECK_INT_EQ(cs_scenario_load("/nonexistent/x.cfg", NULL, 0, &m, &err), CS_EIO);
    CHECK(m == NULL);
    CHECK(strstr(err.msg, "/nonexistent/x.cfg: cannot open: No such file or directory") != NULL);
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_scenario_load(SCENARIO_DIR, NULL, 0, &m, &err), CS_EIO);
    CHECK(strstr(err.msg, "cannot read") != NULL);
    CHECK_INT_EQ(cs_scenario_load_string(NULL, "x", NULL, 0, &m, NULL), CS_EINVAL);
}

static void summary_of_file(void)
{
    /* the path, not just the text, is kept in the model */
    cs_model *m = load_file("good/minimal.cfg");
    CHECK(strstr(m->source, "good/minimal.cfg") != NULL);
    CHECK_STR_EQ(m->name, "minimal");
    cs_model_free(m);
}

static const check_case cases[] = {
    {"defaults", defaults},
    {"dists", dists},
    {"durations", durations},
    {"partial_days", partial_days},
    {"daily_demand", daily_demand},
    {"count_by_date", count_by_date},
    {"count_by_date_day_before", count_by_date_day_before},
    {"night_breaks", night_breaks},
    {"profiles_48_96", profiles_48_96},
    {"skills_and_agents", skills_and_agents},
    {"routing_variants", routing_variants},
    {"set_replace_type", set_replace_type},
    {"set_create", set_create},
    {"set_routing_choice", set_routing_choice},
    {"set_list_index", set_list_index},
    {"set_bare_words", set_bare_words},
    {"set_unknown_path", set_unknown_path},
    {"set_diagnostics", set_diagnostics},
    {"errors_collected", errors_collected},
    {"error_lines", error_lines},
    {"limits", limits},
    {"misc_errors", misc_errors},
    {"io_errors", io_errors},
    {"summary_of_file", summary_of_file},
};

CHECK_MAIN(cases)
