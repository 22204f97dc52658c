/* test_requirement.c — the analytic requirement per interval against the staffing search
 * applied by hand: a stationary scenario needs the same n in every interval; the category
 * mix combines as documented; a quiet hour needs nobody; a surge raises the requirement. */
#include "load.h"

#include "callsim/plan.h"
#include "callsim/scenario.h"

#include <math.h>
#include <stdlib.h>

static cs_model *load(const char *text)
{
    return check_load_text(text, "req.cfg", NULL, 0);
}

static int *requirement(const cs_model *m)
{
    int *req = calloc(cs_model_interval_count(m), sizeof *req);
    CHECK(req != NULL);
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_plan_requirement_analytic(m, req, &err), CS_OK);
    return req;
}

static const cs_plan_targets targets = {20, 0.8, 0.05, 30};

/* 900 calls/h, handle 240 s + wrap-up 60 s, patience 300 s: 75 Erlangs every interval. */
static void stationary(void)
{
    cs_model *m = load("name = \"s\"; interval = 1800;\n"
                       "horizon = { start = \"2022-02-07\"; days = 1; };\n"
                       "targets = { answer_within = 20; service_level = 0.8; max_abandon = 0.05;"
                       " max_asa = 30; };\n"
                       "demand = { rate = 900; categories = ( { name = \"a\";\n"
                       "  handle = { dist = \"exponential\"; mean = 240; };\n"
                       "  wrapup = { dist = \"constant\"; value = 60; };\n"
                       "  patience = { dist = \"exponential\"; mean = 300; }; } ); };\n"
                       "supply = { seats = 200; agents = 100; };\n");
    int n = 0;
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_staffing_min(75.0, 300, 300, &targets, &n, &err), CS_OK);
    int *req = requirement(m);
    for (size_t i = 0; i < cs_model_interval_count(m); i++)
        CHECK_INT_EQ(req[i], n);
    printf("75 Erlangs, SL 80/20, abandon <= 5 %%, ASA <= 30 s: %d agents\n", n);
    free(req);
    cs_model_free(m);
}

/* Two categories: 600/h of (200 + 40) s with patience 180 s, 300/h of 420 s without
 * patience. Load 40 + 35 Erlangs; service 75 * 3600 / 900 s; abandonment rate
 * (600/3600) / 180 per s of the combined arrivals. */
static void mix_combined(void)
{
    cs_model *m = load("name = \"mix\"; interval = 3600;\n"
                       "horizon = { start = \"2022-02-07\"; days = 1; };\n"
                       "targets = { answer_within = 20; service_level = 0.8; };\n"
                       "demand = { rate = 900; categories = (\n"
                       "  { name = \"a\"; share = 0.6666666666666666;\n"
                       "    handle = { dist = \"lognormal\"; mean = 200; sd = 150; };\n"
                       "    wrapup = { dist = \"constant\"; value = 40; };\n"
                       "    patience = { dist = \"exponential\"; mean = 180; }; },\n"
                       "  { name = \"b\"; share = 0.3333333333333334;\n"
                       "    handle = { dist = \"gamma\"; mean = 420; sd = 200; }; } ); };\n"
                       "supply = { seats = 200; agents = 100; };\n");
    double lambda = 900.0 / 3600, load = 75.0, theta = (600.0 / 3600) / 180;
    cs_plan_targets t = {20, 0.8, -1, -1};
    int n = 0;
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_staffing_min(load, load / lambda, lambda / theta, &t, &n, &err), CS_OK);
    int *req = requirement(m);
    CHECK_INT_EQ(req[0], n);
    CHECK_INT_EQ(req[23], n);
    free(req);
    cs_model_free(m);
}

/* A profile with quiet hours and a surge: nobody for no calls, more in the surge. */
static void profile_and_surge(void)
{
    const char *base = "name = \"p\"; interval = 3600;\n"
                       "horizon = { start = \"2022-02-07\"; days = 1; };\n"
                       "targets = { answer_within = 20; service_level = 0.8; };\n"
                       "demand = { calls_per_day = 4800;\n"
                       "  profile = [0,0,0,0,0,0,0,0,1,2,2,1,1,1,1,1,1,1,0,0,0,0,0,0];\n"
                       "  categories = ( { name = \"a\";\n"
                       "    handle = { dist = \"exponential\"; mean = 300; }; } ); };\n"
                       "supply = { seats = 200; agents = 100; };\n";
    char text[2048];
    snprintf(text,
             sizeof text,
             "%ssurges = ( { start = \"2022-02-07 14:00\"; factor = 2.0; duration = \"1h\"; } );\n",
             base);
    cs_model *m = load(base), *ms = load(text);
    int *req = requirement(m), *reqs = requirement(ms);
    for (int h = 0; h < 8; h++)
        CHECK_INT_EQ(req[h], 0);
    CHECK(req[9] > req[8]);     /* twice the calls */
    CHECK(req[9] < 2 * req[8]); /* economies of scale */
    CHECK_INT_EQ(req[10], req[9]);
    CHECK(reqs[14] > req[14]); /* the surge hour */
    CHECK_INT_EQ(reqs[13], req[13]);
    CHECK_INT_EQ(reqs[15], req[15]);
    /* the weights sum to 12: 4800 * 2/12 = 800 calls in hour 9 of 300 s, 66.7 Erlangs */
    int n = 0;
    cs_err err;
    cs_err_clear(&err);
    cs_plan_targets t = {20, 0.8, -1, -1};
    CHECK_INT_EQ(cs_staffing_min(4800.0 * 2 / 12 * 300 / 3600, 300, INFINITY, &t, &n, &err), CS_OK);
    CHECK_INT_EQ(req[9], n);
    free(req);
    free(reqs);
    cs_model_free(m);
    cs_model_free(ms);
}

/* Stationary M/M/n and M/M/n+M: the simulated requirement is within one agent of the
 * exact minimal staffing (the analytic requirement, itself checked against tests/exact),
 * in every interval after the warm-up, and meets the targets. The search starts at the
 * exact figure and only goes up, so this catches a simulation that serves worse than the
 * queue it models (the validation suite checks both directions). Fixed seeds; common
 * random numbers across rounds. */
static void simulated_within_one(void)
{
    static const struct {
        double rate_per_h, handle_s, patience_s; /* patience 0: none */
        const char *targets;
        int reps;
    } cases[] = {
        {900, 300, 0, "service_level = 0.8;", 40},
        {240, 180, 0, "service_level = 0.8; max_asa = 30;", 40},
        /* 250 Erlangs at 96 % occupancy: one agent moves an hour's service level by only
         * 0.03 while one replication's swings by 0.2, so "within one" needs the interval's
         * mean to +-0.01: four times the replications of the other cases */
        {3000, 300, 0, "service_level = 0.8;", 160},
        {900, 300, 300, "max_abandon = 0.05;", 40},
        {120, 600, 120, "service_level = 0.8; max_abandon = 0.05;", 40},
        {2000, 240, 600, "service_level = 0.9; max_asa = 10;", 40},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char patience[128] = "";
        if (cases[k].patience_s > 0)
            snprintf(patience,
                     sizeof patience,
                     "patience = { dist = \"exponential\"; mean = %g; };",
                     cases[k].patience_s);
        char text[1024];
        snprintf(text,
                 sizeof text,
                 "name = \"stationary %zu\"; seed = %zu; interval = 3600;\n"
                 "horizon = { start = \"2022-02-07\"; duration = 36000; warmup = 7200; };\n"
                 "targets = { answer_within = 20; %s };\n"
                 "demand = { rate = %g; categories = ( { name = \"a\";\n"
                 "  handle = { dist = \"exponential\"; mean = %g; }; %s } ); };\n"
                 "supply = { seats = 400; agents = 1; };\n",
                 k,
                 2385 + k,
                 cases[k].targets,
                 cases[k].rate_per_h,
                 cases[k].handle_s,
                 patience);
        cs_model *m = load(text);
        int *analytic = requirement(m);
        size_t n = cs_model_interval_count(m);
        cs_plan_interval *out = calloc(n, sizeof *out);
        CHECK(out != NULL);
        cs_plan_sim_opts o = {.replications = cases[k].reps, .threads = 2, .max_rounds = 16};
        int rounds = 0;
        cs_err err;
        cs_err_clear(&err);
        CHECK_INT_EQ(cs_plan_requirement_simulated(m, analytic, &o, out, &rounds, &err), CS_OK);
        printf("case %zu (seed %zu): exact %d;", k, (size_t)2385 + k, analytic[2]);
        for (size_t i = 2; i < n; i++) {
            printf(" %d", out[i].required);
            CHECK(abs(out[i].required - analytic[i]) <= 1);
            CHECK(out[i].meets_targets);
        }
        printf(" (%d rounds)\n", rounds);
        free(out);
        free(analytic);
        cs_model_free(m);
    }
}

static const check_case cases[] = {
    {"simulated_within_one", simulated_within_one},
    {"stationary", stationary},
    {"mix_combined", mix_combined},
    {"profile_and_surge", profile_and_surge},
};
CHECK_MAIN(cases)
