/* callsim/scenario.h — scenario files (libconfig syntax) to a validated cs_model.
 * The only door into the model from text; every mistake becomes a "file:line: message"
 * diagnostic in the caller's cs_err (up to CS_ERR_DIAG_MAX of them) and CS_ESCENARIO. */
#ifndef CALLSIM_SCENARIO_H
#define CALLSIM_SCENARIO_H

#include "callsim/err.h"
#include "callsim/model.h"

#include <stddef.h>

/* Loads and validates the scenario file at `path`, after applying the overrides `sets`
 * (n_sets strings "PATH=VALUE", libconfig paths such as "supply.agents" or
 * "demand.categories.[0].handle.mean"; VALUE is a libconfig scalar, array or string).
 * On success stores a new model in *out (returns owned; free with cs_model_free) and
 * returns CS_OK. On failure *out is NULL and it returns CS_ESCENARIO (bad file or bad
 * override: diagnostics "file:line: message" or "--set PATH: message"), CS_EIO (unreadable
 * file) or CS_ENOMEM. Borrows `path` and `sets`. */
int cs_scenario_load(
    const char *path, const char *const *sets, size_t n_sets, cs_model **out, cs_err *err);

/* As cs_scenario_load, from text in memory; `name` stands for the file name in
 * diagnostics. */
int cs_scenario_load_string(const char *text,
                            const char *name,
                            const char *const *sets,
                            size_t n_sets,
                            cs_model **out,
                            cs_err *err);

#endif
