/* test_route_sim.c — the built-in policies inside whole replications: every attempt is
 * accounted for and no decision is refused (the Hangzhou surge scenario, every policy);
 * overflow keeps generalists back for `after`; reservation protects the urgent category;
 * the tick is scheduled only for a router that has one; decisions are timed on request. */
#include "load.h"

#include "callsim/runner.h"
#include "callsim/scenario.h"
#include "callsim/sim.h"
#include "callsim/stats.h"

#include <stdint.h>
#include <stdlib.h>

static cs_model *load_text(const char *text, const char *const *sets, size_t n)
{
    return check_load_text(text, "test.cfg", sets, n);
}

/* ---- accounting: offered = answered + abandoned + waiting at the end ---- */

typedef struct count {
    uint64_t arrived, answered, abandoned, done;
} count;

static void c_arrived(void *ud, double now, const cs_call_info *c)
{
    (void)now;
    (void)c;
    ((count *)ud)->arrived++;
}
static void c_answered(void *ud, double now, const cs_call_info *c, uint32_t a)
{
    (void)now;
    (void)c;
    (void)a;
    ((count *)ud)->answered++;
}
static void c_abandoned(void *ud, double now, const cs_call_info *c)
{
    (void)now;
    (void)c;
    ((count *)ud)->abandoned++;
}
static void c_done(void *ud, double now, const cs_call_info *c, uint32_t a)
{
    (void)now;
    (void)c;
    (void)a;
    ((count *)ud)->done++;
}

static void hangzhou_with(const char *policy)
{
    char set[64];
    snprintf(set, sizeof set, "routing.policy=\"%s\"", policy);
    const char *sets[] = {set};
    cs_model *m = check_load_file(SCENARIO_DIR "/hangzhou-12345-2022.cfg", sets, 1);
    cs_err err;
    cs_err_clear(&err);
    cs_sim *s = cs_sim_new(m, 0, &err);
    CHECK(s != NULL);
    count k = {0};
    cs_observer obs = {.ud = &k,
                       .call_arrived = c_arrived,
                       .call_answered = c_answered,
                       .call_abandoned = c_abandoned,
                       .call_done = c_done};
    CHECK_INT_EQ(cs_sim_observe(s, &obs, &err), 0);
    CHECK_INT_EQ(cs_sim_run(s, &err), 0);
    cs_snapshot snap;
    cs_sim_snapshot(s, &snap);
    cs_route_stats rs;
    cs_sim_route_stats(s, &rs);
    printf("%s: offered %llu answered %llu abandoned %llu waiting %d in service %llu\n",
           policy,
           (unsigned long long)k.arrived,
           (unsigned long long)k.answered,
           (unsigned long long)k.abandoned,
           snap.waiting,
           (unsigned long long)(k.answered - k.done));
    CHECK(k.arrived > 200000); /* three weeks of the surge: everything ran */
    CHECK_INT_EQ(k.arrived, k.answered + k.abandoned + (uint64_t)snap.waiting);
    CHECK_INT_EQ(cs_sim_calls_in_system(s), (uint64_t)snap.waiting + (k.answered - k.done));
    CHECK_INT_EQ(rs.decisions, k.answered);
    CHECK_INT_EQ(rs.invalid_call, 0);
    CHECK_INT_EQ(rs.invalid_agent, 0);
    CHECK_INT_EQ(rs.invalid_skill, 0);
    CHECK_INT_EQ(rs.router_errors, 0);
    cs_sim_free(s);
    cs_model_free(m);
}

static void hangzhou_fcfs(void)
{
    hangzhou_with("fcfs");
}
static void hangzhou_priority(void)
{
    hangzhou_with("priority");
}
static void hangzhou_overflow(void)
{
    hangzhou_with("overflow");
}
static void hangzhou_reserve(void)
{
    hangzhou_with("reserve");
}
static void hangzhou_round_robin(void)
{
    hangzhou_with("round-robin");
}
static void hangzhou_least_occupied(void)
{
    hangzhou_with("least-occupied");
}

/* ---- a two-skill hotline: general calls have specialists (the late shift) ---- */

static const char *skills_scenario =
    "name = \"skills\";\n"
    "seed = 77; replications = 4; interval = 1800;\n"
    "horizon = { start = \"2022-02-07\"; days = 2; };\n"
    "demand = {\n"
    "  calls_per_day = 3000;\n"
    "  profile = [1,1,1,1,1,1,2,4,8,9,9,8,6,6,8,8,7,6,4,4,3,3,2,1];\n"
    "  categories = (\n"
    "    { name = \"urgent\"; share = 0.3; priority = 0; skill = \"medical\";\n"
    "      handle = { dist = \"lognormal\"; mean = 420; sd = 300; };\n"
    "      patience = { dist = \"exponential\"; mean = 240; }; },\n"
    "    { name = \"general\"; share = 0.7; priority = 2; skill = \"general\";\n"
    "      handle = { dist = \"exponential\"; mean = 240; };\n"
    "      patience = { dist = \"exponential\"; mean = 300; }; }\n"
    "  );\n"
    "};\n"
    "supply = {\n"
    "  seats = 40;\n"
    "  shifts = (\n"
    "    { name = \"day\"; start = \"08:00\"; length = \"9h\"; count = 18;\n"
    "      skills = [\"general\", \"medical\"]; },\n"
    "    { name = \"late\"; start = \"14:00\"; length = \"10h\"; count = 10; skills = "
    "[\"general\"]; },\n"
    "    { name = \"night\"; start = \"22:00\"; length = \"10h\"; count = 4;\n"
    "      skills = [\"general\", \"medical\"]; }\n"
    "  );\n"
    "};\n"
    "routing = { overflow = { after = \"60s\"; step = \"60s\"; };\n"
    "            reserve = { agents = 3; categories = [\"urgent\"]; }; };\n";

/* Agents of the "late" shift: ids 18 .. 27 (shift members are numbered shift by shift). */
static bool is_specialist(uint32_t a)
{
    return a >= 18 && a < 28;
}

typedef struct ov {
    uint64_t general_to_generalist, general_to_specialist, too_early;
    double first_specialist_s; /* first time a specialist was idle */
} ov;

static void ov_answered(void *ud, double now, const cs_call_info *c, uint32_t a)
{
    ov *o = ud;
    if (c->category != 1)
        return;
    if (is_specialist(a)) {
        o->general_to_specialist++;
        return;
    }
    o->general_to_generalist++;
    /* Once a specialist has been seen, generalists get general calls after 60 s only. */
    if (c->arrived_s > o->first_specialist_s && now - c->arrived_s < 60 - 1e-9)
        o->too_early++;
}

static void ov_agent(void *ud, double now, uint32_t a, cs_agent_state from, cs_agent_state to)
{
    (void)from;
    ov *o = ud;
    if (to == CS_AGENT_IDLE && is_specialist(a) && now < o->first_specialist_s)
        o->first_specialist_s = now;
}

static void overflow_holds_generalists(void)
{
    const char *sets[] = {"routing.policy=\"overflow\""};
    cs_model *m = load_text(skills_scenario, sets, 1);
    CHECK_NEAR(m->routing.tick_s, 1, 0); /* the default tick of overflow */
    CHECK_STR_EQ(m->routing.config, "after=60;step=60");
    for (unsigned rep = 0; rep < 2; rep++) {
        cs_err err;
        cs_err_clear(&err);
        cs_sim *s = cs_sim_new(m, rep, &err);
        CHECK(s != NULL);
        ov o = {.first_specialist_s = 1e300};
        cs_observer obs = {.ud = &o, .call_answered = ov_answered, .agent_changed = ov_agent};
        CHECK_INT_EQ(cs_sim_observe(s, &obs, &err), 0);
        CHECK_INT_EQ(cs_sim_run(s, &err), 0);
        cs_route_stats rs;
        cs_sim_route_stats(s, &rs);
        printf("rep %u: general calls to specialists %llu, to generalists %llu (after 60 s)\n",
               rep,
               (unsigned long long)o.general_to_specialist,
               (unsigned long long)o.general_to_generalist);
        CHECK_NEAR(o.first_specialist_s, 14 * 3600.0, 0);
        CHECK_INT_EQ(o.too_early, 0);
        CHECK(o.general_to_specialist > 1000);
        CHECK(o.general_to_generalist > 100); /* overflow does happen */
        CHECK_INT_EQ(rs.invalid_call + rs.invalid_agent + rs.invalid_skill + rs.router_errors, 0);
        cs_sim_free(s);
    }
    cs_model_free(m);
}

/* The scenario's routing options become the policy's config text and tick. */
static void options_from_scenario(void)
{
    const char *reserve[] = {"routing.policy=\"reserve\""};
    cs_model *m = load_text(skills_scenario, reserve, 1);
    CHECK_STR_EQ(m->routing.config, "agents=3;urgent=0");
    CHECK_NEAR(m->routing.tick_s, 0, 0);
    cs_model_free(m);
    const char *plain[] = {"routing.policy=\"priority\""};
    m = load_text(skills_scenario, plain, 1);
    CHECK(m->routing.config == NULL);
    cs_model_free(m);
    const char *ticked[] = {"routing.policy=\"overflow\"",
                            "routing.tick=\"5s\"",
                            "routing.overflow={ step = \"2m\"; }"};
    m = load_text(skills_scenario, ticked, 3);
    CHECK_STR_EQ(m->routing.config, "after=20;step=120");
    CHECK_NEAR(m->routing.tick_s, 5, 0);
    cs_model_free(m);
}

/* KPIs of `policy` on the skills scenario, 4 replications. */
static cs_summary *summary_of(const char *policy, cs_model **m)
{
    char set[64];
    snprintf(set, sizeof set, "routing.policy=\"%s\"", policy);
    const char *sets[] = {set};
    *m = load_text(skills_scenario, sets, 1);
    cs_run_opts ro = {.replications = 4, .threads = 1};
    cs_err err;
    cs_err_clear(&err);
    cs_results *res = cs_run(*m, &ro, &err);
    CHECK(res != NULL);
    cs_summary *s = cs_summary_new(*m, res->reps, res->n, &err);
    CHECK(s != NULL);
    cs_results_free(res);
    return s;
}

/* Keeping 3 urgent-capable agents free cuts the urgent category's waiting, at a cost to
 * the general one; judged on the 95 % CIs of the same callers (fixed seed). */
static void reserve_protects_urgent(void)
{
    cs_model *mp, *mr;
    cs_summary *p = summary_of("priority", &mp), *r = summary_of("reserve", &mr);
    const cs_estimate *asa_p = &p->categories[0].v[CS_KPI_asa_s];
    const cs_estimate *asa_r = &r->categories[0].v[CS_KPI_asa_s];
    printf("urgent ASA: priority %.2f +/- %.2f s, reserve %.2f +/- %.2f s\n",
           asa_p->mean,
           asa_p->ci95,
           asa_r->mean,
           asa_r->ci95);
    CHECK(asa_r->mean + asa_r->ci95 < asa_p->mean - asa_p->ci95);
    CHECK(r->categories[1].v[CS_KPI_asa_s].mean > p->categories[1].v[CS_KPI_asa_s].mean);
    /* per-priority KPIs: one group per category here, in priority order */
    CHECK_INT_EQ(r->n_priorities, 2);
    CHECK_INT_EQ(r->priority_values[0], 0);
    CHECK_INT_EQ(r->priority_values[1], 2);
    CHECK_NEAR(r->priorities[1].v[CS_KPI_offered].mean, r->categories[1].v[CS_KPI_offered].mean, 0);
    CHECK(r->priority_max_wait_s[1].mean >= r->categories[1].v[CS_KPI_asa_s].mean);
    cs_summary_free(p);
    cs_summary_free(r);
    cs_model_free(mp);
    cs_model_free(mr);
}

/* Least-occupied spreads occupancy more evenly over agents than longest-idle. */
static void least_occupied_is_fairer(void)
{
    cs_model *mp, *ml;
    cs_summary *p = summary_of("priority", &mp), *l = summary_of("least-occupied", &ml);
    const cs_estimate *cp = &p->fairness.occupancy_cv, *cl = &l->fairness.occupancy_cv;
    printf("occupancy CV: priority %.4f +/- %.4f, least-occupied %.4f +/- %.4f\n",
           cp->mean,
           cp->ci95,
           cl->mean,
           cl->ci95);
    CHECK(cl->mean + cl->ci95 < cp->mean - cp->ci95);
    CHECK(l->fairness.occupancy_min.mean <= l->fairness.occupancy_max.mean);
    cs_summary_free(p);
    cs_summary_free(l);
    cs_model_free(mp);
    cs_model_free(ml);
}

/* ---- the tick ---- */

static uint64_t events_of(const char *policy, const char *tick)
{
    char p[64], t[64];
    snprintf(p, sizeof p, "routing.policy=\"%s\"", policy);
    snprintf(t, sizeof t, "routing.tick=%s", tick);
    const char *sets[] = {p, t, "horizon.days=1"};
    cs_model *m = check_load_file(SCENARIO_DIR "/hangzhou-12345-2022.cfg", sets, 3);
    cs_err err;
    cs_err_clear(&err);
    cs_sim *s = cs_sim_new(m, 0, &err);
    CHECK(s != NULL);
    CHECK_INT_EQ(cs_sim_run(s, &err), 0);
    uint64_t n = cs_sim_event_count(s);
    cs_sim_free(s);
    cs_model_free(m);
    return n;
}

/* One skill: overflow decides as priority does, so the ticks are the only difference in
 * events (one every tick_s, strictly inside the horizon); a router without tick() gets
 * none whatever routing.tick says. */
static void tick_scheduled(void)
{
    uint64_t quiet = events_of("overflow", "0"), ticking = events_of("overflow", "\"10s\"");
    CHECK_INT_EQ(ticking - quiet, 86400 / 10 - 1);
    CHECK_INT_EQ(events_of("priority", "\"10s\""), events_of("priority", "0"));
    CHECK_INT_EQ(events_of("priority", "0"), quiet);
}

/* ---- decision latency ---- */

static void latency_timed_on_request(void)
{
    const char *sets[] = {"horizon.days=1"};
    cs_model *m = check_load_file(SCENARIO_DIR "/hangzhou-12345-2022.cfg", sets, 1);
    cs_err err;
    cs_err_clear(&err);
    cs_latency l;
    for (int timed = 0; timed < 2; timed++) {
        cs_sim *s = cs_sim_new(m, 0, &err);
        CHECK(s != NULL);
        if (timed)
            CHECK_INT_EQ(cs_sim_time_decisions(s, &err), 0);
        CHECK_INT_EQ(cs_sim_run(s, &err), 0);
        cs_sim_decision_latency(s, &l);
        cs_route_stats rs;
        cs_sim_route_stats(s, &rs);
        if (!timed) {
            CHECK_INT_EQ(l.count, 0);
            CHECK(isnan(cs_latency_quantile_us(&l, 0.5)));
        } else {
            /* at least one decide() per instant with an assignment */
            CHECK(l.count > 0 && l.count >= rs.decisions / 4);
            uint64_t in_buckets = 0;
            for (size_t i = 0; i < CS_LATENCY_BUCKETS; i++)
                in_buckets += l.bucket[i];
            CHECK_INT_EQ(in_buckets, l.count);
            double p50 = cs_latency_quantile_us(&l, 0.5), p99 = cs_latency_quantile_us(&l, 0.99);
            CHECK(p50 <= p99 && p99 <= 1e-3 * (double)l.max_ns);
        }
        cs_sim_free(s);
    }
    cs_model_free(m);
    /* quantiles of a known histogram: 1000 ns lies in [960, 1024), 3 ns is exact */
    cs_latency h = {0};
    h.count = 4;
    h.max_ns = 1000;
    h.bucket[3] = 3;
    h.bucket[8 * 7 + 7] = 1;
    CHECK_NEAR(cs_latency_quantile_us(&h, 0.5), 0.003, 1e-12);
    CHECK_NEAR(cs_latency_quantile_us(&h, 0.75), 0.003, 1e-12);
    CHECK_NEAR(cs_latency_quantile_us(&h, 0.99), 0.992, 1e-12);
    cs_latency sum = {0};
    cs_latency_add(&sum, &h);
    cs_latency_add(&sum, &h);
    CHECK_INT_EQ(sum.count, 8);
    CHECK_INT_EQ(sum.bucket[3], 6);
    CHECK_INT_EQ(sum.max_ns, 1000);
}

static const check_case cases[] = {
    {"hangzhou_fcfs", hangzhou_fcfs},
    {"hangzhou_priority", hangzhou_priority},
    {"hangzhou_overflow", hangzhou_overflow},
    {"hangzhou_reserve", hangzhou_reserve},
    {"hangzhou_round_robin", hangzhou_round_robin},
    {"hangzhou_least_occupied", hangzhou_least_occupied},
    {"overflow_holds_generalists", overflow_holds_generalists},
    {"options_from_scenario", options_from_scenario},
    {"reserve_protects_urgent", reserve_protects_urgent},
    {"least_occupied_is_fairer", least_occupied_is_fairer},
    {"tick_scheduled", tick_scheduled},
    {"latency_timed_on_request", latency_timed_on_request},
};

CHECK_MAIN(cases)
