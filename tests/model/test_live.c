/* test_live.c — the live view's changes to a running replication: agents added and sent
 * home, surges injected now, the next scheduled surge, and the call an agent serves. */
#include "load.h"

#include "callsim/scenario.h"
#include "callsim/sim.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Two categories, constant staffing, a scheduled surge on the second day. */
static const char *scenario_fmt =
    "name = \"live\";\n"
    "seed = 4711; interval = 1800;\n"
    "horizon = { start = \"2022-02-07\"; days = 3; };\n"
    "demand = {\n"
    "  rate = %g;\n"
    "  categories = (\n"
    "    { name = \"a\"; share = 0.35;\n"
    "      handle = { dist = \"constant\"; value = 300; };\n"
    "      wrapup = { dist = \"constant\"; value = 60; };\n"
    "      patience = { dist = \"exponential\"; mean = 180; };\n"
    "      redial = { probability = 0.4; delay = { dist = \"exponential\"; mean = 240; }; }; },\n"
    "    { name = \"b\"; share = 0.65;\n"
    "      handle = { dist = \"exponential\"; mean = 200; }; }\n"
    "  );\n"
    "};\n"
    "surges = ( { start = \"2022-02-08 10:00\"; factor = 1.8; duration = \"2h\"; } );\n"
    "supply = { seats = %d; agents = %d; };\n";

static cs_model *load(double rate_per_h, int seats, int agents)
{
    char text[2048];
    snprintf(text, sizeof text, scenario_fmt, rate_per_h, seats, agents);
    return check_load_text(text, "live.cfg", NULL, 0);
}

static cs_sim *start(const cs_model *m)
{
    cs_err err;
    cs_err_clear(&err);
    cs_sim *s = cs_sim_new(m, 0, &err);
    CHECK(s != NULL);
    return s;
}

static cs_snapshot at(cs_sim *s, double t)
{
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_sim_advance_to(s, t, &err), 0);
    cs_snapshot sn;
    cs_sim_snapshot(s, &sn);
    return sn;
}

/* Added agents log in at once up to the seats; the rest wait for a seat. */
static void add_agents_capped_at_seats(void)
{
    cs_model *m = load(20, 15, 10);
    cs_sim *s = start(m);
    cs_err err;
    cs_err_clear(&err);
    cs_snapshot sn = at(s, 3600);
    CHECK_INT_EQ(sn.logged_in, 10);
    uint32_t before = cs_sim_agent_count(s);
    CHECK_INT_EQ(cs_sim_add_agents(s, 3, &err), 0);
    CHECK_INT_EQ(cs_sim_agent_count(s), before + 3);
    sn = at(s, 3600); /* same instant: the log-ins run now */
    CHECK_INT_EQ(sn.logged_in, 13);
    CHECK_INT_EQ(cs_sim_add_agents(s, 5, &err), 0);
    sn = at(s, 3600.5);
    CHECK_INT_EQ(sn.logged_in, 15);
    CHECK_INT_EQ(sn.seat_wait, 3);
    /* sending three home takes those waiting for a seat first */
    CHECK_INT_EQ(cs_sim_remove_agents(s, 3, &err), 3);
    sn = at(s, 3601);
    CHECK_INT_EQ(sn.logged_in, 15);
    CHECK_INT_EQ(sn.seat_wait, 0);
    CHECK(cs_sim_add_agents(s, -1, &err) == CS_EINVAL);
    /* the added agents take calls: run on, everything still adds up */
    sn = at(s, 86400);
    CHECK_INT_EQ(sn.logged_in, 15);
    cs_sim_free(s);
    cs_model_free(m);
}

/* Agents sent home while talking finish the call and its write-up first. */
static void remove_agents_after_calls(void)
{
    cs_model *m = load(400, 30, 20); /* about 2x overload: everyone busy */
    cs_sim *s = start(m);
    cs_err err;
    cs_err_clear(&err);
    cs_snapshot sn = at(s, 7200);
    CHECK_INT_EQ(sn.logged_in, 20);
    CHECK(sn.idle == 0 && sn.waiting > 0);
    int busy = 0;
    cs_agent_call ac;
    for (uint32_t a = 0; a < cs_sim_agent_count(s); a++)
        if (cs_sim_agent_call(s, a, &ac)) {
            busy++;
            CHECK(ac.answered_s <= 7200 && ac.answered_s >= ac.arrived_s);
            CHECK_NEAR(ac.waited_s, ac.answered_s - ac.arrived_s, 1e-9);
            CHECK(ac.talk_end_s >= ac.answered_s && ac.wrapup_end_s >= ac.talk_end_s);
            CHECK(ac.category < 2);
        }
    CHECK_INT_EQ(busy, 20);
    CHECK_INT_EQ(cs_sim_remove_agents(s, 6, &err), 6);
    sn = at(s, 7200.001);
    CHECK_INT_EQ(sn.logged_in, 20); /* all are in a call: nobody leaves yet */
    /* the longest a call and its write-up can still run: category b's talk is
     * exponential, so wait until the logged-in count has fallen, and check it never
     * falls below 14 nor leaves before a call ends */
    double t = 7200.001;
    while (sn.logged_in > 14 && t < 7200 + 86400) {
        t += 60;
        sn = at(s, t);
        CHECK(sn.logged_in >= 14);
    }
    CHECK_INT_EQ(sn.logged_in, 14);
    printf("seed 4711: 6 of 20 busy agents sent home, all gone after %.0f s\n", t - 7200);
    CHECK(t - 7200 > 60); /* the constant 300 s talk of category a alone forbids at once */
    /* more than are on: only those on are sent */
    CHECK_INT_EQ(cs_sim_remove_agents(s, 100, &err), 14);
    sn = at(s, t + 86400);
    CHECK_INT_EQ(sn.logged_in, 0);
    cs_sim_free(s);
    cs_model_free(m);
}

typedef struct counts {
    double from, to;
    uint64_t by_cat[2];
    uint64_t arrived, fresh, answered, abandoned, done;
} counts;

static void on_arrived(void *ud, double now, const cs_call_info *c)
{
    counts *k = ud;
    k->arrived++;
    if (c->attempt == 1 && now >= k->from && now < k->to) {
        k->fresh++;
        k->by_cat[c->category]++;
    }
}

static void on_answered(void *ud, double now, const cs_call_info *c, uint32_t a)
{
    (void)now, (void)c, (void)a;
    ((counts *)ud)->answered++;
}

static void on_abandoned(void *ud, double now, const cs_call_info *c)
{
    (void)now, (void)c;
    ((counts *)ud)->abandoned++;
}

static void on_done(void *ud, double now, const cs_call_info *c, uint32_t a)
{
    (void)now, (void)c, (void)a;
    ((counts *)ud)->done++;
}

/* Fresh arrivals in [from, from + len) with a surge of `factor` injected at `from`. */
static void count_surged(const cs_model *m, double from, double len, double factor, counts *k)
{
    cs_err err;
    cs_err_clear(&err);
    cs_sim *s = start(m);
    *k = (counts){.from = from, .to = from + len};
    cs_observer o = {.ud = k,
                     .call_arrived = on_arrived,
                     .call_answered = on_answered,
                     .call_abandoned = on_abandoned,
                     .call_done = on_done};
    CHECK_INT_EQ(cs_sim_observe(s, &o, &err), 0);
    at(s, from);
    if (factor != 1)
        CHECK_INT_EQ(cs_sim_inject_surge(s, factor, len, &err), 0);
    /* uneven steps, then run to the end: every attempt is accounted for */
    for (double t = from; !cs_sim_is_done(s); t += 731.9) {
        at(s, t);
        cs_snapshot sn;
        cs_sim_snapshot(s, &sn);
        CHECK_INT_EQ(k->arrived, k->answered + k->abandoned + (uint64_t)sn.waiting);
        CHECK_INT_EQ(k->answered - k->done, cs_sim_calls_in_system(s) - (uint64_t)sn.waiting);
    }
    cs_sim_free(s);
}

/* An injected surge multiplies fresh arrivals by its factor, in every category, and spans
 * a scheduled surge correctly (the scenario's own 1.8x from 10:00 to 12:00 on day 2). */
static void inject_surge_raises_arrivals(void)
{
    cs_model *m = load(300, 60, 45);
    const double from = 86400 + 8 * 3600, len = 6 * 3600;
    const double factors[] = {2.0, 3.37};
    for (size_t i = 0; i < 2; i++) {
        counts k;
        count_surged(m, from, len, factors[i], &k);
        for (int c = 0; c < 2; c++) {
            double expect = factors[i] * cs_model_expected_calls(m, c, from, from + len);
            double z = ((double)k.by_cat[c] - expect) / sqrt(expect);
            printf("seed 4711: factor %.2f category %d: %llu fresh calls, expected %.1f (z %.2f)\n",
                   factors[i],
                   c,
                   (unsigned long long)k.by_cat[c],
                   expect,
                   z);
            CHECK(fabs(z) < 3.5); /* Poisson count: 99.95 % two-sided */
        }
    }
    /* without an injection the same window sees the model's own rate */
    counts k0;
    count_surged(m, from, len, 1, &k0);
    double expect0 = cs_model_expected_calls(m, -1, from, from + len);
    CHECK(fabs(((double)k0.fresh - expect0) / sqrt(expect0)) < 3.5);
    cs_model_free(m);
}

/* The next scheduled surge, bad arguments, and an injection past the horizon. */
static void next_surge_and_limits(void)
{
    cs_model *m = load(100, 20, 15);
    cs_sim *s = start(m);
    cs_err err;
    cs_err_clear(&err);
    double t = cs_sim_next_surge(s);
    CHECK_NEAR(t, 86400 + 10 * 3600, 1e-6);
    at(s, t);
    CHECK(isinf(cs_sim_next_surge(s)));
    CHECK(cs_sim_inject_surge(s, 0.5, 3600, &err) == CS_EINVAL);
    CHECK(cs_sim_inject_surge(s, 2, 0, &err) == CS_EINVAL);
    CHECK(cs_sim_remove_agents(s, -3, &err) == CS_EINVAL);
    CHECK_INT_EQ(cs_sim_inject_surge(s, 1, 3600, &err), 0);         /* no change */
    CHECK_INT_EQ(cs_sim_inject_surge(s, 2.5, 10 * 86400, &err), 0); /* clipped at the end */
    CHECK_INT_EQ(cs_sim_run(s, &err), 0);
    CHECK(cs_sim_is_done(s));
    cs_agent_call ac;
    CHECK(!cs_sim_agent_call(s, 100000, &ac));
    cs_sim_free(s);
    cs_model_free(m);
}

static const check_case cases[] = {
    {"add_agents_capped_at_seats", add_agents_capped_at_seats},
    {"remove_agents_after_calls", remove_agents_after_calls},
    {"inject_surge_raises_arrivals", inject_surge_raises_arrivals},
    {"next_surge_and_limits", next_surge_and_limits},
};

CHECK_MAIN(cases)
