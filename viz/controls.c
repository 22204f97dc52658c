/* controls.c — keys to actions and actions to the simulation, the on-screen key help, and
 * scripted key presses (--script) that drive the real event queue in tests. Part of viz/. */
#include "viz.h"

#include "core/grow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const viz_help_keys[][2] = {{"Space", "pause / resume"},
                                        {"\xe2\x86\x90 \xe2\x86\x92", "slower / faster"},
                                        {"S", "step 1 min"},
                                        {"N", "next surge"},
                                        {"U",
                                         "surge \xc3\x97"
                                         "2 for 1 h"},
                                        {"A", "+10 agents"},
                                        {"R",
                                         "\xe2\x88\x92"
                                         "10 agents"},
                                        {"H", "help"},
                                        {"Q", "quit"},
                                        {NULL, NULL}};

viz_action viz_key_action(SDL_Keycode k)
{
    switch (k) {
    case SDLK_SPACE:
    case SDLK_p:
        return VIZ_PAUSE;
    case SDLK_LEFT:
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        return VIZ_SLOWER;
    case SDLK_RIGHT:
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS:
        return VIZ_FASTER;
    case SDLK_s:
    case SDLK_PERIOD:
        return VIZ_STEP;
    case SDLK_n:
        return VIZ_NEXT_SURGE;
    case SDLK_u:
        return VIZ_SURGE;
    case SDLK_a:
        return VIZ_ADD;
    case SDLK_r:
        return VIZ_REMOVE;
    case SDLK_h:
    case SDLK_F1:
        return VIZ_HELP;
    case SDLK_q:
    case SDLK_ESCAPE:
        return VIZ_QUIT;
    default:
        return VIZ_NONE;
    }
}

const char *viz_action_name(viz_action a)
{
    static const char *const names[] = {"none",
                                        "pause",
                                        "slower",
                                        "faster",
                                        "step",
                                        "next_surge",
                                        "surge",
                                        "add",
                                        "remove",
                                        "help",
                                        "quit"};
    return (unsigned)a < sizeof names / sizeof names[0] ? names[a] : "unknown";
}

int viz_apply(viz_live *L, viz_action a, char *msg, size_t n, cs_err *err)
{
    int rc = 0;
    msg[0] = '\0';
    switch (a) {
    case VIZ_PAUSE:
        L->paused = !L->paused;
        snprintf(msg, n, "%s", L->paused ? "paused" : "running");
        break;
    case VIZ_SLOWER:
        L->speed = L->speed / 2 < 1 ? 1 : L->speed / 2;
        snprintf(msg, n, "speed %.0f\xc3\x97", L->speed);
        break;
    case VIZ_FASTER:
        L->speed = L->speed * 2 > 172800 ? 172800 : L->speed * 2;
        snprintf(msg, n, "speed %.0f\xc3\x97", L->speed);
        break;
    case VIZ_STEP:
        L->paused = true;
        rc = viz_live_advance(L, cs_sim_now(L->s) + 60, 0, err);
        snprintf(msg, n, "paused; stepped one minute");
        break;
    case VIZ_NEXT_SURGE: {
        double t = cs_sim_next_surge(L->s);
        if (!isfinite(t)) {
            snprintf(msg, n, "no scenario surge ahead");
            break;
        }
        rc = viz_live_advance(L, t, 0, err);
        char when[32];
        cs_model_format_time(L->m, t, when);
        snprintf(msg, n, "jumped to the surge at %s", when);
        break;
    }
    case VIZ_SURGE:
        rc = cs_sim_inject_surge(L->s, 2.0, 3600.0, err);
        if (rc == 0) {
            L->surges_injected++;
            snprintf(msg,
                     n,
                     "surge \xc3\x97"
                     "2 for 1 h injected");
        }
        break;
    case VIZ_ADD:
        rc = cs_sim_add_agents(L->s, 10, err);
        if (rc == 0) {
            L->agents_added += 10;
            snprintf(msg, n, "+10 agents");
        }
        break;
    case VIZ_REMOVE:
        rc = cs_sim_remove_agents(L->s, 10, err);
        if (rc >= 0) {
            L->agents_removed += rc;
            snprintf(msg, n, "%d agents sent home (after their calls)", rc);
            rc = 0;
        }
        break;
    case VIZ_HELP:
    case VIZ_QUIT:
    case VIZ_NONE:
        break;
    }
    return rc;
}

int viz_script_load(viz_script *sc, const char *path, cs_err *err)
{
    memset(sc, 0, sizeof *sc);
    FILE *f = fopen(path, "r");
    if (!f)
        return cs_err_set(err, CS_EIO, "%s: cannot open", path);
    char line[256];
    int lineno = 0;
    size_t cap_at = 0, cap_key = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        double t;
        char name[64];
        if (sscanf(p, "%lf %63s", &t, name) != 2 || !(t >= 0)) {
            rc = cs_err_set(err, CS_EINVAL, "%s:%d: expected SECONDS KEY", path, lineno);
            break;
        }
        SDL_Keycode k = SDL_GetKeyFromName(name);
        if (k == SDLK_UNKNOWN) {
            rc = cs_err_set(err, CS_EINVAL, "%s:%d: unknown key '%s'", path, lineno, name);
            break;
        }
        if (cs_grow((void **)&sc->at_s, &cap_at, sc->n + 1, sizeof *sc->at_s) != 0 ||
            cs_grow((void **)&sc->key, &cap_key, sc->n + 1, sizeof *sc->key) != 0) {
            rc = cs_err_set(err, CS_ENOMEM, "out of memory");
            break;
        }
        sc->at_s[sc->n] = t;
        sc->key[sc->n++] = k;
    }
    fclose(f);
    if (rc != 0)
        viz_script_fini(sc);
    return rc;
}

void viz_script_push_due(viz_script *sc, double t_s)
{
    while (sc->next < sc->n && sc->at_s[sc->next] <= t_s) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_KEYDOWN;
        e.key.state = SDL_PRESSED;
        e.key.keysym.sym = sc->key[sc->next];
        e.key.keysym.scancode = SDL_GetScancodeFromKey(sc->key[sc->next]);
        SDL_PushEvent(&e);
        sc->next++;
    }
}

bool viz_script_done(const viz_script *sc)
{
    return sc->next >= sc->n;
}

void viz_script_fini(viz_script *sc)
{
    free(sc->at_s);
    free(sc->key);
    memset(sc, 0, sizeof *sc);
}
