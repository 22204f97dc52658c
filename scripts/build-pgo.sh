#!/usr/bin/env bash
# scripts/build-pgo.sh [BUILD_DIR] [cmake options...] — builds callsim (Release) with
# profile-guided optimisation: an instrumented copy in BUILD_DIR/pgo/instrumented runs the
# training workloads below, then BUILD_DIR is built with the profiles they left in
# BUILD_DIR/pgo/profiles. Outputs are the same as an ordinary build's; only the speed
# differs (docs/performance.md). Needs gcc. Default BUILD_DIR: build.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build}
shift || true
jobs=$(nproc)
gen="$out/pgo/instrumented"
profiles="$(mkdir -p "$out/pgo" && cd "$out/pgo" && pwd)/profiles"

rm -rf "$profiles"
cmake -S . -B "$gen" -DCMAKE_BUILD_TYPE=Release -DCALLSIM_VIZ=OFF -DCALLSIM_PGO=GENERATE \
      -DCALLSIM_PGO_DIR="$profiles" "$@" >/dev/null
cmake --build "$gen" -j"$jobs" --target callsim mmc_ref

# Training: what callsim is run for — whole scenarios (shifts, breaks, surges, redials,
# several categories, all routing policies) and the stationary benchmark workloads, each
# shorter than in earnest. The yardstick of bench/run.sh is trained on its own workloads,
# so that benchmark ratios compare like with like.
cs="$gen/sim/cli/callsim"
echo "training the profile (about a minute)..." >&2
"$cs" run scenarios/hangzhou-12345-2022.cfg --quiet --reps 4 >/dev/null
"$cs" run scenarios/weekday-baseline.cfg --quiet >/dev/null
"$cs" run scenarios/mmc-textbook.cfg --quiet >/dev/null
"$cs" bench --router fcfs --router priority --router overflow --router reserve \
      --router round-robin --router least-occupied scenarios/weekday-baseline.cfg \
      --reps 2 >/dev/null
for w in mmc mmc-abandon; do
  "$cs" bench "$w" --calls 500000 --warmup 50000 >/dev/null
  "$gen/bench/mmc_ref" "$w" >/dev/null
done

cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=Release -DCALLSIM_PGO=USE \
      -DCALLSIM_PGO_DIR="$profiles" "$@" >/dev/null
cmake --build "$out" -j"$jobs"
