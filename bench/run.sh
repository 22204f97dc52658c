#!/usr/bin/env bash
# bench/run.sh [BUILD_DIR] — engine speed on W2 (mmc) and W3 (mmc-abandon): callsim
# against the hand-tuned single-purpose simulator in bench/ref, best of 3 runs each,
# reported as calls/s and as the ratio callsim / hand-tuned. Not a test: timings vary.
set -euo pipefail
build=${1:-build}
cs="$build/sim/cli/callsim"
ref="$build/bench/mmc_ref"
[ -x "$cs" ] && [ -x "$ref" ] || { echo "build first: cmake --build $build" >&2; exit 1; }
best() { # best calls_per_s of 3 runs of "$@"
  local b=0 v
  for _ in 1 2 3; do
    v=$("$@" | sed -n 's/.*"calls_per_s": \([0-9.]*\).*/\1/p')
    b=$(python3 -c "print(max($b, $v))")
  done
  echo "$b"
}
printf '%-12s %14s %14s %8s\n' workload callsim hand-tuned ratio
for w in mmc mmc-abandon; do
  c=$(best "$cs" bench "$w" --json)
  r=$(best "$ref" "$w")
  printf '%-12s %14.0f %14.0f %8.2f\n' "$w" "$c" "$r" "$(python3 -c "print($c / $r)")"
done
