/* tests/plan/test_roster.c — sim/plan's shift-roster integer program (GLPK) against brute
 * force on small cases, its shortfall at the seat cap, its input validation, and a
 * three-week roster checked for feasibility. Timing is printed, never asserted. */
#include "callsim/roster.h"
#include "check.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RANGES 4

/* A pattern with its ranges stored inline, so tables of them are easy to write. */
typedef struct pat {
    const char *name;
    double cost;
    int max_count;
    int n_ranges;
    cs_roster_range ranges[MAX_RANGES];
} pat;

/* Borrowing views of `pats` for a cs_roster_problem; start = first range's begin. */
static cs_roster_pattern *views(const pat *pats, int n)
{
    cs_roster_pattern *v = calloc((size_t)n, sizeof *v);
    CHECK(v);
    for (int j = 0; j < n; j++) {
        v[j].name = pats[j].name;
        v[j].start_interval = pats[j].n_ranges ? pats[j].ranges[0].begin : 0;
        v[j].cost = pats[j].cost;
        v[j].max_count = pats[j].max_count;
        v[j].n_ranges = pats[j].n_ranges;
        v[j].ranges = pats[j].ranges;
    }
    return v;
}

static int min_int(int a, int b)
{
    return a < b ? a : b;
}

/* Recomputes from the counts, independently of the module: scheduled, shortfall, cost;
 * checks the seat cap, the bounds and the status/gap contract. */
static void check_invariants(const cs_roster_problem *p, const cs_roster_solution *s)
{
    CHECK_INT_EQ(s->n_intervals, p->n_intervals);
    CHECK_INT_EQ(s->n_patterns, p->n_patterns);
    int *sched = calloc((size_t)p->n_intervals, sizeof *sched);
    CHECK(sched);
    double cost = 0;
    for (int j = 0; j < p->n_patterns; j++) {
        const cs_roster_pattern *pt = &p->patterns[j];
        CHECK(s->counts[j] >= 0);
        if (pt->max_count >= 0)
            CHECK(s->counts[j] <= pt->max_count);
        cost += pt->cost * s->counts[j];
        for (int r = 0; r < pt->n_ranges; r++)
            for (int i = pt->ranges[r].begin; i < pt->ranges[r].end; i++)
                sched[i] += s->counts[j];
    }
    long long sum = 0;
    for (int i = 0; i < p->n_intervals; i++) {
        CHECK_INT_EQ(s->scheduled[i], sched[i]);
        CHECK(sched[i] <= p->seats);
        int want = p->required[i] > sched[i] ? p->required[i] - sched[i] : 0;
        CHECK_INT_EQ(s->shortfall[i], want);
        sum += want;
    }
    CHECK_INT_EQ(s->shortfall_sum, sum);
    CHECK_NEAR(s->cost, cost, 1e-9 * (1 + cost));
    if (s->status == CS_ROSTER_OPTIMAL)
        CHECK(s->gap == 0);
    else if (s->status == CS_ROSTER_FEASIBLE)
        CHECK(s->gap >= 0);
    CHECK(s->solve_s >= 0);
    free(sched);
}

/* The program's objective for given counts, or INFINITY if they break a seat cap. */
static double objective_of(const cs_roster_problem *p, const int *counts, double penalty)
{
    int sched[64] = {0};
    CHECK(p->n_intervals <= 64);
    double obj = 0;
    for (int j = 0; j < p->n_patterns; j++) {
        const cs_roster_pattern *pt = &p->patterns[j];
        obj += pt->cost * counts[j];
        for (int r = 0; r < pt->n_ranges; r++)
            for (int i = pt->ranges[r].begin; i < pt->ranges[r].end; i++)
                sched[i] += counts[j];
    }
    for (int g = 0; g < p->n_groups; g++) {
        int sum = 0;
        for (int k = 0; k < p->groups[g].n_members; k++)
            sum += counts[p->groups[g].members[k]];
        if (sum > p->groups[g].max_count)
            return INFINITY;
    }
    for (int i = 0; i < p->n_intervals; i++) {
        if (sched[i] > p->seats)
            return INFINITY;
        int need = min_int(p->required[i], p->seats);
        if (need > sched[i])
            obj += penalty * (need - sched[i]);
    }
    return obj;
}

/* The optimum over every count vector with 0 <= count <= min(max_count, seats): complete,
 * because no pattern on the phones can have more agents than seats. */
static double brute_force(const cs_roster_problem *p, double penalty, int *best_counts)
{
    int counts[16] = {0}, ub[16];
    CHECK(p->n_patterns <= 16);
    for (int j = 0; j < p->n_patterns; j++) {
        int mc = p->patterns[j].max_count;
        ub[j] = mc >= 0 ? min_int(mc, p->seats) : p->seats;
    }
    double best = INFINITY;
    long long visited = 0;
    for (;;) {
        double obj = objective_of(p, counts, penalty);
        visited++;
        if (obj < best) {
            best = obj;
            memcpy(best_counts, counts, (size_t)p->n_patterns * sizeof *counts);
        }
        int j = 0;
        while (j < p->n_patterns && counts[j] == ub[j])
            counts[j++] = 0;
        if (j == p->n_patterns)
            break;
        counts[j]++;
    }
    printf("  brute force: %lld count vectors, optimum %.6f\n", visited, best);
    return best;
}

/* ---- cases ---- */

/* 12 intervals, seats 6 (one interval asks for 7), six patterns with breaks as holes,
 * two of them bounded. */
static const pat small_pats[] = {
    {"early", 41.3, -1, 2, {{0, 3}, {4, 6}}},
    {"mid", 37.9, -1, 2, {{2, 5}, {6, 8}}},
    {"late", 44.15, -1, 2, {{6, 9}, {10, 12}}},
    {"long", 71.6, 3, 2, {{1, 5}, {6, 11}}},
    {"peak", 26.35, 2, 1, {{4, 7}}},
    {"split", 33.05, -1, 2, {{8, 10}, {0, 2}}},
};
static const int small_required[12] = {1, 2, 4, 5, 3, 6, 7, 5, 4, 3, 2, 1};

static void brute_force_case(void)
{
    cs_roster_pattern *v = views(small_pats, 6);
    cs_roster_problem p = {12, small_required, 6, 6, v, 0, 30, 0, NULL, 0, NULL};
    int best[16];

    /* Default penalty: shortfall first, then cost. */
    cs_roster_solution s;
    cs_err err = {0};
    CHECK_INT_EQ(cs_roster_solve(&p, &s, &err), CS_OK);
    printf("  default penalty %.2f: status %s, cost %.4f, objective %.4f, %.3f s\n",
           s.penalty,
           cs_roster_status_name(s.status),
           s.cost,
           s.objective,
           s.solve_s);
    check_invariants(&p, &s);
    CHECK_INT_EQ(s.status, CS_ROSTER_OPTIMAL);
    CHECK_STR_EQ(cs_roster_status_name(s.status), "optimal");
    CHECK(s.gap == 0);
    double want = brute_force(&p, s.penalty, best);
    CHECK_REL(s.objective, want, 1e-12);
    /* Interval 6 asks for 7 of 6 seats: planned at the cap, its 1 short not charged. Five
     * more are forced around intervals 3..5, and the default penalty charges exactly those:
     * interval 5 needs early + peak = 6 (peak <= 2), which fills interval 4's seats, and in
     * interval 3 only mid and long are on the phones (early is on its break). */
    CHECK_INT_EQ(s.scheduled[6], 6);
    CHECK_INT_EQ(s.shortfall[6], 1);
    CHECK_INT_EQ(s.shortfall_sum, 6);
    CHECK_REL(s.objective, s.cost + 5 * s.penalty, 1e-12);
    cs_roster_solution_fini(&s);

    /* A penalty below some pattern costs: leaving an interval short can now pay. */
    p.shortfall_penalty = 17.3;
    CHECK_INT_EQ(cs_roster_solve(&p, &s, &err), CS_OK);
    check_invariants(&p, &s);
    CHECK_INT_EQ(s.status, CS_ROSTER_OPTIMAL);
    CHECK(s.penalty == 17.3);
    want = brute_force(&p, 17.3, best);
    printf("  penalty 17.3: cost %.4f, objective %.4f, short %lld\n",
           s.cost,
           s.objective,
           s.shortfall_sum);
    CHECK_REL(s.objective, want, 1e-12);
    CHECK(s.shortfall_sum > 1);
    cs_roster_solution_fini(&s);

    /* Tighter seats (4): six intervals are capped, the bounds bind, more is forced. */
    p.shortfall_penalty = 0;
    p.seats = 4;
    CHECK_INT_EQ(cs_roster_solve(&p, &s, &err), CS_OK);
    check_invariants(&p, &s);
    CHECK_INT_EQ(s.status, CS_ROSTER_OPTIMAL);
    want = brute_force(&p, s.penalty, best);
    CHECK_REL(s.objective, want, 1e-12);
    cs_roster_solution_fini(&s);

    /* Seats 12: room for everyone, so every interval is covered. */
    p.seats = 12;
    CHECK_INT_EQ(cs_roster_solve(&p, &s, &err), CS_OK);
    check_invariants(&p, &s);
    CHECK_INT_EQ(s.status, CS_ROSTER_OPTIMAL);
    want = brute_force(&p, s.penalty, best);
    CHECK_REL(s.objective, want, 1e-12);
    CHECK_INT_EQ(s.shortfall_sum, 0);
    CHECK_REL(s.cost, s.objective, 1e-12);
    cs_roster_solution_fini(&s);

    /* Group caps: the first two patterns together, then the last three, at most 2 and 3
     * agents (a template's starts on one day): still the brute-force optimum. */
    const int first[] = {0, 1}, last[] = {3, 4, 5};
    const cs_roster_group groups[] = {{2, first, 2}, {3, last, 3}};
    p.n_groups = 2;
    p.groups = groups;
    CHECK_INT_EQ(cs_roster_solve(&p, &s, &err), CS_OK);
    check_invariants(&p, &s);
    CHECK_INT_EQ(s.status, CS_ROSTER_OPTIMAL);
    want = brute_force(&p, s.penalty, best);
    printf("  groups <= 2 and <= 3: counts");
    for (int j = 0; j < 6; j++)
        printf(" %d", s.counts[j]);
    printf(", objective %.4f\n", s.objective);
    CHECK_REL(s.objective, want, 1e-12);
    CHECK(s.counts[0] + s.counts[1] <= 2);
    CHECK(s.counts[3] + s.counts[4] + s.counts[5] <= 3);
    cs_roster_solution_fini(&s);
    CHECK_INT_EQ(err.code, CS_OK);
    free(v);
}

/* Requirement above the seats in three intervals, and one interval no pattern covers:
 * a plan at the cap, the shortfall reported, success. */
static void shortfall_at_cap(void)
{
    enum { N = 9, SEATS = 5 };
    pat pats[N + 1];
    for (int i = 0; i < N - 1; i++) /* single-interval patterns, none for interval 8 */
        pats[i] = (pat){"single", 10 + 0.37 * i, -1, 1, {{i, i + 1}}};
    pats[N - 1] = (pat){"three", 24.85, -1, 1, {{1, 4}}};
    pats[N] = (pat){"gapped", 23.6, -1, 2, {{4, 5}, {6, 8}}};
    const int required[N] = {2, 7, 5, 9, 3, 6, 1, 0, 2};
    cs_roster_pattern *v = views(pats, N + 1);
    cs_roster_problem p = {N, required, SEATS, N + 1, v, 0, 30, 0, NULL, 0, NULL};
    cs_roster_solution s;
    cs_err err = {0};
    CHECK_INT_EQ(cs_roster_solve(&p, &s, &err), CS_OK);
    check_invariants(&p, &s);
    CHECK_INT_EQ(s.status, CS_ROSTER_OPTIMAL);
    CHECK(s.gap == 0);
    for (int i = 0; i < N; i++) {
        if (i == 8) { /* uncovered: everything short */
            CHECK_INT_EQ(s.scheduled[i], 0);
            CHECK_INT_EQ(s.shortfall[i], 2);
        } else if (required[i] > SEATS) {
            CHECK_INT_EQ(s.scheduled[i], SEATS);
            CHECK_INT_EQ(s.shortfall[i], required[i] - SEATS);
        } else {
            CHECK(s.scheduled[i] >= required[i]);
            CHECK_INT_EQ(s.shortfall[i], 0);
        }
    }
    CHECK_INT_EQ(s.shortfall_sum, 2 + 4 + 1 + 2);
    /* Interval 8 is charged (no roster covers it); the capped ones are not. By hand: 'three'
     * covers 1..3 at the cap (24.85 < 32.22 for three singles), one 'gapped' covers 4 and 6
     * (23.6 < 23.70 for the two singles), singles do the rest. */
    double want = 2 * 10 + 5 * 24.85 + 23.6 + 2 * (10 + 4 * 0.37) + 5 * (10 + 5 * 0.37);
    CHECK_REL(s.cost, want, 1e-12);
    CHECK_REL(s.objective, s.cost + 2 * s.penalty, 1e-12);
    printf("  cost %.4f, short %lld agent-intervals\n", s.cost, s.shortfall_sum);
    cs_roster_solution_fini(&s);
    free(v);
}

/* One bad problem: CS_EINVAL, a message containing `needle`, nothing allocated. */
static void expect_einval(const cs_roster_problem *p, const char *needle)
{
    cs_roster_solution s;
    memset(&s, 0xab, sizeof s); /* solve must overwrite, never read */
    cs_err err = {0};
    CHECK_INT_EQ(cs_roster_solve(p, &s, &err), CS_EINVAL);
    CHECK_INT_EQ(err.code, CS_EINVAL);
    printf("  %s\n", err.msg);
    if (!strstr(err.msg, needle))
        CHECK_FAIL_("message \"%s\" lacks \"%s\"", err.msg, needle);
    CHECK(s.counts == NULL && s.scheduled == NULL && s.shortfall == NULL);
    cs_roster_solution_fini(&s);
}

static void invalid_input(void)
{
    pat pats[6];
    memcpy(pats, small_pats, sizeof pats);
    cs_roster_pattern *v = views(pats, 6);
    int required[12];
    memcpy(required, small_required, sizeof required);
    const cs_roster_problem good = {12, required, 6, 6, v, 0, 30, 0, NULL, 0, NULL};
    cs_roster_problem p = good;

    pats[2].ranges[1].end = 13; /* past the horizon */
    v[2].ranges = pats[2].ranges;
    expect_einval(&p, "patterns[2] \"late\": range 1 [10, 13)");
    pats[2].ranges[1] = (cs_roster_range){-1, 3};
    expect_einval(&p, "range 1 [-1, 3)");
    pats[2].ranges[1] = (cs_roster_range){7, 7}; /* empty */
    expect_einval(&p, "begin < end");
    pats[2].ranges[1] = (cs_roster_range){8, 10}; /* overlaps [6, 9) */
    expect_einval(&p, "overlaps");
    pats[2].ranges[1] = small_pats[2].ranges[1];

    required[4] = -2;
    expect_einval(&p, "required[4] must be >= 0 (got -2)");
    required[4] = small_required[4];

    p.seats = -1;
    expect_einval(&p, "seats");
    p = good;
    const int twice[] = {1, 1}, outside[] = {0, 6};
    const cs_roster_group g_twice = {2, twice, 3}, g_outside = {2, outside, 3},
                          g_negative = {2, outside, -1};
    p.n_groups = 1;
    p.groups = &g_twice;
    expect_einval(&p, "groups[0] lists pattern 1 twice");
    p.groups = &g_outside;
    expect_einval(&p, "groups[0] member 1 must be in [0, 6) (got 6)");
    p.groups = &g_negative;
    expect_einval(&p, "max_count >= 0 (got -1)");
    p.groups = NULL;
    expect_einval(&p, "n_groups 1 with groups NULL");
    p = good;
    p.n_intervals = 0;
    expect_einval(&p, "n_intervals");
    p = good;
    p.required = NULL;
    expect_einval(&p, "required is NULL");
    p = good;
    p.patterns = NULL;
    expect_einval(&p, "patterns is NULL");
    p = good;
    p.mip_gap = -0.01;
    expect_einval(&p, "mip_gap");
    p = good;
    p.time_limit_s = NAN;
    expect_einval(&p, "time_limit_s");
    p = good;
    p.shortfall_penalty = -4;
    expect_einval(&p, "shortfall_penalty");
    p = good;
    v[3].cost = NAN;
    expect_einval(&p, "patterns[3] \"long\": cost");
    v[3].cost = -1;
    expect_einval(&p, "cost");
    v[3].cost = small_pats[3].cost;
    v[1].max_count = -3;
    expect_einval(&p, "max_count");
    v[1].max_count = -1;
    v[0].start_interval = 12;
    expect_einval(&p, "start_interval");
    v[0].start_interval = 0;
    v[5].ranges = NULL;
    expect_einval(&p, "ranges NULL");
    v[5].ranges = pats[5].ranges;

    /* The untouched problem still solves: nothing was left behind. */
    cs_roster_solution s;
    CHECK_INT_EQ(cs_roster_solve(&good, &s, NULL), CS_OK);
    CHECK_INT_EQ(s.status, CS_ROSTER_OPTIMAL);
    cs_roster_solution_fini(&s);
    cs_roster_solution_fini(NULL);
    CHECK_INT_EQ(cs_roster_solve(NULL, &s, NULL), CS_EINVAL);
    CHECK_INT_EQ(cs_roster_solve(&good, NULL, NULL), CS_EINVAL);
    free(v);
}

/* ---- a three-week roster ---- */

#define DAYS 21
#define PER_DAY 48 /* half-hour intervals */
#define SEATS_BIG 48

/* A shift template: starts (hours), length (intervals, unpaid breaks included), break
 * offsets (one 30-min unpaid break at one of them; -1 ends the list; none: no break). */
typedef struct tmpl {
    const char *name;
    double starts_h[6];
    int n_starts;
    int length;
    int breaks[3];
    int n_breaks;
    double rate_per_h;
    int max_count;
} tmpl;

static const tmpl templates[] = {
    {"day8", {7, 7.5, 8, 8.5, 9}, 5, 17, {7, 8, 9}, 3, 24.5, -1},
    {"long10", {7, 8}, 2, 21, {9, 11}, 2, 24.5, -1},
    {"peak4", {9, 10, 11, 13, 14, 15}, 6, 8, {0}, 0, 26.0, 6},
    {"evening8", {13, 14, 15}, 3, 17, {7, 9}, 2, 27.4, -1},
    {"night8", {21, 22, 23}, 3, 17, {7, 9}, 2, 33.1, -1},
    {"mid6", {10, 11, 12}, 3, 13, {6}, 1, 25.0, -1},
};
#define N_TEMPLATES (sizeof templates / sizeof templates[0])

/* Calls-driven requirement: two daily peaks, quieter weekends, busy Mondays whose morning
 * peak asks for more than the seats. */
static int required_at(int day, int slot)
{
    double h = (slot + 0.5) / 2.0;
    double a = 3 + 40 * exp(-pow((h - 10.5) / 2.2, 2)) + 26 * exp(-pow((h - 15) / 2.5, 2));
    if (h < 6 || h >= 22)
        a = 2.4;
    int dow = day % 7;
    double f = dow == 0 ? 1.15 : dow >= 5 ? 0.55 : 1.0;
    return (int)ceil(a * f);
}

typedef struct big {
    int required[DAYS * PER_DAY];
    pat *pats;
    cs_roster_pattern *views;
    int n_patterns;
} big;

static void big_build(big *b)
{
    for (int d = 0; d < DAYS; d++)
        for (int k = 0; k < PER_DAY; k++)
            b->required[d * PER_DAY + k] = required_at(d, k);
    b->pats = calloc(DAYS * 64, sizeof *b->pats);
    CHECK(b->pats);
    const int n = DAYS * PER_DAY;
    int np = 0;
    for (int d = 0; d < DAYS; d++)
        for (size_t t = 0; t < N_TEMPLATES; t++) {
            const tmpl *tp = &templates[t];
            for (int si = 0; si < tp->n_starts; si++) {
                int s = d * PER_DAY + (int)(tp->starts_h[si] * 2);
                int nb = tp->n_breaks ? tp->n_breaks : 1;
                for (int bi = 0; bi < nb; bi++) {
                    pat *pt = &b->pats[np++];
                    pt->name = tp->name;
                    pt->max_count = tp->max_count;
                    double paid_h = (tp->length - (tp->n_breaks ? 1 : 0)) / 2.0;
                    pt->cost = paid_h * tp->rate_per_h;
                    /* Clip at the horizon's end: the last nights are paid in full. */
                    int end = s + tp->length < n ? s + tp->length : n;
                    if (tp->n_breaks) {
                        int hole = s + tp->breaks[bi];
                        pt->n_ranges = 0;
                        if (hole > s)
                            pt->ranges[pt->n_ranges++] = (cs_roster_range){s, min_int(hole, end)};
                        if (hole + 1 < end)
                            pt->ranges[pt->n_ranges++] = (cs_roster_range){hole + 1, end};
                    } else {
                        pt->n_ranges = 1;
                        pt->ranges[0] = (cs_roster_range){s, end};
                    }
                }
            }
        }
    b->n_patterns = np;
    b->views = views(b->pats, np);
}

static void big_fini(big *b)
{
    free(b->views);
    free(b->pats);
}

static void big_report(const cs_roster_problem *p, const cs_roster_solution *s)
{
    int capped = 0, uncovered = 0, other = 0;
    for (int i = 0; i < p->n_intervals; i++) {
        if (!s->shortfall[i])
            continue;
        if (p->required[i] > p->seats && s->scheduled[i] == p->seats &&
            s->shortfall[i] == p->required[i] - p->seats)
            capped++;
        else if (s->scheduled[i] == 0)
            uncovered++;
        else
            other++;
    }
    int agents = 0;
    for (int j = 0; j < p->n_patterns; j++)
        agents += s->counts[j];
    printf("  %d intervals, %d patterns: status %s, gap %.3g, cost %.2f, %d shifts, %.3f s\n"
           "  short intervals: %d at the seat cap, %d uncovered (before the first night), "
           "%d other; %lld agent-intervals short\n",
           p->n_intervals,
           p->n_patterns,
           cs_roster_status_name(s->status),
           s->gap,
           s->cost,
           agents,
           s->solve_s,
           capped,
           uncovered,
           other,
           s->shortfall_sum);
}

static void larger(void)
{
    static big b;
    big_build(&b);
    cs_roster_problem p = {
        DAYS * PER_DAY, b.required, SEATS_BIG, b.n_patterns, b.views, 0, 60, 0, NULL, 0, NULL};
    cs_roster_solution s;
    cs_err err = {0};
    int rc = cs_roster_solve(&p, &s, &err);
    if (rc)
        CHECK_FAIL_("solve: %s", err.msg);
    big_report(&p, &s);
    check_invariants(&p, &s);
    CHECK(s.status == CS_ROSTER_OPTIMAL || s.status == CS_ROSTER_FEASIBLE);
    /* Where the seats bind, the plan is at the cap; the nights before the first one are
     * covered by no pattern. Anything else short would mean a poor incumbent. */
    for (int i = 0; i < p.n_intervals; i++)
        if (b.required[i] > SEATS_BIG)
            CHECK_INT_EQ(s.scheduled[i], SEATS_BIG);
    cs_roster_solution_fini(&s);
    big_fini(&b);
}

/* The same roster under a time limit too short to finish: an early stop is a status, not
 * an error, and whatever incumbent comes back is feasible. */
static void larger_time_limit(void)
{
    static big b;
    big_build(&b);
    cs_roster_problem p = {
        DAYS * PER_DAY, b.required, SEATS_BIG, b.n_patterns, b.views, 0, 0.5, 0, NULL, 0, NULL};
    cs_roster_solution s;
    cs_err err = {0};
    int rc = cs_roster_solve(&p, &s, &err);
    if (rc)
        CHECK_FAIL_("solve: %s", err.msg);
    big_report(&p, &s);
    check_invariants(&p, &s);
    if (s.status == CS_ROSTER_NO_SOLUTION) {
        for (int j = 0; j < p.n_patterns; j++)
            CHECK_INT_EQ(s.counts[j], 0);
        CHECK(isinf(s.gap));
    }
    cs_roster_solution_fini(&s);
    big_fini(&b);
}

static const check_case cases[] = {
    {"brute_force", brute_force_case},
    {"shortfall_at_cap", shortfall_at_cap},
    {"invalid_input", invalid_input},
    {"larger", larger},
    {"larger_time_limit", larger_time_limit},
};

CHECK_MAIN(cases)
