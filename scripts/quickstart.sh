#!/usr/bin/env bash
# Installs what is missing, builds callsim (Release, profile-guided: scripts/build-pgo.sh)
# and runs the shipped Hangzhou 12345 scenario (24 Jan - 13 Feb 2022, 10 replications).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build-pgo.sh build
exec build/sim/cli/callsim run scenarios/hangzhou-12345-2022.cfg "$@"
