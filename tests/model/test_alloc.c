/* test_alloc.c — the steady state allocates nothing: after a warm-up, a replication of
 * an M/M/c+M hotline with redials runs 100,000+ calls while the allocator is called at
 * most a few times (pools only grow geometrically, on a new high-water mark).
 * Allocator calls are counted with the linker's --wrap (tests only). */
#include "check.h"

#include "callsim/scenario.h"
#include "callsim/sim.h"
#include "callsim/stats.h"

#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static long allocations;

void *__wrap_malloc(size_t n)
{
    allocations++;
    return __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t m)
{
    allocations++;
    return __real_calloc(n, m);
}
void *__wrap_realloc(void *p, size_t n)
{
    allocations++;
    return __real_realloc(p, n);
}

static const char *text = "name = \"steady\"; seed = 2385; interval = 3600;\n"
                          "horizon = { start = \"2022-01-03\"; days = 4; };\n"
                          "demand = { rate = 3000;\n"
                          "  categories = ( { name = \"c\"; share = 1.0;\n"
                          "    handle = { dist = \"exponential\"; mean = 300; };\n"
                          "    wrapup = { dist = \"lognormal\"; mean = 60; sd = 30; };\n"
                          "    patience = { dist = \"exponential\"; mean = 120; };\n"
                          "    redial = { probability = 0.5; delay = { dist = \"exponential\"; "
                          "mean = 600; }; }; } ); };\n"
                          "supply = { seats = 300; agents = 290; };\n";

static void steady_state(void)
{
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    CHECK_INT_EQ(cs_scenario_load_string(text, "steady.cfg", NULL, 0, &m, &err), CS_OK);
    cs_sim *s = cs_sim_new(m, 0, &err);
    CHECK(s != NULL);
    cs_collector *c = cs_collector_new(m, cs_sim_agent_count(s), &err);
    CHECK(c != NULL);
    cs_observer o = cs_collector_observer(c);
    CHECK_INT_EQ(cs_sim_observe(s, &o, &err), 0);
    CHECK_INT_EQ(cs_sim_advance_to(s, m->horizon_s / 2, &err), 0);
    uint64_t events0 = cs_sim_event_count(s);
    long before = allocations;
    CHECK_INT_EQ(cs_sim_run(s, &err), 0);
    long during = allocations - before;
    uint64_t events = cs_sim_event_count(s) - events0;
    printf("set-up and first half: %ld allocator calls; second half: %llu events, %ld allocator "
           "calls\n",
           before,
           (unsigned long long)events,
           during);
    CHECK(before > 10); /* the counting works */
    CHECK(events > 300000);
    CHECK(during <= 4);
    cs_rep_stats r;
    cs_collector_finish(c, s, &r);
    cs_rep_stats_fini(&r);
    cs_collector_free(c);
    cs_sim_free(s);
    cs_model_free(m);
}

static const check_case cases[] = {{"steady_state_allocates_nothing", steady_state}};
CHECK_MAIN(cases)
