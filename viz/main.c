/* main.c — callsim-viz: options, scenario loading (shared with callsim), and the choice
 * between the window, the headless PNG and the benchmark. Part of viz/. */
#include "viz.h"

#include "callsim/version.h"
#include "cli/cli.h"

#include <SDL_image.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: callsim-viz SCENARIO [options]\n"
           "\n"
           "Runs one replication of SCENARIO in step with the wall clock and shows the hall's\n"
           "wallboard, floor map and charts.\n"
           "\n"
           "  --speed X          simulated seconds per second (default 1440: a day a minute)\n"
           "  --seed S           base seed (default: the scenario's `seed`)\n"
           "  --set PATH=VALUE   override a scenario setting (repeatable)\n"
           "  --font FILE        TrueType font (default $CALLSIM_VIZ_FONT, else DejaVu Sans)\n"
           "  --size WxH         window or image size (default 1600x900; PNG 1920x1080)\n"
           "  --headless --at \"YYYY-MM-DD HH:MM\" --png FILE\n"
           "                     render the view at that time off-screen into a PNG\n"
           "  --mouse X,Y        with --headless: draw the tooltip of the seat at X,Y\n"
           "  --bench-frames N   time N frames off-screen (at --speed, 1/60 s each) and print\n"
           "                     mean and p99 frame time (from --at when given)\n"
           "  --script FILE      timed key presses, \"SECONDS KEY\" per line (testing)\n"
           "  --log              a state line on stdout every 0.1 s and after every key\n"
           "\n"
           "Keys: Space pause/resume, Left/Right slower/faster, S step a minute, N jump to the\n"
           "next scenario surge, U inject a surge (x2 for 1 h), A add 10 agents, R send 10\n"
           "home, H help, Q quit. Hover over a seat for its agent and call.\n");
}

static int usage(const char *msg, const char *v)
{
    fprintf(stderr, "callsim-viz: %s%s%s%s\n", msg, v ? " (got '" : "", v ? v : "", v ? "')" : "");
    return CLI_USAGE;
}

typedef struct args {
    const char *scenario;
    double speed;
    bool has_seed;
    uint64_t seed;
    const char **sets;
    size_t n_sets;
    bool headless;
    const char *at, *png;
    bool size_given;
    int mouse_x, mouse_y; /* --mouse: the hover tooltip in a headless image */
    viz_opts o;
} args;

static int parse(int argc, char **argv, args *a)
{
    a->speed = 1440;
    a->mouse_x = a->mouse_y = -1;
    a->o.width = 1600;
    a->o.height = 900;
    a->sets = calloc((size_t)argc, sizeof *a->sets);
    if (!a->sets)
        return CLI_FAIL;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = NULL;
        int r;
        long long n;
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            help();
            return -1;
        } else if (strcmp(s, "--version") == 0) {
            printf("callsim-viz %s\n", CALLSIM_VERSION);
            return -1;
        } else if (strcmp(s, "--headless") == 0) {
            a->headless = true;
        } else if (strcmp(s, "--log") == 0) {
            a->o.log = true;
        } else if ((r = cli_take(argc, argv, &i, "--speed", &v)) != 0) {
            char *end;
            a->speed = r > 0 ? strtod(v, &end) : 0;
            if (r < 0 || *end || !(a->speed >= 1 && a->speed <= 1e7))
                return usage("--speed must be a number from 1 to 10000000", v);
        } else if ((r = cli_take(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0 || !cli_parse_int(v, 0, INT64_MAX, &n))
                return usage("--seed must be a non-negative integer", v);
            a->has_seed = true;
            a->seed = (uint64_t)n;
        } else if ((r = cli_take(argc, argv, &i, "--set", &v)) != 0) {
            if (r < 0 || !strchr(v, '='))
                return usage("--set needs PATH=VALUE", v);
            a->sets[a->n_sets++] = v;
        } else if ((r = cli_take(argc, argv, &i, "--at", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE;
            a->at = v;
        } else if ((r = cli_take(argc, argv, &i, "--png", &v)) != 0) {
            if (r < 0 || !*v)
                return usage("--png needs a file name", NULL);
            a->png = v;
        } else if ((r = cli_take(argc, argv, &i, "--font", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE;
            a->o.font = v;
        } else if ((r = cli_take(argc, argv, &i, "--script", &v)) != 0) {
            if (r < 0)
                return CLI_USAGE;
            a->o.script = v;
        } else if ((r = cli_take(argc, argv, &i, "--size", &v)) != 0) {
            int w, h;
            char tail;
            if (r < 0 || sscanf(v, "%dx%d%c", &w, &h, &tail) != 2 || w < 320 || h < 200 ||
                w > 8192 || h > 8192)
                return usage("--size must be WxH, from 320x200 to 8192x8192", v);
            a->o.width = w;
            a->o.height = h;
            a->size_given = true;
        } else if ((r = cli_take(argc, argv, &i, "--mouse", &v)) != 0) {
            char tail;
            if (r < 0 || sscanf(v, "%d,%d%c", &a->mouse_x, &a->mouse_y, &tail) != 2)
                return usage("--mouse must be X,Y", v);
        } else if ((r = cli_take(argc, argv, &i, "--bench-frames", &v)) != 0) {
            if (r < 0 || !cli_parse_int(v, 1, 10000000, &n))
                return usage("--bench-frames must be an integer from 1 to 10000000", v);
            a->o.bench_frames = (int)n;
        } else if (s[0] == '-' && s[1] != '\0') {
            return usage("unknown option (see --help)", s);
        } else if (!a->scenario) {
            a->scenario = s;
        } else {
            return usage("unexpected argument", s);
        }
    }
    if (!a->scenario)
        return usage("no scenario file given (see --help)", NULL);
    if (a->headless && (!a->at || !a->png))
        return usage("--headless needs --at \"YYYY-MM-DD HH:MM\" and --png FILE", NULL);
    if (!a->headless && a->png)
        return usage("--png goes with --headless", NULL);
    if (!a->headless && !a->o.bench_frames && a->at)
        return usage("--at goes with --headless or --bench-frames", NULL);
    if ((a->headless || a->o.bench_frames) && !a->size_given) {
        a->o.width = 1920;
        a->o.height = 1080;
    }
    return CLI_OK;
}

static int run(args *a, cs_model *m)
{
    cs_err err;
    cs_err_clear(&err);
    double at = 0;
    if (a->at && cli_horizon_time(m, "--at", a->at, &at) != CLI_OK)
        return CLI_USAGE;
    if (a->headless || a->o.bench_frames)
        SDL_setenv("SDL_VIDEODRIVER", "dummy", 0); /* no display needed off-screen */
    if (SDL_Init(0) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "callsim-viz: SDL: %s\n", SDL_GetError());
        return CLI_FAIL;
    }
    viz_live L;
    int rc = viz_live_init(&L, m, a->speed, &err);
    if (rc == 0 && a->at)
        rc = viz_live_advance(&L, at, 0, &err);
    if (rc == 0 && a->headless) {
        viz_headless h;
        if ((rc = viz_headless_render(&h, &L, a->o.font, a->o.width, a->o.height, &err)) == 0) {
            if (a->mouse_x >= 0) {
                h.view.mouse_x = a->mouse_x;
                h.view.mouse_y = a->mouse_y;
                viz_headless_redraw(&h, &L);
            }
            rc = viz_png_write(h.surface, a->png, &err);
            viz_headless_end(&h);
        }
    } else if (rc == 0 && a->o.bench_frames) {
        rc = viz_bench_run(&L, &a->o, &err);
    } else if (rc == 0) {
        rc = viz_app_run(&L, &a->o, &err);
    }
    if (rc != 0)
        fprintf(stderr, "%s\n", err.msg);
    if (L.s)
        viz_live_fini(&L);
    TTF_Quit();
    IMG_Quit();
    SDL_Quit();
    if (rc == 0)
        return CLI_OK;
    return rc == CS_EINVAL ? CLI_USAGE : CLI_FAIL;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    args a;
    memset(&a, 0, sizeof a);
    int rc = parse(argc, argv, &a);
    if (rc != CLI_OK) {
        free(a.sets);
        return rc < 0 ? CLI_OK : rc;
    }
    cs_model *m = NULL;
    rc = cli_load_model(a.scenario, a.sets, a.n_sets, &m);
    if (rc == CLI_OK) {
        if (a.has_seed)
            m->seed = a.seed;
        rc = run(&a, m);
    }
    cs_model_free(m);
    free(a.sets);
    return rc;
}
