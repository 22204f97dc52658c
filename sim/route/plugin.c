/* plugin.c — routing policies from shared objects: dlopen, one exported entry point, and
 * the checks that keep a mismatched or half-built plugin from ever being called.
 * Part of sim/route. The vtable is copied into one of this build's size so the simulation
 * reads every callback it knows without looking past the plugin's struct_size. */
#include "callsim/router_load.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

struct cs_plugin {
    void *handle;
    cs_router_vtable vt;
};

/* struct_size a vtable of ABI 1.minor must have at least. */
static size_t size_for_minor(uint32_t minor)
{
    if (minor == 0)
        return offsetof(cs_router_vtable, decide) + sizeof(((cs_router_vtable *)0)->decide);
    return offsetof(cs_router_vtable, assigned) + sizeof(((cs_router_vtable *)0)->assigned);
}

static int check_vtable(const cs_router_vtable *v, const char *path, cs_err *err)
{
    if (v->abi_major != CS_ROUTER_ABI_MAJOR)
        return cs_err_set(err,
                          CS_EROUTER,
                          "plugin '%s' has router ABI %u.%u; this build speaks %u.x",
                          path,
                          v->abi_major,
                          v->abi_minor,
                          CS_ROUTER_ABI_MAJOR);
    if (v->struct_size < size_for_minor(v->abi_minor))
        return cs_err_set(err,
                          CS_EROUTER,
                          "plugin '%s' has a vtable of %u bytes, too small for ABI %u.%u "
                          "(%zu bytes)",
                          path,
                          v->struct_size,
                          v->abi_major,
                          v->abi_minor,
                          size_for_minor(v->abi_minor));
    const char *missing = !v->create           ? "create"
                          : !v->destroy        ? "destroy"
                          : !v->call_arrived   ? "call_arrived"
                          : !v->call_abandoned ? "call_abandoned"
                          : !v->agent_ready    ? "agent_ready"
                          : !v->agent_away     ? "agent_away"
                          : !v->decide         ? "decide"
                                               : NULL;
    if (missing)
        return cs_err_set(err, CS_EROUTER, "plugin '%s' has no %s callback", path, missing);
    return 0;
}

cs_plugin *cs_plugin_open(const char *path, cs_err *err)
{
    cs_plugin *p = calloc(1, sizeof *p);
    if (!p) {
        cs_err_set(err, CS_ENOMEM, "out of memory");
        return NULL;
    }
    p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!p->handle) {
        const char *why = dlerror();
        cs_err_set(err,
                   CS_EROUTER,
                   "plugin '%s' cannot be loaded: %s",
                   path,
                   why ? why : "unknown dlopen error");
        free(p);
        return NULL;
    }
    /* POSIX blesses this conversion for dlsym's result. */
    cs_router_plugin_fn *entry;
    *(void **)&entry = dlsym(p->handle, CS_ROUTER_PLUGIN_SYMBOL);
    const cs_router_vtable *v = entry ? entry() : NULL;
    int rc = 0;
    if (!entry)
        rc = cs_err_set(err,
                        CS_EROUTER,
                        "plugin '%s' does not export %s() (see callsim/router.h)",
                        path,
                        CS_ROUTER_PLUGIN_SYMBOL);
    else if (!v)
        rc = cs_err_set(
            err, CS_EROUTER, "plugin '%s': %s() returned NULL", path, CS_ROUTER_PLUGIN_SYMBOL);
    else
        rc = check_vtable(v, path, err);
    if (rc != 0) {
        dlclose(p->handle);
        free(p);
        return NULL;
    }
    size_t n = v->struct_size < sizeof p->vt ? v->struct_size : sizeof p->vt;
    memcpy(&p->vt, v, n);
    p->vt.struct_size = (uint32_t)sizeof p->vt;
    return p;
}

const cs_router_vtable *cs_plugin_vtable(const cs_plugin *p)
{
    return &p->vt;
}

void cs_plugin_close(cs_plugin *p)
{
    if (!p)
        return;
    dlclose(p->handle);
    free(p);
}
