/* layout.c — where each panel goes for a window size, and the seat grid that fits the
 * floor panel best (largest square tiles for the seat count: 265 seats get big tiles,
 * 2,000 still get tiles of a dozen pixels on a 1080p screen). Part of viz/. */
#include "viz.h"

int viz_px(const viz_layout *lo, int px)
{
    int v = (int)((float)px * lo->k + 0.5f);
    return v < 1 ? 1 : v;
}

void viz_layout_compute(viz_layout *lo, int w, int h, int seats)
{
    lo->w = w;
    lo->h = h;
    float kw = (float)w / 1920.0f, kh = (float)h / 1080.0f;
    lo->k = kw < kh ? kw : kh;
    int m = viz_px(lo, 16);
    int header_h = viz_px(lo, 96), footer_h = viz_px(lo, 44);
    lo->header = (SDL_Rect){0, 0, w, header_h};
    lo->footer = (SDL_Rect){0, h - footer_h, w, footer_h};
    int top = header_h + m / 2, bottom = h - footer_h - m / 2;
    int left_w = (int)((float)(w - 3 * m) * 0.60f);
    int right_x = m + left_w + m, right_w = w - right_x - m;
    int body_h = bottom - top;
    int floor_h = (int)((float)body_h * 0.60f);
    lo->floor = (SDL_Rect){m, top, left_w, floor_h};
    int charts_y = top + floor_h + m, charts_h = bottom - charts_y;
    int cw = (left_w - m) / 2;
    lo->chart_queue = (SDL_Rect){m, charts_y, cw, charts_h};
    lo->chart_calls = (SDL_Rect){m + cw + m, charts_y, left_w - cw - m, charts_h};
    lo->board = (SDL_Rect){right_x, top, right_w, body_h};

    /* the grid: below the panel title, above the legend */
    int title_h = viz_px(lo, 40), legend_h = viz_px(lo, 40), pad = viz_px(lo, 12);
    int gx = lo->floor.x + pad, gy = lo->floor.y + title_h;
    int gw = lo->floor.w - 2 * pad, gh = lo->floor.h - title_h - legend_h - pad;
    lo->legend = (SDL_Rect){gx, lo->floor.y + lo->floor.h - legend_h - pad / 2, gw, legend_h};
    int best_cols = 1, best_tile = 0;
    if (seats < 1)
        seats = 1;
    for (int c = 1; c <= seats; c++) {
        int r = (seats + c - 1) / c;
        int t = gw / c < gh / r ? gw / c : gh / r;
        if (t > best_tile || (t == best_tile && t > 0 && c < best_cols)) {
            best_tile = t;
            best_cols = c;
        }
    }
    lo->cols = best_cols;
    lo->rows = (seats + best_cols - 1) / best_cols;
    lo->tile = best_tile < 1 ? 1 : best_tile;
    lo->gap = lo->tile >= 8 ? lo->tile / 7 : 0;
    /* centre the grid in its area */
    lo->grid_x = gx + (gw - lo->cols * lo->tile) / 2;
    lo->grid_y = gy + (gh - lo->rows * lo->tile) / 2;
}
