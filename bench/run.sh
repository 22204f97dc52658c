#!/usr/bin/env bash
# bench/run.sh [BUILD_DIR] [RUNS] — engine speed on W2 (mmc) and W3 (mmc-abandon):
# callsim against the hand-tuned single-purpose simulator in bench/ref, run alternately
# RUNS times (default 7) so both see the same machine conditions; reports the median
# calls/s of each and the ratio of the medians. Not a test: timings vary. A build of
# scripts/build-pgo.sh (the README's first command builds one in build/) has both
# programs profile-guided, each trained on these workloads.
set -euo pipefail
build=${1:-build}
runs=${2:-7}
cs="$build/sim/cli/callsim"
ref="$build/bench/mmc_ref"
[ -x "$cs" ] && [ -x "$ref" ] || { echo "build first: cmake --build $build" >&2; exit 1; }
rate() { sed -n 's/.*"calls_per_s": *\([0-9.]*\).*/\1/p'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-12s %14s %14s %8s   (median of %d alternating runs)\n' workload callsim hand-tuned ratio "$runs"
for w in mmc mmc-abandon; do
  c_all=""; r_all=""
  for _ in $(seq "$runs"); do
    c_all+="$("$cs" bench "$w" --json | rate)"$'\n'
    r_all+="$("$ref" "$w" | rate)"$'\n'
  done
  c=$(printf '%s' "$c_all" | median)
  r=$(printf '%s' "$r_all" | median)
  printf '%-12s %14.0f %14.0f %8.2f\n' "$w" "$c" "$r" "$(awk -v a="$c" -v b="$r" 'BEGIN { print a / b }')"
done
