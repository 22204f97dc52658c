/* bad_plugin.c — plugins the loader must refuse, one per macro: BAD_NOSYM exports the
 * wrong name, BAD_ABI claims ABI 2.0, BAD_SIZE a vtable too small for its version. */
#include "callsim/router.h"

#include <stddef.h>

static int create(const cs_router_host *h, void **state)
{
    (void)h;
    *state = NULL;
    return 0;
}

static void destroy(void *state)
{
    (void)state;
}

static int decide(void *state, double now, cs_decisions *out)
{
    (void)state;
    (void)now;
    out->count = 0;
    return 0;
}

static const cs_router_vtable vt = {
#if defined(BAD_SIZE)
    .struct_size = (uint32_t)offsetof(cs_router_vtable, decide),
#else
    .struct_size = sizeof(cs_router_vtable),
#endif
#if defined(BAD_ABI)
    .abi_major = 2,
    .abi_minor = 0,
#else
    .abi_major = CS_ROUTER_ABI_MAJOR,
    .abi_minor = CS_ROUTER_ABI_MINOR,
#endif
    .name = "bad",
    .create = create,
    .destroy = destroy,
    .decide = decide,
};

#if defined(BAD_NOSYM)
const cs_router_vtable *cs_router_plugin_v0(void);
const cs_router_vtable *cs_router_plugin_v0(void)
#else
const cs_router_vtable *cs_router_plugin(void);
const cs_router_vtable *cs_router_plugin(void)
#endif
{
    return &vt;
}
