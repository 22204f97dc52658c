/* model.c — lifetime and small queries of the plain cs_model structs.
 * Part of sim/model; the loader in sim/scenario fills these structs. */
#include "callsim/civil.h"
#include "callsim/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void dist_fini(cs_dist *d)
{
    free(d->values);
    d->values = NULL;
}

void cs_model_free(cs_model *m)
{
    if (!m)
        return;
    free(m->name);
    free(m->source);
    for (size_t i = 0; i < m->demand.n_profiles; i++) {
        free(m->demand.profiles[i].name);
        free(m->demand.profiles[i].weights);
    }
    free(m->demand.profiles);
    free(m->demand.day_calls);
    free(m->demand.day_profile);
    free(m->demand.day_share);
    for (size_t i = 0; i < m->n_categories; i++) {
        cs_category *c = &m->categories[i];
        free(c->name);
        dist_fini(&c->handle);
        dist_fini(&c->wrapup);
        dist_fini(&c->patience);
        dist_fini(&c->redial_delay);
        dist_fini(&c->reconnect_delay);
    }
    free(m->categories);
    for (size_t i = 0; i < m->n_skills; i++)
        free(m->skills[i]);
    free(m->skills);
    for (size_t i = 0; i < m->n_surges; i++)
        free(m->surges[i].name);
    free(m->surges);
    for (size_t i = 0; i < m->supply.n_shifts; i++) {
        free(m->supply.shifts[i].name);
        free(m->supply.shifts[i].day_count);
        free(m->supply.shifts[i].breaks);
    }
    free(m->supply.shifts);
    for (size_t i = 0; i < m->supply.n_recalls; i++)
        free(m->supply.recalls[i].name);
    free(m->supply.recalls);
    free(m->supply.schedule);
    for (size_t i = 0; i < m->plan.n_templates; i++) {
        free(m->plan.templates[i].name);
        free(m->plan.templates[i].starts_tod_s);
        free(m->plan.templates[i].breaks);
        free(m->plan.templates[i].day_allowed);
    }
    free(m->plan.templates);
    free(m->routing.policy);
    free(m->routing.plugin);
    free(m->routing.external);
    free(m->routing.fallback);
    free(m->routing.config);
    free(m);
}

int cs_model_find_category(const cs_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_categories; i++)
        if (strcmp(m->categories[i].name, name) == 0)
            return (int)i;
    return -1;
}

int cs_model_find_skill(const cs_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_skills; i++)
        if (strcmp(m->skills[i], name) == 0)
            return (int)i;
    return -1;
}

size_t cs_model_interval_count(const cs_model *m)
{
    return (size_t)ceil(m->horizon_s / m->interval_s - 1e-9);
}

int cs_model_day_of(const cs_model *m, double t_s)
{
    return (int)floor((t_s + m->start_tod_s) / 86400.0);
}

char *cs_model_format_time(const cs_model *m, double t_s, char *buf)
{
    double abs_s = floor(t_s + m->start_tod_s + 1e-6);
    int64_t day = (int64_t)floor(abs_s / 86400.0);
    long tod = (long)(abs_s - (double)day * 86400.0);
    int y, mo, d;
    cs_civil_from_days(m->start_day + day, &y, &mo, &d);
    char tmp[64]; /* roomy: the compiler cannot bound the fields */
    snprintf(tmp,
             sizeof tmp,
             "%04d-%02d-%02d %02ld:%02ld",
             y % 10000,
             mo,
             d,
             (tod / 3600) % 24,
             (tod / 60) % 60);
    memcpy(buf, tmp, 16);
    buf[16] = '\0';
    return buf;
}

char *cs_model_format_day(const cs_model *m, int d, char *buf)
{
    int y, mo, dd;
    cs_civil_from_days(m->start_day + d, &y, &mo, &dd);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, mo, dd);
    memcpy(buf, tmp, 10);
    buf[10] = '\0';
    return buf;
}
