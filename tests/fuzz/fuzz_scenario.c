/* fuzz_scenario.c — libFuzzer target for the scenario loader (sim/scenario): any bytes must
 * load into a model that keeps the model's invariants, or fail with well-formed
 * "file:line: message" diagnostics; never crash, leak or hit undefined behaviour. Leading
 * lines "#@set PATH=VALUE" (comments to libconfig) become --set overrides, so the override
 * code is fuzzed too. Valid models also go through the `callsim check` summary printer.
 * The same function replays the corpus in every ctest run (replay.c). */
#include "callsim/report.h"
#include "callsim/scenario.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT (1u << 16) /* scenarios are small; bigger inputs only slow the fuzzer */
#define MAX_SETS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the loader promises is broken: a bug, so stop loudly. */
#define REQUIRE(expr)                                                                              \
    do {                                                                                           \
        if (!(expr)) {                                                                             \
            fprintf(stderr, "fuzz_scenario: invariant failed: %s\n", #expr);                       \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static void check_dist(const cs_dist *d, bool required)
{
    REQUIRE(!required || d->kind != CS_DIST_NONE);
    if (d->kind == CS_DIST_NONE)
        return;
    REQUIRE(isfinite(d->mean) && d->mean >= 0);
    REQUIRE(isfinite(d->sd) && d->sd >= 0);
    REQUIRE(isfinite(d->mu) && isfinite(d->sigma) && isfinite(d->shape) && isfinite(d->scale));
    if (d->kind == CS_DIST_EMPIRICAL)
        REQUIRE(d->n_values >= 1 && d->values);
}

static void check_model(const cs_model *m)
{
    REQUIRE(m->name && m->name[0] && m->source);
    REQUIRE(m->replications >= 1);
    REQUIRE(m->interval_s > 0 && fmod(86400.0, m->interval_s) == 0);
    REQUIRE(m->horizon_s > 0 && m->warmup_s >= 0 && m->warmup_s < m->horizon_s);
    REQUIRE(fmod(m->start_tod_s, m->interval_s) == 0);
    REQUIRE(m->n_categories >= 1 && m->n_categories <= CS_MAX_CATEGORIES);
    REQUIRE(m->n_skills >= 1 && m->n_skills <= CS_MAX_SKILLS);
    double share = 0;
    for (size_t c = 0; c < m->n_categories; c++) {
        const cs_category *k = &m->categories[c];
        REQUIRE(k->name && k->skill >= 0 && (size_t)k->skill < m->n_skills);
        share += k->share;
        check_dist(&k->handle, true);
        check_dist(&k->wrapup, false);
        check_dist(&k->patience, false);
        check_dist(&k->redial_delay, k->redial_p > 0);
        check_dist(&k->reconnect_delay, k->reconnect_p > 0);
        REQUIRE(k->redial_max >= 1 && k->redial_decay > 0 && k->redial_decay <= 1);
    }
    REQUIRE(fabs(share - 1) < 1e-9);
    const cs_demand *d = &m->demand;
    REQUIRE(d->n_days >= 1 && d->day_calls && d->day_profile && d->day_share);
    REQUIRE(d->n_profiles >= 1);
    for (size_t day = 0; day < d->n_days; day++) {
        REQUIRE(isfinite(d->day_calls[day]) && d->day_calls[day] >= 0);
        REQUIRE(d->day_profile[day] >= 0 && (size_t)d->day_profile[day] < d->n_profiles);
        double row = 0;
        for (size_t c = 0; c < m->n_categories; c++)
            row += d->day_share[day * m->n_categories + c];
        REQUIRE(fabs(row - 1) < 1e-9);
    }
    for (size_t i = 0; i < m->n_surges; i++)
        REQUIRE(m->surges[i].name && m->surges[i].factor > 0 && isfinite(m->surges[i].start_s));
    const cs_supply *s = &m->supply;
    REQUIRE(s->seats >= 1);
    REQUIRE((s->agents > 0) != (s->n_shifts > 0));
    for (size_t i = 0; i < s->n_shifts; i++) {
        const cs_shift *sh = &s->shifts[i];
        REQUIRE(sh->name && sh->day_count && sh->skills);
        REQUIRE(sh->length_s > 0 && sh->length_s <= 86400);
        for (size_t day = 0; day <= d->n_days; day++)
            REQUIRE(sh->day_count[day] >= 0 && sh->day_count[day] <= sh->max_count);
        double prev_end = 0;
        for (size_t b = 0; b < sh->n_breaks; b++) {
            const cs_break *br = &sh->breaks[b];
            double off = br->start_tod_s - sh->start_tod_s;
            if (off < 0)
                off += 86400;
            double end = off + (br->waves - 1) * br->stagger_s + br->length_s;
            REQUIRE(off >= prev_end - 1e-6 && end <= sh->length_s + 1e-6);
            prev_end = end;
        }
    }
    for (size_t i = 0; i < s->n_recalls; i++)
        REQUIRE(s->recalls[i].name && s->recalls[i].agents >= 1 && s->recalls[i].skills);
    const cs_routing *r = &m->routing;
    REQUIRE((r->policy != NULL) + (r->plugin != NULL) + (r->external != NULL) == 1);
}

/* Every diagnostic line is "fuzz.cfg:N: ..." with N >= 1, or "--set ...". */
static void check_diagnostics(const cs_err *err)
{
    REQUIRE(err->msg[0] != '\0');
    const char *line = err->msg;
    while (line && *line) {
        if (strncmp(line, "--set", 5) != 0) {
            REQUIRE(strncmp(line, "fuzz.cfg:", 9) == 0);
            REQUIRE(line[9] >= '1' && line[9] <= '9');
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    const char *sets[MAX_SETS];
    size_t n_sets = 0;
    char *body = text;
    while (n_sets < MAX_SETS && strncmp(body, "#@set ", 6) == 0) {
        char *nl = strchr(body, '\n');
        if (!nl)
            break;
        *nl = '\0';
        sets[n_sets++] = body + 6;
        body = nl + 1;
    }
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    int rc = cs_scenario_load_string(body, "fuzz.cfg", sets, n_sets, &m, &err);
    if (rc == CS_OK) {
        REQUIRE(m != NULL && err.msg[0] == '\0');
        check_model(m);
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            REQUIRE(cs_report_model(sink, m) == 0);
            fclose(sink);
        }
    } else {
        REQUIRE(m == NULL);
        REQUIRE(rc == CS_ESCENARIO || rc == CS_ENOMEM);
        if (rc == CS_ESCENARIO)
            check_diagnostics(&err);
    }
    cs_model_free(m);
    free(text);
    return 0;
}
