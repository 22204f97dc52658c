/* opts.c — parsing the options `run` and `plan` share, and the progress bar.
 * Part of sim/cli. Accepts "--opt VALUE" and "--opt=VALUE". */
#include "cli/cli.h"

#include "callsim/civil.h"
#include "callsim/model.h"
#include "callsim/scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool cli_parse_int(const char *s, long long lo, long long hi, long long *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int cli_take(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "callsim: option %s needs a value\n", name);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

int cli_parse_common(int argc, char **argv, int first, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->sets = calloc((size_t)argc, sizeof *o->sets);
    if (!o->sets)
        return CLI_FAIL;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        long long n;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return -1;
        if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = true;
        } else if ((r = cli_take(argc, argv, &i, "--reps", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE; /* cli_take() said why */
            if (!cli_parse_int(v, 1, 1000000, &n)) {
                fprintf(
                    stderr, "callsim: --reps must be an integer from 1 to 1000000 (got '%s')\n", v);
                return CLI_USAGE;
            }
            o->reps = (int)n;
        } else if ((r = cli_take(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE; /* cli_take() said why */
            if (!cli_parse_int(v, 0, INT64_MAX, &n)) {
                fprintf(stderr, "callsim: --seed must be a non-negative integer (got '%s')\n", v);
                return CLI_USAGE;
            }
            o->has_seed = true;
            o->seed = (uint64_t)n;
        } else if ((r = cli_take(argc, argv, &i, "--threads", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE; /* cli_take() said why */
            if (!cli_parse_int(v, 1, 4096, &n)) {
                fprintf(
                    stderr, "callsim: --threads must be an integer from 1 to 4096 (got '%s')\n", v);
                return CLI_USAGE;
            }
            o->threads = (int)n;
        } else if ((r = cli_take(argc, argv, &i, "--set", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE;
            if (!strchr(v, '=')) {
                fprintf(stderr, "callsim: --set needs PATH=VALUE (got '%s')\n", v);
                return CLI_USAGE;
            }
            o->sets[o->n_sets++] = v;
        } else if ((r = cli_take(argc, argv, &i, "--out", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE; /* cli_take() said why */
            if (!*v) {
                fprintf(stderr, "callsim: --out needs a directory\n");
                return CLI_USAGE;
            }
            o->out_dir = v;
        } else if ((r = cli_take(argc, argv, &i, "--snapshot", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE;
            o->snapshot = v;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "callsim: unknown option '%s' (see --help)\n", a);
            return CLI_USAGE;
        } else if (!o->scenario) {
            o->scenario = a;
        } else {
            fprintf(stderr, "callsim: unexpected argument '%s'\n", a);
            return CLI_USAGE;
        }
    }
    if (!o->scenario) {
        fprintf(stderr, "callsim: no scenario file given (see --help)\n");
        return CLI_USAGE;
    }
    return CLI_OK;
}

void cli_opts_fini(cli_opts *o)
{
    free(o->sets);
    o->sets = NULL;
}

int cli_load_model(const char *path, const char **sets, size_t n_sets, cs_model **m)
{
    cs_err err;
    cs_err_clear(&err);
    int st = cs_scenario_load(path, sets, n_sets, m, &err);
    if (st == CS_OK)
        return CLI_OK;
    fprintf(stderr, "%s\n", err.msg);
    /* a scenario mistake or an unreadable file is the user's to fix: exit status 2 */
    return st == CS_ESCENARIO || st == CS_EIO ? CLI_USAGE : CLI_FAIL;
}

int cli_load(int argc, char **argv, void (*help)(void), cli_opts *o, cs_model **m)
{
    *m = NULL;
    int rc = cli_parse_common(argc, argv, 2, o);
    if (rc != CLI_OK) {
        cli_opts_fini(o);
        if (rc < 0) {
            help();
            return CLI_OK; /* --help: done, with no model */
        }
        return rc;
    }
    rc = cli_load_model(o->scenario, o->sets, o->n_sets, m);
    if (rc != CLI_OK)
        cli_opts_fini(o);
    return rc;
}

int cli_horizon_time(const cs_model *m, const char *option, const char *text, double *t)
{
    int64_t days;
    double tod;
    if (!cs_civil_parse_datetime(text, false, &days, &tod)) {
        fprintf(stderr, "callsim: %s needs \"YYYY-MM-DD HH:MM\" (got '%s')\n", option, text);
        return CLI_USAGE;
    }
    *t = (double)(days - m->start_day) * 86400.0 + tod - m->start_tod_s;
    if (*t < 0 || *t > m->horizon_s) {
        fprintf(stderr, "callsim: %s %s is outside the scenario's horizon\n", option, text);
        return CLI_USAGE;
    }
    return CLI_OK;
}

bool cli_progress_wanted(bool quiet)
{
    return !quiet && isatty(STDERR_FILENO);
}

void cli_progress(void *ud, double fraction)
{
    (void)ud;
    if (fraction < 0)
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    int width = 40, filled = (int)(fraction * width + 0.5);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r  simulating [%s] %3d%%", bar, (int)(fraction * 100 + 0.5));
    fflush(stderr);
}

void cli_progress_done(bool shown)
{
    if (shown)
        fprintf(stderr, "\r%60s\r", "");
}
