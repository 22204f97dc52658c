/* latency.c — the decision-latency histogram: recording a decide() call's wall-clock time
 * without allocating, merging replications, reading quantiles.
 * Part of sim/model. Buckets: i < 8 holds exactly i ns; from 8 ns up, bucket
 * 8 * (e - 2) + k holds [(8 + k) << (e - 3), (9 + k) << (e - 3)) where 2^e <= ns < 2^(e+1),
 * so quantiles are good to 1/8 of their value whatever the scale. */
#include "model/model_int.h"

#include <math.h>
#include <string.h>

static size_t bucket_of(uint64_t ns)
{
    if (ns < 8)
        return (size_t)ns;
    int e = 63 - __builtin_clzll(ns);
    return (size_t)(8 * (e - 2)) + (size_t)((ns >> (e - 3)) & 7);
}

/* [lo, hi) of bucket i in ns. */
static void bucket_range(size_t i, double *lo, double *hi)
{
    if (i < 8) {
        *lo = (double)i;
        *hi = (double)i + 1;
        return;
    }
    int e = (int)(i / 8) + 2;
    double k = (double)(i % 8);
    *lo = ldexp(8 + k, e - 3);
    *hi = ldexp(9 + k, e - 3);
}

void csi_latency_record_since(cs_latency *l, const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int64_t d = (int64_t)(t1.tv_sec - t0->tv_sec) * 1000000000 + (t1.tv_nsec - t0->tv_nsec);
    uint64_t ns = d > 0 ? (uint64_t)d : 0;
    l->count++;
    l->total_ns += ns;
    if (ns > l->max_ns)
        l->max_ns = ns;
    l->bucket[bucket_of(ns)]++;
}

void cs_latency_add(cs_latency *into, const cs_latency *x)
{
    into->count += x->count;
    into->total_ns += x->total_ns;
    if (x->max_ns > into->max_ns)
        into->max_ns = x->max_ns;
    for (size_t i = 0; i < CS_LATENCY_BUCKETS; i++)
        into->bucket[i] += x->bucket[i];
}

double cs_latency_quantile_us(const cs_latency *l, double q)
{
    if (l->count == 0)
        return NAN;
    q = q < 0 ? 0 : q > 1 ? 1 : q;
    /* The rank-th smallest value (1-based), rank = ceil(q * count), at least 1. */
    uint64_t rank = (uint64_t)ceil(q * (double)l->count);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < CS_LATENCY_BUCKETS; i++) {
        seen += l->bucket[i];
        if (seen >= rank) {
            double lo, hi;
            bucket_range(i, &lo, &hi);
            double mid = i < 8 ? lo : 0.5 * (lo + hi);
            return (mid < (double)l->max_ns ? mid : (double)l->max_ns) * 1e-3;
        }
    }
    return (double)l->max_ns * 1e-3;
}
