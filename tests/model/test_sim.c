/* test_sim.c — invariants of one replication, checked by a tracing observer on a busy
 * scenario that exercises everything at once: shifts that overlap beyond the seats,
 * breaks in waves, a recall, surges, patience, redials, reconnects, wrap-up, priorities. */
#include "load.h"

#include "callsim/runner.h"
#include "callsim/scenario.h"
#include "callsim/sim.h"
#include "callsim/stats.h"
#include "core/rng.h"
#include "model/model_int.h"

#include <stdint.h>
#include <stdlib.h>

static const char *busy_scenario =
    "name = \"invariants\";\n"
    "seed = 2385; replications = 2; interval = 1800;\n"
    "horizon = { start = \"2022-02-07\"; days = 2; };\n"
    "targets = { answer_within = 20; };\n"
    "demand = {\n"
    "  calls_per_day = 3000;\n"
    "  profile = [1,1,1,1,1,1,2,4,8,9,9,8,6,6,8,8,7,6,4,4,3,3,2,1];\n"
    "  categories = (\n"
    "    { name = \"urgent\"; share = 0.3; priority = 0; skill = \"medical\";\n"
    "      handle = { dist = \"lognormal\"; mean = 420; sd = 300; };\n"
    "      wrapup = { dist = \"gamma\"; mean = 150; sd = 60; };\n"
    "      patience = { dist = \"exponential\"; mean = 240; };\n"
    "      redial = { probability = 0.8; delay = { dist = \"exponential\"; mean = 120; };\n"
    "                 decay = 0.9; max_attempts = 5; };\n"
    "      reconnect = { probability = 0.1; delay = { dist = \"constant\"; value = 3600; }; };\n"
    "      urgent_share = 0.3; },\n"
    "    { name = \"general\"; share = 0.7; priority = 2; skill = \"general\";\n"
    "      handle = { dist = \"weibull\"; shape = 1.3; scale = 200; };\n"
    "      wrapup = { dist = \"empirical\"; values = [30, 60, 90, 120]; };\n"
    "      patience = { dist = \"exponential\"; mean = 120; };\n"
    "      redial = { probability = 0.5; delay = { dist = \"exponential\"; mean = 300; }; }; }\n"
    "  );\n"
    "};\n"
    "surges = ( { start = \"2022-02-07 16:30\"; factor = 2.5; ramp = \"30m\"; duration = \"2h\";\n"
    "             decay = \"1h\"; } );\n"
    "supply = {\n"
    "  seats = 30;\n"
    "  shifts = (\n"
    "    { name = \"day\"; start = \"08:00\"; length = \"9h\"; count = 22;\n"
    "      skills = [\"general\", \"medical\"];\n"
    "      breaks = ( { start = \"11:30\"; length = \"1h\"; waves = 3; stagger = \"30m\"; } ); },\n"
    "    { name = \"late\"; start = \"14:00\"; length = \"9h\"; count = 14; skills = "
    "[\"general\"];\n"
    "      breaks = ( { start = \"18:00\"; length = \"45m\"; waves = 2; stagger = \"45m\"; } ); "
    "},\n"
    "    { name = \"night\"; start = \"22:00\"; length = \"10h\"; count = 4;\n"
    "      skills = [\"general\", \"medical\"];\n"
    "      breaks = ( { start = \"02:00\"; length = \"30m\"; } ); }\n"
    "  );\n"
    "  recalls = ( { at = \"2022-02-07 16:30\"; agents = 8; delay = \"30m\"; ramp = \"1h\";\n"
    "                length = \"4h\"; skills = [\"general\", \"medical\"]; } );\n"
    "};\n";

typedef struct trace {
    const cs_model *m;
    uint32_t n_agents;
    uint8_t *state;     /* agent state as last reported */
    uint32_t *holding;  /* call held by the agent, UINT32_MAX none */
    double *since;      /* when the agent entered its state */
    uint8_t *call_open; /* per call slot: 1 while an attempt is in the system */
    size_t n_slots;
    uint64_t arrived, answered, abandoned, done;
    int logged_in, max_logged_in;
    uint64_t breaks_started, breaks_deferred;
    double last_done_t;
    uint32_t last_done_agent;
    double *on_at; /* last time the agent came on shift (left OFF) */
    uint64_t shift_starts, recall_periods;
} trace;

static bool is_logged(uint8_t s)
{
    return s == CS_AGENT_IDLE || s == CS_AGENT_TALKING || s == CS_AGENT_AFTER_CALL;
}

static void slot_need(trace *t, uint32_t id)
{
    if (id < t->n_slots)
        return;
    size_t n = t->n_slots ? t->n_slots : 64;
    while (n <= id)
        n *= 2;
    t->call_open = realloc(t->call_open, n);
    CHECK(t->call_open != NULL);
    for (size_t i = t->n_slots; i < n; i++)
        t->call_open[i] = 0;
    t->n_slots = n;
}

static void tr_arrived(void *ud, double now, const cs_call_info *c)
{
    trace *t = ud;
    slot_need(t, c->id);
    CHECK(!t->call_open[c->id]); /* a slot carries one attempt at a time */
    CHECK(c->arrived_s == now);
    t->call_open[c->id] = 1;
    t->arrived++;
}

static void tr_answered(void *ud, double now, const cs_call_info *c, uint32_t a)
{
    trace *t = ud;
    (void)now;
    CHECK(t->call_open[c->id] == 1);
    t->call_open[c->id] = 2;
    CHECK(a < t->n_agents);
    CHECK(t->holding[a] == UINT32_MAX); /* no agent holds two calls */
    t->holding[a] = c->id;
    CHECK(c->wait_s >= 0);
    t->answered++;
}

static void tr_abandoned(void *ud, double now, const cs_call_info *c)
{
    trace *t = ud;
    (void)now;
    CHECK(t->call_open[c->id] == 1); /* only a waiting call can hang up */
    t->call_open[c->id] = 0;
    t->abandoned++;
}

static void tr_done(void *ud, double now, const cs_call_info *c, uint32_t a)
{
    trace *t = ud;
    CHECK(t->call_open[c->id] == 2);
    CHECK(t->holding[a] == c->id);
    t->call_open[c->id] = 0;
    t->holding[a] = UINT32_MAX;
    t->done++;
    t->last_done_t = now;
    t->last_done_agent = a;
}

static void tr_agent(void *ud, double now, uint32_t a, cs_agent_state from, cs_agent_state to)
{
    trace *t = ud;
    CHECK(a < t->n_agents);
    CHECK(t->state[a] == from);
    CHECK(from != to);
    /* Breaks and shift ends wait for the call and its write-up. */
    if (to == CS_AGENT_ON_BREAK || to == CS_AGENT_OFF) {
        CHECK(t->holding[a] == UINT32_MAX); /* call_done came first */
    }
    if (to == CS_AGENT_ON_BREAK) {
        t->breaks_started++;
        if (t->last_done_agent == a && t->last_done_t == now)
            t->breaks_deferred++;
    }
    /* Who the agent is: shift members by shift, then recalled staff (agent ids follow the
     * model: constant staff, each shift's members, each recall's agents). */
    uint32_t first = (uint32_t)t->m->supply.agents;
    const cs_shift *sh = NULL;
    for (size_t k = 0; k < t->m->supply.n_shifts; k++) {
        if (a >= first && a < first + (uint32_t)t->m->supply.shifts[k].max_count)
            sh = &t->m->supply.shifts[k];
        first += (uint32_t)t->m->supply.shifts[k].max_count;
    }
    bool recalled = !sh && a >= first;
    const cs_recall *rc = recalled ? &t->m->supply.recalls[0] : NULL;
    if (from == CS_AGENT_OFF) {
        /* Coming on shift: exactly at the shift's clock time (or the horizon start for a
         * night shift already running), to the phones or to wait for a seat. */
        CHECK(to == CS_AGENT_IDLE || to == CS_AGENT_SEAT_WAIT);
        if (sh && now > 0) {
            double tod = fmod(now + t->m->start_tod_s, 86400.0);
            CHECK_NEAR(tod, sh->start_tod_s, 1e-6);
            t->shift_starts++;
        }
        if (rc) {
            CHECK(now >= rc->at_s + rc->delay_s - 1e-6);
            CHECK(now <= rc->at_s + rc->delay_s + rc->ramp_s + 1e-6);
        }
        t->on_at[a] = now;
    }
    if (to == CS_AGENT_OFF && rc) {
        /* A recalled agent stays its period, longer only to finish a call. */
        CHECK(now >= t->on_at[a] + rc->length_s - 1e-6);
        CHECK(now <= t->on_at[a] + rc->length_s + 4 * 3600);
        t->recall_periods++;
    }
    if (to == CS_AGENT_TALKING)
        CHECK(from == CS_AGENT_IDLE);
    if (to == CS_AGENT_AFTER_CALL)
        CHECK(from == CS_AGENT_TALKING);
    t->logged_in += is_logged(to) - is_logged(from);
    CHECK(t->logged_in >= 0);
    CHECK(t->logged_in <= t->m->supply.seats); /* seats are a hard cap */
    if (t->logged_in > t->max_logged_in)
        t->max_logged_in = t->logged_in;
    t->state[a] = (uint8_t)to;
    t->since[a] = now;
}

static cs_model *load(const char *text)
{
    return check_load_text(text, "test.cfg", NULL, 0);
}

/* Starts tracing replication s of m with t. */
static void trace_attach(trace *t, cs_sim *s, const cs_model *m)
{
    cs_err err;
    cs_err_clear(&err);
    memset(t, 0, sizeof *t);
    t->m = m;
    t->n_agents = cs_sim_agent_count(s);
    t->state = calloc(t->n_agents, 1);
    t->holding = malloc(t->n_agents * sizeof *t->holding);
    t->since = calloc(t->n_agents, sizeof *t->since);
    t->on_at = calloc(t->n_agents, sizeof *t->on_at);
    CHECK(t->state && t->holding && t->since && t->on_at);
    for (uint32_t a = 0; a < t->n_agents; a++)
        t->holding[a] = UINT32_MAX;
    cs_observer o = {.ud = t,
                     .call_arrived = tr_arrived,
                     .call_answered = tr_answered,
                     .call_abandoned = tr_abandoned,
                     .call_done = tr_done,
                     .agent_changed = tr_agent};
    CHECK_INT_EQ(cs_sim_observe(s, &o, &err), 0);
}

static void run_traced(trace *t, cs_model *m, unsigned rep)
{
    cs_err err;
    cs_err_clear(&err);
    cs_sim *s = cs_sim_new(m, rep, &err);
    CHECK(s != NULL);
    trace_attach(t, s, m);
    /* Advance in uneven steps, checking the snapshot against the trace as we go. */
    for (double at = 0; !cs_sim_is_done(s); at += 977.3) {
        CHECK_INT_EQ(cs_sim_advance_to(s, at, &err), 0);
        cs_snapshot sn;
        cs_sim_snapshot(s, &sn);
        CHECK_INT_EQ(sn.logged_in, t->logged_in);
        CHECK(sn.logged_in <= m->supply.seats);
        uint64_t open = 0, waiting = 0;
        for (size_t i = 0; i < t->n_slots; i++) {
            open += t->call_open[i] != 0;
            waiting += t->call_open[i] == 1;
        }
        CHECK_INT_EQ(waiting, (uint64_t)sn.waiting);
        CHECK_INT_EQ(open, cs_sim_calls_in_system(s));
    }
    /* Every attempt ended answered or abandoned, or is still in the system. */
    cs_snapshot sn;
    cs_sim_snapshot(s, &sn);
    CHECK_INT_EQ(t->arrived, t->answered + t->abandoned + (uint64_t)sn.waiting);
    CHECK_INT_EQ(t->answered - t->done, cs_sim_calls_in_system(s) - (uint64_t)sn.waiting);
    cs_sim_free(s);
}

static void trace_fini(trace *t)
{
    free(t->state);
    free(t->holding);
    free(t->since);
    free(t->on_at);
    free(t->call_open);
}

static void invariants(void)
{
    cs_model *m = load(busy_scenario);
    trace t;
    run_traced(&t, m, 0);
    printf("seed 2385: arrived %llu answered %llu abandoned %llu, max logged in %d of %d seats, "
           "%llu breaks (%llu deferred past a call)\n",
           (unsigned long long)t.arrived,
           (unsigned long long)t.answered,
           (unsigned long long)t.abandoned,
           t.max_logged_in,
           m->supply.seats,
           (unsigned long long)t.breaks_started,
           (unsigned long long)t.breaks_deferred);
    /* The scenario is built to exercise the rules, so they must have been exercised. */
    CHECK(t.abandoned > 0);
    CHECK(t.max_logged_in == m->supply.seats);
    CHECK(t.breaks_deferred > 0);
    CHECK(t.breaks_started > t.breaks_deferred);
    /* day 22 + late 14 + night 4 agents on 2 days, less the night shift clipped at the
     * start; all 8 recalled agents serve their period */
    CHECK(t.shift_starts >= 2 * (22 + 14) + 4);
    CHECK_INT_EQ(t.recall_periods, 8);
    trace_fini(&t);
    cs_model_free(m);
}

/* Same seed, same replication: the same trace, call for call. */
static void replication_is_a_value(void)
{
    cs_model *m = load(busy_scenario);
    trace a, b;
    run_traced(&a, m, 1);
    run_traced(&b, m, 1);
    CHECK_INT_EQ(a.arrived, b.arrived);
    CHECK_INT_EQ(a.answered, b.answered);
    CHECK_INT_EQ(a.abandoned, b.abandoned);
    CHECK_INT_EQ(a.breaks_started, b.breaks_started);
    trace c;
    run_traced(&c, m, 2);
    CHECK(a.arrived != c.arrived || a.answered != c.answered);
    trace_fini(&a);
    trace_fini(&b);
    trace_fini(&c);
    cs_model_free(m);
}

/* Bitwise equality of two estimates, field by field (padding is not compared; NaN equals
 * NaN). */
static int same_estimate(const cs_estimate *a, const cs_estimate *b)
{
    return memcmp(&a->mean, &b->mean, sizeof a->mean) == 0 &&
           memcmp(&a->ci95, &b->ci95, sizeof a->ci95) == 0 && a->n == b->n;
}

static void summary_of(cs_model *m, int threads, cs_summary **out, cs_results **res)
{
    cs_err err;
    cs_err_clear(&err);
    cs_run_opts o = {.replications = 5, .threads = threads};
    *res = cs_run(m, &o, &err);
    CHECK(*res != NULL);
    *out = cs_summary_new(m, (*res)->reps, (*res)->n, &err);
    CHECK(*out != NULL);
}

/* Identical estimates for any thread count; a different seed gives different ones. */
static void threads_deterministic(void)
{
    cs_model *m = load(busy_scenario);
    cs_summary *s1, *s2, *s3;
    cs_results *r1, *r2, *r3;
    summary_of(m, 1, &s1, &r1);
    summary_of(m, 2, &s2, &r2);
    for (int k = 0; k < CS_KPI_COUNT; k++) {
        CHECK(same_estimate(&s1->totals.v[k], &s2->totals.v[k]));
        for (size_t c = 0; c < m->n_categories; c++)
            CHECK(same_estimate(&s1->categories[c].v[k], &s2->categories[c].v[k]));
    }
    m->seed = 2386;
    summary_of(m, 2, &s3, &r3);
    CHECK(s3->totals.v[CS_KPI_offered].mean != s1->totals.v[CS_KPI_offered].mean);
    cs_summary_free(s1);
    cs_summary_free(s2);
    cs_summary_free(s3);
    cs_results_free(r1);
    cs_results_free(r2);
    cs_results_free(r3);
    cs_model_free(m);
}

/* Arrivals follow the day's volume and profile: expected fresh calls per profile bin. */
static void arrivals_follow_profile(void)
{
    const char *text = "name = \"profile\"; seed = 11; replications = 20; interval = 3600;\n"
                       "horizon = { start = \"2022-02-07\"; days = 1; };\n"
                       "demand = { calls_per_day = 2400;\n"
                       "  profile = [0,0,0,0,0,0,0,0,4,4,4,4,0,0,0,0,0,0,0,0,0,0,0,0];\n"
                       "  categories = ( { name = \"a\"; share = 0.25; handle = { dist = "
                       "\"constant\"; value = 1; }; },\n"
                       "                 { name = \"b\"; share = 0.75; handle = { dist = "
                       "\"constant\"; value = 1; }; } ); };\n"
                       "surges = ( { start = \"2022-02-07 10:00\"; categories = [\"b\"]; factor = "
                       "3; duration = \"1h\"; } );\n"
                       "supply = { seats = 50; agents = 50; };\n";
    cs_model *m = load(text);
    /* the scenario's 20 replications (summary_of runs 5), which the tolerance assumes */
    cs_err err;
    cs_err_clear(&err);
    cs_run_opts o = {.replications = 20, .threads = 2};
    cs_results *r = cs_run(m, &o, &err);
    CHECK(r != NULL && r->n == 20);
    cs_summary *s = cs_summary_new(m, r->reps, r->n, &err);
    CHECK(s != NULL);
    /* 600 calls/h from 08:00 to 12:00; b tripled 10:00-11:00. */
    for (size_t h = 0; h < 24; h++) {
        double a = s->cells[h * 2].v[CS_KPI_offered].mean;
        double b = s->cells[h * 2 + 1].v[CS_KPI_offered].mean;
        double ea = (h >= 8 && h < 12) ? 150 : 0;
        double eb = (h >= 8 && h < 12) ? (h == 10 ? 1350 : 450) : 0;
        /* 20 replications: the mean of Poisson counts has sd sqrt(e/20); allow 4 sd. */
        CHECK_NEAR(a, ea, 4 * sqrt(ea / 20) + 1e-9);
        CHECK_NEAR(b, eb, 4 * sqrt(eb / 20) + 1e-9);
    }
    cs_summary_free(s);
    cs_results_free(r);
    cs_model_free(m);
}

/* Agents logged in per interval is a time-average over the counted part of the interval:
 * constant staffing reads the same in every interval, also where the warm-up ends
 * mid-interval and in a last, partial interval. */
static void logged_in_time_average(void)
{
    const char *text =
        "name = \"avg\"; seed = 5; replications = 2; interval = 1800;\n"
        "horizon = { start = \"2022-02-07\"; duration = 18600; warmup = \"45m\"; };\n"
        "demand = { rate = 40; categories = ( { name = \"a\";\n"
        "  handle = { dist = \"exponential\"; mean = 240; }; } ); };\n"
        "supply = { seats = 12; agents = 10; };\n";
    cs_model *m = load(text);
    cs_summary *s;
    cs_results *r;
    summary_of(m, 2, &s, &r);
    CHECK_INT_EQ(s->first_interval, 1);
    for (size_t k = 0; k < s->n_intervals; k++)
        CHECK_NEAR(s->intervals[k].agents_logged_in.mean, 10, 1e-9);
    cs_summary_free(s);
    cs_results_free(r);
    cs_model_free(m);
}

/* Staffing by interval: in the middle of each interval exactly schedule[i] agents are on
 * the phones (calls last 100 s, so those leaving at a boundary are long gone), and the
 * seats, the call and write-up rules hold as for shifts. */
static void schedule_by_interval(void)
{
    cs_model *m = load("name = \"sched\"; seed = 77; interval = 1800;\n"
                       "horizon = { start = \"2022-02-07\"; days = 1; };\n"
                       "demand = { rate = 400; categories = ( { name = \"a\";\n"
                       "  handle = { dist = \"constant\"; value = 100; };\n"
                       "  patience = { dist = \"exponential\"; mean = 120; }; } ); };\n"
                       "supply = { seats = 20; agents = 1; };\n");
    size_t n = cs_model_interval_count(m);
    m->supply.agents = 0;
    m->supply.n_schedule = n;
    m->supply.schedule = calloc(n, sizeof *m->supply.schedule);
    CHECK(m->supply.schedule != NULL);
    for (size_t i = 0; i < n; i++) /* a ragged staffing: up and down, with empty intervals */
        m->supply.schedule[i] = (int)((i * 7) % 13 + (i % 5 == 0 ? 0 : 3 * (i % 2)));
    trace t;
    cs_err err;
    cs_err_clear(&err);
    cs_sim *s = cs_sim_new(m, 0, &err);
    CHECK(s != NULL);
    trace_attach(&t, s, m);
    for (size_t i = 0; i < n; i++) {
        CHECK_INT_EQ(cs_sim_advance_to(s, ((double)i + 0.5) * m->interval_s, &err), 0);
        cs_snapshot sn;
        cs_sim_snapshot(s, &sn);
        CHECK_INT_EQ(sn.logged_in, m->supply.schedule[i]);
    }
    CHECK(t.answered > 1000);
    trace_fini(&t);
    cs_sim_free(s);
    cs_model_free(m);
}

/* A stop request (Ctrl-C) ends the run with CS_EINTR and no results, never partial ones. */
static void stop_request(void)
{
    cs_model *m = load(busy_scenario);
    cs_err err;
    cs_err_clear(&err);
    volatile sig_atomic_t stop = 1;
    cs_run_opts o = {.replications = 3, .threads = 2, .stop = &stop};
    cs_results *r = cs_run(m, &o, &err);
    CHECK(r == NULL);
    CHECK_INT_EQ(err.code, CS_EINTR);
    cs_model_free(m);
}

/* Exponential draws (the inline sampler): the mean, and the probability mass in 64 bins
 * over [0, 8) and beyond 8, each within four standard errors of the exact value, on
 * 4,000,000 draws of a fixed seed. */
static void exponential_draws(void)
{
    gsl_rng *r = cs_rng_new(cs_rng_stream_seed(11, 0, 0, 0));
    CHECK(r != NULL);
    enum { N = 4000000, BINS = 64 };
    static unsigned long bin[BINS + 1];
    double sum = 0, mean = 2.5;
    for (int k = 0; k < N; k++) {
        double x = csi_exp_sample(r, mean) / mean;
        CHECK(x >= 0 && isfinite(x));
        sum += x;
        int b = (int)(x * (BINS / 8.0));
        bin[b < BINS ? b : BINS]++;
    }
    CHECK_NEAR(sum / N, 1.0, 4.0 / sqrt((double)N));
    for (int b = 0; b <= BINS; b++) {
        double lo = b * (8.0 / BINS), hi = b < BINS ? (b + 1) * (8.0 / BINS) : INFINITY;
        double p = exp(-lo) - exp(-hi);
        CHECK_NEAR((double)bin[b] / N, p, 4.0 * sqrt(p * (1 - p) / N) + 1e-9);
    }
    gsl_rng_free(r);
}

/* Runs r's decide at `now` and checks it made `n` assignments, the first (call, agent). */
static void
decided(const cs_router_vtable *vt, void *r, double now, size_t n, uint32_t call, uint32_t agent)
{
    cs_assignment items[8];
    cs_decisions d = {.items = items, .capacity = 8};
    CHECK_INT_EQ(vt->decide(r, now, &d), 0);
    CHECK_INT_EQ(d.count, n);
    if (n > 0) {
        CHECK_INT_EQ(items[0].call, call);
        CHECK_INT_EQ(items[0].agent, agent);
    }
}

/* The fcfs policy at single instants, through its vtable: the documented order (an agent
 * that frees up takes a call that arrives at the same instant, before an agent idle for
 * longer) whether an instant has one event or several, hang-ups and breaks within the
 * instant, and the oldest call and longest-idle agent otherwise. */
static void fcfs_instants(void)
{
    const cs_router_vtable *vt = cs_router_builtin("fcfs");
    CHECK(vt != NULL);
    int32_t prio = 0;
    uint32_t skill = 0;
    cs_router_host h = {.n_categories = 1, .priority = &prio, .skill = &skill, .n_skills = 1};
    void *r = NULL;
    CHECK_INT_EQ(vt->create(&h, &r), 0);
#define CALL(i_, t_) (&(cs_router_call){.id = (i_), .arrived_s = (t_)})
#define AGENT(i_, t_) (&(cs_router_agent){.id = (i_), .skills = 1, .idle_since = (t_)})
    /* agents 0 and 1 idle, in that order, one instant each */
    CHECK_INT_EQ(vt->agent_ready(r, 0, AGENT(0, 0)), 0);
    decided(vt, r, 0, 0, 0, 0);
    CHECK_INT_EQ(vt->agent_ready(r, 1, AGENT(1, 1)), 0);
    decided(vt, r, 1, 0, 0, 0);
    /* a call alone: the longest idle */
    CHECK_INT_EQ(vt->call_arrived(r, 2, CALL(10, 2)), 0);
    decided(vt, r, 2, 1, 10, 0);
    /* agent 2 frees up and a call arrives at the same instant: agent 2 takes it, although
     * agent 1 has been idle longer */
    CHECK_INT_EQ(vt->agent_ready(r, 3, AGENT(2, 3)), 0);
    CHECK_INT_EQ(vt->call_arrived(r, 3, CALL(11, 3)), 0);
    decided(vt, r, 3, 1, 11, 2);
    /* a call that hangs up within its instant is never assigned */
    CHECK_INT_EQ(vt->call_arrived(r, 4, CALL(12, 4)), 0);
    CHECK_INT_EQ(vt->call_abandoned(r, 4, 12), 0);
    decided(vt, r, 4, 0, 0, 0);
    /* agent 1 goes on a break: calls queue, oldest first for the next agent free */
    CHECK_INT_EQ(vt->agent_away(r, 5, 1, CS_AWAY_BREAK), 0);
    CHECK_INT_EQ(vt->call_arrived(r, 5, CALL(13, 5)), 0);
    decided(vt, r, 5, 0, 0, 0);
    CHECK_INT_EQ(vt->call_arrived(r, 6, CALL(14, 6)), 0);
    decided(vt, r, 6, 0, 0, 0);
    CHECK_INT_EQ(vt->agent_ready(r, 7, AGENT(0, 7)), 0);
    decided(vt, r, 7, 1, 13, 0);
    /* an agent ready and gone within one instant takes nothing */
    CHECK_INT_EQ(vt->agent_ready(r, 8, AGENT(1, 8)), 0);
    CHECK_INT_EQ(vt->agent_away(r, 8, 1, CS_AWAY_SHIFT_END), 0);
    decided(vt, r, 8, 0, 0, 0);
    /* two agents free at once: the first delivered takes the waiting call */
    CHECK_INT_EQ(vt->agent_ready(r, 9, AGENT(1, 9)), 0);
    CHECK_INT_EQ(vt->agent_ready(r, 9, AGENT(2, 9)), 0);
    decided(vt, r, 9, 1, 14, 1);
#undef CALL
#undef AGENT
    vt->destroy(r);
}

/* Agent changes per (from, to) as one observer hears them. */
typedef struct moves {
    uint64_t n[CS_AGENT_STATE_COUNT][CS_AGENT_STATE_COUNT];
} moves;

static void count_move(void *ud, double now, uint32_t a, cs_agent_state from, cs_agent_state to)
{
    (void)now;
    (void)a;
    ((moves *)ud)->n[from][to]++;
}

static bool serving(int st)
{
    return st == CS_AGENT_IDLE || st == CS_AGENT_TALKING || st == CS_AGENT_AFTER_CALL;
}

/* An observer with logins_only hears every change but those between idle, talking and
 * after-call work; one beside it without the flag still hears those. */
static void observer_logins_only(void)
{
    cs_model *m = load(busy_scenario);
    cs_err err;
    cs_err_clear(&err);
    cs_sim *s = cs_sim_new(m, 0, &err);
    CHECK(s != NULL);
    moves all = {0}, logins = {0};
    cs_observer o_all = {.ud = &all, .agent_changed = count_move};
    cs_observer o_logins = {.ud = &logins, .agent_changed = count_move, .logins_only = true};
    CHECK_INT_EQ(cs_sim_observe(s, &o_logins, &err), 0);
    CHECK_INT_EQ(cs_sim_observe(s, &o_all, &err), 0);
    CHECK_INT_EQ(cs_sim_run(s, &err), 0);
    uint64_t skipped = 0, heard = 0;
    for (int f = 0; f < CS_AGENT_STATE_COUNT; f++)
        for (int t = 0; t < CS_AGENT_STATE_COUNT; t++) {
            if (serving(f) && serving(t)) {
                CHECK_INT_EQ(logins.n[f][t], 0);
                skipped += all.n[f][t];
            } else {
                CHECK_INT_EQ(logins.n[f][t], all.n[f][t]);
                heard += all.n[f][t];
            }
        }
    CHECK(all.n[CS_AGENT_IDLE][CS_AGENT_TALKING] > 0);
    CHECK(all.n[CS_AGENT_TALKING][CS_AGENT_AFTER_CALL] > 0);
    CHECK(all.n[CS_AGENT_IDLE][CS_AGENT_ON_BREAK] > 0);
    CHECK(skipped > heard);
    cs_sim_free(s);
    cs_model_free(m);
}

static const check_case cases[] = {
    {"schedule_by_interval", schedule_by_interval},
    {"stop_request", stop_request},
    {"exponential_draws", exponential_draws},
    {"logged_in_time_average", logged_in_time_average},
    {"invariants", invariants},
    {"replication_is_a_value", replication_is_a_value},
    {"threads_deterministic", threads_deterministic},
    {"arrivals_follow_profile", arrivals_follow_profile},
    {"exponential_draws", exponential_draws},
    {"fcfs_instants", fcfs_instants},
    {"observer_logins_only", observer_logins_only},
};
CHECK_MAIN(cases)
