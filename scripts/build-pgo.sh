#!/usr/bin/env bash
# scripts/build-pgo.sh [BUILD_DIR] [cmake options...] — builds callsim (Release) with
# profile-guided optimisation: an instrumented copy in BUILD_DIR/pgo/instrumented runs the
# training workloads below, then BUILD_DIR is built with the profiles they left in
# BUILD_DIR/pgo/profiles. Outputs are the same as an ordinary build's; only the speed
# differs (docs/performance.md). Needs gcc. Default BUILD_DIR: build. Run again, it trains
# again only if the instrumented programs changed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build}
shift || true
jobs=$(nproc)
gen="$out/pgo/instrumented"
profiles="$(mkdir -p "$out/pgo" && cd "$out/pgo" && pwd)/profiles"
stamp="$out/pgo/trained-on"

# Warnings are scripts/test.sh's business: an optimised build must not fail on a
# diagnostic about its profiles (a BUILD_DIR that test.sh configured keeps -Werror).
cmake -S . -B "$gen" -DCMAKE_BUILD_TYPE=Release -DCALLSIM_VIZ=OFF -DCALLSIM_PGO=GENERATE \
      -DCALLSIM_PGO_DIR="$profiles" -DCALLSIM_WERROR=OFF "$@" >/dev/null
cmake --build "$gen" -j"$jobs" --target callsim mmc_ref
cs="$gen/sim/cli/callsim"
trained_on=$(sha256sum "$cs" "$gen/bench/mmc_ref")

cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=Release -DCALLSIM_PGO=USE \
      -DCALLSIM_PGO_DIR="$profiles" -DCALLSIM_WERROR=OFF "$@" >/dev/null

if [ -d "$profiles" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$trained_on" ]; then
  echo "profiles are up to date with the instrumented build" >&2
else
  rm -rf "$profiles" "$stamp"
  # Training: what callsim is run for — whole scenarios (shifts, breaks, surges, redials,
  # several categories, all routing policies) and the stationary benchmark workloads,
  # each shorter than in earnest. The yardstick of bench/run.sh is trained on its own
  # workloads, so that benchmark ratios compare like with like.
  echo "training the profile (about half a minute)..." >&2
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
  # make does not know objects depend on the profiles: build them all again
  cmake --build "$out" --target clean
fi
cmake --build "$out" -j"$jobs"
echo "$trained_on" >"$stamp"
