/* plan_png.c — plan.png of `callsim plan --out`: requirement, schedule and seat cap over the
 * horizon, one panel per week. Part of sim/report; drawn with cairo and written with cairo's
 * PNG writer (no image encoding of our own). */
#include "callsim/plan_report.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define W 1800.0      /* image width, px */
#define PANEL_H 250.0 /* one week */
#define TOP 86.0      /* title and legend */
#define LEFT 64.0
#define RIGHT 24.0
#define GAP 44.0 /* below each panel: day labels */

static const char *const WEEKDAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

typedef struct rgb {
    double r, g, b;
} rgb;

static const rgb C_SCHED = {0.55, 0.75, 0.93}, C_SCHED_LINE = {0.12, 0.38, 0.70},
                 C_REQ = {0.05, 0.05, 0.05}, C_ANALYTIC = {0.93, 0.55, 0.10},
                 C_SEATS = {0.80, 0.10, 0.10}, C_SHORT = {0.98, 0.70, 0.70},
                 C_GRID = {0.85, 0.85, 0.85}, C_TEXT = {0.15, 0.15, 0.15};

static void color(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

/* A round step for the y axis: 1, 2 or 5 times a power of ten, about 5 ticks. */
static double nice_step(double top)
{
    double raw = top / 5, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

typedef struct frame {
    double x0, y0, w, h; /* plot area of the panel */
    long first;          /* interval at the left edge */
    long per_panel;      /* intervals per panel */
    double ymax;
} frame;

static double fx(const frame *f, long i)
{
    return f->x0 + f->w * (double)(i - f->first) / (double)f->per_panel;
}

static double fy(const frame *f, double v)
{
    return f->y0 + f->h - f->h * v / f->ymax;
}

/* A step line of v[first .. last) (ints). */
static void step(cairo_t *cr, const frame *f, const int *v, long last)
{
    for (long i = f->first; i < last; i++) {
        double y = fy(f, v[i]);
        if (i == f->first)
            cairo_move_to(cr, fx(f, i), y);
        else
            cairo_line_to(cr, fx(f, i), y);
        cairo_line_to(cr, fx(f, i + 1), y);
    }
}

static void
legend_item(cairo_t *cr, double *x, double y, rgb c, bool box, bool dashed, const char *text)
{
    color(cr, c);
    if (box) {
        cairo_rectangle(cr, *x, y - 9, 22, 12);
        cairo_fill(cr);
    } else {
        cairo_set_line_width(cr, 2.5);
        if (dashed) {
            double d[] = {6, 4};
            cairo_set_dash(cr, d, 2, 0);
        }
        cairo_move_to(cr, *x, y - 3);
        cairo_line_to(cr, *x + 22, y - 3);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    color(cr, C_TEXT);
    cairo_move_to(cr, *x + 28, y + 2);
    cairo_show_text(cr, text);
    cairo_text_extents_t e;
    cairo_text_extents(cr, text, &e);
    *x += 28 + e.x_advance + 26;
}

static void panel(cairo_t *cr, const cs_plan_result *r, const frame *f)
{
    const cs_model *m = r->model;
    long n = (long)r->n_intervals;
    long last = f->first + f->per_panel < n ? f->first + f->per_panel : n;
    long per_day = (long)lround(86400 / m->interval_s);
    long hour_step = (f->per_panel + 23) / 24; /* at most 24 clock labels */
    /* grid and y ticks */
    cairo_set_font_size(cr, 13);
    double st = nice_step(f->ymax);
    for (double v = 0; v <= f->ymax + 1e-9; v += st) {
        color(cr, C_GRID);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, f->x0, floor(fy(f, v)) + 0.5);
        cairo_line_to(cr, f->x0 + f->w, floor(fy(f, v)) + 0.5);
        cairo_stroke(cr);
        char t[32];
        snprintf(t, sizeof t, "%g", v);
        cairo_text_extents_t e;
        cairo_text_extents(cr, t, &e);
        color(cr, C_TEXT);
        cairo_move_to(cr, f->x0 - 8 - e.x_advance, fy(f, v) + 4);
        cairo_show_text(cr, t);
    }
    /* the series stay inside the plot: a requirement far above the seats runs off the top */
    cairo_save(cr);
    cairo_rectangle(cr, f->x0, f->y0, f->w, f->h);
    cairo_clip(cr);
    /* scheduled agents: filled steps */
    color(cr, C_SCHED);
    cairo_move_to(cr, fx(f, f->first), fy(f, 0));
    for (long i = f->first; i < last; i++) {
        cairo_line_to(cr, fx(f, i), fy(f, r->scheduled[i]));
        cairo_line_to(cr, fx(f, i + 1), fy(f, r->scheduled[i]));
    }
    cairo_line_to(cr, fx(f, last), fy(f, 0));
    cairo_close_path(cr);
    cairo_fill(cr);
    /* shortfall: what the requirement asks above the plan */
    color(cr, C_SHORT);
    for (long i = f->first; i < last; i++)
        if (r->shortfall[i] > 0) {
            double y1 = fy(f, r->required[i] < f->ymax ? r->required[i] : f->ymax);
            cairo_rectangle(cr, fx(f, i), y1, fx(f, i + 1) - fx(f, i), fy(f, r->scheduled[i]) - y1);
        }
    cairo_fill(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    color(cr, C_SCHED_LINE);
    cairo_set_line_width(cr, 1.2);
    step(cr, f, r->scheduled, last);
    cairo_stroke(cr);
    color(cr, C_ANALYTIC);
    cairo_set_line_width(cr, 1.5);
    step(cr, f, r->required_analytic, last);
    cairo_stroke(cr);
    color(cr, C_REQ);
    cairo_set_line_width(cr, 1.6);
    step(cr, f, r->required, last);
    cairo_stroke(cr);
    /* the seat cap */
    color(cr, C_SEATS);
    cairo_set_line_width(cr, 2);
    double d[] = {8, 5};
    cairo_set_dash(cr, d, 2, 0);
    cairo_move_to(cr, f->x0, fy(f, r->seats));
    cairo_line_to(cr, fx(f, last), fy(f, r->seats));
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_restore(cr);
    /* intervals below target: red ticks under the axis */
    color(cr, C_SEATS);
    for (long i = f->first; i < last; i++)
        if (!r->verified[i].meets_targets)
            cairo_rectangle(cr, fx(f, i), f->y0 + f->h + 1, fx(f, i + 1) - fx(f, i), 5);
    cairo_fill(cr);
    /* days: a line at each midnight, the date under the day */
    cairo_set_font_size(cr, 13);
    for (long i = f->first; i <= last; i++) {
        double t = (double)i * m->interval_s;
        double tod = fmod(m->start_tod_s + t, 86400);
        bool midnight = fabs(tod) < 1e-6;
        bool noon = fabs(tod - 43200) < 1e-6;
        if (midnight) {
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
            cairo_set_line_width(cr, 1);
            cairo_move_to(cr, floor(fx(f, i)) + 0.5, f->y0);
            cairo_line_to(cr, floor(fx(f, i)) + 0.5, f->y0 + f->h + 8);
            cairo_stroke(cr);
        } else if (noon) {
            color(cr, C_GRID);
            cairo_set_line_width(cr, 1);
            cairo_move_to(cr, floor(fx(f, i)) + 0.5, f->y0 + f->h);
            cairo_line_to(cr, floor(fx(f, i)) + 0.5, f->y0 + f->h + 6);
            cairo_stroke(cr);
        }
        if (f->per_panel < per_day && i < last && (i - f->first) % hour_step == 0) {
            /* less than a day: clock times instead of dates */
            char full[32];
            cs_model_format_time(m, t, full);
            cairo_text_extents_t e;
            cairo_text_extents(cr, full + 11, &e);
            color(cr, C_TEXT);
            cairo_move_to(cr, fx(f, i) - e.x_advance / 2, f->y0 + f->h + 22);
            cairo_show_text(cr, full + 11);
        }
        if (noon && i < last) {
            int day = cs_model_day_of(m, t);
            char date[32], label[48];
            cs_model_format_day(m, day, date);
            long long dn = (long long)m->start_day + day;
            int w = (int)(((dn + 4) % 7 + 7) % 7);
            snprintf(label, sizeof label, "%s %s", WEEKDAYS[w], date + 5);
            cairo_text_extents_t e;
            cairo_text_extents(cr, label, &e);
            color(cr, C_TEXT);
            cairo_move_to(cr, fx(f, i) - e.x_advance / 2, f->y0 + f->h + 22);
            cairo_show_text(cr, label);
        }
    }
    /* a requirement above the chart: say how far */
    int top = 0;
    for (long i = f->first; i < last; i++)
        top = r->required[i] > top ? r->required[i] : top;
    if (top > f->ymax) {
        char note[96];
        snprintf(note, sizeof note, "required up to %d agents: above the chart", top);
        cairo_set_font_size(cr, 14);
        color(cr, C_TEXT);
        cairo_move_to(cr, f->x0 + 10, f->y0 + 20);
        cairo_show_text(cr, note);
    }
    /* frame */
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, f->x0 + 0.5, f->y0 + 0.5, f->w, f->h);
    cairo_stroke(cr);
}

int cs_report_plan_png(FILE *file, const cs_plan_result *r)
{
    const cs_model *m = r->model;
    long n = (long)r->n_intervals;
    long per_day = (long)lround(86400 / m->interval_s);
    long days = (n + per_day - 1) / per_day;
    long per_panel = per_day * (days < 7 ? days : 7);
    if (per_panel > n)
        per_panel = n; /* a horizon shorter than a day fills the width */
    long panels = (n + per_panel - 1) / per_panel;
    double height = TOP + (double)panels * (PANEL_H + GAP) + 10;
    double ymax = r->seats;
    for (long i = 0; i < n; i++) {
        ymax = fmax(ymax, r->required[i]);
        ymax = fmax(ymax, r->required_analytic[i]);
    }
    /* a requirement far above the seats would squash the plan: show up to twice the seats
     * and let the shortfall run off the top */
    ymax = fmin(ymax, 2.0 * fmax(r->seats, 1)) * 1.08;
    if (ymax < 1)
        ymax = 1;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)W, (int)height);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(sf);
        return CS_ENOMEM;
    }
    cairo_t *cr = cairo_create(sf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 20);
    color(cr, C_TEXT);
    char title[256];
    snprintf(title,
             sizeof title,
             "%s: agents on the phones per %g-minute interval",
             m->name ? m->name : "",
             m->interval_s / 60);
    cairo_move_to(cr, LEFT, 30);
    cairo_show_text(cr, title);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 14);
    double x = LEFT, y = 62;
    legend_item(cr, &x, y, C_SCHED, true, false, "scheduled (the plan)");
    legend_item(cr, &x, y, C_REQ, false, false, "required (simulation)");
    legend_item(cr, &x, y, C_ANALYTIC, false, false, "required (Erlang)");
    legend_item(cr, &x, y, C_SEATS, false, true, "seats");
    legend_item(cr, &x, y, C_SHORT, true, false, "shortfall");
    color(cr, C_SEATS);
    cairo_rectangle(cr, x, y - 5, 22, 5);
    cairo_fill(cr);
    color(cr, C_TEXT);
    cairo_move_to(cr, x + 28, y + 2);
    cairo_show_text(cr, "below target (verification)");
    for (long p = 0; p < panels; p++) {
        frame f = {.x0 = LEFT,
                   .y0 = TOP + (double)p * (PANEL_H + GAP),
                   .w = W - LEFT - RIGHT,
                   .h = PANEL_H,
                   .first = p * per_panel,
                   .per_panel = per_panel,
                   .ymax = ymax};
        panel(cr, r, &f);
    }
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    cairo_status_t st = cairo_surface_write_to_png_stream(sf, to_file, file);
    cairo_surface_destroy(sf);
    if (st == CAIRO_STATUS_NO_MEMORY)
        return CS_ENOMEM;
    return st == CAIRO_STATUS_SUCCESS && fflush(file) == 0 ? 0 : CS_EIO;
}
