/* override.c — `--set PATH=VALUE`: replaces or creates one setting of the parsed scenario
 * before validation. Part of sim/scenario. PATH is a libconfig path with '.' between keys
 * and "[N]" for list elements ("demand.categories.[0].handle.mean"); VALUE is a libconfig
 * value, or, when it does not parse as one and is not quoted or bracketed, a bare string
 * (so `--set routing.policy=fcfs` and `--set horizon.start=2022-02-01` work). */
#include "scenario_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEG_MAX 32    /* path segments */
#define COPY_DEPTH 64 /* nesting of a VALUE that is a group or list */

typedef struct segment {
    const char *name; /* into the path copy; NULL for an index */
    unsigned index;   /* list element when name is NULL */
} segment;

/* Splits `path` (modified in place) into segments; false when it is not a path. */
static bool split_path(char *path, segment *seg, size_t *n)
{
    *n = 0;
    char *p = path;
    while (*p) {
        if (*n == SEG_MAX)
            return false;
        char *end = strchr(p, '.');
        if (end)
            *end = '\0';
        segment *s = &seg[(*n)++];
        size_t len = strlen(p);
        if (p[0] == '[') {
            /* "[N]": up to 9 digits keeps N far from overflow */
            if (len < 3 || len > 11 || p[len - 1] != ']')
                return false;
            unsigned v = 0;
            for (size_t i = 1; i + 1 < len; i++) {
                if (!isdigit((unsigned char)p[i]))
                    return false;
                v = v * 10 + (unsigned)(p[i] - '0');
            }
            s->name = NULL;
            s->index = v;
        } else {
            if (!isalpha((unsigned char)p[0]) && p[0] != '*')
                return false;
            for (size_t i = 1; i < len; i++)
                if (!isalnum((unsigned char)p[i]) && p[i] != '_' && p[i] != '-' && p[i] != '*')
                    return false;
            s->name = p;
        }
        if (!end)
            break;
        p = end + 1;
        if (!*p) /* trailing dot */
            return false;
    }
    return *n > 0;
}

static bool is_scalar(int type)
{
    return type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64 || type == CONFIG_TYPE_FLOAT ||
           type == CONFIG_TYPE_STRING || type == CONFIG_TYPE_BOOL;
}

/* Copies scalar src's value into dst, whose type is already src's. */
static bool set_scalar(config_setting_t *dst, const config_setting_t *src)
{
    switch (config_setting_type(src)) {
    case CONFIG_TYPE_INT:
        return config_setting_set_int(dst, src->value.ival) == CONFIG_TRUE;
    case CONFIG_TYPE_INT64:
        return config_setting_set_int64(dst, src->value.llval) == CONFIG_TRUE;
    case CONFIG_TYPE_FLOAT:
        return config_setting_set_float(dst, src->value.fval) == CONFIG_TRUE;
    case CONFIG_TYPE_BOOL:
        return config_setting_set_bool(dst, src->value.ival) == CONFIG_TRUE;
    case CONFIG_TYPE_STRING:
        return config_setting_set_string(dst, src->value.sval ? src->value.sval : "") ==
                   CONFIG_TRUE &&
               dst->value.sval != NULL;
    default:
        return false;
    }
}

static config_setting_t *
copy_into(const config_setting_t *src, config_setting_t *parent, const char *name, int depth);

/* Appends copies of src's children to dst. */
static bool copy_children(const config_setting_t *src, config_setting_t *dst, int depth)
{
    int n = config_setting_length(src);
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(src, (unsigned)i);
        if (!e || !copy_into(e, dst, e->name, depth + 1))
            return false;
    }
    return true;
}

/* Adds a deep copy of src to parent under name (NULL for list elements). */
static config_setting_t *
copy_into(const config_setting_t *src, config_setting_t *parent, const char *name, int depth)
{
    if (depth > COPY_DEPTH)
        return NULL;
    int type = config_setting_type(src);
    config_setting_t *dst = config_setting_add(parent, name, type);
    if (!dst)
        return NULL;
    if (is_scalar(type))
        return set_scalar(dst, src) ? dst : NULL;
    return copy_children(src, dst, depth) ? dst : NULL;
}

/* Replaces list element dst by src in place. libconfig 1.5 can neither change a setting's
 * type nor insert into a list at a position, and removing and appending would reorder the
 * list (category order matters); a scalar's type is therefore rewritten in the public
 * struct, which owns memory only for strings (freed first through the API). */
static bool replace_element(config_setting_t *dst, const config_setting_t *src)
{
    int dt = config_setting_type(dst), st = config_setting_type(src);
    if (is_scalar(dt) && is_scalar(st)) {
        if (dt == CONFIG_TYPE_STRING)
            config_setting_set_string(dst, NULL);
        dst->type = (short)st;
        if (st == CONFIG_TYPE_STRING)
            dst->value.sval = NULL;
        return set_scalar(dst, src);
    }
    if (dt != st)
        return false;
    int n;
    while ((n = config_setting_length(dst)) > 0)
        if (config_setting_remove_elem(dst, (unsigned)(n - 1)) != CONFIG_TRUE)
            return false;
    return copy_children(src, dst, 0);
}

/* Parses VALUE into its own config; returns the value setting or NULL (reported). */
static const config_setting_t *
parse_value(csi_ctx *cx, config_t *vc, const char *value, const char *loc)
{
    if (strchr(value, '\n') || strchr(value, '\r')) {
        csi_diag_raw(cx, loc, 0, "the value must be on one line");
        return NULL;
    }
    size_t len = strlen(value);
    char *text = malloc(len + 8);
    if (!text) {
        csi_nomem(cx);
        return NULL;
    }
    memcpy(text, "v = ", 4);
    memcpy(text + 4, value, len);
    memcpy(text + 4 + len, "\n", 2);
    bool parsed = config_read_string(vc, text) == CONFIG_TRUE;
    free(text);
    /* after the read: reading replaces the root setting */
    config_setting_t *root = config_root_setting(vc);
    if (parsed && config_setting_length(root) == 1) {
        const config_setting_t *v = config_setting_get_member(root, "v");
        if (v) {
            if (!csi_lex_integers(cx, value, loc, true))
                return NULL;
            return v;
        }
    }
    const char *q = value;
    while (*q == ' ' || *q == '\t')
        q++;
    if (*q == '"' || *q == '[' || *q == '(' || *q == '{') {
        csi_diag_raw(cx,
                     loc,
                     0,
                     "cannot parse the value: %s",
                     parsed ? "more than one value"
                            : (config_error_text(vc) ? config_error_text(vc) : "syntax error"));
        return NULL;
    }
    /* A bare word: the text itself, as a string. */
    config_destroy(vc);
    config_init(vc);
    root = config_root_setting(vc);
    config_setting_t *v = config_setting_add(root, "v", CONFIG_TYPE_STRING);
    if (!v || config_setting_set_string(v, value) != CONFIG_TRUE || !v->value.sval) {
        csi_nomem(cx);
        return NULL;
    }
    return v;
}

/* Copies at most n-1 bytes of s to buf, control characters as '?': diagnostics stay one
 * per line whatever the command line held. */
static const char *printable(const char *s, size_t len, char *buf, size_t n)
{
    size_t i = 0;
    for (; i < len && i + 1 < n && s[i]; i++)
        buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
    buf[i] = '\0';
    return buf;
}

/* routing.policy, .plugin and .external are alternatives: setting one of them replaces the
 * routing choice, so the others go (the group's other options stay). */
static void drop_other_routers(config_setting_t *done)
{
    static const char *const choice[] = {"policy", "plugin", "external"};
    config_setting_t *g = config_setting_parent(done);
    config_setting_t *root = g ? config_setting_parent(g) : NULL;
    if (!done->name || !g || !g->name || strcmp(g->name, "routing") != 0 || !root ||
        config_setting_parent(root))
        return;
    bool is_choice = false;
    for (size_t i = 0; i < 3; i++)
        is_choice |= strcmp(done->name, choice[i]) == 0;
    for (size_t i = 0; is_choice && i < 3; i++)
        if (strcmp(done->name, choice[i]) != 0 && config_setting_get_member(g, choice[i]))
            config_setting_remove(g, choice[i]);
}

/* Applies one "PATH=VALUE"; *hook receives the owned path text the new setting points to. */
static bool apply_one(csi_ctx *cx, const char *set, char **hook)
{
    const char *eq = strchr(set, '=');
    char shown[101];
    if (!eq) {
        csi_diag_raw(cx,
                     "--set",
                     0,
                     "'%s' is not PATH=VALUE",
                     printable(set, strlen(set), shown, sizeof shown));
        return false;
    }
    /* trim blanks around PATH */
    const char *a = set, *b = eq;
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && isspace((unsigned char)b[-1]))
        b--;
    size_t plen = (size_t)(b - a);
    if (plen > CSI_PATH_MAX) {
        /* no setting has such a path; cutting it could name another one */
        csi_diag_raw(
            cx, "--set", 0, "'%s...' is not the path of a setting", printable(a, plen, shown, 41));
        return false;
    }
    char *path = malloc(plen + 1);
    char *work = malloc(plen + 1);
    if (!path || !work) {
        free(path);
        free(work);
        return csi_nomem(cx);
    }
    memcpy(work, a, plen);
    work[plen] = '\0';
    printable(a, plen, path, plen + 1); /* the text diagnostics show */
    *hook = path;
    char loc[CSI_PATH_MAX + 8];
    snprintf(loc, sizeof loc, "--set %s", path);

    segment seg[SEG_MAX];
    size_t n_seg;
    config_setting_t *cur = config_root_setting(&cx->cfg);
    const csi_schema *schema = csi_schema_root();
    config_setting_t *parent = NULL;
    const char *create = NULL; /* key to create under parent */
    bool ok = split_path(work, seg, &n_seg);
    for (size_t i = 0; ok && i < n_seg; i++) {
        bool last = i + 1 == n_seg;
        config_setting_t *next = NULL;
        const csi_schema *sub = NULL;
        bool known = false;
        int type = config_setting_type(cur);
        if (seg[i].name) {
            if (type == CONFIG_TYPE_GROUP)
                next = config_setting_get_member(cur, seg[i].name);
            sub = csi_schema_member(schema, seg[i].name, &known);
        } else {
            if ((type == CONFIG_TYPE_LIST || type == CONFIG_TYPE_ARRAY) &&
                seg[i].index < (unsigned)config_setting_length(cur))
                next = config_setting_get_elem(cur, seg[i].index);
            sub = csi_schema_element(schema);
        }
        if (!next) {
            /* Only a known key directly under an existing group may be created. */
            if (last && seg[i].name && type == CONFIG_TYPE_GROUP && known) {
                parent = cur;
                create = seg[i].name;
            } else {
                ok = false;
            }
            break;
        }
        cur = next;
        schema = sub;
    }
    if (!ok) {
        csi_diag_raw(cx, loc, 0, "no such setting");
        free(work);
        return false;
    }

    config_t vc;
    config_init(&vc);
    const config_setting_t *v = parse_value(cx, &vc, eq + 1, loc);
    config_setting_t *done = NULL;
    if (v) {
        if (create) {
            done = copy_into(v, parent, create, 0);
        } else if (cur->name) {
            /* A member of a group: its position does not matter, so remove and re-add. */
            config_setting_t *up = config_setting_parent(cur);
            char *name = csi_strdup(cx, cur->name);
            if (name && up && config_setting_remove(up, name) == CONFIG_TRUE)
                done = copy_into(v, up, name, 0);
            free(name);
        } else {
            int pt = config_setting_type(config_setting_parent(cur));
            if (pt == CONFIG_TYPE_ARRAY && !is_scalar(config_setting_type(v)))
                csi_diag_raw(cx, loc, 0, "an array element must be a number, string or bool");
            else if (replace_element(cur, v))
                done = cur;
            else
                csi_diag_raw(
                    cx, loc, 0, "cannot replace a list element by a value of another kind");
            if (!done) {
                config_destroy(&vc);
                free(work);
                return false;
            }
        }
        if (!done && !cx->oom)
            csi_diag_raw(cx, loc, 0, "cannot store the value");
    }
    config_destroy(&vc);
    free(work);
    if (!done)
        return false;
    config_setting_set_hook(done, path);
    drop_other_routers(done);
    return true;
}

bool csi_override_apply(csi_ctx *cx, const char *const *sets, size_t n_sets, char **hooks)
{
    bool ok = true;
    for (size_t i = 0; i < n_sets; i++) {
        hooks[i] = NULL;
        if (!sets[i]) {
            csi_diag_raw(cx, "--set", 0, "missing PATH=VALUE");
            ok = false;
            continue;
        }
        if (!apply_one(cx, sets[i], &hooks[i]))
            ok = false;
        if (cx->oom)
            return false;
    }
    return ok;
}
