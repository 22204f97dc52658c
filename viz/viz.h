/* viz.h — private pieces of callsim-viz, the live wallboard and floor map.
 * viz/ is the only SDL user; it reads the simulation only through callsim/sim.h. One job per
 * file: live.c steps the replication and keeps its history (no SDL), layout.c places the
 * panels, floor.c / board.c / charts.c draw, text.c renders text, controls.c maps keys to
 * actions, headless.c renders off-screen to a PNG, app.c runs the window's loop. */
#ifndef CS_VIZ_H
#define CS_VIZ_H

#include "callsim/model.h"
#include "callsim/sim.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- live.c: the replication in step with the wall clock (no drawing) ---- */

typedef struct viz_live {
    const cs_model *m; /* borrowed */
    cs_sim *s;         /* owned */
    double speed;      /* simulated seconds per wall second */
    bool paused;
    uint64_t max_events_per_frame; /* cap on events dispatched in one frame */
    /* per reporting interval over the horizon, by the time of the event */
    size_t n_int;
    uint32_t *offered;   /* attempts arrived */
    uint32_t *answered;  /* attempts answered */
    uint32_t *abandoned; /* attempts abandoned */
    uint32_t *within;    /* answered within targets.answer_within_s */
    /* one sample a simulated minute, taken at the minute's end */
    size_t n_min;
    float *queue;   /* calls waiting */
    float *logged;  /* agents logged in */
    size_t sampled; /* samples taken: minutes [0, sampled) */
    int agents_added;
    int agents_removed;
    int surges_injected;
} viz_live;

/* Today's totals up to now (the day of the simulated clock). */
typedef struct viz_today {
    int day;
    uint64_t offered, answered, abandoned, within;
    double service_level; /* within / (answered + abandoned); -1 when none ended */
    double abandon_rate;  /* abandoned / (answered + abandoned); -1 when none ended */
} viz_today;

/* Starts replication 0 of m (borrowed). Returns 0, or a status with err set. */
int viz_live_init(viz_live *L, const cs_model *m, double speed, cs_err *err);
void viz_live_fini(viz_live *L);

/* Advances the clock to t (clamped to the horizon) in slices of a simulated minute,
 * recording history; stops early once `max_events` have been dispatched (0: no cap).
 * Returns 0 or a negative status. */
int viz_live_advance(viz_live *L, double t, uint64_t max_events, cs_err *err);

/* One frame's worth: advances by speed x wall_dt (wall_dt capped at 0.1 s) unless paused,
 * at most max_events_per_frame events, so a frame never waits long on the simulation. */
int viz_live_frame(viz_live *L, double wall_dt, cs_err *err);

void viz_live_today(const viz_live *L, viz_today *out);

/* ---- text.c: fonts, cached glyph runs, and the list of strings drawn ---- */

enum { VIZ_FONT_REGULAR, VIZ_FONT_BOLD };
enum { VIZ_TEXT_MAX_DRAWN = 512 }; /* strings listed a frame */
enum { VIZ_ALIGN_LEFT, VIZ_ALIGN_CENTER, VIZ_ALIGN_RIGHT };

typedef struct viz_drawn {
    char text[64];
    SDL_Rect rect; /* where it was drawn */
    int px;        /* font size */
    int face;      /* VIZ_FONT_* */
    SDL_Color color;
} viz_drawn;

typedef struct viz_text viz_text;

/* Finds the font: `path` if given, else $CALLSIM_VIZ_FONT, else DejaVu Sans from
 * fonts-dejavu-core. Returns owned, or NULL with a message in err naming what was tried. */
viz_text *viz_text_new(SDL_Renderer *r, const char *path, cs_err *err);
void viz_text_free(viz_text *t);

/* Draws UTF-8 `s` at x (aligned per `align`), y = top. Returns the width drawn. */
int viz_text_draw(
    viz_text *t, int px, int face, SDL_Color c, int x, int y, int align, const char *s);
/* Size `s` would take. */
void viz_text_size(viz_text *t, int px, int face, const char *s, int *w, int *h);
/* Renders `s` alone on background `bg` into a new surface (owned; tests compare pixels). */
SDL_Surface *viz_text_render(viz_text *t, int px, int face, SDL_Color c, const char *s);

/* Strings drawn since the last viz_text_begin_frame (for tests and the string check). */
void viz_text_begin_frame(viz_text *t);
const viz_drawn *viz_text_drawn(const viz_text *t, size_t *n);
/* Lists `n` strings as drawn this frame (those of a cached layer copied to the screen). */
void viz_text_note_drawn(viz_text *t, const viz_drawn *d, size_t n);

/* ---- layout.c: panels for a window size ---- */

typedef struct viz_layout {
    int w, h;
    float k; /* scale against a 1920x1080 screen */
    SDL_Rect header, floor, legend, board, chart_queue, chart_calls, footer;
    /* the seat grid inside `floor` */
    int cols, rows, tile, gap;
    int grid_x, grid_y;
} viz_layout;

void viz_layout_compute(viz_layout *lo, int w, int h, int seats);
/* px scaled to the window */
int viz_px(const viz_layout *lo, int px);

/* ---- drawing ---- */

typedef struct viz_colors {
    SDL_Color bg, panel, text, dim, grid;
    SDL_Color state[CS_AGENT_STATE_COUNT]; /* tile colour per agent state */
    SDL_Color empty, queue, logged, offered, answered, warn;
} viz_colors;

extern const viz_colors viz_palette;

enum { VIZ_DAMAGE_MAX = 256 };

typedef struct viz_view {
    SDL_Renderer *r; /* borrowed */
    viz_text *text;  /* owned */
    viz_layout lo;
    int mouse_x, mouse_y; /* -1: outside */
    bool show_help;
    char toast[96]; /* last action, shown a few seconds */
    uint32_t toast_until_ms;
    uint32_t now_ms;
    int32_t *seat_agent; /* [seats] agent on each seat, -1 empty */
    int n_seats;
    SDL_Texture *tiles;   /* the seat grid at its size in pixels (floor.c) */
    uint32_t *texels;     /* its pixels, [tiles_cols * tiles_rows] */
    uint32_t *seat_texel; /* [seats] colour each seat has in `texels`; 0: not drawn */
    int tiles_cols, tiles_rows;
    /* The still layer (background, panels, titles, labels, axes: what changes only with the
     * window size) drawn once into a texture and copied each frame; the strings it holds are
     * listed again each frame as if drawn. */
    SDL_Texture *still;
    int still_w, still_h;
    viz_drawn *still_drawn;
    size_t n_still_drawn;
    /* Where the renderer keeps the last frame's pixels (an off-screen surface, a software
     * window), a frame copies back from the still layer only what the last one drew over
     * it: the damage, listed by the live drawers (texts are listed by text.c). */
    bool keeps_frame;
    bool damage_all; /* copy the whole still layer next frame */
    SDL_Rect damage[VIZ_DAMAGE_MAX];
    int n_damage;
} viz_view;

int viz_view_init(viz_view *v, SDL_Renderer *r, const char *font, int seats, cs_err *err);
void viz_view_fini(viz_view *v);

/* Draws the whole screen for `L` into v->r at w x h. */
void viz_draw(viz_view *v, const viz_live *L, int w, int h);
/* Notes that the live layer or an overlay drew over rc, to be restored next frame. */
void viz_damage(viz_view *v, SDL_Rect rc);
/* Forgets the cached textures (the renderer lost their contents); the next frame draws
 * them again. */
void viz_view_invalidate(viz_view *v);

/* Each panel's drawer draws one layer: `still` the parts that depend only on the layout and
 * the scenario, else the parts that follow the simulation. Both, in that order, make the
 * panel. */

/* floor.c */
void viz_floor_draw(viz_view *v, const viz_live *L, bool still);
/* Rectangle of seat i's tile in the last layout. */
SDL_Rect viz_floor_tile_rect(const viz_layout *lo, int seat);
/* Seat under (x, y), or -1. */
int viz_floor_seat_at(const viz_layout *lo, int seats, int x, int y);
void viz_floor_hover(viz_view *v, const viz_live *L);

/* board.c */
void viz_board_draw(viz_view *v, const viz_live *L, bool still);
void viz_header_draw(viz_view *v, const viz_live *L, bool still);

/* charts.c */
void viz_charts_draw(viz_view *v, const viz_live *L, bool still);

/* shared drawing helpers (draw.c) */
void viz_fill(SDL_Renderer *r, SDL_Rect rc, SDL_Color c);
void viz_frame_rect(SDL_Renderer *r, SDL_Rect rc, SDL_Color c);
void viz_panel(viz_view *v, SDL_Rect rc, const char *title);
/* "1:05" / "12:03:44" style durations, "12,345" thousands. buf >= 32 bytes. */
char *viz_fmt_duration(double s, char *buf, size_t n);
char *viz_fmt_count(uint64_t x, char *buf, size_t n);

/* ---- controls.c: keys to actions ---- */

typedef enum viz_action {
    VIZ_NONE,
    VIZ_PAUSE,
    VIZ_SLOWER,
    VIZ_FASTER,
    VIZ_STEP,
    VIZ_NEXT_SURGE,
    VIZ_SURGE,
    VIZ_ADD,
    VIZ_REMOVE,
    VIZ_HELP,
    VIZ_QUIT
} viz_action;

viz_action viz_key_action(SDL_Keycode k);
const char *viz_action_name(viz_action a);
/* Carries out `a` on the simulation; writes a short message for the screen into msg. */
int viz_apply(viz_live *L, viz_action a, char *msg, size_t n, cs_err *err);
/* The key help, one "KEY  what" pair per entry; NULL-terminated. */
extern const char *const viz_help_keys[][2];

/* A script of timed key presses (--script FILE): "SECONDS KEYNAME" per line. */
typedef struct viz_script {
    double *at_s;
    SDL_Keycode *key;
    size_t n, next;
} viz_script;

/* Reads a script; returns 0 or CS_EIO / CS_EINVAL with `file:line: message` in err. */
int viz_script_load(viz_script *sc, const char *path, cs_err *err);
/* Pushes the key presses due by wall time t_s as SDL events. */
void viz_script_push_due(viz_script *sc, double t_s);
bool viz_script_done(const viz_script *sc);
void viz_script_fini(viz_script *sc);

/* ---- headless.c ---- */

/* Renders L's current state at w x h into a new surface (owned) with the software renderer;
 * `view_out` (may be NULL) receives the view for inspection; the caller then
 * viz_headless_end. Returns NULL with err set. */
typedef struct viz_headless {
    SDL_Surface *surface;
    SDL_Renderer *r;
    viz_view view;
} viz_headless;

int viz_headless_render(
    viz_headless *h, const viz_live *L, const char *font, int w, int h_px, cs_err *err);
/* Draws L again (after a change to h->view, e.g. the mouse position). */
void viz_headless_redraw(viz_headless *h, const viz_live *L);
void viz_headless_end(viz_headless *h);
/* Writes the surface as a PNG, whole or not at all (temporary file and rename). */
int viz_png_write(SDL_Surface *s, const char *path, cs_err *err);

/* ---- app.c: the window's loop, and the frame-time benchmark ---- */

typedef struct viz_opts {
    const char *font;   /* NULL: environment or DejaVu */
    int width, height;  /* window or image size */
    const char *script; /* timed key presses, or NULL */
    bool log;           /* state lines on stdout */
    int bench_frames;   /* > 0: measure this many frames off-screen and print the figures */
} viz_opts;

/* Runs the window until quit (or the script's last key and a last second). Returns 0 or a
 * status with err set. */
int viz_app_run(viz_live *L, const viz_opts *o, cs_err *err);

/* Times o->bench_frames frames of stepping and drawing at 1/60 s of wall time each, off
 * screen, and prints mean and p99. */
int viz_bench_run(viz_live *L, const viz_opts *o, cs_err *err);

#endif
