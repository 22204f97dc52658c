/* test_viz.c — the live view drawn off-screen and checked against the simulation: seat
 * tiles counted by colour in the rendered pixels against the snapshot's counts, and the
 * wallboard's numbers found both in the list of strings drawn and, pixel for pixel, where
 * they were drawn. */
#include "load.h"
#include "viz.h"

#include "callsim/civil.h"
#include "callsim/scenario.h"

#include <SDL_image.h>
#include <stdio.h>
#include <unistd.h>

static cs_model *load(const char *const *sets, size_t n_sets)
{
    return check_load_file(CS_SOURCE_DIR "/scenarios/hangzhou-12345-2022.cfg", sets, n_sets);
}

/* 11:00 on 9 Feb 2022, the reported wallboard's instant, in horizon seconds */
static double feb9_11h(const cs_model *m)
{
    int64_t days;
    double tod;
    CHECK(cs_civil_parse_datetime("2022-02-09 11:00", false, &days, &tod));
    return (double)(days - m->start_day) * 86400.0 + tod - m->start_tod_s;
}

static SDL_Color pixel(SDL_Surface *s, int x, int y)
{
    CHECK(s->format->format == SDL_PIXELFORMAT_ARGB8888);
    uint32_t p = ((const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch))[x];
    SDL_Color c;
    SDL_GetRGBA(p, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

static bool same(SDL_Color a, SDL_Color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static void start(viz_live *L, const cs_model *m, double t)
{
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(SDL_Init(0), 0);
    CHECK_INT_EQ(TTF_Init(), 0);
    CHECK_INT_EQ(viz_live_init(L, m, 3600, &err), 0);
    CHECK_INT_EQ(viz_live_advance(L, t, 0, &err), 0);
}

/* Every pixel of every tile (bar the outermost, in case of rounding) has its state's colour,
 * and the tiles per colour equal the snapshot's agents per state. */
static void check_tiles(const viz_live *L, int w, int h, int min_tile)
{
    cs_err err;
    cs_err_clear(&err);
    viz_headless hd;
    CHECK_INT_EQ(viz_headless_render(&hd, L, NULL, w, h, &err), 0);
    const viz_layout *lo = &hd.view.lo;
    int seats = L->m->supply.seats;
    CHECK(lo->tile - lo->gap >= min_tile);
    const cs_agent_state states[] = {
        CS_AGENT_OFF, CS_AGENT_IDLE, CS_AGENT_TALKING, CS_AGENT_AFTER_CALL};
    int counted[4] = {0};
    for (int i = 0; i < seats; i++) {
        SDL_Rect rc = viz_floor_tile_rect(lo, i);
        CHECK(rc.x >= lo->floor.x && rc.x + rc.w <= lo->floor.x + lo->floor.w);
        CHECK(rc.y >= lo->floor.y && rc.y + rc.h <= lo->legend.y);
        SDL_Color c = pixel(hd.surface, rc.x + rc.w / 2, rc.y + rc.h / 2);
        int which = -1;
        for (int k = 0; k < 4; k++)
            if (same(c, viz_palette.state[states[k]]))
                which = k;
        if (which < 0)
            CHECK_FAIL_("seat %d: colour %d,%d,%d is no state's", i, c.r, c.g, c.b);
        /* the whole tile is that colour: a tile is one state */
        for (int y = rc.y + 1; y < rc.y + rc.h - 1; y += 3)
            for (int x = rc.x + 1; x < rc.x + rc.w - 1; x += 3)
                CHECK(same(pixel(hd.surface, x, y), c));
        counted[which]++;
    }
    cs_snapshot sn;
    cs_sim_snapshot(L->s, &sn);
    printf("%d seats, tiles %d px: empty %d idle %d talking %d after-call %d; snapshot logged in "
           "%d idle %d talking %d after-call %d\n",
           seats,
           lo->tile - lo->gap,
           counted[0],
           counted[1],
           counted[2],
           counted[3],
           sn.logged_in,
           sn.idle,
           sn.talking,
           sn.after_call);
    CHECK_INT_EQ(counted[0], seats - sn.logged_in);
    CHECK_INT_EQ(counted[1], sn.idle);
    CHECK_INT_EQ(counted[2], sn.talking);
    CHECK_INT_EQ(counted[3], sn.after_call);
    CHECK(sn.talking > 0 && sn.after_call > 0);
    viz_headless_end(&hd);
}

static void floor_tiles_match_snapshot(void)
{
    cs_model *m = load(NULL, 0);
    viz_live L;
    start(&L, m, feb9_11h(m));
    check_tiles(&L, 1920, 1080, 30);
    check_tiles(&L, 1280, 720, 18); /* another window size, the same counts */
    viz_live_fini(&L);
    cs_model_free(m);
}

/* 2,000 seats with enough agents to fill them: every tile still a readable square. */
static void floor_tiles_at_2000_seats(void)
{
    const char *sets[] = {"supply.seats=2000", "demand.daily.[12].calls=90000"};
    cs_model *m = load(sets, 1);
    viz_live L;
    start(&L, m, feb9_11h(m) - 3600);
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(cs_sim_add_agents(L.s, 1500, &err), 0);
    CHECK_INT_EQ(viz_live_advance(&L, feb9_11h(m), 0, &err), 0);
    cs_snapshot sn;
    cs_sim_snapshot(L.s, &sn);
    CHECK(sn.logged_in > 1500);
    check_tiles(&L, 1920, 1080, 10);
    viz_live_fini(&L);
    cs_model_free(m);
}

/* The drawn string `s` (at its size, face and colour): found in the list, and the pixels
 * where it was drawn are that text blended over the tile's background. */
static void check_number_drawn(viz_headless *hd, const char *s, SDL_Color bg)
{
    size_t n;
    const viz_drawn *d = viz_text_drawn(hd->view.text, &n);
    const viz_drawn *hit = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(d[i].text, s) == 0 && d[i].px >= viz_px(&hd->view.lo, 40))
            hit = &d[i];
    if (!hit)
        CHECK_FAIL_("wallboard number '%s' not drawn large", s);
    SDL_Surface *ref = viz_text_render(hd->view.text, hit->px, hit->face, hit->color, s);
    CHECK(ref != NULL);
    SDL_Surface *r32 = SDL_ConvertSurfaceFormat(ref, SDL_PIXELFORMAT_ARGB8888, 0);
    CHECK(r32 != NULL);
    CHECK_INT_EQ(r32->w, hit->rect.w);
    CHECK_INT_EQ(r32->h, hit->rect.h);
    int ink = 0;
    for (int y = 0; y < r32->h; y++)
        for (int x = 0; x < r32->w; x++) {
            SDL_Color t = pixel(r32, x, y);
            SDL_Color got = pixel(hd->surface, hit->rect.x + x, hit->rect.y + y);
            double a = t.a / 255.0;
            int er = (int)(t.r * a + bg.r * (1 - a) + 0.5),
                eg = (int)(t.g * a + bg.g * (1 - a) + 0.5),
                eb = (int)(t.b * a + bg.b * (1 - a) + 0.5);
            if (abs(er - got.r) > 3 || abs(eg - got.g) > 3 || abs(eb - got.b) > 3)
                CHECK_FAIL_("'%s' pixel %d,%d: drawn %d,%d,%d, expected %d,%d,%d",
                            s,
                            x,
                            y,
                            got.r,
                            got.g,
                            got.b,
                            er,
                            eg,
                            eb);
            ink += t.a > 128;
        }
    CHECK(ink > 20);
    SDL_FreeSurface(r32);
    SDL_FreeSurface(ref);
}

/* The Hangzhou hotline at 11:00 on 9 Feb 2022, drawn at 1920x1080. */
static cs_model *render_feb9(viz_live *L, viz_headless *hd)
{
    cs_model *m = load(NULL, 0);
    start(L, m, feb9_11h(m));
    cs_err err;
    cs_err_clear(&err);
    CHECK_INT_EQ(viz_headless_render(hd, L, NULL, 1920, 1080, &err), 0);
    return m;
}

static void wallboard_numbers_drawn(void)
{
    viz_live L;
    viz_headless hd;
    cs_model *m = render_feb9(&L, &hd);
    cs_snapshot sn;
    cs_sim_snapshot(L.s, &sn);
    viz_today td;
    viz_live_today(&L, &td);
    const SDL_Color tile_bg = {34, 41, 54, 255};
    char b[32];
    int values[] = {sn.logged_in, sn.talking, sn.after_call, sn.idle, sn.on_break, sn.waiting};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        snprintf(b, sizeof b, "%d", values[i]);
        check_number_drawn(&hd, b, tile_bg);
    }
    check_number_drawn(&hd, viz_fmt_count(td.offered, b, sizeof b), tile_bg);
    check_number_drawn(&hd, viz_fmt_count(td.answered, b, sizeof b), tile_bg);
    check_number_drawn(&hd, viz_fmt_count(td.abandoned, b, sizeof b), tile_bg);
    snprintf(b, sizeof b, "%.1f%%", 100.0 * td.service_level);
    check_number_drawn(&hd, b, tile_bg);
    /* the reported wallboard: 154 logged in at this instant in every replication */
    CHECK_INT_EQ(sn.logged_in, 154);
    /* the simulated clock is drawn */
    size_t n;
    const viz_drawn *d = viz_text_drawn(hd.view.text, &n);
    bool clock = false;
    for (size_t i = 0; i < n; i++)
        clock |= strstr(d[i].text, "9 Feb 2022") && strstr(d[i].text, "11:00:00");
    CHECK(clock);
    viz_headless_end(&hd);
    viz_live_fini(&L);
    cs_model_free(m);
}

/* The PNG is written whole, loads back at its size; a failed write leaves nothing. */
static void png_whole_or_nothing(void)
{
    cs_model *m = load(NULL, 0);
    viz_live L;
    start(&L, m, 3600);
    cs_err err;
    cs_err_clear(&err);
    viz_headless hd;
    CHECK_INT_EQ(viz_headless_render(&hd, &L, NULL, 800, 450, &err), 0);
    char path[64];
    snprintf(path, sizeof path, "viz_test_%ld.png", (long)getpid());
    CHECK_INT_EQ(viz_png_write(hd.surface, path, &err), 0);
    SDL_Surface *back = IMG_Load(path);
    CHECK(back != NULL);
    CHECK_INT_EQ(back->w, 800);
    CHECK_INT_EQ(back->h, 450);
    SDL_FreeSurface(back);
    remove(path);
    CHECK(viz_png_write(hd.surface, "no/such/dir/x.png", &err) == CS_EIO);
    CHECK(access("no/such/dir/x.png", F_OK) != 0);
    viz_headless_end(&hd);
    /* no font: a clear error, not a crash */
    cs_err_clear(&err);
    CHECK(viz_headless_render(&hd, &L, "/nonexistent/font.ttf", 800, 450, &err) != 0);
    CHECK(strstr(err.msg, "font") != NULL);
    viz_live_fini(&L);
    cs_model_free(m);
}

/* Keys map to the actions the help lists, and the actions change the simulation. */
static void actions_change_simulation(void)
{
    cs_model *m = load(NULL, 0);
    viz_live L;
    start(&L, m, feb9_11h(m));
    cs_err err;
    cs_err_clear(&err);
    char msg[96];
    CHECK_INT_EQ(viz_key_action(SDLK_SPACE), VIZ_PAUSE);
    CHECK_INT_EQ(viz_key_action(SDLK_q), VIZ_QUIT);
    double sp = L.speed;
    CHECK_INT_EQ(viz_apply(&L, VIZ_FASTER, msg, sizeof msg, &err), 0);
    CHECK_NEAR(L.speed, 2 * sp, 1e-9);
    CHECK_INT_EQ(viz_apply(&L, VIZ_PAUSE, msg, sizeof msg, &err), 0);
    double t = cs_sim_now(L.s);
    CHECK_INT_EQ(viz_live_frame(&L, 0.05, &err), 0);
    CHECK_NEAR(cs_sim_now(L.s), t, 0); /* paused: the clock stands */
    CHECK_INT_EQ(viz_apply(&L, VIZ_STEP, msg, sizeof msg, &err), 0);
    CHECK_NEAR(cs_sim_now(L.s), t + 60, 1e-9);
    uint32_t n0 = cs_sim_agent_count(L.s);
    CHECK_INT_EQ(viz_apply(&L, VIZ_ADD, msg, sizeof msg, &err), 0);
    CHECK_INT_EQ(cs_sim_agent_count(L.s), n0 + 10);
    double next = cs_sim_next_surge(L.s);
    CHECK_INT_EQ(viz_apply(&L, VIZ_NEXT_SURGE, msg, sizeof msg, &err), 0);
    if (isfinite(next))
        CHECK_NEAR(cs_sim_now(L.s), next, 1e-6);
    CHECK_INT_EQ(viz_apply(&L, VIZ_SURGE, msg, sizeof msg, &err), 0);
    CHECK_INT_EQ(L.surges_injected, 1);
    viz_live_fini(&L);
    cs_model_free(m);
}

/* Hovering over a talking agent's seat names the agent, the state and the call. */
static void hover_shows_agent_and_call(void)
{
    viz_live L;
    viz_headless hd;
    cs_model *m = render_feb9(&L, &hd);
    int seat = -1;
    for (int i = 0; i < m->supply.seats && seat < 0; i++)
        if (hd.view.seat_agent[i] >= 0 &&
            cs_sim_agent_state(L.s, (uint32_t)hd.view.seat_agent[i], NULL) == CS_AGENT_TALKING)
            seat = i;
    CHECK(seat >= 0);
    uint32_t a = (uint32_t)hd.view.seat_agent[seat];
    cs_agent_call ac;
    CHECK(cs_sim_agent_call(L.s, a, &ac));
    SDL_Rect rc = viz_floor_tile_rect(&hd.view.lo, seat);
    hd.view.mouse_x = rc.x + rc.w / 2;
    hd.view.mouse_y = rc.y + rc.h / 2;
    CHECK_INT_EQ(viz_floor_seat_at(&hd.view.lo, m->supply.seats, hd.view.mouse_x, hd.view.mouse_y),
                 seat);
    viz_headless_redraw(&hd, &L);
    char want1[96], want2[128], d[32];
    snprintf(want1, sizeof want1, "Seat %d: agent %u, talking", seat + 1, a + 1);
    snprintf(want2,
             sizeof want2,
             "Call: %s%s, waited %s",
             m->categories[ac.category].name,
             ac.attempt > 1 ? " (again)" : "",
             viz_fmt_duration(ac.waited_s, d, sizeof d));
    size_t n;
    const viz_drawn *dr = viz_text_drawn(hd.view.text, &n);
    bool got1 = false, got2 = false;
    for (size_t i = 0; i < n; i++) {
        got1 |= strcmp(dr[i].text, want1) == 0;
        got2 |= strcmp(dr[i].text, want2) == 0;
    }
    printf("hover: '%s' / '%s'\n", want1, want2);
    CHECK(got1 && got2);
    viz_headless_end(&hd);
    viz_live_fini(&L);
    cs_model_free(m);
}

/* Frame after frame, a view that copies back only what the last frame drew over (the
 * mouse moving over seats, the help box shown and hidden, a message shown) ends with the
 * same pixels as a view drawing the same instant whole. */
static void frames_match_a_fresh_draw(void)
{
    viz_live L;
    viz_headless hd;
    cs_model *m = render_feb9(&L, &hd);
    cs_err err;
    cs_err_clear(&err);
    int checked = 0;
    for (int f = 1; f <= 150; f++) {
        CHECK_INT_EQ(viz_live_frame(&L, 1.0 / 60.0, &err), 0);
        int seat = f * 37 % m->supply.seats;
        SDL_Rect tr = viz_floor_tile_rect(&hd.view.lo, seat);
        bool away = f % 5 == 0;
        hd.view.mouse_x = away ? -1 : tr.x + tr.w / 2;
        hd.view.mouse_y = away ? -1 : tr.y + tr.h / 2;
        hd.view.show_help = f >= 30 && f < 60;
        if (f == 70)
            snprintf(hd.view.toast, sizeof hd.view.toast, "added 10 agents");
        hd.view.toast_until_ms = f < 100 ? 1 : 0; /* now_ms stays 0: shown until frame 100 */
        viz_headless_redraw(&hd, &L);
        if (f % 25 != 0 && f != 59 && f != 61 && f != 101)
            continue;
        viz_headless fresh;
        CHECK_INT_EQ(viz_headless_render(&fresh, &L, NULL, 1920, 1080, &err), 0);
        fresh.view.keeps_frame = false; /* the reference copies the whole still layer */
        fresh.view.mouse_x = hd.view.mouse_x;
        fresh.view.mouse_y = hd.view.mouse_y;
        fresh.view.show_help = hd.view.show_help;
        memcpy(fresh.view.toast, hd.view.toast, sizeof fresh.view.toast);
        fresh.view.toast_until_ms = hd.view.toast_until_ms;
        viz_headless_redraw(&fresh, &L);
        int bad = 0;
        for (int y = 0; y < 1080; y++)
            for (int x = 0; x < 1920; x++)
                if (!same(pixel(hd.surface, x, y), pixel(fresh.surface, x, y)) && bad++ < 3)
                    printf("frame %d: pixel %d,%d differs\n", f, x, y);
        CHECK_INT_EQ(bad, 0);
        viz_headless_end(&fresh);
        checked++;
    }
    printf("%d frames compared with a fresh draw\n", checked);
    CHECK(checked >= 8);
    viz_headless_end(&hd);
    viz_live_fini(&L);
    cs_model_free(m);
}

static const check_case cases[] = {
    {"floor_tiles_match_snapshot", floor_tiles_match_snapshot},
    {"floor_tiles_at_2000_seats", floor_tiles_at_2000_seats},
    {"wallboard_numbers_drawn", wallboard_numbers_drawn},
    {"png_whole_or_nothing", png_whole_or_nothing},
    {"actions_change_simulation", actions_change_simulation},
    {"hover_shows_agent_and_call", hover_shows_agent_and_call},
    {"frames_match_a_fresh_draw", frames_match_a_fresh_draw},
};

CHECK_MAIN(cases)
