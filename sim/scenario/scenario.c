/* scenario.c — the loader's entry points: read the file, parse it with libconfig, check
 * the text for what libconfig 1.5 lets through, apply --set overrides, check keys against
 * the schema, then build and validate the cs_model. Part of sim/scenario, the only door
 * from text into the model. */
#include "callsim/scenario.h"
#include "scenario_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_MAX (16u << 20) /* a scenario is a few kilobytes; 16 MiB is a mistake */

static void report_parse_error(csi_ctx *cx)
{
    const char *text = config_error_text(&cx->cfg);
    int line = config_error_line(&cx->cfg);
    if (!text)
        text = "syntax error";
    const char *hint = "";
    if (strcmp(text, "memory exhausted") == 0) /* bison's words for its stack limit */
        hint = " (settings nested too deeply)";
    else if (strcmp(text, "mismatched element type in array") == 0)
        hint = " (write every number of an array [ ... ] alike, all integers or all with a "
               "decimal point, or use a list ( ... ))";
    csi_diag_raw(cx, cx->name, line > 0 ? (unsigned)line : 1u, "%s%s", text, hint);
}

static void build(csi_ctx *cx)
{
    const config_setting_t *root = config_root_setting(&cx->cfg);
    csi_build_general(cx, root);
    config_setting_t *demand = csi_member(cx, root, "demand", true);
    if (demand && csi_is_group(cx, demand)) {
        csi_build_categories(cx, demand);
        if (!cx->oom)
            csi_build_demand(cx, demand);
    }
    if (!cx->oom)
        csi_build_surges(cx, root);
    if (!cx->oom)
        csi_build_supply(cx, root);
    if (!cx->oom)
        csi_check_skills(cx, root);
    if (!cx->oom)
        csi_build_routing(cx, root);
    if (!cx->oom)
        csi_build_plan(cx, root);
}

/* Parses, overrides, checks and builds; `source` goes into the model. */
static int load_text(const char *text,
                     const char *name,
                     const char *source,
                     const char *const *sets,
                     size_t n_sets,
                     cs_model **out,
                     cs_err *err)
{
    csi_ctx cx = {.name = name, .err = err};
    config_init(&cx.cfg);
    char **hooks = calloc(n_sets ? n_sets : 1, sizeof *hooks);
    if (!hooks) {
        config_destroy(&cx.cfg);
        return cs_err_set(err, CS_ENOMEM, "%s: out of memory", name);
    }
    if (!csi_lex_includes(&cx, text, name))
        goto out_destroy;
    if (config_read_string(&cx.cfg, text) != CONFIG_TRUE) {
        report_parse_error(&cx);
        goto out_destroy;
    }
    /* After parsing, so that a syntax error is reported as such and not as a number. */
    if (!csi_lex_integers(&cx, text, name, false))
        goto out_destroy;
    if (!csi_override_apply(&cx, sets, n_sets, hooks))
        goto out_destroy;
    csi_schema_check(&cx);
    cx.m = calloc(1, sizeof *cx.m);
    if (cx.m)
        cx.m->skills = calloc(CS_MAX_SKILLS, sizeof *cx.m->skills);
    if (!cx.m || !cx.m->skills || !(cx.m->source = csi_strdup(&cx, source))) {
        csi_nomem(&cx);
        goto out_destroy;
    }
    build(&cx);

out_destroy:
    csi_diag_flush(&cx);
    config_destroy(&cx.cfg);
    for (size_t i = 0; i < n_sets; i++)
        free(hooks[i]);
    free(hooks);
    if (cx.oom || cx.n_diag > 0) {
        cs_model_free(cx.m);
        return cx.oom ? CS_ENOMEM : CS_ESCENARIO;
    }
    *out = cx.m;
    return CS_OK;
}

int cs_scenario_load_string(const char *text,
                            const char *name,
                            const char *const *sets,
                            size_t n_sets,
                            cs_model **out,
                            cs_err *err)
{
    if (out)
        *out = NULL;
    if (!text || !out || (n_sets && !sets))
        return cs_err_set(err, CS_EINVAL, "cs_scenario_load_string: missing argument");
    return load_text(text, name ? name : "<string>", "", sets, n_sets, out, err);
}

int cs_scenario_load(
    const char *path, const char *const *sets, size_t n_sets, cs_model **out, cs_err *err)
{
    if (out)
        *out = NULL;
    if (!path || !out || (n_sets && !sets))
        return cs_err_set(err, CS_EINVAL, "cs_scenario_load: missing argument");
    char why[128];
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (strerror_r(e, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", e);
        return cs_err_set(err, CS_EIO, "%s: cannot open: %s", path, why);
    }
    size_t cap = 8192, len = 0;
    char *text = malloc(cap);
    int status = CS_OK;
    while (text) {
        if (len + 1 == cap) {
            if (cap > FILE_MAX) {
                status = cs_err_set(
                    err, CS_ESCENARIO, "%s:1: file is larger than %u MiB", path, FILE_MAX >> 20);
                break;
            }
            char *grown = realloc(text, cap * 2);
            if (!grown)
                break;
            text = grown;
            cap *= 2;
        }
        size_t got = fread(text + len, 1, cap - 1 - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (!text) {
        fclose(f);
        return cs_err_set(err, CS_ENOMEM, "%s: out of memory", path);
    }
    if (status == CS_OK && ferror(f)) {
        int e = errno;
        if (strerror_r(e, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", e);
        status = cs_err_set(err, CS_EIO, "%s: cannot read: %s", path, why);
    } else if (status == CS_OK && len + 1 == cap) {
        status = cs_err_set(err, CS_ENOMEM, "%s: out of memory", path);
    }
    fclose(f);
    if (status == CS_OK) {
        text[len] = '\0';
        const char *nul = memchr(text, '\0', len);
        if (nul) {
            unsigned line = 1;
            for (const char *p = text; p < nul; p++)
                line += *p == '\n';
            status = cs_err_set(
                err, CS_ESCENARIO, "%s:%u: contains a NUL byte (not a text file?)", path, line);
        }
    }
    if (status == CS_OK)
        status = load_text(text, path, path, sets, n_sets, out, err);
    free(text);
    return status;
}
