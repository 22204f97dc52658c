/* workloads.c — the W2/W3 engine benchmarks as scenario texts, run through the loader,
 * runner and statistics exactly as `callsim run` would run them.
 * Part of bench/. */
#include "bench.h"

#include "callsim/runner.h"
#include "callsim/scenario.h"
#include "callsim/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SERVERS = 265 };
static const double RHO = 0.95;
static const double HANDLE_S = 300.0;

char *cs_bench_scenario_text(const char *workload, double calls, double warmup_calls, uint64_t seed)
{
    bool abandon;
    if (strcmp(workload, "mmc") == 0)
        abandon = false;
    else if (strcmp(workload, "mmc-abandon") == 0)
        abandon = true;
    else
        return NULL;
    double rate_per_s = RHO * SERVERS / HANDLE_S;
    double warmup_s = warmup_calls / rate_per_s;
    double horizon_s = warmup_s + calls / rate_per_s;
    size_t cap = 2048;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    snprintf(text,
             cap,
             "name = \"%s\";\n"
             "seed = %llu;\n"
             "replications = 1;\n"
             "interval = 86400;\n"
             "horizon = { start = \"2022-01-03\"; duration = %.6f; warmup = %.6f; };\n"
             "targets = { answer_within = 20; };\n"
             "demand = {\n"
             "  rate = %.9f;\n"
             "  categories = ( { name = \"calls\"; share = 1.0;\n"
             "                   handle = { dist = \"exponential\"; mean = %.1f; };\n"
             "%s"
             "                } );\n"
             "};\n"
             "supply = { seats = %d; agents = %d; };\n"
             "routing = { policy = \"fcfs\"; };\n",
             abandon ? "W3 M/M/c+M, c=265, rho=0.95" : "W2 M/M/c, c=265, rho=0.95",
             (unsigned long long)seed,
             horizon_s,
             warmup_s,
             rate_per_s * 3600.0,
             HANDLE_S,
             abandon ? "                   patience = { dist = \"exponential\"; mean = 600.0; };\n"
                     : "",
             SERVERS,
             SERVERS);
    return text;
}

/* Points the model's routing at "plugin:PATH" or "external:ADDRESS". */
static int set_router(cs_model *m, const char *router, cs_err *err)
{
    char **slot = NULL;
    const char *v = NULL;
    if (strncmp(router, "plugin:", 7) == 0) {
        slot = &m->routing.plugin;
        v = router + 7;
    } else if (strncmp(router, "external:", 9) == 0) {
        slot = &m->routing.external;
        v = router + 9;
    }
    if (!slot || !*v)
        return cs_err_set(
            err, CS_EINVAL, "--router must be plugin:PATH or external:ADDRESS (got '%s')", router);
    char *copy = malloc(strlen(v) + 1);
    if (!copy)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    memcpy(copy, v, strlen(v) + 1);
    free(m->routing.policy);
    m->routing.policy = NULL;
    *slot = copy;
    return 0;
}

int cs_bench_mmc(const char *workload,
                 double calls,
                 double warmup_calls,
                 uint64_t seed,
                 const char *router,
                 cs_bench_result *out,
                 cs_err *err)
{
    char *text = cs_bench_scenario_text(workload, calls, warmup_calls, seed);
    if (!text)
        return cs_err_set(err, CS_EINVAL, "unknown workload '%s' (mmc, mmc-abandon)", workload);
    cs_model *m = NULL;
    int rc = cs_scenario_load_string(text, workload, NULL, 0, &m, err);
    free(text);
    if (rc != CS_OK)
        return rc;
    if (router && (rc = set_router(m, router, err)) != 0) {
        cs_model_free(m);
        return rc;
    }
    cs_run_opts o = {.replications = 1, .threads = 1};
    cs_results *res = cs_run(m, &o, err);
    if (!res) {
        cs_model_free(m);
        return err && err->code ? err->code : CS_ENOMEM;
    }
    cs_summary *s = cs_summary_new(m, res->reps, res->n, err);
    if (!s) {
        cs_results_free(res);
        cs_model_free(m);
        return CS_ENOMEM;
    }
    memset(out, 0, sizeof *out);
    out->workload = strcmp(workload, "mmc") == 0 ? "mmc" : "mmc-abandon";
    out->calls = s->totals.v[CS_KPI_offered].mean;
    out->events = (double)res->reps[0].events;
    out->wall_s = res->wall_s;
    out->calls_per_s = out->calls / res->wall_s;
    out->events_per_s = out->events / res->wall_s;
    out->p_wait = s->totals.v[CS_KPI_p_wait].mean;
    out->mean_wait_s = s->totals.v[CS_KPI_mean_wait_s].mean;
    out->abandon_rate = s->totals.v[CS_KPI_abandon_rate].mean;
    cs_summary_free(s);
    cs_results_free(res);
    cs_model_free(m);
    return 0;
}
