/* report_out.c — `run --out DIR`: summary.json, intervals.csv and agents.csv, written whole
 * or not at all. Files are written and fsynced in a temporary sibling directory, then
 * renamed into place, so a reader never sees a half-written file under a final name. */
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

/* Removes what the temporary directory may hold, then the directory. */
static void remove_tmp(const char *tmp, const csi_out_file *files, int n_files)
{
    for (int i = 0; i < n_files; i++) {
        char *p = join(tmp, files[i].name);
        if (p)
            (void)unlink(p);
        free(p);
    }
    (void)rmdir(tmp);
}

/* Moves each file of `tmp` into the existing directory `dir`. Each rename is atomic, so
 * every final name holds either its old complete file or the new complete one. */
static int
move_files(const char *tmp, const char *dir, const csi_out_file *files, int n_files, cs_err *err)
{
    for (int i = 0; i < n_files; i++) {
        char *from = join(tmp, files[i].name);
        char *to = join(dir, files[i].name);
        int rc = 0;
        if (!from || !to)
            rc = cs_err_set(err, CS_ENOMEM, "out of memory writing %s", dir);
        else if (rename(from, to) != 0)
            rc = io_fail(err, errno, "cannot move the new file into", to);
        free(from);
        free(to);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int csi_report_write_files(
    const char *dir_in, const csi_out_file *files, int n_files, const void *ctx, cs_err *err)
{
    if (!dir_in || !dir_in[0])
        return cs_err_set(err, CS_EINVAL, "output directory name is empty");

    /* "out/" and "out" are the same directory; the temporary sibling must be "out.tmp...",
     * not "out/.tmp...". */
    size_t len = strlen(dir_in);
    while (len > 1 && dir_in[len - 1] == '/')
        len--;
    char *dir = malloc(len + 1);
    char *tmp = malloc(len + 64);
    int rc = 0;
    if (!dir || !tmp) {
        rc = cs_err_set(err, CS_ENOMEM, "out of memory writing %s", dir_in);
        goto out_free;
    }
    memcpy(dir, dir_in, len);
    dir[len] = '\0';

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

    /* A sibling of DIR, so the final rename stays on one file system (rename is atomic only
     * there). pid + counter rather than mkdtemp: mkdtemp makes the directory 0700, and when
     * it becomes DIR the user would get unexpected permissions; mkdir 0777 honours umask. */
    bool made = false;
    for (unsigned k = 0; k < 1000 && !made; k++) {
        snprintf(tmp, len + 64, "%s.tmp.%ld.%u", dir, (long)getpid(), k);
        if (mkdir(tmp, 0777) == 0)
            made = true;
        else if (errno != EEXIST) {
            rc = io_fail(err, errno, "cannot create", tmp);
            goto out_free;
        }
    }
    if (!made) {
        rc = io_fail(err, EEXIST, "cannot create", tmp);
        goto out_free;
    }

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
        /* DIR appeared since we looked (another process): merge into it file by file. */
        if (errno != EEXIST && errno != ENOTEMPTY) {
            rc = io_fail(err, errno, "cannot rename the new directory to", dir);
            goto out_remove_tmp;
        }
    }
    rc = move_files(tmp, dir, files, n_files, err);
    if (rc != 0)
        goto out_remove_tmp;
    (void)rmdir(tmp);
    sync_dir(dir);
    goto out_free;

out_remove_tmp:
    remove_tmp(tmp, files, n_files);
out_free:
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
    return csi_report_write_files(dir, files, 3, &ctx, err);
}
