/* diag.c — scenario diagnostics in GCC's shape, "file:line: message", one per line.
 * Part of sim/scenario: locations come from libconfig's source lines, or name the --set
 * override a setting came from (libconfig gives such settings line 0). */
#include "scenario_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Deeper settings than this are cut from paths; the schema is 6 levels deep. */
#define PATH_DEPTH_MAX 32

bool csi_nomem(csi_ctx *cx)
{
    if (!cx->oom) {
        cx->oom = true;
        cs_err_set(cx->err, CS_ENOMEM, "%s: out of memory", cx->name);
    }
    return false;
}

/* Writes the location of `at` into buf; returns its line (0 for an override). */
static unsigned locate(const csi_ctx *cx, const config_setting_t *at, char *buf, size_t n)
{
    for (const config_setting_t *p = at; p; p = config_setting_parent(p)) {
        const char *hook = config_setting_get_hook(p);
        if (hook) {
            snprintf(buf, n, "--set %s", hook);
            return 0;
        }
    }
    unsigned line = at ? config_setting_source_line(at) : 0;
    if (line == 0)
        line = 1;
    snprintf(buf, n, "%s:%u", cx->name, line);
    return line;
}

/* Keeps the diagnostic; csi_diag_flush hands them over in file order. */
static void
vemit(csi_ctx *cx, unsigned line, const char *loc, const char *prefix, const char *fmt, va_list ap)
{
    cx->n_diag++;
    if (cx->n_diag > CS_ERR_DIAG_MAX)
        return;
    csi_diag_line *d = &cx->diags[cx->n_diag - 1];
    d->line = line;
    int w = snprintf(d->text, sizeof d->text, "%s: %s", loc, prefix);
    if (w >= 0 && (size_t)w < sizeof d->text)
        vsnprintf(d->text + w, sizeof d->text - (size_t)w, fmt, ap);
}

void csi_diag_flush(csi_ctx *cx)
{
    int n = cx->n_diag < CS_ERR_DIAG_MAX ? cx->n_diag : CS_ERR_DIAG_MAX;
    int order[CS_ERR_DIAG_MAX];
    /* Insertion sort by line, stable: overrides (line 0) first, then the file top-down,
     * the way a reader fixes them. The checks run key by key, not line by line. */
    for (int i = 0; i < n; i++) {
        int j = i;
        while (j > 0 && cx->diags[order[j - 1]].line > cx->diags[i].line) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    for (int i = 0; i < n; i++)
        cs_err_set(cx->err, CS_ESCENARIO, "%s", cx->diags[order[i]].text);
}

void csi_diag(csi_ctx *cx, const config_setting_t *at, const char *fmt, ...)
{
    char loc[CSI_PATH_MAX + 64];
    unsigned line = locate(cx, at, loc, sizeof loc);
    va_list ap;
    va_start(ap, fmt);
    vemit(cx, line, loc, "", fmt, ap);
    va_end(ap);
}

void csi_bad(csi_ctx *cx, const config_setting_t *s, const char *fmt, ...)
{
    char loc[CSI_PATH_MAX + 64];
    char path[CSI_PATH_MAX + 1];
    unsigned line = locate(cx, s, loc, sizeof loc);
    csi_path(s, path, sizeof path - 1);
    if (path[0])
        strcat(path, " ");
    va_list ap;
    va_start(ap, fmt);
    vemit(cx, line, loc, path, fmt, ap);
    va_end(ap);
}

void csi_diag_raw(csi_ctx *cx, const char *loc, unsigned line, const char *fmt, ...)
{
    char where[CSI_PATH_MAX + 64];
    if (line)
        snprintf(where, sizeof where, "%s:%u", loc, line);
    else
        snprintf(where, sizeof where, "%s", loc);
    va_list ap;
    va_start(ap, fmt);
    vemit(cx, line, where, "", fmt, ap);
    va_end(ap);
}

void csi_path(const config_setting_t *s, char *buf, size_t n)
{
    const config_setting_t *chain[PATH_DEPTH_MAX];
    size_t depth = 0;
    /* Collect from s up to (not including) the root, then print top-down. */
    for (const config_setting_t *p = s; p && config_setting_parent(p) && depth < PATH_DEPTH_MAX;
         p = config_setting_parent(p))
        chain[depth++] = p;
    size_t used = 0;
    buf[0] = '\0';
    while (depth > 0 && used + 1 < n) {
        const config_setting_t *p = chain[--depth];
        const char *dot = used ? "." : "";
        int w;
        if (p->name)
            w = snprintf(buf + used, n - used, "%s%s", dot, p->name);
        else
            w = snprintf(buf + used, n - used, "%s[%d]", dot, config_setting_index(p));
        if (w < 0)
            break;
        used += (size_t)w;
        if (used >= n) {
            used = n - 1;
            break;
        }
    }
}

/* Copies at most max bytes of s quoted, control characters shown as '?'. */
static void quote(const char *s, char *buf, size_t n, size_t max)
{
    size_t used = 0;
    if (n < 8)
        return;
    buf[used++] = '"';
    size_t len = s ? strlen(s) : 0;
    for (size_t i = 0; i < len && i < max && used + 5 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[used++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (len > max && used + 5 < n) {
        memcpy(buf + used, "...", 3);
        used += 3;
    }
    buf[used++] = '"';
    buf[used] = '\0';
}

void csi_describe(const config_setting_t *s, char *buf, size_t n)
{
    if (!s) {
        snprintf(buf, n, "nothing");
        return;
    }
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        snprintf(buf, n, "%d", s->value.ival);
        break;
    case CONFIG_TYPE_INT64:
        snprintf(buf, n, "%lld", s->value.llval);
        break;
    case CONFIG_TYPE_FLOAT:
        snprintf(buf, n, "%g", s->value.fval);
        break;
    case CONFIG_TYPE_STRING:
        quote(s->value.sval, buf, n, 40);
        break;
    case CONFIG_TYPE_BOOL:
        snprintf(buf, n, "%s", s->value.ival ? "true" : "false");
        break;
    case CONFIG_TYPE_GROUP:
        snprintf(buf, n, "a group");
        break;
    case CONFIG_TYPE_ARRAY:
        snprintf(buf, n, "an array");
        break;
    case CONFIG_TYPE_LIST:
        snprintf(buf, n, "a list");
        break;
    default:
        snprintf(buf, n, "a value of unknown type");
        break;
    }
}
