/* read.c — typed readers of libconfig settings for the scenario loader: numbers, integers,
 * durations, names, dates, clock times, lists and distributions. Part of sim/scenario; each
 * reader reports its own mistake ("KEY must be ... (got ...)") and returns false. */
#include "callsim/civil.h"
#include "scenario_int.h"

#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GOT_MAX 64 /* bytes of a value shown after "got" */

char *csi_strdup(csi_ctx *cx, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        csi_nomem(cx);
        return NULL;
    }
    memcpy(p, s, n);
    return p;
}

config_setting_t *csi_member(csi_ctx *cx, const config_setting_t *g, const char *key, bool required)
{
    if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP)
        return NULL;
    config_setting_t *s = config_setting_get_member(g, key);
    if (!s && required) {
        char path[CSI_PATH_MAX];
        csi_path(g, path, sizeof path);
        csi_diag(cx, g, "%s%s%s is required", path, path[0] ? "." : "", key);
    }
    return s;
}

bool csi_is_group(csi_ctx *cx, const config_setting_t *s)
{
    if (config_setting_type(s) == CONFIG_TYPE_GROUP)
        return true;
    char got[GOT_MAX];
    csi_describe(s, got, sizeof got);
    csi_bad(cx, s, "must be a group { ... } (got %s)", got);
    return false;
}

bool csi_is_list(csi_ctx *cx, const config_setting_t *s, size_t max)
{
    if (config_setting_type(s) != CONFIG_TYPE_LIST) {
        char got[GOT_MAX];
        csi_describe(s, got, sizeof got);
        csi_bad(cx, s, "must be a list ( { ... }, ... ) (got %s)", got);
        return false;
    }
    size_t n = (size_t)config_setting_length(s);
    if (n > max) {
        csi_bad(cx, s, "has %zu entries, at most %zu are allowed", n, max);
        return false;
    }
    return true;
}

/* The numeric value of an int, int64 or float setting. */
static bool numeric(const config_setting_t *s, double *out)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        *out = s->value.ival;
        return true;
    case CONFIG_TYPE_INT64:
        *out = (double)s->value.llval;
        return true;
    case CONFIG_TYPE_FLOAT:
        *out = s->value.fval;
        return true;
    default:
        return false;
    }
}

bool csi_number(csi_ctx *cx, const config_setting_t *s, double *out)
{
    char got[GOT_MAX];
    double v;
    if (!numeric(s, &v)) {
        csi_describe(s, got, sizeof got);
        csi_bad(cx, s, "must be a number (got %s)", got);
        return false;
    }
    if (!isfinite(v)) {
        csi_bad(cx, s, "must be a finite number (got %g)", v);
        return false;
    }
    *out = v;
    return true;
}

/* Reports v outside [lo, hi] naming the violated bound; `unit` follows the bound. */
static bool in_range(csi_ctx *cx,
                     const config_setting_t *s,
                     double v,
                     double lo,
                     bool lo_open,
                     double hi,
                     bool hi_open,
                     const char *unit)
{
    if (lo_open ? !(v > lo) : !(v >= lo)) {
        csi_bad(cx, s, "must be %s %.10g%s (got %.10g)", lo_open ? ">" : ">=", lo, unit, v);
        return false;
    }
    if (hi_open ? !(v < hi) : !(v <= hi)) {
        csi_bad(cx, s, "must be %s %.10g%s (got %.10g)", hi_open ? "<" : "<=", hi, unit, v);
        return false;
    }
    return true;
}

bool csi_real(csi_ctx *cx,
              const config_setting_t *s,
              double lo,
              bool lo_open,
              double hi,
              bool hi_open,
              double *out)
{
    double v;
    if (!csi_number(cx, s, &v) || !in_range(cx, s, v, lo, lo_open, hi, hi_open, ""))
        return false;
    *out = v;
    return true;
}

bool csi_fraction(csi_ctx *cx, const config_setting_t *s, bool lo_open, double *out)
{
    double v;
    if (!csi_number(cx, s, &v))
        return false;
    if ((lo_open ? !(v > 0) : !(v >= 0)) || !(v <= 1)) {
        csi_bad(cx, s, "must be in %s0, 1] (got %.10g)", lo_open ? "(" : "[", v);
        return false;
    }
    *out = v;
    return true;
}

bool csi_int(csi_ctx *cx, const config_setting_t *s, long long lo, long long hi, long long *out)
{
    char got[GOT_MAX];
    long long v;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        v = s->value.ival;
        break;
    case CONFIG_TYPE_INT64:
        v = s->value.llval;
        break;
    case CONFIG_TYPE_FLOAT: {
        double f = s->value.fval;
        /* 2^53: beyond it a double no longer tells integers apart */
        if (!isfinite(f) || f != floor(f) || fabs(f) > 9007199254740992.0) {
            csi_bad(cx, s, "must be an integer (got %.10g)", f);
            return false;
        }
        v = (long long)f;
        break;
    }
    default:
        csi_describe(s, got, sizeof got);
        csi_bad(cx, s, "must be an integer (got %s)", got);
        return false;
    }
    if (v < lo) {
        csi_bad(cx, s, "must be >= %lld (got %lld)", lo, v);
        return false;
    }
    if (v > hi) {
        csi_bad(cx, s, "must be <= %lld (got %lld)", hi, v);
        return false;
    }
    *out = v;
    return true;
}

bool csi_duration(csi_ctx *cx, const config_setting_t *s, bool positive, double *out)
{
    char got[GOT_MAX];
    double v;
    if (config_setting_type(s) == CONFIG_TYPE_STRING) {
        const char *text = s->value.sval ? s->value.sval : "";
        if (!cs_civil_parse_duration(text, &v)) {
            csi_describe(s, got, sizeof got);
            csi_bad(cx,
                    s,
                    "is not a duration (got %s; write seconds, or a number with a unit s, m, "
                    "h or d such as \"90s\" or \"1.5h\")",
                    got);
            return false;
        }
    } else if (numeric(s, &v)) {
        if (!isfinite(v)) {
            csi_bad(cx, s, "must be a finite duration (got %g)", v);
            return false;
        }
    } else {
        csi_describe(s, got, sizeof got);
        csi_bad(cx, s, "must be a duration: seconds or a string such as \"90s\" (got %s)", got);
        return false;
    }
    if (!in_range(cx, s, v, 0, positive, CSI_MAX_DURATION_S, false, " s"))
        return false;
    *out = v;
    return true;
}

bool csi_string(csi_ctx *cx, const config_setting_t *s, const char **out)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        char got[GOT_MAX];
        csi_describe(s, got, sizeof got);
        csi_bad(cx, s, "must be a string (got %s)", got);
        return false;
    }
    *out = s->value.sval ? s->value.sval : "";
    return true;
}

bool csi_name(csi_ctx *cx, const config_setting_t *s, const char **out)
{
    const char *v;
    if (!csi_string(cx, s, &v))
        return false;
    size_t len = strlen(v);
    if (len == 0) {
        csi_bad(cx, s, "must not be empty");
        return false;
    }
    if (len > CSI_MAX_NAME) {
        csi_bad(cx, s, "must be at most %d bytes long (got %zu)", CSI_MAX_NAME, len);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c < 0x20 || c == 0x7f) {
            csi_bad(cx, s, "must not contain control characters");
            return false;
        }
    }
    *out = v;
    return true;
}

bool csi_date(csi_ctx *cx, const config_setting_t *s, int64_t *days)
{
    const char *v;
    if (!csi_string(cx, s, &v))
        return false;
    if (!cs_civil_parse_date(v, days)) {
        char got[GOT_MAX];
        csi_describe(s, got, sizeof got);
        csi_bad(cx, s, "is not a date (got %s; write \"YYYY-MM-DD\")", got);
        return false;
    }
    return true;
}

bool csi_datetime(csi_ctx *cx, const config_setting_t *s, int64_t *days, double *tod_s)
{
    const char *v;
    if (!csi_string(cx, s, &v))
        return false;
    if (!cs_civil_parse_datetime(v, true, days, tod_s)) {
        char got[GOT_MAX];
        csi_describe(s, got, sizeof got);
        csi_bad(cx,
                s,
                "is not a date and time (got %s; write \"YYYY-MM-DD\" or \"YYYY-MM-DD HH:MM\")",
                got);
        return false;
    }
    return true;
}

bool csi_clock(csi_ctx *cx, const config_setting_t *s, double *tod_s)
{
    const char *v;
    if (!csi_string(cx, s, &v))
        return false;
    double t;
    if (!cs_civil_parse_clock(v, &t) || t >= 86400) {
        char got[GOT_MAX];
        csi_describe(s, got, sizeof got);
        csi_bad(cx, s, "is not a clock time (got %s; write \"HH:MM\" from 00:00 to 23:59)", got);
        return false;
    }
    *tod_s = t;
    return true;
}

/* Checks that s is an array or list of at most max entries (at least one). */
static bool sequence(csi_ctx *cx, const config_setting_t *s, size_t max, const char *what)
{
    int type = config_setting_type(s);
    if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) {
        char got[GOT_MAX];
        csi_describe(s, got, sizeof got);
        csi_bad(cx, s, "must be an array [ ... ] of %s (got %s)", what, got);
        return false;
    }
    size_t n = (size_t)config_setting_length(s);
    if (n == 0) {
        csi_bad(cx, s, "must not be empty");
        return false;
    }
    if (n > max) {
        csi_bad(cx, s, "has %zu entries, at most %zu are allowed", n, max);
        return false;
    }
    return true;
}

bool csi_numbers(
    csi_ctx *cx, const config_setting_t *s, size_t max, bool durations, double **out, size_t *n)
{
    if (!sequence(cx, s, max, durations ? "durations" : "numbers"))
        return false;
    size_t len = (size_t)config_setting_length(s);
    double *v = malloc(len * sizeof *v);
    if (!v)
        return csi_nomem(cx);
    bool ok = true;
    for (size_t i = 0; i < len && ok; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        ok = e && (durations ? csi_duration(cx, e, false, &v[i]) : csi_number(cx, e, &v[i]));
    }
    if (!ok) {
        free(v);
        return false;
    }
    *out = v;
    *n = len;
    return true;
}

bool csi_names(csi_ctx *cx, const config_setting_t *s, size_t max, const char **out, size_t *n)
{
    if (!sequence(cx, s, max, "names"))
        return false;
    size_t len = (size_t)config_setting_length(s);
    for (size_t i = 0; i < len; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (!e || !csi_name(cx, e, &out[i]))
            return false;
    }
    *n = len;
    return true;
}

double csi_horizon_offset(const csi_ctx *cx, int64_t days, double tod_s)
{
    return (double)(days - cx->m->start_day) * 86400.0 + tod_s - cx->m->start_tod_s;
}

const char *csi_clock_text(double t, char *buf)
{
    long s = (long)floor(fmod(t, 86400.0));
    if (s < 0)
        s += 86400;
    snprintf(buf, 16, "%02ld:%02ld", (s / 3600) % 24, (s / 60) % 60);
    return buf;
}

/* ---- distributions -------------------------------------------------------------------- */

enum { P_MEAN = 1, P_SD = 2, P_SHAPE = 4, P_SCALE = 8, P_VALUE = 16, P_VALUES = 32 };

static const char *const dist_params[] = {"mean", "sd", "shape", "scale", "value", "values", NULL};

static const struct {
    const char *name;
    cs_dist_kind kind;
    unsigned params; /* all required */
    const char *takes;
} dist_table[] = {
    {"exponential", CS_DIST_EXPONENTIAL, P_MEAN, "mean"},
    {"lognormal", CS_DIST_LOGNORMAL, P_MEAN | P_SD, "mean and sd"},
    {"gamma", CS_DIST_GAMMA, P_MEAN | P_SD, "mean and sd"},
    {"weibull", CS_DIST_WEIBULL, P_SHAPE | P_SCALE, "shape and scale"},
    {"constant", CS_DIST_CONSTANT, P_VALUE, "value"},
    {"empirical", CS_DIST_EMPIRICAL, P_VALUES, "values"},
};
#define N_DISTS (sizeof dist_table / sizeof dist_table[0])

/* Weibull mean and sd from shape k and scale; false when not representable. */
static bool weibull_moments(double k, double scale, double *mean, double *sd)
{
    /* ln Gamma keeps 1/k large (k small) from overflowing where Gamma itself would. */
    double lg1 = gsl_sf_lngamma(1.0 + 1.0 / k);
    double lg2 = gsl_sf_lngamma(1.0 + 2.0 / k);
    double mu = scale * exp(lg1);
    /* sd = mean sqrt(Gamma(1+2/k) / Gamma(1+1/k)^2 - 1): no difference of two huge terms,
     * no square of the mean */
    double ratio = expm1(lg2 - 2.0 * lg1);
    double sigma = ratio > 0 ? mu * sqrt(ratio) : 0;
    if (!isfinite(mu) || !isfinite(sigma))
        return false;
    *mean = mu;
    *sd = sigma;
    return true;
}

/* Fills the derived parameters; false (reported at g) when they are not representable. */
static bool dist_derive(csi_ctx *cx, const config_setting_t *g, cs_dist *d)
{
    switch (d->kind) {
    case CS_DIST_EXPONENTIAL:
        d->sd = d->mean;
        break;
    case CS_DIST_LOGNORMAL: {
        double cv = d->sd / d->mean;
        double s2 = log1p(cv * cv);
        d->sigma = sqrt(s2);
        d->mu = log(d->mean) - s2 / 2;
        break;
    }
    case CS_DIST_GAMMA:
        d->shape = (d->mean / d->sd) * (d->mean / d->sd);
        d->scale = d->sd * (d->sd / d->mean);
        break;
    case CS_DIST_WEIBULL:
        if (!weibull_moments(d->shape, d->scale, &d->mean, &d->sd)) {
            csi_bad(cx,
                    g,
                    "has no finite mean and sd (weibull shape %g, scale %g s)",
                    d->shape,
                    d->scale);
            return false;
        }
        break;
    case CS_DIST_CONSTANT:
        d->sd = 0;
        break;
    case CS_DIST_EMPIRICAL: {
        double sum = 0;
        for (size_t i = 0; i < d->n_values; i++)
            sum += d->values[i];
        double mean = sum / (double)d->n_values;
        double ss = 0;
        for (size_t i = 0; i < d->n_values; i++)
            ss += (d->values[i] - mean) * (d->values[i] - mean);
        d->mean = mean;
        d->sd = sqrt(ss / (double)d->n_values); /* equally likely values: population sd */
        break;
    }
    case CS_DIST_NONE:
        break;
    }
    if (!isfinite(d->mean) || !isfinite(d->sd) || !isfinite(d->mu) || !isfinite(d->sigma) ||
        !isfinite(d->shape) || !isfinite(d->scale)) {
        csi_bad(cx, g, "has parameters too extreme to sample from");
        return false;
    }
    /* A derived mean (weibull) obeys the limit of every duration. */
    if (d->mean > CSI_MAX_DURATION_S) {
        csi_bad(cx,
                g,
                "has a mean of %g s, more than any duration may last (%g s)",
                d->mean,
                CSI_MAX_DURATION_S);
        return false;
    }
    return true;
}

bool csi_dist(csi_ctx *cx, const config_setting_t *g, cs_dist *out)
{
    memset(out, 0, sizeof *out);
    if (!csi_is_group(cx, g))
        return false;
    config_setting_t *ks = csi_member(cx, g, "dist", true);
    const char *name;
    if (!ks || !csi_string(cx, ks, &name))
        return false;
    size_t t = 0;
    while (t < N_DISTS && strcmp(dist_table[t].name, name) != 0)
        t++;
    if (t == N_DISTS) {
        const char *names[N_DISTS + 1];
        for (size_t i = 0; i < N_DISTS; i++)
            names[i] = dist_table[i].name;
        names[N_DISTS] = NULL;
        const char *hint = csi_suggest(name, names);
        char got[GOT_MAX];
        csi_describe(ks, got, sizeof got);
        if (hint)
            csi_bad(cx, ks, "names an unknown distribution %s (did you mean \"%s\"?)", got, hint);
        else
            csi_bad(cx,
                    ks,
                    "names an unknown distribution %s (known: exponential, lognormal, gamma, "
                    "weibull, constant, empirical)",
                    got);
        return false;
    }
    cs_dist d = {.kind = dist_table[t].kind};
    bool ok = true;
    /* Every parameter present must be one this distribution takes, and vice versa. */
    for (unsigned p = 0; dist_params[p]; p++) {
        unsigned bit = 1u << p;
        config_setting_t *ps = csi_member(cx, g, dist_params[p], false);
        if (ps && !(dist_table[t].params & bit)) {
            csi_bad(cx,
                    ps,
                    "is not a parameter of the %s distribution (it takes %s)",
                    name,
                    dist_table[t].takes);
            ok = false;
            continue;
        }
        if (!(dist_table[t].params & bit))
            continue;
        if (!ps) {
            char path[CSI_PATH_MAX];
            csi_path(g, path, sizeof path);
            csi_diag(cx, g, "%s.%s is required by the %s distribution", path, dist_params[p], name);
            ok = false;
            continue;
        }
        switch (bit) {
        case P_MEAN:
            ok = csi_duration(cx, ps, true, &d.mean) && ok;
            break;
        case P_SD:
            ok = csi_duration(cx, ps, true, &d.sd) && ok;
            break;
        case P_SCALE:
            ok = csi_duration(cx, ps, true, &d.scale) && ok;
            break;
        case P_SHAPE:
            ok = csi_real(cx, ps, 0.01, false, 1000, false, &d.shape) && ok;
            break;
        case P_VALUE:
            ok = csi_duration(cx, ps, false, &d.mean) && ok;
            break;
        case P_VALUES:
            if (csi_numbers(cx, ps, CSI_MAX_EMPIRICAL, true, &d.values, &d.n_values))
                break;
            ok = false;
            break;
        }
    }
    if (ok)
        ok = dist_derive(cx, g, &d);
    if (!ok) {
        free(d.values);
        return false;
    }
    *out = d;
    return true;
}
