/* arrivals.c — the fresh-call arrival process: demand by day and profile bin, shaped by
 * surges, sampled exactly (no "rate of the hour at the hour's start" approximation).
 * Part of sim/model. Segments split the horizon wherever the base rate changes or a surge
 * changes phase; inside a segment the base rate is constant and each surge multiplier is
 * linear, which makes the thinning bound exact and tight. */
#include "model/model_int.h"

#include "callsim/err.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

static double surge_shape(const cs_surge *s, double t)
{
    double x = t - s->start_s;
    if (x < 0)
        return 0;
    if (x < s->ramp_s)
        return x / s->ramp_s;
    x -= s->ramp_s;
    if (x < s->plateau_s)
        return 1;
    x -= s->plateau_s;
    if (x < s->decay_s)
        return 1 - x / s->decay_s;
    return 0;
}

static double surge_end(const cs_surge *s)
{
    return s->start_s + s->ramp_s + s->plateau_s + s->decay_s;
}

double csi_surge_factor(const cs_model *m, size_t c, double t)
{
    double f = 1;
    for (size_t i = 0; i < m->n_surges; i++) {
        const cs_surge *s = &m->surges[i];
        if (s->categories >> c & 1)
            f *= 1 + (s->factor - 1) * surge_shape(s, t);
    }
    return f;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Fresh calls per second (all categories) at horizon time t, before surges. */
static double base_rate(const cs_model *m, double t, int *day_out)
{
    double abs_t = t + m->start_tod_s;
    int day = (int)floor(abs_t / 86400.0);
    if (day < 0)
        day = 0;
    if ((size_t)day >= m->demand.n_days)
        day = (int)m->demand.n_days - 1;
    *day_out = day;
    if (m->demand.kind == CS_DEMAND_RATE)
        return m->demand.rate_per_h / 3600.0;
    const cs_profile *p = &m->demand.profiles[m->demand.day_profile[day]];
    double sum = 0;
    for (size_t i = 0; i < p->n; i++)
        sum += p->weights[i];
    double bin_len = 86400.0 / (double)p->n;
    double tod = abs_t - day * 86400.0;
    size_t bin = (size_t)(tod / bin_len);
    if (bin >= p->n)
        bin = p->n - 1;
    return m->demand.day_calls[day] * (p->weights[bin] / sum) / bin_len;
}

int csi_demand_build(csi_demand *d, const cs_model *m)
{
    size_t bins = 1;
    for (size_t i = 0; i < m->demand.n_profiles; i++)
        if (m->demand.profiles[i].n > bins)
            bins = m->demand.profiles[i].n;
    /* Every profile length divides 96, so breakpoints at the finest bin cover all. */
    size_t cap = (m->demand.n_days + 1) * bins + 4 * m->n_surges + 2;
    double *pts = malloc(cap * sizeof *pts);
    if (!pts)
        return CS_ENOMEM;
    size_t n = 0;
    pts[n++] = 0;
    pts[n++] = m->horizon_s;
    double bin_len = 86400.0 / (double)bins;
    for (size_t day = 0; day <= m->demand.n_days; day++)
        for (size_t b = 0; b < bins; b++) {
            double t = (double)day * 86400.0 + (double)b * bin_len - m->start_tod_s;
            if (t > 0 && t < m->horizon_s)
                pts[n++] = t;
        }
    for (size_t i = 0; i < m->n_surges; i++) {
        const cs_surge *s = &m->surges[i];
        double ts[4] = {s->start_s,
                        s->start_s + s->ramp_s,
                        s->start_s + s->ramp_s + s->plateau_s,
                        surge_end(s)};
        for (int k = 0; k < 4; k++)
            if (ts[k] > 0 && ts[k] < m->horizon_s)
                pts[n++] = ts[k];
    }
    qsort(pts, n, sizeof *pts, cmp_double);
    d->seg = malloc(n * sizeof *d->seg);
    if (!d->seg) {
        free(pts);
        return CS_ENOMEM;
    }
    d->n_seg = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        double t0 = pts[i], t1 = pts[i + 1];
        if (!(t1 > t0))
            continue;
        csi_segment *s = &d->seg[d->n_seg++];
        s->t0 = t0;
        s->t1 = t1;
        s->base_per_s = base_rate(m, 0.5 * (t0 + t1), &s->day);
        s->surged = false;
        for (size_t k = 0; k < m->n_surges; k++) {
            const cs_surge *sg = &m->surges[k];
            if (sg->factor != 1 && sg->start_s < t1 && surge_end(sg) > t0)
                s->surged = true;
        }
    }
    free(pts);
    return 0;
}

void csi_demand_fini(csi_demand *d)
{
    free(d->seg);
    d->seg = NULL;
    d->n_seg = 0;
}

static double category_rate(const csi_segment *s, const cs_model *m, size_t c)
{
    return s->base_per_s * m->demand.day_share[(size_t)s->day * m->n_categories + c];
}

static double bound_of(const csi_segment *s, const cs_model *m, size_t c)
{
    double r = category_rate(s, m, c);
    if (!s->surged || r <= 0)
        return r;
    /* Each multiplier is linear on the segment: its maximum is at an end. */
    double f = 1;
    for (size_t i = 0; i < m->n_surges; i++) {
        const cs_surge *sg = &m->surges[i];
        if (!(sg->categories >> c & 1))
            continue;
        double a = 1 + (sg->factor - 1) * surge_shape(sg, s->t0);
        double b = 1 + (sg->factor - 1) * surge_shape(sg, s->t1);
        /* surge_shape is right-continuous; the left limit at t1 matters when a phase
         * ends exactly there */
        double b_left = 1 + (sg->factor - 1) * surge_shape(sg, nextafter(s->t1, s->t0));
        double mx = a > b ? a : b;
        f *= mx > b_left ? mx : b_left;
    }
    return r * f;
}

void csi_arrivals_init(csi_arrivals *a, size_t cat)
{
    a->cat = cat;
    a->seg = 0;
    a->t = 0;
    a->bound = -1; /* computed on entering the segment */
}

double csi_arrivals_next(csi_arrivals *a, const csi_demand *d, const cs_model *m, gsl_rng *r)
{
    for (;;) {
        if (a->seg >= d->n_seg)
            return INFINITY;
        const csi_segment *s = &d->seg[a->seg];
        if (a->bound < 0)
            a->bound = bound_of(s, m, a->cat);
        if (a->bound <= 0) {
            a->seg++;
            a->t = a->seg < d->n_seg ? d->seg[a->seg].t0 : a->t;
            a->bound = -1;
            continue;
        }
        a->t += csi_exp_sample(r, 1.0 / a->bound);
        if (a->t >= s->t1) {
            /* Memoryless: restarting from the boundary with the next rate is exact. */
            a->t = s->t1;
            a->seg++;
            a->bound = -1;
            continue;
        }
        if (s->surged) {
            double rate = category_rate(s, m, a->cat) * csi_surge_factor(m, a->cat, a->t);
            if (cs_rng_uniform(r) * a->bound >= rate)
                continue;
        }
        return a->t;
    }
}

/* Expected fresh calls of category c over [a, b] inside segment s: the rate is the base
 * times a product of multipliers that are linear on the segment, a polynomial whose degree
 * is the number of surges on c, so Simpson's rule is exact up to three of them. */
static double segment_calls(const csi_segment *s, const cs_model *m, size_t c, double a, double b)
{
    double r = category_rate(s, m, c);
    if (!s->surged || r == 0)
        return r * (b - a);
    double fa = csi_surge_factor(m, c, a), fm = csi_surge_factor(m, c, 0.5 * (a + b));
    double fb = csi_surge_factor(m, c, nextafter(b, a)); /* the left limit at b */
    return r * (b - a) * (fa + 4 * fm + fb) / 6;
}

double cs_model_expected_calls(const cs_model *m, int category, double t0_s, double t1_s)
{
    csi_demand d;
    if (csi_demand_build(&d, m) != 0)
        return -1;
    double total = 0;
    for (size_t i = 0; i < d.n_seg; i++) {
        const csi_segment *s = &d.seg[i];
        double a = s->t0 > t0_s ? s->t0 : t0_s, b = s->t1 < t1_s ? s->t1 : t1_s;
        if (!(b > a))
            continue;
        for (size_t c = 0; c < m->n_categories; c++)
            if (category < 0 || (size_t)category == c)
                total += segment_calls(s, m, c, a, b);
    }
    csi_demand_fini(&d);
    return total;
}

int cs_model_expected_calls_by_interval(const cs_model *m, double *out)
{
    csi_demand d;
    if (csi_demand_build(&d, m) != 0)
        return CS_ENOMEM;
    size_t n_int = cs_model_interval_count(m), nc = m->n_categories;
    for (size_t k = 0; k < n_int * nc; k++)
        out[k] = 0;
    for (size_t i = 0; i < d.n_seg; i++) {
        const csi_segment *s = &d.seg[i];
        /* a segment may straddle interval boundaries: split it */
        for (double a = s->t0; a < s->t1;) {
            size_t k = (size_t)(a / m->interval_s + 1e-9);
            if (k >= n_int)
                break;
            double end = (double)(k + 1) * m->interval_s, b = end < s->t1 ? end : s->t1;
            for (size_t c = 0; c < nc; c++)
                out[k * nc + c] += segment_calls(s, m, c, a, b);
            a = b;
        }
    }
    csi_demand_fini(&d);
    return 0;
}
