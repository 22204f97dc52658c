/* charts.c — the two charts: calls waiting and agents logged in over the last six hours
 * (one point a simulated minute), and offered against answered calls per reporting
 * interval of the current day. Part of viz/. */
#include "viz.h"

#include <math.h>
#include <stdio.h>

#define HISTORY_MIN 360 /* six hours */

/* A round axis maximum >= x: 1, 2, 5 times a power of ten. */
static double nice_max(double x)
{
    if (x <= 5)
        return 5;
    double p = pow(10, floor(log10(x)));
    for (int i = 0; i < 3; i++) {
        double f = (double[]){1, 2, 5}[i] * p;
        if (f >= x)
            return f;
    }
    return 10 * p;
}

typedef struct plot {
    SDL_Rect area; /* the plotting area inside the panel */
    double ymax;
} plot;

/* The plotting area; the grid lines in the still layer, their values in the live one. */
static plot plot_frame(viz_view *v, bool still, SDL_Rect panel, double ymax)
{
    const viz_layout *lo = &v->lo;
    plot p = {.area = {panel.x + viz_px(lo, 64),
                       panel.y + viz_px(lo, 76),
                       panel.w - viz_px(lo, 84),
                       panel.h - viz_px(lo, 76) - viz_px(lo, 38)},
              .ymax = nice_max(ymax)};
    for (int i = 0; i <= 4; i++) {
        int y = p.area.y + p.area.h - p.area.h * i / 4;
        if (still) {
            SDL_SetRenderDrawBlendMode(v->r, SDL_BLENDMODE_NONE);
            SDL_SetRenderDrawColor(v->r, 52, 60, 75, 255);
            SDL_RenderDrawLine(v->r, p.area.x, y, p.area.x + p.area.w, y);
            continue;
        }
        char b[32];
        snprintf(b, sizeof b, "%.0f", p.ymax * i / 4);
        viz_text_draw(v->text,
                      viz_px(lo, 15),
                      VIZ_FONT_REGULAR,
                      viz_palette.dim,
                      p.area.x - viz_px(lo, 8),
                      y - viz_px(lo, 9),
                      VIZ_ALIGN_RIGHT,
                      b);
    }
    return p;
}

/* A label under the x axis at fraction f of its width; the ends align inwards. */
static void x_label(viz_view *v, const plot *p, double f, const char *s)
{
    viz_text_draw(v->text,
                  viz_px(&v->lo, 15),
                  VIZ_FONT_REGULAR,
                  viz_palette.dim,
                  p->area.x + (int)(p->area.w * f),
                  p->area.y + p->area.h + viz_px(&v->lo, 8),
                  f <= 0   ? VIZ_ALIGN_LEFT
                  : f >= 1 ? VIZ_ALIGN_RIGHT
                           : VIZ_ALIGN_CENTER,
                  s);
}

static void key_item(viz_view *v, int *x, int y, SDL_Color c, const char *label)
{
    const viz_layout *lo = &v->lo;
    viz_fill(v->r, (SDL_Rect){*x, y + viz_px(lo, 5), viz_px(lo, 14), viz_px(lo, 14)}, c);
    *x += viz_px(lo, 20);
    *x += viz_text_draw(
        v->text, viz_px(lo, 17), VIZ_FONT_REGULAR, viz_palette.text, *x, y, VIZ_ALIGN_LEFT, label);
    *x += viz_px(lo, 18);
}

/* "HH:MM" of horizon time t */
static void clock_label(const cs_model *m, double t, char *b, size_t n)
{
    char full[32];
    cs_model_format_time(m, t, full);
    snprintf(b, n, "%s", full + 11);
}

/* ys[0 .. n) across the whole width of the area, at most HISTORY_MIN + 1 points. */
static void line(viz_view *v, const plot *p, const float *ys, size_t n, SDL_Color c)
{
    SDL_Point pts[HISTORY_MIN + 1];
    int k = 0;
    for (size_t i = 0; i < n && k <= HISTORY_MIN; i++) {
        double fx = n > 1 ? (double)i / (double)(n - 1) : 0;
        double fy = ys[i] / p->ymax;
        pts[k++] = (SDL_Point){p->area.x + (int)(fx * p->area.w),
                               p->area.y + p->area.h - (int)(fy * p->area.h)};
    }
    SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, c.a);
    int thick = viz_px(&v->lo, 3);
    viz_damage(v, (SDL_Rect){p->area.x, p->area.y, p->area.w + 1, p->area.h + thick + 1});
    for (int d = 0; d < thick; d++) {
        for (int i = 0; i < k; i++)
            pts[i].y += d ? 1 : 0;
        SDL_RenderDrawLines(v->r, pts, k);
    }
}

static void queue_chart(viz_view *v, const viz_live *L, bool still)
{
    const viz_layout *lo = &v->lo;
    SDL_Rect pr = lo->chart_queue;
    if (still) {
        viz_panel(v, pr, "QUEUE AND AGENTS LOGGED IN, LAST 6 H");
        plot_frame(v, true, pr, 0);
        int x = pr.x + viz_px(lo, 16), y = pr.y + viz_px(lo, 40);
        key_item(v, &x, y, viz_palette.logged, "Agents logged in");
        key_item(v, &x, y, viz_palette.queue, "Calls waiting");
        return;
    }
    size_t end = L->sampled, first = end > HISTORY_MIN ? end - HISTORY_MIN : 0;
    double ymax = 0;
    for (size_t i = first; i < end; i++) {
        ymax = L->queue[i] > ymax ? L->queue[i] : ymax;
        ymax = L->logged[i] > ymax ? L->logged[i] : ymax;
    }
    plot p = plot_frame(v, false, pr, ymax);
    /* the window is always six hours wide; the first hours fill from the left */
    size_t span = HISTORY_MIN;
    double t_end = (double)end * 60.0, t0 = t_end - (double)HISTORY_MIN * 60.0;
    for (int i = 0; i <= 3; i++) {
        char b[32];
        double t = t0 + (t_end - t0) * i / 3;
        if (t < 0)
            continue;
        clock_label(L->m, t, b, sizeof b);
        x_label(v, &p, i / 3.0, b);
    }
    if (end == first)
        return;
    /* offset so the latest sample sits at the right edge */
    size_t n = end - first;
    size_t lead = span - n;
    SDL_Rect shifted = p.area;
    shifted.x += (int)((double)p.area.w * (double)lead / (double)(span - 1));
    shifted.w -= shifted.x - p.area.x;
    plot q = {.area = shifted, .ymax = p.ymax};
    line(v, &q, L->logged + first, n, viz_palette.logged);
    line(v, &q, L->queue + first, n, viz_palette.queue);
}

static void calls_chart(viz_view *v, const viz_live *L, bool still)
{
    const viz_layout *lo = &v->lo;
    SDL_Rect pr = lo->chart_calls;
    if (still) {
        char title[96];
        snprintf(
            title, sizeof title, "OFFERED VS ANSWERED PER %.0f MIN, TODAY", L->m->interval_s / 60);
        viz_panel(v, pr, title);
        plot p = plot_frame(v, true, pr, 0);
        int x = pr.x + viz_px(lo, 16), y = pr.y + viz_px(lo, 40);
        key_item(v, &x, y, viz_palette.offered, "Offered");
        key_item(v, &x, y, viz_palette.answered, "Answered");
        key_item(v, &x, y, viz_palette.warn, "Abandoned");
        for (int h = 0; h <= 24; h += 6) {
            char b[32];
            snprintf(b, sizeof b, "%02d:00", h % 24);
            x_label(v, &p, h / 24.0, h == 24 ? "24:00" : b);
        }
        return;
    }
    double now = cs_sim_now(L->s);
    int day = cs_model_day_of(L->m, now);
    double day0 = (double)day * 86400.0 - L->m->start_tod_s;
    size_t per_day = (size_t)(86400.0 / L->m->interval_s + 0.5);
    long k0 = (long)floor(day0 / L->m->interval_s + 1e-9);
    double ymax = 0;
    for (size_t i = 0; i < per_day; i++) {
        long k = k0 + (long)i;
        if (k < 0 || (size_t)k >= L->n_int)
            continue;
        ymax = L->offered[k] > ymax ? L->offered[k] : ymax;
    }
    plot p = plot_frame(v, false, pr, ymax);
    /* bars may rise above the area (more answered than offered in an interval) */
    SDL_Rect drawn = {p.area.x, p.area.y, p.area.w + 1, p.area.h + 1};
    double slot = (double)p.area.w / (double)per_day;
    for (size_t i = 0; i < per_day; i++) {
        long k = k0 + (long)i;
        if (k < 0 || (size_t)k >= L->n_int)
            continue;
        int bx = p.area.x + (int)(slot * (double)i);
        int bw = (int)(slot * 0.42);
        bw = bw < 1 ? 1 : bw;
        int ho = (int)(L->offered[k] / p.ymax * p.area.h);
        int ha = (int)(L->answered[k] / p.ymax * p.area.h);
        int hb = (int)(L->abandoned[k] / p.ymax * p.area.h);
        int base = p.area.y + p.area.h;
        viz_fill(v->r, (SDL_Rect){bx + 1, base - ho, bw, ho}, viz_palette.offered);
        viz_fill(v->r, (SDL_Rect){bx + 1 + bw, base - ha, bw, ha}, viz_palette.answered);
        if (hb > 0)
            viz_fill(v->r, (SDL_Rect){bx + 1 + bw, base - ha - hb, bw, hb}, viz_palette.warn);
        SDL_Rect bar = {bx + 1, base - (ho > ha + hb ? ho : ha + hb), 2 * bw, 1};
        bar.h = base - bar.y;
        SDL_UnionRect(&drawn, &bar, &drawn);
    }
    viz_damage(v, drawn);
    /* the current interval */
    double f = (now - day0) / 86400.0;
    if (f >= 0 && f <= 1) {
        int nx = p.area.x + (int)(f * p.area.w);
        SDL_SetRenderDrawBlendMode(v->r, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(v->r, 236, 240, 245, 160);
        SDL_RenderDrawLine(v->r, nx, p.area.y, nx, p.area.y + p.area.h);
    }
}

void viz_charts_draw(viz_view *v, const viz_live *L, bool still)
{
    queue_chart(v, L, still);
    calls_chart(v, L, still);
}
