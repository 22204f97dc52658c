/* dist.c — sampling the duration distributions of the model.
 * Part of sim/model. The loader has already derived every parameter (lognormal mu/sigma,
 * gamma shape/scale), so a draw is one switch and one GSL call. */
/* GSL's header versions of gsl_rng_uniform and friends: one indirect call per draw
 * instead of two (they are the same functions the library exports). */
#define HAVE_INLINE 1
#include "model/model_int.h"

#include <gsl/gsl_randist.h>

double csi_dist_sample_any(const cs_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case CS_DIST_NONE:
        return 0.0;
    case CS_DIST_EXPONENTIAL:
        return csi_exp_sample(r, d->mean);
    case CS_DIST_LOGNORMAL:
        return gsl_ran_lognormal(r, d->mu, d->sigma);
    case CS_DIST_GAMMA:
        return gsl_ran_gamma(r, d->shape, d->scale);
    case CS_DIST_WEIBULL:
        return gsl_ran_weibull(r, d->scale, d->shape);
    case CS_DIST_CONSTANT:
        return d->mean;
    case CS_DIST_EMPIRICAL:
        return d->values[gsl_rng_uniform_int(r, d->n_values)];
    }
    return 0.0;
}
