#!/usr/bin/env bash
# Builds callsim with warnings as errors and runs every test (ctest).
# Extra arguments go to ctest, e.g. scripts/test.sh -L validation
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# -DCALLSIM_PGO=OFF: an ordinary build even where the quickstart left a profile-guided one
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCALLSIM_WERROR=ON -DCALLSIM_PGO=OFF >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
