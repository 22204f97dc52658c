/* rng.c — stream seeding (SplitMix64) and callsim's MT19937 generator type for GSL.
 * Part of sim/core. MT19937 as published by Matsumoto and Nishimura (1998), seeded by
 * their 2002 init_genrand: the same words as gsl_rng_mt19937 for the same seed
 * (tests/core checks that), in a state whose layout the inline reader in rng.h knows. */
#include "core/rng.h"

#include <math.h>

#include "core/ziggurat_tables.inc"

#define MT_M 397
#define UPPER 0x80000000u
#define LOWER 0x7fffffffu
#define MATRIX_A 0x9908b0dfu

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

static inline uint32_t twist(uint32_t a, uint32_t b, uint32_t far)
{
    uint32_t y = (a & UPPER) | (b & LOWER);
    return far ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
}

void cs_mt_refill(cs_mt_state *st)
{
    uint32_t *mt = st->mt;
    int k = 0;
    for (; k < CS_MT_N - MT_M; k++)
        mt[k] = twist(mt[k], mt[k + 1], mt[k + MT_M]);
    for (; k < CS_MT_N - 1; k++)
        mt[k] = twist(mt[k], mt[k + 1], mt[k + MT_M - CS_MT_N]);
    mt[CS_MT_N - 1] = twist(mt[CS_MT_N - 1], mt[0], mt[MT_M - 1]);
    st->mti = 0;
}

static void mt_set(void *vstate, unsigned long seed)
{
    cs_mt_state *st = vstate;
    if (seed == 0)
        seed = 4357; /* GSL's default seed, checked before the mask as GSL does */
    st->mt[0] = (uint32_t)(seed & 0xffffffffUL);
    for (uint32_t i = 1; i < CS_MT_N; i++)
        st->mt[i] = 1812433253u * (st->mt[i - 1] ^ (st->mt[i - 1] >> 30)) + i;
    st->mti = CS_MT_N;
}

static unsigned long mt_get(void *vstate)
{
    return cs_mt_next(vstate);
}

static double mt_get_double(void *vstate)
{
    return (double)mt_get(vstate) * 0x1p-32;
}

static const gsl_rng_type mt_type = {
    "callsim-mt19937", 0xffffffffUL, 0, sizeof(cs_mt_state), mt_set, mt_get, mt_get_double};

const gsl_rng_type *const cs_rng_mt19937 = &mt_type;

gsl_rng *cs_rng_new(uint64_t seed)
{
    gsl_rng *r = gsl_rng_alloc(cs_rng_mt19937);
    if (!r)
        return NULL;
    /* MT19937 seeds from 32 bits; fold the 64 so both halves matter. A zero seed means
     * "default seed" to GSL, which would collide with 4357: map it away. */
    unsigned long s = (unsigned long)((seed ^ (seed >> 32)) & 0xffffffffUL);
    gsl_rng_set(r, s ? s : 0x6d2b79f5UL);
    return r;
}

double cs_rng_exp1_slow(gsl_rng *r, uint32_t i, uint32_t j)
{
    for (;;) {
        if (i == 0) /* the tail beyond the base rectangle: R + Exp(1), memoryless */
            return 7.69711747013104972 - log(1.0 - cs_rng_uniform(r));
        /* a wedge: x is under the density with probability of a uniform height below it */
        double x = (double)j * cs_zig_we[i];
        if (cs_zig_fe[i] + cs_rng_uniform(r) * (cs_zig_fe[i - 1] - cs_zig_fe[i]) < exp(-x))
            return x;
        uint32_t w = cs_rng_u32(r);
        i = w & 255u;
        j = w >> 8;
        if (j < cs_zig_ke[i])
            return (double)j * cs_zig_we[i];
    }
}
