/* report_out.c — `run --out DIR`: summary.json, intervals.csv and agents.csv, written whole
 * or not at all. Files are written and fsynced in a temporary directory (inside DIR when it
 * exists, beside it otherwise), then renamed into place, so a reader never sees a
 * half-written file under a final name, and a failure part-way puts the old files back. */
#include "callsim/report.h"
#include "report_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* What `run --out` writes: the summary and its seed. */
typedef struct run_ctx {
    const cs_summary *s;
    uint64_t seed;
} run_ctx;

static int write_json(FILE *f, const void *ctx)
{
    const run_ctx *c = ctx;
    return cs_report_json(f, c->s, c->seed);
}

static int write_intervals(FILE *f, const void *ctx)
{
    return cs_report_intervals_csv(f, ((const run_ctx *)ctx)->s);
}

static int write_agents(FILE *f, const void *ctx)
{
    return cs_report_agents_csv(f, ((const run_ctx *)ctx)->s);
}

/* CS_EIO with "WHAT PATH: strerror". strerror_r (XSI form under _POSIX_C_SOURCE) because
 * strerror's buffer is shared between threads. */
static int io_fail(cs_err *err, int errnum, const char *what, const char *path)
{
    char text[256];
    if (errnum == 0)
        errnum = EIO;
    if (strerror_r(errnum, text, sizeof text) != 0)
        snprintf(text, sizeof text, "error %d", errnum);
    return cs_err_set(err, CS_EIO, "%s %s: %s", what, path, text);
}

/* "a/b", returned owned; NULL when out of memory. */
static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    p[la] = '/';
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

/* Best effort: makes renames in `path` durable. Some file systems refuse fsync on a
 * directory; the files themselves are already synced, so a refusal is not a failure. */
static void sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    (void)fsync(fd);
    close(fd);
}

/* The directory that holds `dir` (which has no trailing slash), returned owned. */
static char *parent_of(const char *dir)
{
    const char *slash = strrchr(dir, '/');
    const char *from = slash ? dir : ".";
    size_t len = !slash ? 1 : slash == dir ? 1 : (size_t)(slash - dir);
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, from, len);
        p[len] = '\0';
    }
    return p;
}

static int write_one(const char *tmp, const csi_out_file *o, const void *ctx, cs_err *err)
{
    char *path = join(tmp, o->name);
    if (!path)
        return cs_err_set(err, CS_ENOMEM, "out of memory writing %s/%s", tmp, o->name);
    int rc = 0;
    errno = 0;
    FILE *f = fopen(path, "w");
    if (!f) {
        rc = io_fail(err, errno, "cannot create", path);
        goto out_free_path;
    }
    errno = 0;
    int wrc = o->write(f, ctx);
    int werr = errno;
    if (wrc == CS_ENOMEM) {
        rc = cs_err_set(err, CS_ENOMEM, "out of memory writing %s", path);
        fclose(f);
        goto out_free_path;
    }
    if (wrc != 0) {
        rc = io_fail(err, werr, "cannot write", path);
        fclose(f);
        goto out_free_path;
    }
    /* fsync before the rename: otherwise a crash can leave the final name pointing at an
     * empty file on file systems that reorder data and metadata. */
    if (fsync(fileno(f)) != 0) {
        rc = io_fail(err, errno, "cannot sync", path);
        fclose(f);
        goto out_free_path;
    }
    if (fclose(f) != 0)
        rc = io_fail(err, errno, "cannot close", path);
out_free_path:
    free(path);
    return rc;
}

/* Name of the old file `name` while it waits, moved aside, in the temporary directory. */
static char *aside_name(const char *tmp, const char *name)
{
    size_t ln = strlen(name);
    char *old = malloc(ln + 5);
    if (!old)
        return NULL;
    memcpy(old, "old.", 4);
    memcpy(old + 4, name, ln + 1);
    char *p = join(tmp, old);
    free(old);
    return p;
}

/* Removes what the temporary directory may hold (new files and old ones moved aside),
 * then the directory. */
static void remove_tmp(const char *tmp, const csi_out_file *files, int n_files)
{
    for (int i = 0; i < n_files; i++) {
        char *p = join(tmp, files[i].name);
        char *q = aside_name(tmp, files[i].name);
        if (p)
            (void)unlink(p);
        if (q)
            (void)unlink(q);
        free(p);
        free(q);
    }
    (void)rmdir(tmp);
}

/* Where each output name stands while files are swapped into an existing DIR, and how its
 * old file was kept. */
enum { SWAP_UNTOUCHED, SWAP_ASIDE, SWAP_IN };
enum { OLD_NONE, OLD_LINKED, OLD_MOVED };

/* Puts DIR back as it was: each old file returns to its name (a rename over the new one,
 * atomic), a new file with no old one goes back to `tmp`. Returns false when something
 * could not be put back. */
static bool roll_back(const char *tmp,
                      const char *dir,
                      const csi_out_file *files,
                      int n_files,
                      const unsigned char *old_kept,
                      const unsigned char *state)
{
    bool ok = true;
    for (int i = n_files - 1; i >= 0; i--) {
        bool back_old = old_kept[i] == OLD_MOVED || (state[i] == SWAP_IN && old_kept[i]);
        bool back_new = state[i] == SWAP_IN && !old_kept[i];
        if (!back_old && !back_new)
            continue;
        char *fin = join(dir, files[i].name);
        char *nw = join(tmp, files[i].name);
        char *old = aside_name(tmp, files[i].name);
        if (!fin || !nw || !old)
            ok = false;
        else if (back_old && rename(old, fin) != 0)
            ok = false;
        else if (back_new && rename(fin, nw) != 0)
            ok = false;
        free(fin);
        free(nw);
        free(old);
    }
    return ok;
}

/* Keeps the old file `fin` as `old` in the temporary directory: a hard link, so the name
 * keeps its file until the new one replaces it; a move where the file system has no hard
 * links (the name is then briefly absent). Returns OLD_LINKED, OLD_MOVED, or -1 with errno. */
static int keep_old(const char *fin, const char *old)
{
    if (link(fin, old) == 0)
        return OLD_LINKED;
    if (rename(fin, old) == 0)
        return OLD_MOVED;
    return -1;
}

/* Swaps the files of `tmp` into the existing directory `dir`, all or none: first every
 * old file of those names is kept aside in `tmp`, then every new one renamed over its
 * name; on any failure every old file is put back (*keep_tmp set when that too failed).
 * Names that are directories are never touched (the new file's rename onto them fails
 * and rolls back). */
static int move_files(const char *tmp,
                      const char *dir,
                      const csi_out_file *files,
                      int n_files,
                      bool *keep_tmp,
                      cs_err *err)
{
    *keep_tmp = false;
    unsigned char *old_kept = calloc((size_t)n_files + 1, 1);
    unsigned char *state = calloc((size_t)n_files + 1, 1);
    int rc = 0;
    if (!old_kept || !state) {
        rc = cs_err_set(err, CS_ENOMEM, "out of memory writing %s", dir);
        goto out;
    }
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        for (int i = 0; i < n_files && rc == 0; i++) {
            char *fin = join(dir, files[i].name);
            char *nw = join(tmp, files[i].name);
            char *old = aside_name(tmp, files[i].name);
            struct stat st;
            if (!fin || !nw || !old) {
                rc = cs_err_set(err, CS_ENOMEM, "out of memory writing %s", dir);
            } else if (pass == 0) {
                int lr = lstat(fin, &st);
                if (lr != 0 && errno != ENOENT) {
                    rc = io_fail(err, errno, "cannot look at", fin);
                } else if (lr == 0 && !S_ISDIR(st.st_mode)) {
                    int how = keep_old(fin, old);
                    if (how < 0) {
                        rc = io_fail(err, errno, "cannot move aside the old", fin);
                    } else {
                        old_kept[i] = (unsigned char)how;
                        state[i] = SWAP_ASIDE;
                    }
                }
            } else if (rename(nw, fin) != 0) {
                rc = io_fail(err, errno, "cannot move the new file into", fin);
            } else {
                state[i] = SWAP_IN;
            }
            free(fin);
            free(nw);
            free(old);
        }
    }
    if (rc != 0 && !roll_back(tmp, dir, files, n_files, old_kept, state)) {
        /* Keep tmp: it may hold old files that could not return. */
        char msg[CS_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        cs_err_set(err, rc, "%s; could not put every previous file back: see %s", msg, tmp);
        *keep_tmp = true;
    }
out:
    free(old_kept);
    free(state);
    return rc;
}

/* Makes a new, empty temporary directory "PREFIX.PID.K" in *tmp (capacity cap). mkdir 0777
 * rather than mkdtemp, whose 0700 would become DIR's mode when the directory is renamed. */
static int make_tmp(char *tmp, size_t cap, const char *prefix, cs_err *err)
{
    for (unsigned k = 0; k < 1000; k++) {
        snprintf(tmp, cap, "%s.%ld.%u", prefix, (long)getpid(), k);
        if (mkdir(tmp, 0777) == 0)
            return 0;
        if (errno != EEXIST)
            return io_fail(err, errno, "cannot create", tmp);
    }
    return io_fail(err, EEXIST, "cannot create", tmp);
}

/* `dir` without trailing slashes ("out/" and "out" are the same directory), owned. */
static char *trim_dir(const char *dir_in)
{
    size_t len = strlen(dir_in);
    while (len > 1 && dir_in[len - 1] == '/')
        len--;
    char *dir = malloc(len + 1);
    if (dir) {
        memcpy(dir, dir_in, len);
        dir[len] = '\0';
    }
    return dir;
}

int cs_report_check_dir(const char *dir_in, cs_err *err)
{
    if (!dir_in || !dir_in[0])
        return cs_err_set(err, CS_EINVAL, "output directory name is empty");
    char *dir = trim_dir(dir_in);
    if (!dir)
        return cs_err_set(err, CS_ENOMEM, "out of memory checking %s", dir_in);
    int rc = 0;
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            rc = io_fail(err, ENOTDIR, "cannot write into", dir);
        else if (access(dir, W_OK | X_OK) != 0)
            rc = io_fail(err, errno, "cannot write into", dir);
    } else if (errno != ENOENT) {
        rc = io_fail(err, errno, "cannot write into", dir);
    } else {
        /* DIR will be created: its parent must be a directory we may write into. */
        char *parent = parent_of(dir);
        if (!parent)
            rc = cs_err_set(err, CS_ENOMEM, "out of memory checking %s", dir);
        else if (stat(parent, &st) != 0)
            rc = io_fail(err, errno, "cannot create", dir);
        else if (!S_ISDIR(st.st_mode))
            rc = io_fail(err, ENOTDIR, "cannot create", dir);
        else if (access(parent, W_OK | X_OK) != 0)
            rc = io_fail(err, errno, "cannot create", dir);
        free(parent);
    }
    free(dir);
    return rc;
}

int csi_report_write_files(
    const char *dir_in, const csi_out_file *files, int n_files, const void *ctx, cs_err *err)
{
    if (!dir_in || !dir_in[0])
        return cs_err_set(err, CS_EINVAL, "output directory name is empty");

    char *dir = trim_dir(dir_in);
    size_t cap = strlen(dir_in) + 64;
    char *tmp = malloc(cap);
    char *prefix = malloc(cap);
    int rc = 0;
    if (!dir || !tmp || !prefix) {
        rc = cs_err_set(err, CS_ENOMEM, "out of memory writing %s", dir_in);
        goto out_free;
    }

    /* Look first: a DIR that is a regular file, or a path we cannot reach, fails before
     * anything is created. */
    struct stat st;
    bool exists = false;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            rc = io_fail(err, ENOTDIR, "cannot write into", dir);
            goto out_free;
        }
        exists = true;
    } else if (errno != ENOENT) {
        rc = io_fail(err, errno, "cannot write into", dir);
        goto out_free;
    }

    /* The temporary directory is on DIR's file system, so the final renames are atomic:
     * inside an existing DIR (its parent may well be read-only, like /home for $HOME), or
     * beside a DIR still to be made, which then is that directory renamed. */
    snprintf(prefix, cap, exists ? "%s/.callsim.tmp" : "%s.tmp", dir);
    rc = make_tmp(tmp, cap, prefix, err);
    if (rc != 0)
        goto out_free;

    for (int i = 0; i < n_files; i++) {
        rc = write_one(tmp, &files[i], ctx, err);
        if (rc != 0)
            goto out_remove_tmp;
    }

    if (!exists) {
        if (rename(tmp, dir) == 0) {
            char *parent = parent_of(dir);
            if (parent)
                sync_dir(parent);
            free(parent);
            goto out_free;
        }
        /* DIR appeared since we looked (another process): swap the files into it. */
        if (errno != EEXIST && errno != ENOTEMPTY) {
            rc = io_fail(err, errno, "cannot rename the new directory to", dir);
            goto out_remove_tmp;
        }
    }
    bool keep_tmp;
    rc = move_files(tmp, dir, files, n_files, &keep_tmp, err);
    if (keep_tmp) /* previous files wait there: leave it */
        goto out_free;
    /* Success or rolled back: tmp holds only new files or old ones moved aside. */
    remove_tmp(tmp, files, n_files);
    if (rc == 0)
        sync_dir(dir);
    goto out_free;

out_remove_tmp:
    remove_tmp(tmp, files, n_files);
out_free:
    free(prefix);
    free(tmp);
    free(dir);
    return rc;
}

int cs_report_write_dir(const char *dir, const cs_summary *s, uint64_t seed, cs_err *err)
{
    const csi_out_file files[] = {{"summary.json", write_json},
                                  {"intervals.csv", write_intervals},
                                  {"agents.csv", write_agents}};
    run_ctx ctx = {s, seed};
    return csi_report_write_files(dir, files, (int)(sizeof files / sizeof files[0]), &ctx, err);
}
