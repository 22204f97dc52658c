/* text.c — text with SDL2_ttf: the font is found once (option, environment, DejaVu), sizes
 * open on first use, rendered strings are cached as textures, and every string drawn in a
 * frame is listed so tests can check the wallboard's numbers. Part of viz/. */
#include "viz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEJAVU_DIR "/usr/share/fonts/truetype/dejavu/"
#define MAX_PX 200
#define CACHE_SLOTS 1024
#define KEEP_FRAMES 4 /* a cached string not drawn for this many frames may go */

typedef struct cached {
    uint64_t hash;
    char *s;
    int px, face;
    SDL_Color c;
    SDL_Texture *tex;
    int w, h;
    uint32_t used; /* frame stamp */
} cached;

struct viz_text {
    SDL_Renderer *r;
    char *path[2]; /* regular, bold */
    TTF_Font *font[2][MAX_PX + 1];
    cached cache[CACHE_SLOTS];
    size_t n_cached;
    uint32_t frame;
    viz_drawn drawn[VIZ_TEXT_MAX_DRAWN];
    size_t n_drawn;
};

static bool readable(const char *p)
{
    return p && *p && access(p, R_OK) == 0;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

viz_text *viz_text_new(SDL_Renderer *r, const char *path, cs_err *err)
{
    const char *env = getenv("CALLSIM_VIZ_FONT");
    const char *regular = NULL, *bold = NULL;
    if (path && *path) {
        if (!readable(path)) {
            cs_err_set(err, CS_EIO, "callsim-viz: cannot read font '%s' (--font)", path);
            return NULL;
        }
        regular = bold = path;
    } else if (env && *env) {
        if (!readable(env)) {
            cs_err_set(err, CS_EIO, "callsim-viz: cannot read font '%s' (CALLSIM_VIZ_FONT)", env);
            return NULL;
        }
        regular = bold = env;
    } else {
        regular = DEJAVU_DIR "DejaVuSans.ttf";
        bold = DEJAVU_DIR "DejaVuSans-Bold.ttf";
        if (!readable(regular)) {
            cs_err_set(err,
                       CS_EIO,
                       "callsim-viz: no font found: tried %s; install fonts-dejavu-core, or name "
                       "a TrueType font with --font FILE or CALLSIM_VIZ_FONT",
                       regular);
            return NULL;
        }
        if (!readable(bold))
            bold = regular;
    }
    if (!TTF_WasInit() && TTF_Init() != 0) {
        cs_err_set(err, CS_EIO, "callsim-viz: SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    viz_text *t = calloc(1, sizeof *t);
    if (!t) {
        cs_err_set(err, CS_ENOMEM, "out of memory");
        return NULL;
    }
    t->r = r;
    t->path[0] = dup_str(regular);
    t->path[1] = dup_str(bold);
    if (!t->path[0] || !t->path[1]) {
        viz_text_free(t);
        cs_err_set(err, CS_ENOMEM, "out of memory");
        return NULL;
    }
    /* open one size now, so a font that is not a font fails here, clearly */
    t->font[0][16] = TTF_OpenFont(t->path[0], 16);
    if (!t->font[0][16]) {
        cs_err_set(err, CS_EIO, "callsim-viz: cannot open font '%s': %s", regular, TTF_GetError());
        viz_text_free(t);
        return NULL;
    }
    return t;
}

static void cache_clear(viz_text *t)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        if (t->cache[i].tex)
            SDL_DestroyTexture(t->cache[i].tex);
        free(t->cache[i].s);
    }
    memset(t->cache, 0, sizeof t->cache);
    t->n_cached = 0;
}

/* Drops the strings not drawn in the last few frames (numbers churn; labels stay) and
 * re-inserts the rest, so a full cache costs no burst of re-rendering. */
static void cache_evict(viz_text *t)
{
    cached *old = malloc(CACHE_SLOTS * sizeof *old);
    if (!old) {
        cache_clear(t);
        return;
    }
    memcpy(old, t->cache, sizeof t->cache);
    memset(t->cache, 0, sizeof t->cache);
    t->n_cached = 0;
    for (size_t k = 0; k < CACHE_SLOTS; k++) {
        cached *e = &old[k];
        if (!e->s)
            continue;
        if (t->frame - e->used > KEEP_FRAMES) {
            SDL_DestroyTexture(e->tex);
            free(e->s);
            continue;
        }
        size_t i = e->hash % CACHE_SLOTS;
        while (t->cache[i].s)
            i = (i + 1) % CACHE_SLOTS;
        t->cache[i] = *e;
        t->n_cached++;
    }
    free(old);
    if (t->n_cached >= CACHE_SLOTS / 2) /* everything recent: start again */
        cache_clear(t);
}

void viz_text_free(viz_text *t)
{
    if (!t)
        return;
    cache_clear(t);
    for (int f = 0; f < 2; f++)
        for (int p = 0; p <= MAX_PX; p++)
            if (t->font[f][p])
                TTF_CloseFont(t->font[f][p]);
    free(t->path[0]);
    free(t->path[1]);
    free(t);
}

static TTF_Font *font_of(viz_text *t, int px, int face)
{
    px = px < 6 ? 6 : px > MAX_PX ? MAX_PX : px;
    face = face == VIZ_FONT_BOLD;
    if (!t->font[face][px]) {
        t->font[face][px] = TTF_OpenFont(t->path[face], px);
        if (!t->font[face][px] && face)
            return font_of(t, px, VIZ_FONT_REGULAR);
    }
    return t->font[face][px];
}

static uint64_t hash_of(const char *s, int px, int face, SDL_Color c)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    uint64_t k = (uint64_t)px << 40 ^ (uint64_t)face << 36 ^ (uint64_t)c.r << 24 ^
                 (uint64_t)c.g << 16 ^ (uint64_t)c.b << 8 ^ c.a;
    return (h ^ k) * 1099511628211ULL;
}

SDL_Surface *viz_text_render(viz_text *t, int px, int face, SDL_Color c, const char *s)
{
    TTF_Font *f = font_of(t, px, face);
    if (!f || !*s)
        return NULL;
    return TTF_RenderUTF8_Blended(f, s, c);
}

/* The cached texture of (s, px, face, c), rendering it on a miss. */
static cached *lookup(viz_text *t, int px, int face, SDL_Color c, const char *s)
{
    uint64_t h = hash_of(s, px, face, c);
    size_t i = h % CACHE_SLOTS;
    for (size_t probe = 0; probe < CACHE_SLOTS; probe++, i = (i + 1) % CACHE_SLOTS) {
        cached *e = &t->cache[i];
        if (!e->s)
            break;
        if (e->hash == h && e->px == px && e->face == face && e->c.r == c.r && e->c.g == c.g &&
            e->c.b == c.b && e->c.a == c.a && strcmp(e->s, s) == 0) {
            e->used = t->frame;
            return e;
        }
    }
    if (t->n_cached >= CACHE_SLOTS * 3 / 4) {
        cache_evict(t);
        i = h % CACHE_SLOTS;
    }
    while (t->cache[i].s)
        i = (i + 1) % CACHE_SLOTS;
    SDL_Surface *surf = viz_text_render(t, px, face, c, s);
    if (!surf)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(t->r, surf);
    cached *e = &t->cache[i];
    *e = (cached){.hash = h,
                  .s = dup_str(s),
                  .px = px,
                  .face = face,
                  .c = c,
                  .tex = tex,
                  .w = surf->w,
                  .h = surf->h,
                  .used = t->frame};
    SDL_FreeSurface(surf);
    if (!e->s || !tex) {
        if (tex)
            SDL_DestroyTexture(tex);
        free(e->s);
        memset(e, 0, sizeof *e);
        return NULL;
    }
    t->n_cached++;
    return e;
}

void viz_text_size(viz_text *t, int px, int face, const char *s, int *w, int *h)
{
    TTF_Font *f = font_of(t, px, face);
    *w = *h = 0;
    if (f && *s)
        TTF_SizeUTF8(f, s, w, h);
    else if (f)
        *h = TTF_FontHeight(f);
}

int viz_text_draw(
    viz_text *t, int px, int face, SDL_Color c, int x, int y, int align, const char *s)
{
    if (!s || !*s)
        return 0;
    cached *e = lookup(t, px, face, c, s);
    if (!e)
        return 0;
    SDL_Rect dst = {x, y, e->w, e->h};
    if (align == VIZ_ALIGN_CENTER)
        dst.x -= e->w / 2;
    else if (align == VIZ_ALIGN_RIGHT)
        dst.x -= e->w;
    SDL_RenderCopy(t->r, e->tex, NULL, &dst);
    if (t->n_drawn < VIZ_TEXT_MAX_DRAWN) {
        viz_drawn *d = &t->drawn[t->n_drawn++];
        snprintf(d->text, sizeof d->text, "%s", s);
        d->rect = dst;
        d->px = px;
        d->face = face;
        d->color = c;
    }
    return e->w;
}

void viz_text_begin_frame(viz_text *t)
{
    t->n_drawn = 0;
    t->frame++;
}

const viz_drawn *viz_text_drawn(const viz_text *t, size_t *n)
{
    *n = t->n_drawn;
    return t->drawn;
}

void viz_text_note_drawn(viz_text *t, const viz_drawn *d, size_t n)
{
    for (size_t i = 0; i < n && t->n_drawn < VIZ_TEXT_MAX_DRAWN; i++)
        t->drawn[t->n_drawn++] = d[i];
}
