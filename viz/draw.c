/* draw.c — the palette, small drawing helpers and the frame: clear, panels, and each
 * panel's drawer in turn. Part of viz/; reads the simulation, never steps it. */
#include "viz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Dark background for a wall screen; state colours far apart in hue and brightness. */
const viz_colors viz_palette = {
    .bg = {14, 18, 25, 255},
    .panel = {27, 33, 44, 255},
    .text = {236, 240, 245, 255},
    .dim = {146, 156, 172, 255},
    .grid = {52, 60, 75, 255},
    .state =
        {
            [CS_AGENT_OFF] = {50, 56, 68, 255},
            [CS_AGENT_SEAT_WAIT] = {200, 200, 200, 255},
            [CS_AGENT_IDLE] = {46, 204, 113, 255},
            [CS_AGENT_TALKING] = {52, 152, 219, 255},
            [CS_AGENT_AFTER_CALL] = {243, 156, 18, 255},
            [CS_AGENT_ON_BREAK] = {155, 89, 182, 255},
        },
    .empty = {50, 56, 68, 255},
    .queue = {231, 76, 60, 255},
    .logged = {46, 204, 113, 255},
    .offered = {120, 132, 152, 255},
    .answered = {52, 152, 219, 255},
    .warn = {231, 76, 60, 255},
};

void viz_fill(SDL_Renderer *r, SDL_Rect rc, SDL_Color c)
{
    /* blending only where needed: the software renderer fills opaque rectangles fast */
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &rc);
}

void viz_frame_rect(SDL_Renderer *r, SDL_Rect rc, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderDrawRect(r, &rc);
}

void viz_panel(viz_view *v, SDL_Rect rc, const char *title)
{
    viz_fill(v->r, rc, viz_palette.panel);
    if (title)
        viz_text_draw(v->text,
                      viz_px(&v->lo, 20),
                      VIZ_FONT_BOLD,
                      viz_palette.dim,
                      rc.x + viz_px(&v->lo, 14),
                      rc.y + viz_px(&v->lo, 9),
                      VIZ_ALIGN_LEFT,
                      title);
}

char *viz_fmt_duration(double s, char *buf, size_t n)
{
    long t = s > 0 ? (long)floor(s + 0.5) : 0;
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
    return buf;
}

char *viz_fmt_count(uint64_t x, char *buf, size_t n)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%llu", (unsigned long long)x);
    size_t len = strlen(raw), o = 0;
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0 && o + 2 < n)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
    return buf;
}

int viz_view_init(viz_view *v, SDL_Renderer *r, const char *font, int seats, cs_err *err)
{
    memset(v, 0, sizeof *v);
    v->r = r;
    v->mouse_x = v->mouse_y = -1;
    v->n_seats = seats;
    v->seat_agent = malloc((size_t)(seats > 0 ? seats : 1) * sizeof *v->seat_agent);
    if (!v->seat_agent)
        return cs_err_set(err, CS_ENOMEM, "out of memory");
    v->text = viz_text_new(r, font, err);
    if (!v->text) {
        free(v->seat_agent);
        v->seat_agent = NULL;
        return err ? err->code : CS_EIO;
    }
    return 0;
}

void viz_damage(viz_view *v, SDL_Rect rc)
{
    if (rc.w <= 0 || rc.h <= 0)
        return;
    if (v->n_damage == VIZ_DAMAGE_MAX)
        v->damage_all = true;
    else
        v->damage[v->n_damage++] = rc;
}

void viz_view_invalidate(viz_view *v)
{
    v->damage_all = true;
    if (v->tiles)
        SDL_DestroyTexture(v->tiles);
    v->tiles = NULL;
    v->tiles_cols = v->tiles_rows = 0;
    if (v->still)
        SDL_DestroyTexture(v->still);
    v->still = NULL;
    v->still_w = v->still_h = 0;
    free(v->still_drawn);
    v->still_drawn = NULL;
    v->n_still_drawn = 0;
}

void viz_view_fini(viz_view *v)
{
    viz_view_invalidate(v);
    free(v->texels);
    free(v->seat_texel);
    viz_text_free(v->text);
    free(v->seat_agent);
    memset(v, 0, sizeof *v);
}

static void footer_draw(viz_view *v)
{
    const viz_layout *lo = &v->lo;
    char line[256] = "";
    size_t o = 0;
    for (size_t i = 0; viz_help_keys[i][0] && o < sizeof line; i++)
        o += (size_t)snprintf(line + o,
                              sizeof line - o,
                              "%s%s %s",
                              i ? "    " : "",
                              viz_help_keys[i][0],
                              viz_help_keys[i][1]);
    viz_text_draw(v->text,
                  viz_px(lo, 17),
                  VIZ_FONT_REGULAR,
                  viz_palette.dim,
                  lo->w / 2,
                  lo->footer.y + viz_px(lo, 10),
                  VIZ_ALIGN_CENTER,
                  line);
}

static void help_draw(viz_view *v)
{
    const viz_layout *lo = &v->lo;
    int n = 0;
    while (viz_help_keys[n][0])
        n++;
    int line = viz_px(lo, 40), w = viz_px(lo, 640), h = line * (n + 2);
    SDL_Rect box = {(lo->w - w) / 2, (lo->h - h) / 2, w, h};
    viz_fill(v->r, box, (SDL_Color){8, 10, 14, 240});
    viz_frame_rect(v->r, box, viz_palette.dim);
    viz_damage(v, box);
    int y = box.y + line / 2;
    viz_text_draw(v->text,
                  viz_px(lo, 26),
                  VIZ_FONT_BOLD,
                  viz_palette.text,
                  box.x + w / 2,
                  y,
                  VIZ_ALIGN_CENTER,
                  "Keys");
    for (int i = 0; i < n; i++) {
        y += line;
        viz_text_draw(v->text,
                      viz_px(lo, 22),
                      VIZ_FONT_BOLD,
                      viz_palette.text,
                      box.x + viz_px(lo, 200),
                      y,
                      VIZ_ALIGN_RIGHT,
                      viz_help_keys[i][0]);
        viz_text_draw(v->text,
                      viz_px(lo, 22),
                      VIZ_FONT_REGULAR,
                      viz_palette.dim,
                      box.x + viz_px(lo, 230),
                      y,
                      VIZ_ALIGN_LEFT,
                      viz_help_keys[i][1]);
    }
}

static void layer_draw(viz_view *v, const viz_live *L, bool still)
{
    if (still) {
        SDL_SetRenderDrawBlendMode(v->r, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(v->r, viz_palette.bg.r, viz_palette.bg.g, viz_palette.bg.b, 255);
        SDL_RenderClear(v->r);
        footer_draw(v);
    }
    viz_header_draw(v, L, still);
    viz_floor_draw(v, L, still);
    viz_board_draw(v, L, still);
    viz_charts_draw(v, L, still);
}

/* The still layer for the current layout, drawn into a texture when the size changed,
 * its strings listed as drawn this frame (the first of the frame). False where the
 * renderer cannot draw into textures: then it is drawn every frame. */
static bool still_ready(viz_view *v, const viz_live *L)
{
    const viz_layout *lo = &v->lo;
    if (v->still && v->still_w == lo->w && v->still_h == lo->h) {
        viz_text_note_drawn(v->text, v->still_drawn, v->n_still_drawn);
        return true;
    }
    if (v->still)
        viz_view_invalidate(v); /* resized */
    if (!SDL_RenderTargetSupported(v->r))
        return false;
    SDL_Texture *tex =
        SDL_CreateTexture(v->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, lo->w, lo->h);
    if (!tex)
        return false;
    if (SDL_SetRenderTarget(v->r, tex) != 0) {
        SDL_DestroyTexture(tex);
        return false;
    }
    layer_draw(v, L, true); /* the first strings of the frame */
    SDL_SetRenderTarget(v->r, NULL);
    size_t n;
    const viz_drawn *d = viz_text_drawn(v->text, &n);
    v->still_drawn = malloc((n + 1) * sizeof *v->still_drawn);
    if (!v->still_drawn) {
        SDL_DestroyTexture(tex);
        return false;
    }
    memcpy(v->still_drawn, d, n * sizeof *d);
    v->n_still_drawn = n;
    v->damage_all = true;
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE);
    v->still = tex;
    v->still_w = lo->w;
    v->still_h = lo->h;
    return true;
}

/* Puts the still layer back where the last frame drew: all of it, or only the damage
 * where the renderer kept that frame. */
static void still_restore(viz_view *v)
{
    if (!v->keeps_frame || v->damage_all) {
        SDL_RenderCopy(v->r, v->still, NULL, NULL);
    } else {
        for (int i = 0; i < v->n_damage; i++)
            SDL_RenderCopy(v->r, v->still, &v->damage[i], &v->damage[i]);
    }
    v->n_damage = 0;
    v->damage_all = false;
}

void viz_draw(viz_view *v, const viz_live *L, int w, int h)
{
    /* the seat count is the view's for its life: only a new size moves the panels */
    if (v->lo.w != w || v->lo.h != h)
        viz_layout_compute(&v->lo, w, h, L->m->supply.seats);
    viz_text_begin_frame(v->text);
    /* A frame is a copy of the still layer (only of what the last frame covered, where
     * that frame is still there) and the few things that move: clearing and filling every
     * panel again cost the software renderer most of a frame. */
    bool cached = still_ready(v, L);
    if (cached)
        still_restore(v);
    else
        layer_draw(v, L, true);
    size_t n0;
    viz_text_drawn(v->text, &n0);
    layer_draw(v, L, false);
    if (v->show_help)
        help_draw(v);
    viz_floor_hover(v, L);
    size_t n;
    const viz_drawn *d = viz_text_drawn(v->text, &n);
    for (size_t i = n0; i < n; i++)
        viz_damage(v, d[i].rect);
    if (n == VIZ_TEXT_MAX_DRAWN || !cached)
        v->damage_all = true; /* strings may have gone unlisted */
}
