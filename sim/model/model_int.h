/* model_int.h — private pieces of the hotline model shared across sim/model files:
 * sampling a duration, and the exact time-varying arrival process. */
#ifndef CS_MODEL_INT_H
#define CS_MODEL_INT_H

#include "callsim/model.h"
#include "callsim/sim.h"

#include "core/rng.h"

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* An exponential draw of mean `mean`. Inline: it is most of the model's random numbers.
 * Streams of callsim's own type take the ziggurat; any other generator (none in the
 * engine today) gets gsl_ran_exponential's -mean log1p(-u). */
static inline double csi_exp_sample(gsl_rng *r, double mean)
{
    if (r->type == cs_rng_mt19937)
        return mean * cs_rng_exp1(r);
    return -mean * log1p(-gsl_rng_uniform(r));
}

double csi_dist_sample_any(const cs_dist *d, gsl_rng *r);

/* Draws one value of `d` (seconds). NONE gives 0. */
static inline double csi_dist_sample(const cs_dist *d, gsl_rng *r)
{
    return d->kind == CS_DIST_EXPONENTIAL ? csi_exp_sample(r, d->mean) : csi_dist_sample_any(d, r);
}

/* Piecewise description of the fresh-call rate over the horizon, shared by every
 * category: between consecutive breakpoints the base rate is constant and every surge
 * multiplier is linear. Built once per replication from the model (immutable after). */
typedef struct csi_segment {
    double t0, t1;     /* [t0, t1) in horizon seconds */
    double base_per_s; /* fresh calls per second, all categories, before surges */
    int day;           /* horizon day index (for the day's category shares) */
    bool surged;       /* some surge is active somewhere in the segment */
} csi_segment;

typedef struct csi_demand {
    csi_segment *seg;
    size_t n_seg;
} csi_demand;

int csi_demand_build(csi_demand *d, const cs_model *m);
void csi_demand_fini(csi_demand *d);

/* Rate multiplier of category c at time t from the model's surges. */
double csi_surge_factor(const cs_model *m, size_t c, double t);

/* The arrival process of one category: a non-homogeneous Poisson process sampled exactly
 * by thinning against a per-segment constant bound (the bound is the segment's base rate
 * times the largest surge multiplier at the segment's ends, as each multiplier is linear
 * inside a segment). When no surge touches a segment the bound is the rate itself and no
 * thinning draw is made. */
typedef struct csi_arrivals {
    size_t cat;
    size_t seg;   /* current segment */
    double t;     /* time of the last candidate */
    double bound; /* rate bound in the current segment, per second */
} csi_arrivals;

void csi_arrivals_init(csi_arrivals *a, size_t cat);

/* Time of the next arrival after the last one, or +inf when none before the horizon. */
double csi_arrivals_next(csi_arrivals *a, const csi_demand *d, const cs_model *m, gsl_rng *r);

/* Books the time elapsed since *t0 (CLOCK_MONOTONIC) into l (latency.c). */
void csi_latency_record_since(cs_latency *l, const struct timespec *t0);

#endif
