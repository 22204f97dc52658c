/* headless.c — the same view drawn off-screen: SDL's software renderer on a surface, no
 * window and no display, and the PNG written whole or not at all. Part of viz/. */
/* realpath() is XSI in glibc */
#define _XOPEN_SOURCE 700

#include "viz.h"

#include <SDL_image.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int viz_headless_render(
    viz_headless *h, const viz_live *L, const char *font, int w, int h_px, cs_err *err)
{
    memset(h, 0, sizeof *h);
    h->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h_px, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!h->surface)
        return cs_err_set(err, CS_ENOMEM, "callsim-viz: surface: %s", SDL_GetError());
    h->r = SDL_CreateSoftwareRenderer(h->surface);
    if (!h->r) {
        viz_headless_end(h);
        return cs_err_set(err, CS_EIO, "callsim-viz: software renderer: %s", SDL_GetError());
    }
    int rc = viz_view_init(&h->view, h->r, font, L->m->supply.seats, err);
    if (rc != 0) {
        viz_headless_end(h);
        return rc;
    }
    h->view.keeps_frame = true; /* the surface holds the last frame */
    viz_headless_redraw(h, L);
    return 0;
}

void viz_headless_redraw(viz_headless *h, const viz_live *L)
{
    viz_draw(&h->view, L, h->surface->w, h->surface->h);
    SDL_RenderPresent(h->r);
}

void viz_headless_end(viz_headless *h)
{
    if (h->view.text)
        viz_view_fini(&h->view);
    if (h->r)
        SDL_DestroyRenderer(h->r);
    if (h->surface)
        SDL_FreeSurface(h->surface);
    memset(h, 0, sizeof *h);
}

/* The path a symbolic link names, relative to the link's folder: true when it fits. */
static bool link_target(const char *link, char *out, size_t n)
{
    char t[PATH_MAX];
    ssize_t len = readlink(link, t, sizeof t - 1);
    if (len <= 0)
        return false;
    t[len] = '\0';
    const char *slash = strrchr(link, '/');
    int w = t[0] == '/' || !slash ? snprintf(out, n, "%s", t)
                                  : snprintf(out, n, "%.*s/%s", (int)(slash - link), link, t);
    return w > 0 && (size_t)w < n;
}

int viz_png_write(SDL_Surface *s, const char *path, cs_err *err)
{
    /* The file is written beside its target and renamed over it: a symbolic link is
     * followed to the file it names (renaming over the link would replace the link), and
     * anything but a regular file (a device, a directory) is refused rather than replaced. */
    char resolved[PATH_MAX];
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            if (realpath(path, resolved)) {
                if (stat(resolved, &st) != 0 || !S_ISREG(st.st_mode))
                    return cs_err_set(
                        err, CS_EIO, "callsim-viz: cannot write %s: not a regular file", path);
            } else if (errno == ENOENT && link_target(path, resolved, sizeof resolved)) {
                /* a link to a file not written yet: create that file */
            } else {
                return cs_err_set(err,
                                  CS_EIO,
                                  "callsim-viz: cannot write %s: cannot follow the link (%s)",
                                  path,
                                  strerror(errno));
            }
            path = resolved;
        } else if (!S_ISREG(st.st_mode)) {
            return cs_err_set(
                err, CS_EIO, "callsim-viz: cannot write %s: not a regular file", path);
        }
    }
    char tmp[PATH_MAX + 32];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp)
        return cs_err_set(err, CS_EINVAL, "callsim-viz: path too long: %s", path);
    if (IMG_SavePNG(s, tmp) != 0) {
        remove(tmp);
        return cs_err_set(err, CS_EIO, "callsim-viz: cannot write %s: %s", path, IMG_GetError());
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return cs_err_set(err, CS_EIO, "callsim-viz: cannot write %s: %s", path, strerror(e));
    }
    return 0;
}
