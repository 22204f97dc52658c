/* tests/load.h — a scenario loaded for a test: the model, or the case fails with the
 * loader's diagnostics on stderr. For tests that link the scenario room; check.h's
 * assertions do the failing. */
#ifndef CALLSIM_TESTS_LOAD_H
#define CALLSIM_TESTS_LOAD_H

#include "check.h"

#include "callsim/scenario.h"

/* cs_scenario_load_string(text, name, sets, n_sets) must succeed; returns the model, owned. */
static inline cs_model *
check_load_text(const char *text, const char *name, const char *const *sets, size_t n_sets)
{
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    int rc = cs_scenario_load_string(text, name, sets, n_sets, &m, &err);
    if (rc != CS_OK)
        fprintf(stderr, "%s\n", err.msg);
    CHECK_INT_EQ(rc, CS_OK);
    CHECK(m != NULL);
    return m;
}

/* cs_scenario_load(path, sets, n_sets) must succeed; returns the model, owned. */
static inline cs_model *check_load_file(const char *path, const char *const *sets, size_t n_sets)
{
    cs_err err;
    cs_err_clear(&err);
    cs_model *m = NULL;
    int rc = cs_scenario_load(path, sets, n_sets, &m, &err);
    if (rc != CS_OK)
        fprintf(stderr, "%s\n", err.msg);
    CHECK_INT_EQ(rc, CS_OK);
    CHECK(m != NULL);
    return m;
}

#endif
