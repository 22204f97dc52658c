/* test_calibration.c — the Hangzhou 12345 scenario against the reported facts: prints the
 * README's "reported vs simulated" table from the scenario's own replications and seed,
 * and fails when a figure leaves the acceptance band of the research note (§7.7).
 * Multi-day figures are computed per replication, then averaged with a Student-t CI.
 * Run: ctest -R calibration -V   (or: test_calibration PATH/hangzhou-12345-2022.cfg [REPS]) */
#include "check.h"

#include "callsim/civil.h"
#include "callsim/runner.h"
#include "callsim/scenario.h"
#include "callsim/stats.h"

#include <stdlib.h>

static int day_index(const cs_model *m, const char *iso)
{
    int64_t days;
    CHECK(cs_civil_parse_date(iso, &days));
    return (int)(days - m->start_day);
}

/* Answered calls of day d in replication r. */
static double answered_on(const cs_model *m, const cs_rep_stats *r, int d, int cat)
{
    size_t per = (size_t)(86400.0 / m->interval_s), nc = m->n_categories;
    double a = 0;
    for (size_t k = (size_t)d * per; k < (size_t)(d + 1) * per && k < r->n_intervals; k++)
        for (size_t c = 0; c < nc; c++)
            if (cat < 0 || (size_t)cat == c)
                a += r->cells[k * nc + c].answered;
    return a;
}

static void row(const char *what, const char *reported, cs_estimate e)
{
    printf("| %-58s | %-10s | %9.1f +/- %5.1f |\n", what, reported, e.mean, e.ci95);
}

static void check_band(const char *what, double x, double lo, double hi)
{
    if (!(x >= lo && x <= hi))
        CHECK_FAIL_("%s = %.2f outside the acceptance band [%g, %g]", what, x, lo, hi);
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s hangzhou-12345-2022.cfg [REPLICATIONS]\n", argv[0]);
        return 2;
    }
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    if (cs_scenario_load(argv[1], NULL, 0, &m, &err) != CS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int d_hol = day_index(m, "2022-01-31"), d_feb8 = day_index(m, "2022-02-08");
    int d_feb9 = day_index(m, "2022-02-09");
    cs_run_opts o = {.replications = argc == 3 ? atoi(argv[2]) : m->replications,
                     .threads = cs_runner_default_threads(),
                     .has_snapshot = true,
                     .snapshot_at_s = d_feb9 * 86400.0 + 11 * 3600.0 - m->start_tod_s};
    cs_results *res = cs_run(m, &o, &err);
    CHECK(res != NULL);
    size_t n = res->n;
    double *x = calloc(10 * n, sizeof *x);
    CHECK(x != NULL);
    double *hol = x, *feb8 = x + n, *cpa = x + 2 * n, *most = x + 3 * n, *covid = x + 4 * n;
    double *li = x + 5 * n, *tk = x + 6 * n, *ac = x + 7 * n, *idle = x + 8 * n;
    for (size_t r = 0; r < n; r++) {
        const cs_rep_stats *s = &res->reps[r];
        double tot = 0, cov = 0;
        for (int d = d_hol; d < d_hol + 7; d++)
            for (size_t c = 0; c < m->n_categories; c++) {
                double a = answered_on(m, s, d, (int)c);
                /* COVID-related share within each category, research note §7.2 */
                const char *name = m->categories[c].name;
                double w = !strcmp(name, "covid_policy") || !strcmp(name, "quarantine_medical")
                               ? 1.0
                           : !strcmp(name, "complaint") ? 0.65
                           : !strcmp(name, "emotional") ? 0.75
                                                        : 0.0;
                tot += a;
                cov += w * a;
            }
        hol[r] = tot / 7;
        covid[r] = cov / tot;
        feb8[r] = answered_on(m, s, d_feb8, -1);
        /* 31 Jan - 3 Feb: the partially staffed holiday days */
        double sum = 0, mx = 0;
        for (int d = d_hol; d < d_hol + 4; d++) {
            double working = 0, calls = 0;
            for (size_t a = 0; a < s->n_agents; a++) {
                double k = s->agent_day_calls[a * s->n_days + (size_t)d];
                working += k > 0;
                calls += k;
                mx = k > mx ? k : mx;
            }
            sum += calls / working;
        }
        cpa[r] = sum / 4;
        most[r] = mx;
        li[r] = s->snapshot.logged_in;
        tk[r] = s->snapshot.talking;
        ac[r] = s->snapshot.after_call;
        idle[r] = s->snapshot.idle;
    }
    cs_estimate e_hol = cs_estimate_of(hol, n), e_feb8 = cs_estimate_of(feb8, n);
    cs_estimate e_cpa = cs_estimate_of(cpa, n), e_most = cs_estimate_of(most, n);
    cs_estimate e_cov = cs_estimate_of(covid, n), e_li = cs_estimate_of(li, n);
    cs_estimate e_tk = cs_estimate_of(tk, n), e_ac = cs_estimate_of(ac, n);
    cs_estimate e_idle = cs_estimate_of(idle, n);
    printf("%s: %zu replications, seed %llu\n\n", argv[1], n, (unsigned long long)m->seed);
    printf("| %-58s | %-10s | %-19s |\n", "figure", "reported", "simulated (95% CI)");
    printf("|%s|%s|%s|\n",
           "------------------------------------------------------------",
           "------------",
           "---------------------");
    row("holiday 31 Jan - 6 Feb: calls answered per day", "7,000+", e_hol);
    row("8 Feb: calls answered", "18,000+", e_feb8);
    row("holiday 31 Jan - 3 Feb: calls per agent per day", "~100", e_cpa);
    row("holiday 31 Jan - 3 Feb: busiest agent's calls in a day", "134", e_most);
    row("9 Feb 11:00: agents logged in", "154", e_li);
    row("9 Feb 11:00: talking", "86", e_tk);
    row("9 Feb 11:00: in after-call work", "53", e_ac);
    row("9 Feb 11:00: idle (inferred 154 - 86 - 53)", "15", e_idle);
    printf("| %-58s | %-10s | %9.1f %%          |\n",
           "COVID-related share of holiday calls",
           "> 80 %",
           100 * e_cov.mean);
    /* Acceptance bands: research note §7.7 (wallboard: 86 +/- 15 talking, 53 +/- 12 ACW). */
    check_band("holiday answered per day", e_hol.mean, 7000, 7400);
    check_band("8 Feb answered", e_feb8.mean, 18000, 19500);
    check_band("calls per agent per day", e_cpa.mean, 90, 110);
    check_band("busiest agent-day", e_most.mean, 120, 145);
    check_band("logged in at 11:00", e_li.mean, 149, 159);
    check_band("talking at 11:00", e_tk.mean, 71, 101);
    check_band("after-call work at 11:00", e_ac.mean, 41, 65);
    check_band("COVID share", e_cov.mean, 0.80, 1.0);
    free(x);
    cs_results_free(res);
    cs_model_free(m);
    printf("\nok: every figure within its acceptance band\n");
    return 0;
}
