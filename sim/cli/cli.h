/* cli.h — shared pieces of the `callsim` command: option parsing and the subcommands.
 * Part of sim/cli, the only code that prints results or decides exit statuses. */
#ifndef CS_CLI_H
#define CS_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Options shared by run and plan. */
typedef struct cli_opts {
    const char *scenario;
    int reps; /* 0: from the scenario */
    bool has_seed;
    uint64_t seed;
    int threads;       /* 0: all cores */
    const char **sets; /* --set PATH=VALUE, in order */
    size_t n_sets;
    const char *out_dir;
    bool json;
    bool quiet;
    const char *snapshot; /* "YYYY-MM-DD HH:MM" or NULL */
} cli_opts;

/* Parses argv[first..argc) into o. Prints the problem and returns CLI_USAGE on bad
 * usage; returns -1 when --help was asked (help printed by the caller). */
int cli_parse_common(int argc, char **argv, int first, cli_opts *o);
void cli_opts_fini(cli_opts *o);

struct cs_model;

/* The common start of run, check and plan: parses the options from argv[2], prints `help` on
 * --help, and loads the scenario with its --set overrides, printing any diagnostic.
 * Returns CLI_OK with *m (owned) and *o (cli_opts_fini) filled, or with *m NULL after
 * --help; otherwise the exit status to return, with nothing left to free. */
int cli_load(int argc, char **argv, void (*help)(void), cli_opts *o, struct cs_model **m);

/* Loads scenario `path` with its --set overrides into *m (owned), printing any diagnostic
 * (`file:line: message`). Returns CLI_OK, CLI_USAGE for a scenario mistake or an unreadable
 * file, CLI_FAIL otherwise. Shared with callsim-viz. */
int cli_load_model(const char *path, const char **sets, size_t n_sets, struct cs_model **m);

/* Matches argv[*i] against option `name` ("--name VALUE" or "--name=VALUE"): returns 1
 * with *val set (advancing *i past a separate value), 0 when it is another option, -1
 * (printed) when the value is missing. */
int cli_take(int argc, char **argv, int *i, const char *name, const char **val);

/* Horizon seconds of "YYYY-MM-DD HH:MM" given to `option`; prints the problem and returns
 * CLI_USAGE when unreadable or outside the horizon. */
int cli_horizon_time(const struct cs_model *m, const char *option, const char *text, double *t);

/* Checks that `--out DIR` can be written, before any work, so a bad target costs no
 * simulation; prints the problem. Returns CLI_OK or CLI_USAGE (CLI_FAIL when out of
 * memory). (cmd_common.c) */
int cli_out_usable(const char *dir);

/* Makes Ctrl-C set the returned flag (0 until then) instead of ending the process: the
 * `stop` of the runner's and the planner's options. (cmd_common.c) */
volatile sig_atomic_t *cli_stop_on_sigint(void);

int cli_cmd_run(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);
int cli_cmd_bench(int argc, char **argv);
/* `callsim bench --router ...` (cmd_bench_router.c). */
int cli_bench_routers(int argc, char **argv);
int cli_cmd_plan(int argc, char **argv);

/* Progress bar on stderr (only when stderr is a terminal and not quiet). */
void cli_progress(void *ud, double fraction);
bool cli_progress_wanted(bool quiet);
void cli_progress_done(bool shown);

/* Strict integer parsing for option values. */
bool cli_parse_int(const char *s, long long lo, long long hi, long long *out);

#endif
