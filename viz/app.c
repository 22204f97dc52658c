/* app.c — the window's main loop: events in, one bounded slice of simulation, one frame
 * drawn; and the benchmark that times the same frames off-screen. Part of viz/. */
#include "viz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void log_state(const viz_live *L, const char *what, double wall_s)
{
    cs_snapshot sn;
    cs_sim_snapshot(L->s, &sn);
    viz_today td;
    viz_live_today(L, &td);
    printf("%s wall=%.3f sim=%.1f speed=%.0f paused=%d logged_in=%d waiting=%d agents=%u "
           "offered_today=%llu\n",
           what,
           wall_s,
           cs_sim_now(L->s),
           L->speed,
           L->paused ? 1 : 0,
           sn.logged_in,
           sn.waiting,
           cs_sim_agent_count(L->s),
           (unsigned long long)td.offered);
    fflush(stdout);
}

int viz_app_run(viz_live *L, const viz_opts *o, cs_err *err)
{
    viz_script sc = {0};
    if (o->script && viz_script_load(&sc, o->script, err) != 0)
        return err ? err->code : CS_EINVAL;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        viz_script_fini(&sc);
        return cs_err_set(err,
                          CS_EIO,
                          "callsim-viz: no display (%s); use --headless --at TIME --png FILE",
                          SDL_GetError());
    }
    /* SDL falls back to drivers that show nothing when there is no display: say so rather
     * than run a window no one can see or close */
    const char *drv = SDL_GetCurrentVideoDriver();
    if (drv && (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0)) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        viz_script_fini(&sc);
        return cs_err_set(err,
                          CS_EIO,
                          "callsim-viz: no display (SDL video driver '%s'); run it on a desktop, "
                          "or use --headless --at TIME --png FILE",
                          drv);
    }
    int rc = 0;
    char title[160];
    snprintf(title, sizeof title, "callsim-viz \xe2\x80\x94 %s", L->m->name);
    SDL_Window *win = SDL_CreateWindow(title,
                                       SDL_WINDOWPOS_CENTERED,
                                       SDL_WINDOWPOS_CENTERED,
                                       o->width,
                                       o->height,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Renderer *r = NULL;
    viz_view v = {0};
    if (!win) {
        rc = cs_err_set(err, CS_EIO, "callsim-viz: window: %s", SDL_GetError());
        goto out;
    }
    r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!r)
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!r) {
        rc = cs_err_set(err, CS_EIO, "callsim-viz: renderer: %s", SDL_GetError());
        goto out;
    }
    if ((rc = viz_view_init(&v, r, o->font, L->m->supply.seats, err)) != 0)
        goto out;
    /* the software renderer draws into the window's surface, which keeps the last frame */
    SDL_RendererInfo ri;
    v.keeps_frame = SDL_GetRendererInfo(r, &ri) == 0 && strcmp(ri.name, "software") == 0;
    uint64_t freq = SDL_GetPerformanceFrequency(), t0 = SDL_GetPerformanceCounter();
    uint64_t last = t0;
    double last_log = -1, script_end = -1;
    bool quit = false;
    if (o->log)
        log_state(L, "start", 0);
    while (!quit) {
        uint64_t now = SDL_GetPerformanceCounter();
        double wall = (double)(now - t0) / (double)freq;
        double dt = (double)(now - last) / (double)freq;
        last = now;
        if (o->script) {
            viz_script_push_due(&sc, wall);
            if (viz_script_done(&sc) && script_end < 0)
                script_end = wall;
            if (script_end >= 0 && wall > script_end + 1.0)
                quit = true; /* a scripted run ends a second after its last key */
        }
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            if (e.type == SDL_QUIT) {
                quit = true;
            } else if (e.type == SDL_MOUSEMOTION) {
                v.mouse_x = e.motion.x;
                v.mouse_y = e.motion.y;
            } else if (e.type == SDL_RENDER_TARGETS_RESET || e.type == SDL_RENDER_DEVICE_RESET) {
                viz_view_invalidate(&v); /* the still layer's texture lost its pixels */
            } else if (e.type == SDL_WINDOWEVENT) {
                v.damage_all = true; /* resized, exposed, restored: draw it whole */
                if (e.window.event == SDL_WINDOWEVENT_LEAVE)
                    v.mouse_x = v.mouse_y = -1;
            } else if (e.type == SDL_KEYDOWN) {
                viz_action a = viz_key_action(e.key.keysym.sym);
                if (a == VIZ_QUIT)
                    quit = true;
                else if (a == VIZ_HELP)
                    v.show_help = !v.show_help;
                else if (a != VIZ_NONE) {
                    if ((rc = viz_apply(L, a, v.toast, sizeof v.toast, err)) != 0)
                        goto out;
                    v.toast_until_ms = SDL_GetTicks() + 3000;
                }
                if (o->log && a != VIZ_NONE)
                    log_state(L, viz_action_name(a), wall);
            }
        }
        if ((rc = viz_live_frame(L, dt, err)) != 0)
            goto out;
        int w, h;
        SDL_GetRendererOutputSize(r, &w, &h);
        /* mouse coordinates are in window points; the renderer may have more pixels */
        int ww, wh;
        SDL_GetWindowSize(win, &ww, &wh);
        int mx = v.mouse_x, my = v.mouse_y;
        if (mx >= 0 && ww > 0) {
            v.mouse_x = mx * w / ww;
            v.mouse_y = my * h / wh;
        }
        v.now_ms = SDL_GetTicks();
        viz_draw(&v, L, w, h);
        v.mouse_x = mx;
        v.mouse_y = my;
        SDL_RenderPresent(r);
        if (o->log && wall - last_log >= 0.1) {
            log_state(L, "state", wall);
            last_log = wall;
        }
    }
    if (o->log)
        log_state(L, "end", (double)(SDL_GetPerformanceCounter() - t0) / (double)freq);
out:
    if (v.text)
        viz_view_fini(&v);
    if (r)
        SDL_DestroyRenderer(r);
    if (win)
        SDL_DestroyWindow(win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    viz_script_fini(&sc);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int viz_bench_run(viz_live *L, const viz_opts *o, cs_err *err)
{
    int n = o->bench_frames;
    double *step = malloc((size_t)n * sizeof *step), *total = malloc((size_t)n * sizeof *total);
    if (!step || !total) {
        free(step);
        free(total);
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    }
    viz_headless h;
    int rc = viz_headless_render(&h, L, o->font, o->width, o->height, err);
    if (rc != 0) {
        free(step);
        free(total);
        return rc;
    }
    uint64_t freq = SDL_GetPerformanceFrequency();
    double sim0 = cs_sim_now(L->s);
    uint64_t ev0 = cs_sim_event_count(L->s);
    int done = 0;
    for (int i = 0; i < n && !cs_sim_is_done(L->s); i++, done++) {
        uint64_t a = SDL_GetPerformanceCounter();
        if ((rc = viz_live_frame(L, 1.0 / 60.0, err)) != 0)
            break;
        uint64_t b = SDL_GetPerformanceCounter();
        viz_draw(&h.view, L, o->width, o->height);
        SDL_RenderPresent(h.r);
        uint64_t c = SDL_GetPerformanceCounter();
        step[i] = 1e3 * (double)(b - a) / (double)freq;
        total[i] = 1e3 * (double)(c - a) / (double)freq;
    }
    if (rc == 0 && done > 0) {
        double ms = 0, ss = 0;
        for (int i = 0; i < done; i++) {
            ms += total[i];
            ss += step[i];
        }
        qsort(total, (size_t)done, sizeof *total, cmp_double);
        qsort(step, (size_t)done, sizeof *step, cmp_double);
        size_t p99 = (size_t)((double)(done - 1) * 0.99);
        printf("frames %d  seats %d  speed %.0fx  size %dx%d  simulated %.0f s  events %llu\n",
               done,
               L->m->supply.seats,
               L->speed,
               o->width,
               o->height,
               cs_sim_now(L->s) - sim0,
               (unsigned long long)(cs_sim_event_count(L->s) - ev0));
        printf("frame ms: mean %.3f  p99 %.3f  max %.3f  (simulation step: mean %.3f  p99 %.3f)\n",
               ms / done,
               total[p99],
               total[done - 1],
               ss / done,
               step[p99]);
    }
    viz_headless_end(&h);
    free(step);
    free(total);
    return rc;
}
