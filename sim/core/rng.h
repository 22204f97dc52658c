/* rng.h — independent random streams derived from one scenario seed.
 * Part of sim/core. A stream's seed is a pure function of (base seed, replication, entity,
 * purpose), so runs are reproducible whatever the thread count, and two configurations
 * with the same seed see the same random draws for the same purpose (common random
 * numbers). */
#ifndef CS_CORE_RNG_H
#define CS_CORE_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* Seed of stream (rep, entity, purpose) under base seed `base`: SplitMix64 mixing of the
 * four values, so neighbouring indices give unrelated seeds. */
uint64_t cs_rng_stream_seed(uint64_t base, uint64_t rep, uint64_t entity, uint64_t purpose);

/* A new GSL generator (MT19937) seeded with `seed` (its 32-bit seeding takes a 32-bit fold
 * of the 64-bit value). Returns owned (gsl_rng_free) or NULL. */
gsl_rng *cs_rng_new(uint64_t seed);

#endif
