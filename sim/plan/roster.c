/* sim/plan/roster.c — the shift-roster integer program (callsim/roster.h) handed to GLPK's
 * branch-and-cut. Part of the planner room; the only code that includes <glpk.h>. Input is
 * validated in full first, because GLPK answers API misuse with abort(). */
#include "callsim/roster.h"
#include "core/clock.h"

#include <glpk.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Most nonzeros the matrix may have: GLPK indexes with int, and we want headroom. */
#define NNZ_MAX (INT_MAX / 4)

const char *cs_roster_status_name(cs_roster_status status)
{
    switch (status) {
    case CS_ROSTER_OPTIMAL:
        return "optimal";
    case CS_ROSTER_FEASIBLE:
        return "feasible";
    case CS_ROSTER_INFEASIBLE:
        return "infeasible";
    case CS_ROSTER_NO_SOLUTION:
        return "no solution";
    }
    return "unknown";
}

void cs_roster_solution_fini(cs_roster_solution *s)
{
    if (!s)
        return;
    free(s->counts);
    free(s->scheduled);
    free(s->shortfall);
    memset(s, 0, sizeof *s);
}

static const char *name_of(const cs_roster_pattern *pt)
{
    return pt->name ? pt->name : "";
}

/* Checks everything GLPK would abort on, and what would make the program meaningless.
 * `stamp` is scratch [n_intervals], zeroed, used to find overlapping ranges in O(length);
 * `n_on` [n_intervals] receives how many patterns are on the phones in each interval, and
 * *nnz_on the number of (pattern, interval) pairs on the phones plus the groups' members. */
static int
validate(const cs_roster_problem *p, int *stamp, int *n_on, long long *nnz_on, cs_err *err)
{
    const int n = p->n_intervals;
    if (p->seats < 0)
        return cs_err_set(err, CS_EINVAL, "roster: seats must be >= 0 (got %d)", p->seats);
    if (p->n_patterns < 0)
        return cs_err_set(
            err, CS_EINVAL, "roster: n_patterns must be >= 0 (got %d)", p->n_patterns);
    if (p->n_patterns > 0 && !p->patterns)
        return cs_err_set(
            err, CS_EINVAL, "roster: patterns is NULL but n_patterns is %d", p->n_patterns);
    if (p->n_groups < 0 || (p->n_groups > 0 && !p->groups))
        return cs_err_set(err, CS_EINVAL, "roster: n_groups %d with groups NULL", p->n_groups);
    if (!(isfinite(p->shortfall_penalty) && p->shortfall_penalty >= 0))
        return cs_err_set(err,
                          CS_EINVAL,
                          "roster: shortfall_penalty must be finite and >= 0 (got %g)",
                          p->shortfall_penalty);
    if (!(p->time_limit_s >= 0)) /* also rejects NaN; INFINITY means none */
        return cs_err_set(
            err, CS_EINVAL, "roster: time_limit_s must be >= 0 (got %g)", p->time_limit_s);
    if (!(p->mip_gap >= 0 && p->mip_gap < 1))
        return cs_err_set(err, CS_EINVAL, "roster: mip_gap must be in [0, 1) (got %g)", p->mip_gap);
    for (int i = 0; i < n; i++)
        if (p->required[i] < 0)
            return cs_err_set(
                err, CS_EINVAL, "roster: required[%d] must be >= 0 (got %d)", i, p->required[i]);
    long long nnz = 0;
    for (int j = 0; j < p->n_patterns; j++) {
        const cs_roster_pattern *pt = &p->patterns[j];
        if (pt->start_interval < 0 || pt->start_interval >= n)
            return cs_err_set(err,
                              CS_EINVAL,
                              "roster: patterns[%d] \"%s\": start_interval must be in [0, %d) "
                              "(got %d)",
                              j,
                              name_of(pt),
                              n,
                              pt->start_interval);
        if (!(isfinite(pt->cost) && pt->cost >= 0))
            return cs_err_set(err,
                              CS_EINVAL,
                              "roster: patterns[%d] \"%s\": cost must be finite and >= 0 (got %g)",
                              j,
                              name_of(pt),
                              pt->cost);
        if (pt->max_count < -1)
            return cs_err_set(err,
                              CS_EINVAL,
                              "roster: patterns[%d] \"%s\": max_count must be >= 0 or -1 (got %d)",
                              j,
                              name_of(pt),
                              pt->max_count);
        if (pt->n_ranges < 0 || (pt->n_ranges > 0 && !pt->ranges))
            return cs_err_set(err,
                              CS_EINVAL,
                              "roster: patterns[%d] \"%s\": n_ranges %d with ranges %s",
                              j,
                              name_of(pt),
                              pt->n_ranges,
                              pt->ranges ? "set" : "NULL");
        for (int k = 0; k < pt->n_ranges; k++) {
            const cs_roster_range r = pt->ranges[k];
            if (r.begin < 0 || r.end > n || r.begin >= r.end)
                return cs_err_set(err,
                                  CS_EINVAL,
                                  "roster: patterns[%d] \"%s\": range %d [%d, %d) must satisfy "
                                  "0 <= begin < end <= %d",
                                  j,
                                  name_of(pt),
                                  k,
                                  r.begin,
                                  r.end,
                                  n);
            for (int i = r.begin; i < r.end; i++) {
                /* Overlaps would load one matrix entry twice, which GLPK aborts on. */
                if (stamp[i] == j + 1)
                    return cs_err_set(err,
                                      CS_EINVAL,
                                      "roster: patterns[%d] \"%s\": range %d [%d, %d) overlaps "
                                      "another range of the pattern at interval %d",
                                      j,
                                      name_of(pt),
                                      k,
                                      r.begin,
                                      r.end,
                                      i);
                stamp[i] = j + 1;
                n_on[i]++;
            }
            nnz += r.end - r.begin;
            if (nnz > NNZ_MAX)
                return cs_err_set(err,
                                  CS_EINVAL,
                                  "roster: more than %d (pattern, interval) pairs on the phones",
                                  NNZ_MAX);
        }
    }
    for (int g = 0; g < p->n_groups; g++) {
        const cs_roster_group *gr = &p->groups[g];
        if (gr->n_members < 1 || !gr->members || gr->max_count < 0)
            return cs_err_set(err,
                              CS_EINVAL,
                              "roster: groups[%d] needs members (got %d) and max_count >= 0 (got "
                              "%d)",
                              g,
                              gr->n_members,
                              gr->max_count);
        for (int k = 0; k < gr->n_members; k++) {
            int j = gr->members[k];
            if (j < 0 || j >= p->n_patterns)
                return cs_err_set(err,
                                  CS_EINVAL,
                                  "roster: groups[%d] member %d must be in [0, %d) (got %d)",
                                  g,
                                  k,
                                  p->n_patterns,
                                  j);
            for (int l = 0; l < k; l++)
                if (gr->members[l] == j) /* GLPK aborts on a repeated matrix entry */
                    return cs_err_set(
                        err, CS_EINVAL, "roster: groups[%d] lists pattern %d twice", g, j);
        }
        nnz += gr->n_members;
        if (nnz > NNZ_MAX)
            return cs_err_set(err, CS_EINVAL, "roster: too many group members");
    }
    *nnz_on = nnz;
    return CS_OK;
}

/* Upper bound of a pattern's count: its max_count, never more than the seats, and 0 for a
 * pattern never on the phones (it would only add cost; fixing it keeps ties out). */
static int count_ub(const cs_roster_pattern *pt, int seats)
{
    if (pt->n_ranges == 0)
        return 0;
    return pt->max_count >= 0 && pt->max_count < seats ? pt->max_count : seats;
}

/* Agents interval i can be charged for: its requirement, capped at the seats. */
static int need_of(const cs_roster_problem *p, int i)
{
    return p->required[i] < p->seats ? p->required[i] : p->seats;
}

/* GLPK's error hook: an internal GLPK error (out of memory, a broken invariant) would
 * otherwise abort the process. We jump back to cs_roster_solve, which must then free the
 * thread's GLPK environment (GLPK's documented contract for a hook that does not return). */
static void on_glpk_error(void *info)
{
    longjmp(*(jmp_buf *)info, 1);
}

/* The model's arrays, owned by cs_roster_solve, allocated before GLPK is touched. */
typedef struct model {
    int *stamp;     /* [n_intervals] scratch for validate() */
    int *n_on;      /* [n_intervals] patterns on the phones per interval */
    int *cover_row; /* [n_intervals] GLPK row of the coverage constraint, 0: none */
    int *seat_row;  /* [n_intervals] GLPK row of the seat cap, 0: none */
    int *ia, *ja;   /* [nnz + 1] GLPK's 1-based sparse triplets */
    double *ar;     /* [nnz + 1] */
    int nnz;        /* entries of the triplets */
    int n_rows;     /* rows of the program */
    int n_extra;    /* shortfall columns, after the pattern columns */
    int group_row;  /* GLPK row of groups[0]; the others follow */
} model;

static void model_fini(model *m)
{
    free(m->stamp);
    free(m->n_on);
    free(m->cover_row);
    free(m->seat_row);
    free(m->ia);
    free(m->ja);
    free(m->ar);
}

/* What the branch-and-cut callback works with. */
typedef struct search {
    double bound;               /* best global lower bound seen */
    const cs_roster_problem *p; /* the problem */
    const model *m;             /* its rows */
    int *x;                     /* [n_patterns] scratch: rounded counts */
    int *cover;                 /* [n_intervals] scratch: agents on the phones */
    double *vals;               /* [1 + columns] scratch: the solution offered to GLPK */
    int *order;                 /* [n_patterns] pattern indices, dearest first */
} search;

/* Adds d agents of pattern j to the coverage. */
static void cover_add(search *s, int j, int d)
{
    const cs_roster_pattern *pt = &s->p->patterns[j];
    for (int r = 0; r < pt->n_ranges; r++)
        for (int i = pt->ranges[r].begin; i < pt->ranges[r].end; i++)
            s->cover[i] += d;
}

/* A rounding heuristic at each node: the LP counts rounded up, then, dearest pattern
 * first, agents taken off where an interval is over the seats and wherever every interval
 * of the pattern stays covered without them; the shortfall columns take what is left.
 * Always feasible, so GLPK has an incumbent from the root on: its own heuristics often find
 * none on rosters of a thousand patterns within the time limit. */
static void round_heuristic(glp_tree *tree, search *s)
{
    const cs_roster_problem *p = s->p;
    glp_prob *lp = glp_ios_get_prob(tree);
    const int np = p->n_patterns, n = p->n_intervals;
    memset(s->cover, 0, (size_t)n * sizeof *s->cover);
    for (int j = 0; j < np; j++) {
        double v = glp_get_col_prim(lp, j + 1), ub = glp_get_col_ub(lp, j + 1);
        double c = ceil(v - 1e-6);
        s->x[j] = c < 0 ? 0 : (int)(c > ub ? ub : c);
        cover_add(s, j, s->x[j]);
    }
    for (int g = 0; g < p->n_groups; g++) { /* group caps: take agents off its last members */
        const cs_roster_group *gr = &p->groups[g];
        int sum = 0;
        for (int q = 0; q < gr->n_members; q++)
            sum += s->x[gr->members[q]];
        for (int q = gr->n_members - 1; q >= 0 && sum > gr->max_count; q--) {
            int j = gr->members[q], d = sum - gr->max_count;
            d = d < s->x[j] ? d : s->x[j];
            s->x[j] -= d;
            sum -= d;
            cover_add(s, j, -d);
        }
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < np && s->cover[i] > p->seats; k++) {
            int j = s->order[k];
            const cs_roster_pattern *pt = &p->patterns[j];
            for (int r = 0; r < pt->n_ranges && s->x[j] > 0; r++)
                if (i >= pt->ranges[r].begin && i < pt->ranges[r].end) {
                    int d = s->cover[i] - p->seats;
                    d = d < s->x[j] ? d : s->x[j];
                    s->x[j] -= d;
                    cover_add(s, j, -d);
                }
        }
    for (int k = 0; k < np; k++) {
        int j = s->order[k];
        const cs_roster_pattern *pt = &p->patterns[j];
        int spare = s->x[j];
        for (int r = 0; r < pt->n_ranges && spare > 0; r++)
            for (int i = pt->ranges[r].begin; i < pt->ranges[r].end && spare > 0; i++) {
                int over = s->cover[i] - need_of(p, i);
                spare = over < spare ? over : spare;
            }
        if (spare > 0) {
            s->x[j] -= spare;
            cover_add(s, j, -spare);
        }
    }
    for (int j = 0; j < np; j++)
        s->vals[j + 1] = s->x[j];
    int col = np;
    for (int i = 0; i < n; i++)
        if (s->m->cover_row[i]) {
            int short_i = need_of(p, i) - s->cover[i];
            s->vals[++col] = short_i > 0 ? short_i : 0;
        }
    (void)glp_ios_heur_sol(tree, s->vals);
}

/* Branch-and-cut callback: the rounding heuristic, and the best global lower bound seen
 * (the smallest local bound of the active nodes). Lower bounds only grow, so the largest
 * one seen is valid; after an early stop it gives the gap, which GLPK offers only inside
 * the search. */
static void on_tree(glp_tree *tree, void *info)
{
    search *s = info;
    if (s->p->stop && *s->p->stop) {
        glp_ios_terminate(tree);
        return;
    }
    if (glp_ios_reason(tree) == GLP_IHEUR)
        round_heuristic(tree, s);
    int node = glp_ios_best_node(tree);
    if (node) {
        double b = glp_ios_node_bound(tree, node);
        if (b > s->bound)
            s->bound = b;
    }
}

/* A pattern's place in the heuristic's order. */
typedef struct ranked {
    double cost;
    int j;
} ranked;

static int by_cost_desc(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->cost != b->cost)
        return a->cost > b->cost ? -1 : 1;
    return a->j - b->j;
}

static void search_fini(search *s)
{
    free(s->x);
    free(s->cover);
    free(s->vals);
    free(s->order);
}

/* Scratch of the heuristic and its pattern order; CS_ENOMEM with err set on failure. */
static int search_init(search *s, const cs_roster_problem *p, const model *m, cs_err *err)
{
    const size_t np = (size_t)p->n_patterns;
    *s = (search){.bound = -DBL_MAX, .p = p, .m = m};
    s->x = calloc(np + 1, sizeof *s->x);
    s->cover = calloc((size_t)p->n_intervals, sizeof *s->cover);
    s->vals = calloc(np + (size_t)m->n_extra + 1, sizeof *s->vals);
    s->order = calloc(np + 1, sizeof *s->order);
    ranked *rk = calloc(np + 1, sizeof *rk);
    if (!s->x || !s->cover || !s->vals || !s->order || !rk) {
        free(rk);
        search_fini(s);
        return cs_err_set(err, CS_ENOMEM, "roster: no memory for the search");
    }
    for (size_t j = 0; j < np; j++)
        rk[j] = (ranked){p->patterns[j].cost, (int)j};
    qsort(rk, np, sizeof *rk, by_cost_desc);
    for (size_t j = 0; j < np; j++)
        s->order[j] = rk[j].j;
    free(rk);
    return CS_OK;
}

/* Lays out rows and triplets. Row numbering: a seat row for each interval some pattern is
 * on, then a coverage row (with its shortfall column) for each such interval that has a
 * requirement. An interval no pattern covers gets no row: its shortfall is forced anyway,
 * and leaving it out keeps the penalty from being charged for what no roster can do. */
static int model_build(model *m, const cs_roster_problem *p, long long nnz_on, cs_err *err)
{
    const int n = p->n_intervals;
    int rows = 0, extra = 0;
    for (int i = 0; i < n; i++) {
        if (m->n_on[i] == 0)
            continue;
        m->seat_row[i] = ++rows;
        int need = need_of(p, i);
        if (need > 0) {
            m->cover_row[i] = ++rows;
            extra++;
        }
    }
    m->group_row = rows + 1;
    rows += p->n_groups;
    /* Each on-phones pair appears in its seat row and at most once in a coverage row;
     * nnz_on also counts the group members, which appear once. */
    long long nnz = 2 * nnz_on + extra;
    m->ia = malloc((size_t)(nnz + 1) * sizeof *m->ia);
    m->ja = malloc((size_t)(nnz + 1) * sizeof *m->ja);
    m->ar = malloc((size_t)(nnz + 1) * sizeof *m->ar);
    if (!m->ia || !m->ja || !m->ar)
        return cs_err_set(err, CS_ENOMEM, "roster: no memory for %lld matrix entries", nnz);
    int k = 0;
    for (int j = 0; j < p->n_patterns; j++) {
        const cs_roster_pattern *pt = &p->patterns[j];
        for (int r = 0; r < pt->n_ranges; r++)
            for (int i = pt->ranges[r].begin; i < pt->ranges[r].end; i++) {
                ++k;
                m->ia[k] = m->seat_row[i], m->ja[k] = j + 1, m->ar[k] = 1;
                if (m->cover_row[i]) {
                    ++k;
                    m->ia[k] = m->cover_row[i], m->ja[k] = j + 1, m->ar[k] = 1;
                }
            }
    }
    int col = p->n_patterns;
    for (int i = 0; i < n; i++)
        if (m->cover_row[i]) {
            ++k;
            m->ia[k] = m->cover_row[i], m->ja[k] = ++col, m->ar[k] = 1;
        }
    for (int g = 0; g < p->n_groups; g++)
        for (int q = 0; q < p->groups[g].n_members; q++) {
            ++k;
            m->ia[k] = m->group_row + g, m->ja[k] = p->groups[g].members[q] + 1, m->ar[k] = 1;
        }
    cs_assert(k <= nnz);
    m->nnz = k;
    m->n_rows = rows;
    m->n_extra = extra;
    return CS_OK;
}

/* Loads the model into `lp`; the penalty weighs each shortfall column. */
static void load(glp_prob *lp, const model *m, const cs_roster_problem *p, double penalty)
{
    glp_set_obj_dir(lp, GLP_MIN);
    if (m->n_rows > 0)
        glp_add_rows(lp, m->n_rows);
    const int n_cols = p->n_patterns + m->n_extra;
    if (n_cols > 0)
        glp_add_cols(lp, n_cols);
    int col = p->n_patterns;
    for (int i = 0; i < p->n_intervals; i++) {
        if (m->seat_row[i])
            glp_set_row_bnds(lp, m->seat_row[i], GLP_UP, 0, p->seats);
        if (m->cover_row[i]) {
            int need = need_of(p, i);
            glp_set_row_bnds(lp, m->cover_row[i], GLP_LO, need, 0);
            /* Continuous: with integer counts the best shortfall is integral anyway, and
             * fewer integer columns means less branching. */
            glp_set_col_bnds(lp, ++col, GLP_DB, 0, need);
            glp_set_obj_coef(lp, col, penalty);
        }
    }
    for (int g = 0; g < p->n_groups; g++)
        glp_set_row_bnds(lp, m->group_row + g, GLP_UP, 0, p->groups[g].max_count);
    for (int j = 0; j < p->n_patterns; j++) {
        const cs_roster_pattern *pt = &p->patterns[j];
        int ub = count_ub(pt, p->seats);
        glp_set_col_kind(lp, j + 1, GLP_IV);
        if (ub == 0)
            glp_set_col_bnds(lp, j + 1, GLP_FX, 0, 0);
        else
            glp_set_col_bnds(lp, j + 1, GLP_DB, 0, ub);
        glp_set_obj_coef(lp, j + 1, pt->cost);
    }
    if (m->nnz > 0)
        glp_load_matrix(lp, m->nnz, m->ia, m->ja, m->ar);
}

static int alloc_solution(cs_roster_solution *out, const cs_roster_problem *p, cs_err *err)
{
    out->n_intervals = p->n_intervals;
    out->n_patterns = p->n_patterns;
    out->counts = calloc((size_t)p->n_patterns + 1, sizeof *out->counts);
    out->scheduled = calloc((size_t)p->n_intervals, sizeof *out->scheduled);
    out->shortfall = calloc((size_t)p->n_intervals, sizeof *out->shortfall);
    if (!out->counts || !out->scheduled || !out->shortfall) {
        cs_roster_solution_fini(out);
        return cs_err_set(err, CS_ENOMEM, "roster: no memory for the solution");
    }
    return CS_OK;
}

/* Fills scheduled, shortfall, cost and objective from the counts, in integers: exact, and
 * independent of GLPK's row activities. */
static void tally(cs_roster_solution *out, const cs_roster_problem *p)
{
    double cost = 0;
    long long charged = 0;
    for (int j = 0; j < p->n_patterns; j++) {
        const cs_roster_pattern *pt = &p->patterns[j];
        cost += pt->cost * out->counts[j];
        for (int r = 0; r < pt->n_ranges; r++)
            for (int i = pt->ranges[r].begin; i < pt->ranges[r].end; i++)
                out->scheduled[i] += out->counts[j];
    }
    out->shortfall_sum = 0;
    for (int i = 0; i < p->n_intervals; i++) {
        cs_assert(out->scheduled[i] <= p->seats);
        int s = p->required[i] - out->scheduled[i];
        out->shortfall[i] = s > 0 ? s : 0;
        out->shortfall_sum += out->shortfall[i];
        int need = need_of(p, i);
        if (need > out->scheduled[i])
            charged += need - out->scheduled[i];
    }
    out->cost = cost;
    out->objective = cost + out->penalty * (double)charged;
}

int cs_roster_solve(const cs_roster_problem *p, cs_roster_solution *out, cs_err *err)
{
    if (!out)
        return cs_err_set(err, CS_EINVAL, "roster: out is NULL");
    memset(out, 0, sizeof *out);
    if (!p)
        return cs_err_set(err, CS_EINVAL, "roster: problem is NULL");
    if (p->n_intervals < 1)
        return cs_err_set(
            err, CS_EINVAL, "roster: n_intervals must be >= 1 (got %d)", p->n_intervals);
    if (!p->required)
        return cs_err_set(err, CS_EINVAL, "roster: required is NULL");
    const double t0 = cs_clock_s();
    const size_t n = (size_t)p->n_intervals;
    model m = {0};
    m.stamp = calloc(n, sizeof *m.stamp);
    m.n_on = calloc(n, sizeof *m.n_on);
    m.cover_row = calloc(n, sizeof *m.cover_row);
    m.seat_row = calloc(n, sizeof *m.seat_row);
    int rc;
    if (!m.stamp || !m.n_on || !m.cover_row || !m.seat_row) {
        rc = cs_err_set(err, CS_ENOMEM, "roster: no memory for %zu intervals", n);
        goto out_free_model;
    }
    long long nnz_on = 0;
    if ((rc = validate(p, m.stamp, m.n_on, &nnz_on, err)))
        goto out_free_model;
    if ((rc = model_build(&m, p, nnz_on, err)))
        goto out_free_model;
    if ((rc = alloc_solution(out, p, err)))
        goto out_free_model;
    search srch;
    if ((rc = search_init(&srch, p, &m, err))) {
        cs_roster_solution_fini(out);
        goto out_free_model;
    }

    /* Default penalty: one more than the dearest roster the seats allow, so any roster
     * with less (charged) shortfall beats any with more: shortfall is minimised first. */
    double penalty = p->shortfall_penalty;
    if (penalty == 0) {
        penalty = 1;
        for (int j = 0; j < p->n_patterns; j++)
            penalty += p->patterns[j].cost * count_ub(&p->patterns[j], p->seats);
    }
    out->penalty = penalty;

    /* Everything GLPK touches from here on was allocated above and is not reassigned, so
     * a longjmp from the error hook leaves nothing indeterminate that we read. */
    jmp_buf on_error;
    int ret, mip_status;
    double mip_obj;
    if (setjmp(on_error)) {
        /* GLPK's state is unusable after an error: its contract is to free the whole
         * environment (the problem object with it). */
        glp_free_env();
        cs_roster_solution_fini(out);
        rc = cs_err_set(err, CS_ENUMERIC, "roster: GLPK failed internally (see glp_error)");
        goto out_free_search;
    }
    glp_error_hook(on_glpk_error, &on_error);
    const int term_was = glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    load(lp, &m, p, penalty);
    /* The LP relaxation first, then branch-and-cut without the MIP presolver: the rounding
     * heuristic must see the columns as we numbered them. */
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.presolve = GLP_ON;
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    parm.mip_gap = p->mip_gap;
    if (p->time_limit_s > 0) {
        double ms = ceil(p->time_limit_s * 1000);
        parm.tm_lim = smcp.tm_lim = ms < INT_MAX ? (int)ms : INT_MAX;
    }
    parm.cb_func = on_tree;
    parm.cb_info = &srch;
    ret = glp_simplex(lp, &smcp);
    if (ret == 0 && glp_get_status(lp) == GLP_OPT) {
        double left = p->time_limit_s - (cs_clock_s() - t0);
        if (p->time_limit_s > 0)
            parm.tm_lim = left > 0.001 ? (int)ceil(left * 1000) : 1;
        ret = glp_intopt(lp, &parm);
    } else if (ret == 0 || ret == GLP_ETMLIM) {
        ret = GLP_ETMLIM; /* no relaxation in time (it always has one: x = 0 is feasible) */
    }
    mip_status = glp_mip_status(lp);
    mip_obj = glp_mip_obj_val(lp);
    if (mip_status == GLP_OPT || mip_status == GLP_FEAS)
        for (int j = 0; j < p->n_patterns; j++)
            out->counts[j] = (int)lround(glp_mip_col_val(lp, j + 1));
    glp_delete_prob(lp);
    glp_term_out(term_was);
    glp_error_hook(NULL, NULL);

    switch (ret) {
    case 0:
    case GLP_ETMLIM:
    case GLP_EMIPGAP:
    case GLP_ESTOP:
        break;
    case GLP_ENOPFS: /* the presolver proved it infeasible */
        mip_status = GLP_NOFEAS;
        break;
    default:
        cs_roster_solution_fini(out);
        rc = cs_err_set(err, CS_ENUMERIC, "roster: GLPK glp_intopt failed (code %d)", ret);
        goto out_free_search;
    }
    if (mip_status == GLP_OPT && ret == 0) {
        out->status = CS_ROSTER_OPTIMAL;
        out->gap = 0;
    } else if (mip_status == GLP_OPT || mip_status == GLP_FEAS) {
        out->status = CS_ROSTER_FEASIBLE;
        out->gap = srch.bound > -DBL_MAX
                       ? fabs(mip_obj - srch.bound) / (fabs(mip_obj) + DBL_EPSILON)
                       : INFINITY;
    } else {
        out->status = mip_status == GLP_NOFEAS ? CS_ROSTER_INFEASIBLE : CS_ROSTER_NO_SOLUTION;
        out->gap = INFINITY;
        memset(out->counts, 0, (size_t)p->n_patterns * sizeof *out->counts);
    }
    tally(out, p);
    out->solve_s = cs_clock_s() - t0;
    rc = CS_OK;
out_free_search:
    search_fini(&srch);
out_free_model:
    model_fini(&m);
    return rc;
}
