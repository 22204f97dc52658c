/* floor.c — the floor map: one tile per seat, coloured by the state of the agent holding
 * it, with a legend that also counts the agents who hold no seat (on break, or on shift
 * and waiting for one: the model frees a seat when its agent leaves it), and the tooltip
 * for the seat under the mouse. Part of viz/. */
#include "viz.h"

#include <stdio.h>
#include <stdlib.h>

SDL_Rect viz_floor_tile_rect(const viz_layout *lo, int seat)
{
    int c = seat % lo->cols, r = seat / lo->cols;
    return (SDL_Rect){lo->grid_x + c * lo->tile + lo->gap / 2,
                      lo->grid_y + r * lo->tile + lo->gap / 2,
                      lo->tile - lo->gap,
                      lo->tile - lo->gap};
}

int viz_floor_seat_at(const viz_layout *lo, int seats, int x, int y)
{
    if (x < lo->grid_x || y < lo->grid_y || lo->tile <= 0)
        return -1;
    int c = (x - lo->grid_x) / lo->tile, r = (y - lo->grid_y) / lo->tile;
    if (c >= lo->cols)
        return -1;
    int seat = r * lo->cols + c;
    return seat < seats ? seat : -1;
}

static uint32_t texel_of(SDL_Color c)
{
    return (uint32_t)c.a << 24 | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* The floor texture at the grid's size in pixels, gaps included, filled with the panel
 * colour; every seat is marked as not yet drawn. */
static bool tiles_ready(viz_view *v)
{
    const viz_layout *lo = &v->lo;
    int w = lo->cols * lo->tile, h = lo->rows * lo->tile;
    if (v->tiles && v->tiles_cols == w && v->tiles_rows == h)
        return true;
    if (v->tiles)
        SDL_DestroyTexture(v->tiles);
    free(v->texels);
    free(v->seat_texel);
    v->tiles_cols = w;
    v->tiles_rows = h;
    v->texels = malloc((size_t)w * (size_t)h * sizeof *v->texels);
    v->seat_texel = calloc((size_t)(v->n_seats > 0 ? v->n_seats : 1), sizeof *v->seat_texel);
    v->tiles = SDL_CreateTexture(v->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!v->tiles || !v->texels || !v->seat_texel) {
        v->tiles_cols = v->tiles_rows = 0;
        return false;
    }
    SDL_SetTextureBlendMode(v->tiles, SDL_BLENDMODE_NONE);
    uint32_t panel = texel_of(viz_palette.panel);
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        v->texels[i] = panel;
    SDL_UpdateTexture(v->tiles, NULL, v->texels, w * (int)sizeof *v->texels);
    return true;
}

/* Which agent sits where, from the public per-agent query. */
static void map_seats(viz_view *v, const viz_live *L)
{
    for (int i = 0; i < v->n_seats; i++)
        v->seat_agent[i] = -1;
    uint32_t n = cs_sim_agent_count(L->s);
    for (uint32_t a = 0; a < n; a++) {
        int seat;
        cs_sim_agent_state(L->s, a, &seat);
        if (seat >= 0 && seat < v->n_seats)
            v->seat_agent[seat] = (int32_t)a;
    }
}

static void
legend_item(viz_view *v, int *x, int y, int sw, SDL_Color c, bool hollow, const char *label)
{
    SDL_Rect box = {*x, y, sw, sw};
    if (hollow) {
        viz_fill(v->r, box, viz_palette.empty);
        SDL_Rect in = {box.x + sw / 4, box.y + sw / 4, sw / 2, sw / 2};
        viz_fill(v->r, in, c);
    } else {
        viz_fill(v->r, box, c);
    }
    viz_damage(v, box);
    *x += sw + viz_px(&v->lo, 8);
    *x += viz_text_draw(v->text,
                        viz_px(&v->lo, 19),
                        VIZ_FONT_REGULAR,
                        viz_palette.text,
                        *x,
                        y + (sw - viz_px(&v->lo, 24)) / 2,
                        VIZ_ALIGN_LEFT,
                        label);
    *x += viz_px(&v->lo, 26);
}

void viz_floor_draw(viz_view *v, const viz_live *L, bool still)
{
    const viz_layout *lo = &v->lo;
    if (still) {
        char title[96];
        snprintf(title, sizeof title, "FLOOR  \xc2\xb7  %d seats", L->m->supply.seats);
        viz_panel(v, lo->floor, title);
        return;
    }
    map_seats(v, L);
    int counts[CS_AGENT_STATE_COUNT] = {0};
    if (!tiles_ready(v))
        return;
    /* The grid is one texture at full size, gaps included: a frame rewrites the pixels of
     * the seats whose colour changed, uploads the rows they span and copies the texture in
     * one go. A fill per tile cost the software renderer milliseconds at 2,000 seats, and
     * a texel per seat scaled up to the tiles still paid for every pixel every frame. */
    int row_lo = lo->rows, row_hi = -1, inner = lo->tile - lo->gap, lead = lo->gap / 2;
    for (int i = 0; i < v->n_seats; i++) {
        cs_agent_state s = CS_AGENT_OFF;
        if (v->seat_agent[i] >= 0)
            s = cs_sim_agent_state(L->s, (uint32_t)v->seat_agent[i], NULL);
        counts[s]++;
        uint32_t t = texel_of(viz_palette.state[s]);
        if (v->seat_texel[i] == t)
            continue;
        v->seat_texel[i] = t;
        int c = i % lo->cols, r = i / lo->cols;
        row_lo = r < row_lo ? r : row_lo;
        row_hi = r > row_hi ? r : row_hi;
        uint32_t *px = v->texels + (size_t)(r * lo->tile + lead) * (size_t)v->tiles_cols +
                       (size_t)(c * lo->tile + lead);
        for (int y = 0; y < inner; y++, px += v->tiles_cols)
            for (int x = 0; x < inner; x++)
                px[x] = t;
    }
    if (row_hi >= row_lo) {
        SDL_Rect rows = {0, row_lo * lo->tile, v->tiles_cols, (row_hi - row_lo + 1) * lo->tile};
        SDL_UpdateTexture(v->tiles,
                          &rows,
                          v->texels + (size_t)rows.y * (size_t)v->tiles_cols,
                          v->tiles_cols * (int)sizeof *v->texels);
    }
    SDL_Rect grid = {lo->grid_x, lo->grid_y, v->tiles_cols, v->tiles_rows};
    SDL_RenderCopy(v->r, v->tiles, NULL, &grid);
    cs_snapshot sn;
    cs_sim_snapshot(L->s, &sn);
    int sw = viz_px(lo, 22), x = lo->legend.x, y = lo->legend.y + viz_px(lo, 8);
    char b[64];
    snprintf(b, sizeof b, "Empty seat %d", counts[CS_AGENT_OFF]);
    legend_item(v, &x, y, sw, viz_palette.empty, false, b);
    snprintf(b, sizeof b, "Idle %d", counts[CS_AGENT_IDLE]);
    legend_item(v, &x, y, sw, viz_palette.state[CS_AGENT_IDLE], false, b);
    snprintf(b, sizeof b, "Talking %d", counts[CS_AGENT_TALKING]);
    legend_item(v, &x, y, sw, viz_palette.state[CS_AGENT_TALKING], false, b);
    snprintf(b, sizeof b, "After-call work %d", counts[CS_AGENT_AFTER_CALL]);
    legend_item(v, &x, y, sw, viz_palette.state[CS_AGENT_AFTER_CALL], false, b);
    snprintf(b, sizeof b, "On break %d (away from seat)", sn.on_break);
    legend_item(v, &x, y, sw, viz_palette.state[CS_AGENT_ON_BREAK], true, b);
    if (sn.seat_wait > 0) {
        snprintf(b, sizeof b, "Waiting for a seat %d", sn.seat_wait);
        legend_item(v, &x, y, sw, viz_palette.state[CS_AGENT_SEAT_WAIT], true, b);
    }
}

void viz_floor_hover(viz_view *v, const viz_live *L)
{
    const viz_layout *lo = &v->lo;
    int seat = viz_floor_seat_at(lo, v->n_seats, v->mouse_x, v->mouse_y);
    if (seat < 0)
        return;
    SDL_Rect tr = viz_floor_tile_rect(lo, seat);
    SDL_Rect ring = {tr.x - 2, tr.y - 2, tr.w + 4, tr.h + 4};
    viz_frame_rect(v->r, ring, viz_palette.text);
    viz_damage(v, ring);
    char l1[96], l2[128] = "", l3[128] = "", d1[32], d2[32];
    int a = v->seat_agent[seat];
    double now = cs_sim_now(L->s);
    if (a < 0) {
        snprintf(l1, sizeof l1, "Seat %d: empty", seat + 1);
    } else {
        cs_agent_state st = cs_sim_agent_state(L->s, (uint32_t)a, NULL);
        snprintf(l1,
                 sizeof l1,
                 "Seat %d: agent %d, %s",
                 seat + 1,
                 a + 1,
                 st == CS_AGENT_AFTER_CALL ? "after-call work" : cs_agent_state_name(st));
        cs_agent_call ac;
        if (cs_sim_agent_call(L->s, (uint32_t)a, &ac)) {
            snprintf(l2,
                     sizeof l2,
                     "Call: %s%s, waited %s",
                     L->m->categories[ac.category].name,
                     ac.attempt > 1 ? " (again)" : "",
                     viz_fmt_duration(ac.waited_s, d1, sizeof d1));
            if (st == CS_AGENT_TALKING)
                snprintf(l3,
                         sizeof l3,
                         "Talking for %s",
                         viz_fmt_duration(now - ac.answered_s, d2, sizeof d2));
            else
                snprintf(l3,
                         sizeof l3,
                         "Writing up for %s (talked %s)",
                         viz_fmt_duration(now - ac.talk_end_s, d2, sizeof d2),
                         viz_fmt_duration(ac.talk_end_s - ac.answered_s, d1, sizeof d1));
        }
    }
    const char *lines[3] = {l1, l2, l3};
    int px = viz_px(lo, 20), lh = viz_px(lo, 28), w = 0, n = 0;
    for (int i = 0; i < 3; i++) {
        if (!lines[i][0])
            continue;
        int tw, th;
        viz_text_size(v->text, px, VIZ_FONT_REGULAR, lines[i], &tw, &th);
        w = tw > w ? tw : w;
        n++;
    }
    int pad = viz_px(lo, 12);
    SDL_Rect box = {v->mouse_x + viz_px(lo, 18),
                    v->mouse_y + viz_px(lo, 18),
                    w + 2 * pad,
                    n * lh + 2 * pad - (lh - px) / 2};
    if (box.x + box.w > lo->w)
        box.x = v->mouse_x - box.w - viz_px(lo, 10);
    if (box.y + box.h > lo->h)
        box.y = v->mouse_y - box.h - viz_px(lo, 10);
    viz_fill(v->r, box, (SDL_Color){8, 10, 14, 245});
    viz_frame_rect(v->r, box, viz_palette.dim);
    viz_damage(v, box);
    int y = box.y + pad;
    for (int i = 0; i < 3; i++) {
        if (!lines[i][0])
            continue;
        viz_text_draw(v->text,
                      px,
                      i ? VIZ_FONT_REGULAR : VIZ_FONT_BOLD,
                      viz_palette.text,
                      box.x + pad,
                      y,
                      VIZ_ALIGN_LEFT,
                      lines[i]);
        y += lh;
    }
}
