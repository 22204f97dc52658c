/* test_route.c — the built-in routing policies on small hand-made event sequences, through
 * their vtables as the simulation calls them, and the policy options. */
#include "check.h"

#include "callsim/router.h"

#include <stdint.h>

#define MAX_DEC 16

/* A router under test: its vtable, state and the last decision. */
typedef struct rt {
    const cs_router_vtable *vt;
    void *st;
    cs_assignment items[MAX_DEC];
    cs_decisions out;
} rt;

/* Two categories by default: 0 urgent (priority 0), 1 ordinary (priority 1). */
static int32_t prio2[] = {0, 1};
static uint32_t skill_one[] = {0, 0};

static void rt_open(rt *r, const char *name, const cs_router_host *h)
{
    r->vt = cs_router_builtin(name);
    CHECK(r->vt != NULL);
    CHECK(r->vt->struct_size >= sizeof(cs_router_vtable));
    CHECK_INT_EQ(r->vt->create(h, &r->st), 0);
}

static cs_router_host host_of(
    const int32_t *prio, const uint32_t *skill, size_t n_cat, size_t n_skills, const char *config)
{
    return (cs_router_host){.n_categories = n_cat,
                            .priority = prio,
                            .skill = skill,
                            .n_skills = n_skills,
                            .seed = 1,
                            .config = config,
                            .tick_s = 1};
}

static void arrive(rt *r, double t, uint32_t id, uint32_t cat)
{
    cs_router_call c = {.id = id, .category = cat, .attempt = 1, .arrived_s = t};
    CHECK_INT_EQ(r->vt->call_arrived(r->st, t, &c), 0);
}

static void ready(rt *r, double t, uint32_t a, uint64_t skills)
{
    cs_router_agent g = {.id = a, .skills = skills, .idle_since = t};
    CHECK_INT_EQ(r->vt->agent_ready(r->st, t, &g), 0);
}

/* Decides at t; returns the number of assignments (in r->items). */
static size_t decide(rt *r, double t)
{
    r->out = (cs_decisions){.items = r->items, .capacity = MAX_DEC, .count = 0};
    CHECK_INT_EQ(r->vt->decide(r->st, t, &r->out), 0);
    return r->out.count;
}

/* Exactly one assignment call -> agent at t. */
static void expect_one(rt *r, double t, uint32_t call, uint32_t agent)
{
    CHECK_INT_EQ(decide(r, t), 1);
    CHECK_INT_EQ(r->items[0].call, call);
    CHECK_INT_EQ(r->items[0].agent, agent);
}

static void rt_close(rt *r)
{
    r->vt->destroy(r->st);
}

/* Every name listed resolves, and the list has the five new policies. */
static void builtin_table(void)
{
    const char *const *names = cs_router_builtin_names();
    size_t n = 0;
    for (; names[n]; n++) {
        const cs_router_vtable *vt = cs_router_builtin(names[n]);
        CHECK(vt != NULL);
        CHECK_STR_EQ(vt->name, names[n]);
        CHECK_INT_EQ(vt->abi_major, CS_ROUTER_ABI_MAJOR);
    }
    CHECK_INT_EQ(n, 6);
    CHECK(cs_router_builtin("priority") && cs_router_builtin("overflow") &&
          cs_router_builtin("reserve") && cs_router_builtin("round-robin") &&
          cs_router_builtin("least-occupied"));
    CHECK(cs_router_builtin("nope") == NULL);
    /* only overflow acts on time alone */
    CHECK(cs_router_builtin("overflow")->tick != NULL);
    CHECK(cs_router_builtin("priority")->tick == NULL);
}

/* A less urgent call that arrived first does not take the agent freed in the same instant
 * from a more urgent one under "priority"; fcfs, matching in delivery order, gives it. */
static void priority_is_strict(void)
{
    cs_router_host h = host_of(prio2, skill_one, 2, 1, NULL);
    rt r;
    rt_open(&r, "priority", &h);
    arrive(&r, 0, 7, 1); /* ordinary */
    arrive(&r, 0, 3, 0); /* urgent */
    ready(&r, 0, 0, 1);
    expect_one(&r, 0, 3, 0);
    CHECK_INT_EQ(decide(&r, 0), 0); /* nobody idle: the ordinary call waits */
    ready(&r, 5, 1, 1);
    expect_one(&r, 5, 7, 1);
    rt_close(&r);

    rt f;
    rt_open(&f, "fcfs", &h);
    arrive(&f, 0, 7, 1);
    arrive(&f, 0, 3, 0);
    ready(&f, 0, 0, 1);
    expect_one(&f, 0, 7, 0);
    rt_close(&f);
}

/* Within a priority: first come first served, to the longest-idle agent. */
static void priority_fifo_longest_idle(void)
{
    cs_router_host h = host_of(prio2, skill_one, 2, 1, NULL);
    rt r;
    rt_open(&r, "priority", &h);
    ready(&r, 0, 4, 1);
    ready(&r, 1, 2, 1);
    CHECK_INT_EQ(decide(&r, 1), 0);
    arrive(&r, 2, 0, 1);
    expect_one(&r, 2, 0, 4);
    /* abandoned calls leave the queue */
    arrive(&r, 3, 1, 1);
    arrive(&r, 3, 5, 1);
    CHECK_INT_EQ(r.vt->call_abandoned(r.st, 3, 1), 0);
    expect_one(&r, 3, 5, 2);
    /* an agent who left is not given calls */
    ready(&r, 4, 9, 1);
    CHECK_INT_EQ(r.vt->agent_away(r.st, 5, 9, CS_AWAY_BREAK), 0);
    arrive(&r, 6, 1, 0);
    CHECK_INT_EQ(decide(&r, 6), 0);
    /* an assignment made elsewhere (the host's fallback) is taken into account */
    ready(&r, 7, 9, 1);
    cs_assignment a = {.call = 1, .agent = 9};
    CHECK_INT_EQ(r.vt->assigned(r.st, 7, &a), 0);
    CHECK_INT_EQ(decide(&r, 7), 0);
    rt_close(&r);
}

/* Skills: a call only goes to an agent who has its skill. */
static void priority_respects_skills(void)
{
    uint32_t skills[] = {0, 1};
    cs_router_host h = host_of(prio2, skills, 2, 2, NULL);
    rt r;
    rt_open(&r, "priority", &h);
    arrive(&r, 0, 0, 0); /* needs skill 0 */
    ready(&r, 0, 1, 2);  /* has skill 1 only */
    CHECK_INT_EQ(decide(&r, 0), 0);
    arrive(&r, 1, 1, 1); /* needs skill 1: less urgent, but the only call agent 1 can take */
    expect_one(&r, 1, 1, 1);
    rt_close(&r);
}

/* A call goes to specialists first and to the generalists only after `after`, then wider
 * every `step`; the tick lets it happen with no other event. */
static void overflow_widens_with_time(void)
{
    int32_t prio[] = {0, 0};
    uint32_t skills[] = {0, 1};
    cs_router_host h = host_of(prio, skills, 2, 3, "after=20;step=10");
    rt r;
    rt_open(&r, "overflow", &h);
    ready(&r, 0, 0, 7); /* generalist: skills 0, 1, 2 (rank 2) */
    ready(&r, 0, 1, 1); /* specialist: skill 0 (rank 0) */
    ready(&r, 0, 2, 3); /* skills 0, 1 (rank 1) */
    arrive(&r, 1, 10, 0);
    expect_one(&r, 1, 10, 1); /* the specialist, although the generalist is idle longer */
    arrive(&r, 2, 11, 0);
    CHECK_INT_EQ(decide(&r, 2), 0); /* no specialist idle */
    CHECK_INT_EQ(r.vt->tick(r.st, 21), 0);
    CHECK_INT_EQ(decide(&r, 21), 0); /* waited 19 s */
    CHECK_INT_EQ(r.vt->tick(r.st, 22), 0);
    expect_one(&r, 22, 11, 2); /* 20 s: one rank wider, the narrower of the two */
    arrive(&r, 23, 12, 0);
    CHECK_INT_EQ(decide(&r, 42), 0); /* 19 s */
    CHECK_INT_EQ(decide(&r, 43), 0); /* 20 s: rank 1 allowed, none idle */
    expect_one(&r, 53, 12, 0);       /* 30 s: rank 2 */
    rt_close(&r);
}

/* With no specialist at all for a skill, its best-matched agents are the narrowest there
 * are: nobody waits for agents who do not exist. */
static void overflow_best_is_relative(void)
{
    int32_t prio[] = {0};
    uint32_t skills[] = {1};
    cs_router_host h = host_of(prio, skills, 1, 2, NULL);
    rt r;
    rt_open(&r, "overflow", &h);
    ready(&r, 0, 0, 3);
    arrive(&r, 1, 0, 0);
    expect_one(&r, 1, 0, 0);
    rt_close(&r);
}

static void options_checked(void)
{
    const char *bad_overflow[] = {"step=0", "after=-1", "after=x", "step="};
    for (size_t i = 0; i < sizeof bad_overflow / sizeof bad_overflow[0]; i++) {
        cs_router_host h = host_of(prio2, skill_one, 2, 1, bad_overflow[i]);
        void *st = NULL;
        CHECK(cs_router_builtin("overflow")->create(&h, &st) < 0);
    }
    const char *bad_reserve[] = {"agents=x", "urgent=2", "urgent=0,", "urgent=a"};
    for (size_t i = 0; i < sizeof bad_reserve / sizeof bad_reserve[0]; i++) {
        cs_router_host h = host_of(prio2, skill_one, 2, 1, bad_reserve[i]);
        void *st = NULL;
        CHECK(cs_router_builtin("reserve")->create(&h, &st) < 0);
    }
    /* a category whose skill is out of range is refused */
    uint32_t skills[] = {0, 3};
    cs_router_host h = host_of(prio2, skills, 2, 2, NULL);
    void *st = NULL;
    CHECK(cs_router_builtin("priority")->create(&h, &st) < 0);
}

/* k = 1 agent is kept free for urgent calls. */
static void reserve_keeps_agents_free(void)
{
    cs_router_host h = host_of(prio2, skill_one, 2, 1, "agents=1;urgent=0");
    rt r;
    rt_open(&r, "reserve", &h);
    ready(&r, 0, 0, 1);
    ready(&r, 0, 1, 1);
    arrive(&r, 1, 10, 1);
    expect_one(&r, 1, 10, 0); /* 2 idle > 1 */
    arrive(&r, 2, 11, 1);
    CHECK_INT_EQ(decide(&r, 2), 0); /* 1 idle: kept */
    arrive(&r, 3, 12, 0);
    expect_one(&r, 3, 12, 1); /* the urgent call takes it */
    ready(&r, 4, 0, 1);
    CHECK_INT_EQ(decide(&r, 4), 0); /* again only one idle */
    ready(&r, 5, 1, 1);
    expect_one(&r, 5, 11, 0); /* two idle: the ordinary call goes */
    rt_close(&r);
}

/* Agents who cannot serve urgent calls take ordinary calls first, and do not count. */
static void reserve_spares_first(void)
{
    uint32_t skills[] = {0, 1};
    cs_router_host h = host_of(prio2, skills, 2, 2, "agents=1");
    rt r;
    rt_open(&r, "reserve", &h); /* default urgent: priority 0, category 0 (skill 0) */
    ready(&r, 0, 0, 3);         /* skills 0, 1: can serve urgent */
    ready(&r, 1, 1, 2);         /* skill 1 only */
    arrive(&r, 2, 5, 1);
    expect_one(&r, 2, 5, 1); /* not the longest idle: the one urgent calls cannot use */
    arrive(&r, 3, 6, 1);
    CHECK_INT_EQ(decide(&r, 3), 0); /* agent 0 is the last urgent-capable idle agent */
    rt_close(&r);
}

/* Agents in turn by id, whoever has been idle longest. */
static void round_robin_rotates(void)
{
    cs_router_host h = host_of(prio2, skill_one, 2, 1, NULL);
    rt r;
    rt_open(&r, "round-robin", &h);
    ready(&r, 0, 2, 1);
    ready(&r, 1, 1, 1);
    ready(&r, 2, 0, 1);
    const uint32_t want[] = {0, 1, 2, 0, 1};
    for (uint32_t k = 0; k < 5; k++) {
        double t = 10 + k;
        arrive(&r, t, k, 1);
        expect_one(&r, t, k, want[k]);
        ready(&r, t + 0.5, want[k], 1); /* back at once */
    }
    rt_close(&r);

    /* longest-idle (priority) would have taken agent 2 first */
    rt p;
    rt_open(&p, "priority", &h);
    ready(&p, 0, 2, 1);
    ready(&p, 1, 1, 1);
    ready(&p, 2, 0, 1);
    arrive(&p, 10, 0, 1);
    expect_one(&p, 10, 0, 2);
    rt_close(&p);
}

/* The agent with the lowest occupancy so far, not the longest idle. */
static void least_occupied_evens_load(void)
{
    cs_router_host h = host_of(prio2, skill_one, 2, 1, NULL);
    rt r;
    rt_open(&r, "least-occupied", &h);
    ready(&r, 0, 0, 1);
    arrive(&r, 0, 0, 1);
    expect_one(&r, 0, 0, 0);
    ready(&r, 100, 0, 1); /* busy 100 of 100 s */
    ready(&r, 150, 1, 1); /* just logged in: occupancy 0 */
    arrive(&r, 200, 1, 1);
    expect_one(&r, 200, 1, 1); /* agent 0 has been idle longer but worked 50 % */
    rt_close(&r);

    rt p;
    rt_open(&p, "priority", &h);
    ready(&p, 0, 0, 1);
    arrive(&p, 0, 0, 1);
    expect_one(&p, 0, 0, 0);
    ready(&p, 100, 0, 1);
    ready(&p, 150, 1, 1);
    arrive(&p, 200, 1, 1);
    expect_one(&p, 200, 1, 0);
    rt_close(&p);
}

/* The decision buffer's capacity is respected and the rest is decided next time. */
static void capacity_respected(void)
{
    const char *names[] = {"priority", "overflow", "reserve", "round-robin", "least-occupied"};
    for (size_t n = 0; n < 5; n++) {
        cs_router_host h = host_of(prio2, skill_one, 2, 1, NULL);
        rt r;
        rt_open(&r, names[n], &h);
        for (uint32_t a = 0; a < 6; a++)
            ready(&r, 0, a, 1);
        for (uint32_t c = 0; c < 4; c++)
            arrive(&r, 1, c, 0);
        r.out = (cs_decisions){.items = r.items, .capacity = 3, .count = 0};
        CHECK_INT_EQ(r.vt->decide(r.st, 1, &r.out), 0);
        CHECK_INT_EQ(r.out.count, 3);
        CHECK_INT_EQ(decide(&r, 1), 1);
        CHECK_INT_EQ(decide(&r, 1), 0);
        rt_close(&r);
    }
}

static const check_case cases[] = {
    {"builtin_table", builtin_table},
    {"priority_is_strict", priority_is_strict},
    {"priority_fifo_longest_idle", priority_fifo_longest_idle},
    {"priority_respects_skills", priority_respects_skills},
    {"overflow_widens_with_time", overflow_widens_with_time},
    {"overflow_best_is_relative", overflow_best_is_relative},
    {"options_checked", options_checked},
    {"reserve_keeps_agents_free", reserve_keeps_agents_free},
    {"reserve_spares_first", reserve_spares_first},
    {"round_robin_rotates", round_robin_rotates},
    {"least_occupied_evens_load", least_occupied_evens_load},
    {"capacity_respected", capacity_respected},
};

CHECK_MAIN(cases)
