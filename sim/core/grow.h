/* grow.h — the one way callsim grows an array: doubling from 64, new entries zeroed.
 * Part of sim/core (private). Header-only so that code compiled into a plugin can use it
 * without linking the core library. */
#ifndef CS_CORE_GROW_H
#define CS_CORE_GROW_H

#include "callsim/err.h"

#include <stdlib.h>
#include <string.h>

/* Makes *p (of *cap entries of `elem` bytes) hold at least `need` entries; returns 0 or
 * CS_ENOMEM, leaving *p and *cap as they were on failure. */
static inline int cs_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return CS_ENOMEM;
    memset((char *)q + *cap * elem, 0, (n - *cap) * elem);
    *p = q;
    *cap = n;
    return 0;
}

#endif
