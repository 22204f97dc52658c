#!/usr/bin/env bash
# Installs what is missing, builds callsim (Release) and runs the shipped Hangzhou 12345
# scenario (24 Jan - 13 Feb 2022, 10 replications).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
exec build/sim/cli/callsim run scenarios/hangzhou-12345-2022.cfg "$@"
