/* cmd_bench_router.c — `callsim bench --router A --router B ... SCENARIO`: every router on
 * the same callers (same model, same seed: common random numbers), decisions timed,
 * results side by side.
 * Part of sim/cli: options -> one model per router -> runner -> summaries -> report. */
#include "cli/cli.h"

#include "callsim/report.h"
#include "callsim/runner.h"
#include "callsim/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    puts("usage: callsim bench --router R [--router R ...] SCENARIO [options]\n"
         "\n"
         "Runs the scenario once per router on the same callers (same seed) and prints them\n"
         "side by side: decisions, decisions per second of decide() time, decide() latency\n"
         "p50/p95/p99/max, refused decisions, KPIs per priority and category with 95% CIs,\n"
         "fairness across agents and the longest wait of the least urgent priority.\n"
         "\n"
         "routers:\n"
         "  NAME               a built-in policy (fcfs, priority, overflow, reserve,\n"
         "                     round-robin, least-occupied)\n"
         "  plugin:PATH.so     a router shared object (routing.plugin)\n"
         "  external:ADDR      an external router, unix:/path or tcp:HOST:PORT\n"
         "\n"
         "options:\n"
         "  --reps N           replications (default: the scenario's `replications`)\n"
         "  --seed S           base seed (default: the scenario's `seed`)\n"
         "  --threads T        worker threads (default: all cores); results do not depend on it\n"
         "  --set PATH=VALUE   override a scenario setting for every router\n"
         "  --json             print one JSON object {\"routers\": [...]} on stdout\n"
         "  --quiet            no progress bar\n"
         "Latency figures are wall-clock times and vary from run to run; everything else is\n"
         "identical for the same scenario, seed and replications.");
}

typedef enum { R_BUILTIN, R_PLUGIN, R_EXTERNAL } router_kind;

typedef struct router_spec {
    const char *name; /* as given */
    router_kind kind;
    const char *arg; /* policy name, plugin path or external address */
} router_spec;

static int parse_router(const char *v, router_spec *r)
{
    r->name = v;
    if (strncmp(v, "plugin:", 7) == 0 && v[7]) {
        r->kind = R_PLUGIN;
        r->arg = v + 7;
    } else if (strncmp(v, "external:", 9) == 0 && v[9]) {
        r->kind = R_EXTERNAL;
        r->arg = v + 9;
    } else if (strcmp(v, "plugin:") == 0 || strcmp(v, "external:") == 0) {
        fprintf(stderr,
                "callsim: --router '%s' needs %s after the colon\n",
                v,
                v[0] == 'p' ? "a plugin path" : "an address, unix:/path or tcp:HOST:PORT");
        return CLI_USAGE;
    } else if (cs_router_builtin(v)) {
        r->kind = R_BUILTIN;
        r->arg = v;
    } else {
        fprintf(stderr, "callsim: --router '%s' is not a built-in policy (", v);
        const char *const *names = cs_router_builtin_names();
        for (size_t i = 0; names[i]; i++)
            fprintf(stderr, "%s%s", i ? ", " : "", names[i]);
        fprintf(stderr, "), plugin:PATH or external:ADDR\n");
        return CLI_USAGE;
    }
    return CLI_OK;
}

static const char *const router_key[] = {"policy", "plugin", "external"};

/* "routing.KEY=\"ARG\"" with ARG escaped as a libconfig string; NULL when out of memory. */
static char *router_set(const router_spec *r)
{
    size_t len = strlen(r->arg);
    char *s = malloc(2 * len + 32);
    if (!s)
        return NULL;
    char *p = s + sprintf(s, "routing.%s=\"", router_key[r->kind]);
    for (size_t i = 0; i < len; i++) {
        if (r->arg[i] == '"' || r->arg[i] == '\\')
            *p++ = '\\';
        *p++ = r->arg[i];
    }
    memcpy(p, "\"", 2);
    return s;
}

/* The scenario with the user's --set overrides and the router as one more override: it
 * replaces the scenario's routing choice (policy, plugin or external) and the loader checks
 * it like a scenario key; timeout, fallback, tick and the policy options stay. */
static int load_for(const cli_opts *o, const router_spec *r, cs_model **m)
{
    const char **sets = calloc(o->n_sets + 1, sizeof *sets);
    char *router = router_set(r);
    if (!sets || !router) {
        free(sets);
        free(router);
        return CLI_FAIL;
    }
    memcpy(sets, o->sets, o->n_sets * sizeof *sets);
    sets[o->n_sets] = router;
    cs_err err;
    cs_err_clear(&err);
    int st = cs_scenario_load(o->scenario, sets, o->n_sets + 1, m, &err);
    free(sets);
    if (st != CS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        char loc[32];
        snprintf(loc, sizeof loc, "--set routing.%s:", router_key[r->kind]);
        if (strstr(err.msg, loc))
            fprintf(stderr,
                    "callsim: (%.*s above is --router '%s')\n",
                    (int)strlen(loc) - 1,
                    loc,
                    r->name);
        free(router);
        return st == CS_ESCENARIO || st == CS_EIO ? CLI_USAGE : CLI_FAIL;
    }
    free(router);
    if (o->has_seed)
        (*m)->seed = o->seed;
    return CLI_OK;
}

/* argv without the --router options, which go to `specs` (argc entries). */
static int
split_routers(int argc, char **argv, char **rest, int *n_rest, router_spec *specs, size_t *n_specs)
{
    *n_rest = 0;
    *n_specs = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        int r = cli_take(argc, argv, &i, "--router", &v);
        if (r < 0)
            return CLI_USAGE; /* cli_take() said why */
        if (r == 0)
            rest[(*n_rest)++] = argv[i];
        else if (parse_router(v, &specs[(*n_specs)++]) != CLI_OK)
            return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_bench_routers(int argc, char **argv)
{
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    router_spec *specs = calloc((size_t)argc, sizeof *specs);
    cs_model **models = calloc((size_t)argc, sizeof *models);
    cs_results **results = calloc((size_t)argc, sizeof *results);
    cs_summary **sums = calloc((size_t)argc, sizeof *sums);
    cs_bench_router *rows = calloc((size_t)argc, sizeof *rows);
    cli_opts o = {0};
    int n_rest = 0, rc = CLI_FAIL;
    size_t n = 0;
    if (!rest || !specs || !models || !results || !sums || !rows)
        goto out;
    if ((rc = split_routers(argc, argv, rest, &n_rest, specs, &n)) != CLI_OK)
        goto out;
    rc = cli_parse_common(n_rest, rest, 2, &o);
    if (rc < 0) {
        help();
        rc = CLI_OK;
        goto out;
    }
    if (rc != CLI_OK)
        goto out;
    if (o.out_dir || o.snapshot) {
        fprintf(stderr, "callsim: bench --router takes no --out or --snapshot\n");
        rc = CLI_USAGE;
        goto out;
    }
    bool bar = cli_progress_wanted(o.quiet || o.json);
    for (size_t i = 0; i < n; i++) {
        if ((rc = load_for(&o, &specs[i], &models[i])) != CLI_OK)
            goto out;
        cs_run_opts ro = {.replications = o.reps ? o.reps : models[i]->replications,
                          .threads = o.threads ? o.threads : cs_runner_default_threads(),
                          .time_decisions = true,
                          .progress = bar ? cli_progress : NULL};
        cs_err err;
        cs_err_clear(&err);
        results[i] = cs_run(models[i], &ro, &err);
        cli_progress_done(bar);
        if (results[i])
            sums[i] = cs_summary_new(models[i], results[i]->reps, results[i]->n, &err);
        if (!sums[i]) {
            fprintf(stderr, "callsim: router '%s': %s\n", specs[i].name, err.msg);
            rc = CLI_FAIL;
            goto out;
        }
        rows[i] = (cs_bench_router){
            .name = specs[i].name, .summary = sums[i], .wall_s = results[i]->wall_s};
    }
    uint64_t seed = models[0]->seed;
    rc = (o.json ? cs_report_bench_json(stdout, rows, n, seed)
                 : cs_report_bench_table(stdout, rows, n, seed)) == 0
             ? CLI_OK
             : CLI_FAIL;
out:
    for (size_t i = 0; i < n && models; i++) {
        cs_summary_free(sums ? sums[i] : NULL);
        cs_results_free(results ? results[i] : NULL);
        cs_model_free(models[i]);
    }
    cli_opts_fini(&o);
    free(rest);
    free(specs);
    free(models);
    free(results);
    free(sums);
    free(rows);
    return rc;
}
