/* rng.h — independent random streams derived from one scenario seed.
 * Part of sim/core. A stream's seed is a pure function of (base seed, replication, entity,
 * purpose), so runs are reproducible whatever the thread count, and two configurations
 * with the same seed see the same random draws for the same purpose (common random
 * numbers).
 *
 * Streams are MT19937, word for word the sequence of GSL's gsl_rng_mt19937 with the same
 * seed, but as callsim's own gsl_rng type: it is a gsl_rng like any other (the gsl_ran_*
 * samplers take it), and because its state layout is ours the engine reads a word inline
 * (cs_rng_u32) instead of through GSL's two indirect calls — most of the model's draws are
 * one word each. */
#ifndef CS_CORE_RNG_H
#define CS_CORE_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#define CS_MT_N 624

typedef struct cs_mt_state {
    uint32_t mt[CS_MT_N];
    uint32_t mti; /* next word of mt to temper; CS_MT_N: the block is used up */
} cs_mt_state;

/* The generator type of every stream: MT19937 (2002 seeding), 32-bit words. */
extern const gsl_rng_type *const cs_rng_mt19937;

/* Seed of stream (rep, entity, purpose) under base seed `base`: SplitMix64 mixing of the
 * four values, so neighbouring indices give unrelated seeds. */
uint64_t cs_rng_stream_seed(uint64_t base, uint64_t rep, uint64_t entity, uint64_t purpose);

/* A new stream seeded with `seed` (MT19937 seeds from 32 bits: a 32-bit fold of the 64-bit
 * value). Returns owned (gsl_rng_free) or NULL. */
gsl_rng *cs_rng_new(uint64_t seed);

/* Generates the next block of 624 words (out of line: once per 624 draws). */
void cs_mt_refill(cs_mt_state *st);

/* The next tempered word of an MT19937 state. */
static inline uint32_t cs_mt_next(cs_mt_state *st)
{
    if (st->mti >= CS_MT_N)
        cs_mt_refill(st);
    uint32_t y = st->mt[st->mti++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

/* The next 32-bit word of r: inline for callsim's own streams, gsl_rng_get otherwise
 * (whose values span 32 bits only if that generator's range does). */
static inline uint32_t cs_rng_u32(gsl_rng *r)
{
    if (r->type != cs_rng_mt19937)
        return (uint32_t)gsl_rng_get(r);
    return cs_mt_next(r->state);
}

/* A uniform in [0, 1): gsl_rng_uniform's value, read inline for callsim's own streams. */
static inline double cs_rng_uniform(gsl_rng *r)
{
    if (r->type != cs_rng_mt19937)
        return gsl_rng_uniform(r);
    return (double)cs_mt_next(r->state) * 0x1p-32;
}

/* The ziggurat of the standard exponential (ziggurat_tables.inc). */
extern const uint32_t cs_zig_ke[256];
extern const double cs_zig_we[256];
extern const double cs_zig_fe[256];

/* The rare rest of cs_rng_exp1: strip i at position j missed the fast test. */
double cs_rng_exp1_slow(gsl_rng *r, uint32_t i, uint32_t j);

/* A standard exponential draw (mean 1) from a stream of cs_rng_mt19937 (or any generator
 * of full 32-bit words), exact in distribution: Marsaglia and Tsang's
 * ziggurat with 256 strips. The low 8 bits of a word pick the strip, the high 24 the
 * position in it; 97.8 % of draws are that word, a table lookup and a multiply, where
 * -log(u) costs a logarithm whose latency holds up everything that waits for the draw.
 * The rest (wedges and the tail) take more words and exp/log, out of line. Values carry
 * 24 significant bits (a 300 s mean is resolved to about 0.1 ms). */
static inline double cs_rng_exp1(gsl_rng *r)
{
    uint32_t w = cs_rng_u32(r);
    uint32_t i = w & 255u, j = w >> 8;
    if (j < cs_zig_ke[i])
        return (double)j * cs_zig_we[i];
    return cs_rng_exp1_slow(r, i, j);
}

#endif
