/* board.c — the header (scenario, simulated date and time, speed) and the wallboard: the
 * numbers a hall manager reads from across the room, and calls waiting per category.
 * Part of viz/. */
#include "viz.h"

#include "callsim/civil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const weekdays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "Wed 9 Feb 2022  11:00:00" for horizon time t. */
static void fmt_clock(const cs_model *m, double t, char *buf, size_t n)
{
    double abs_s = floor(t + m->start_tod_s + 1e-6);
    int64_t day = (int64_t)floor(abs_s / 86400.0);
    long tod = (long)(abs_s - (double)day * 86400.0);
    int64_t days = m->start_day + day;
    int y, mo, d;
    cs_civil_from_days(days, &y, &mo, &d);
    int wd = (int)(((days + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
    snprintf(buf,
             n,
             "%s %d %s %d   %02ld:%02ld:%02ld",
             weekdays[wd],
             d,
             months[(mo - 1) % 12],
             y,
             tod / 3600,
             tod / 60 % 60,
             tod % 60);
}

void viz_header_draw(viz_view *v, const viz_live *L, bool still)
{
    const viz_layout *lo = &v->lo;
    int m = viz_px(lo, 24);
    if (still) {
        viz_fill(v->r, lo->header, viz_palette.panel);
        viz_text_draw(v->text,
                      viz_px(lo, 30),
                      VIZ_FONT_BOLD,
                      viz_palette.text,
                      m,
                      viz_px(lo, 14),
                      VIZ_ALIGN_LEFT,
                      L->m->name);
        char sub[128];
        snprintf(sub,
                 sizeof sub,
                 "live replication  \xc2\xb7  seed %llu",
                 (unsigned long long)L->m->seed);
        viz_text_draw(v->text,
                      viz_px(lo, 18),
                      VIZ_FONT_REGULAR,
                      viz_palette.dim,
                      m,
                      viz_px(lo, 56),
                      VIZ_ALIGN_LEFT,
                      sub);
        return;
    }
    char clock[96];
    fmt_clock(L->m, cs_sim_now(L->s), clock, sizeof clock);
    viz_text_draw(v->text,
                  viz_px(lo, 50),
                  VIZ_FONT_BOLD,
                  viz_palette.text,
                  lo->w / 2,
                  viz_px(lo, 14),
                  VIZ_ALIGN_CENTER,
                  clock);
    char speed[64], cnt[32];
    snprintf(speed, sizeof speed, "%s\xc3\x97", viz_fmt_count((uint64_t)(L->speed + 0.5), cnt, 32));
    const char *state = cs_sim_is_done(L->s) ? "END OF HORIZON" : L->paused ? "PAUSED" : "LIVE";
    SDL_Color sc = L->paused || cs_sim_is_done(L->s) ? viz_palette.state[CS_AGENT_AFTER_CALL]
                                                     : viz_palette.state[CS_AGENT_IDLE];
    int x = lo->w - m;
    x -= viz_text_draw(
        v->text, viz_px(lo, 30), VIZ_FONT_BOLD, sc, x, viz_px(lo, 14), VIZ_ALIGN_RIGHT, state);
    viz_text_draw(v->text,
                  viz_px(lo, 30),
                  VIZ_FONT_BOLD,
                  viz_palette.text,
                  x - viz_px(lo, 20),
                  viz_px(lo, 14),
                  VIZ_ALIGN_RIGHT,
                  speed);
    const char *note = v->toast[0] && v->now_ms < v->toast_until_ms ? v->toast : "speed";
    viz_text_draw(v->text,
                  viz_px(lo, 18),
                  VIZ_FONT_REGULAR,
                  note == v->toast ? viz_palette.state[CS_AGENT_AFTER_CALL] : viz_palette.dim,
                  lo->w - m,
                  viz_px(lo, 58),
                  VIZ_ALIGN_RIGHT,
                  note);
}

/* One wallboard tile: a label and a big number. */
static void
tile(viz_view *v, bool still, SDL_Rect rc, const char *label, const char *value, SDL_Color c)
{
    const viz_layout *lo = &v->lo;
    if (still) {
        viz_fill(v->r, rc, (SDL_Color){34, 41, 54, 255});
        viz_text_draw(v->text,
                      viz_px(lo, 19),
                      VIZ_FONT_REGULAR,
                      viz_palette.dim,
                      rc.x + viz_px(lo, 18),
                      rc.y + viz_px(lo, 10),
                      VIZ_ALIGN_LEFT,
                      label);
        return;
    }
    viz_fill(v->r, (SDL_Rect){rc.x, rc.y, viz_px(lo, 6), rc.h}, c);
    int px = viz_px(lo, rc.h > viz_px(lo, 120) ? 58 : 46), w, h;
    /* large, but inside the tile: long numbers get a smaller size */
    for (viz_text_size(v->text, px, VIZ_FONT_BOLD, value, &w, &h);
         w > rc.w - viz_px(lo, 30) && px > viz_px(lo, 14);
         viz_text_size(v->text, px, VIZ_FONT_BOLD, value, &w, &h))
        px = px * 9 / 10;
    viz_text_draw(v->text,
                  px,
                  VIZ_FONT_BOLD,
                  c,
                  rc.x + viz_px(lo, 18),
                  rc.y + rc.h - px - viz_px(lo, 16),
                  VIZ_ALIGN_LEFT,
                  value);
}

static void pct(double x, char *buf, size_t n)
{
    if (x < 0)
        snprintf(buf, n, "\xe2\x80\x93"); /* en dash: nothing ended yet today */
    else
        snprintf(buf, n, "%.1f%%", 100.0 * x);
}

void viz_board_draw(viz_view *v, const viz_live *L, bool still)
{
    const viz_layout *lo = &v->lo;
    if (still)
        viz_panel(v, lo->board, "WALLBOARD");
    cs_snapshot sn;
    cs_sim_snapshot(L->s, &sn);
    viz_today td;
    viz_live_today(L, &td);
    const viz_colors *P = &viz_palette;
    char v_[12][32];
    snprintf(v_[0], 32, "%d", sn.logged_in);
    snprintf(v_[1], 32, "%d", sn.talking);
    snprintf(v_[2], 32, "%d", sn.after_call);
    snprintf(v_[3], 32, "%d", sn.idle);
    snprintf(v_[4], 32, "%d", sn.on_break);
    snprintf(v_[5], 32, "%d", sn.waiting);
    viz_fmt_duration(sn.longest_wait_s, v_[6], 32);
    pct(td.service_level, v_[7], 32);
    pct(td.abandon_rate, v_[8], 32);
    viz_fmt_count(td.offered, v_[9], 32);
    viz_fmt_count(td.answered, v_[10], 32);
    viz_fmt_count(td.abandoned, v_[11], 32);
    const cs_targets *tg = &L->m->targets;
    char sl_label[64];
    snprintf(sl_label, sizeof sl_label, "Service level (%.0f s)", tg->answer_within_s);
    bool sl_bad =
        tg->service_level >= 0 && td.service_level >= 0 && td.service_level < tg->service_level;
    bool ab_bad = tg->max_abandon >= 0 && td.abandon_rate >= 0 && td.abandon_rate > tg->max_abandon;
    const char *labels[12] = {"Agents logged in",
                              "Calls in progress",
                              "In after-call work",
                              "Idle",
                              "On break",
                              "Calls waiting",
                              "Longest wait now",
                              sl_label,
                              "Abandonment today",
                              "Offered today",
                              "Answered today",
                              "Abandoned today"};
    SDL_Color colors[12] = {P->text,
                            P->state[CS_AGENT_TALKING],
                            P->state[CS_AGENT_AFTER_CALL],
                            P->state[CS_AGENT_IDLE],
                            P->state[CS_AGENT_ON_BREAK],
                            sn.waiting > 0 ? P->warn : P->text,
                            sn.longest_wait_s > tg->answer_within_s ? P->warn : P->text,
                            sl_bad ? P->warn : P->text,
                            ab_bad ? P->warn : P->text,
                            P->text,
                            P->text,
                            td.abandoned > 0 ? P->warn : P->text};
    int pad = viz_px(lo, 14), top = lo->board.y + viz_px(lo, 44);
    int cols = 3, rows = 4;
    int area_h = (int)((float)(lo->board.h - viz_px(lo, 44)) * 0.70f);
    int tw = (lo->board.w - pad * (cols + 1)) / cols, th = (area_h - pad * rows) / rows;
    for (int i = 0; i < 12; i++) {
        SDL_Rect rc = {
            lo->board.x + pad + (i % cols) * (tw + pad), top + (i / cols) * (th + pad), tw, th};
        tile(v, still, rc, labels[i], v_[i], colors[i]);
    }
    /* calls waiting per category: a bar each, longest bar = most waiting */
    int y = top + rows * (th + pad) + viz_px(lo, 4);
    if (still)
        viz_text_draw(v->text,
                      viz_px(lo, 20),
                      VIZ_FONT_BOLD,
                      P->dim,
                      lo->board.x + pad,
                      y,
                      VIZ_ALIGN_LEFT,
                      "CALLS WAITING BY CATEGORY");
    y += viz_px(lo, 34);
    int n = (int)L->m->n_categories, bottom = lo->board.y + lo->board.h - pad;
    int lh = n > 0 ? (bottom - y) / n : 0;
    if (lh > viz_px(lo, 34))
        lh = viz_px(lo, 34);
    int px = lh * 6 / 10 < viz_px(lo, 12) ? viz_px(lo, 12) : lh * 6 / 10;
    int most = 1;
    for (int c = 0; c < n; c++)
        most = sn.waiting_by_category[c] > most ? sn.waiting_by_category[c] : most;
    int name_w = lo->board.w * 36 / 100, num_w = viz_px(lo, 70);
    int bar_x = lo->board.x + pad + name_w, bar_w = lo->board.w - 2 * pad - name_w - num_w;
    for (int c = 0; c < n && y + lh <= bottom + 1; c++, y += lh) {
        char num[32];
        snprintf(num, sizeof num, "%d", sn.waiting_by_category[c]);
        if (still) {
            viz_text_draw(v->text,
                          px,
                          VIZ_FONT_REGULAR,
                          P->text,
                          lo->board.x + pad,
                          y,
                          VIZ_ALIGN_LEFT,
                          L->m->categories[c].name);
            viz_fill(v->r,
                     (SDL_Rect){bar_x, y + lh / 6, bar_w, lh * 2 / 3 - 2},
                     (SDL_Color){40, 48, 62, 255});
            continue;
        }
        viz_damage(v, (SDL_Rect){bar_x, y + lh / 6, bar_w, lh * 2 / 3 - 2});
        int bw = (int)((double)bar_w * sn.waiting_by_category[c] / most);
        if (bw > 0)
            viz_fill(v->r, (SDL_Rect){bar_x, y + lh / 6, bw, lh * 2 / 3 - 2}, P->queue);
        viz_text_draw(v->text,
                      px,
                      VIZ_FONT_BOLD,
                      sn.waiting_by_category[c] ? P->warn : P->text,
                      lo->board.x + lo->board.w - pad,
                      y,
                      VIZ_ALIGN_RIGHT,
                      num);
    }
}
