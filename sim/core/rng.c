/* rng.c — stream seeding (SplitMix64) and generator creation on GSL.
 * Part of sim/core. */
#include "core/rng.h"

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t cs_rng_stream_seed(uint64_t base, uint64_t rep, uint64_t entity, uint64_t purpose)
{
    uint64_t h = splitmix64(base);
    h = splitmix64(h ^ rep);
    h = splitmix64(h ^ (entity * 0x100000001b3ULL));
    h = splitmix64(h ^ (purpose + 0x51ed270b27ULL));
    return h;
}

gsl_rng *cs_rng_new(uint64_t seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return NULL;
    /* MT19937 seeds from 32 bits; fold the 64 so both halves matter. A zero seed means
     * "default seed" to GSL, which would collide with 4357: map it away. */
    unsigned long s = (unsigned long)((seed ^ (seed >> 32)) & 0xffffffffUL);
    gsl_rng_set(r, s ? s : 0x6d2b79f5UL);
    return r;
}
