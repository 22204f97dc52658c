#!/bin/sh
# cli_test.sh CALLSIM SOURCE_DIR CASE — end-to-end checks of the `callsim` command.
# Each case prints what it compared; a failing case exits 1 with the reason.
set -u
cs=$1
src=$2
case_name=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# status CMD...: runs CMD, stores its exit status in $st
status() { "$@" >"$tmp/out" 2>"$tmp/err"; st=$?; }
small="--set horizon.days=3 --set horizon.start=\"2022-02-07\" --reps 4"
hz="$src/scenarios/hangzhou-12345-2022.cfg"

case "$case_name" in
threads_identical)
    # Same seed: identical JSON whatever the thread count.
    "$cs" run "$hz" $small --threads 1 --json >"$tmp/t1.json" || fail "run --threads 1"
    "$cs" run "$hz" $small --threads 2 --json >"$tmp/t2.json" || fail "run --threads 2"
    "$cs" run "$hz" $small --threads 3 --json >"$tmp/t3.json" || fail "run --threads 3"
    cmp "$tmp/t1.json" "$tmp/t2.json" || fail "--threads 1 and 2 differ"
    cmp "$tmp/t1.json" "$tmp/t3.json" || fail "--threads 1 and 3 differ"
    echo "identical JSON for --threads 1, 2, 3 ($(wc -c <"$tmp/t1.json") bytes)"
    ;;
seed_changes_output)
    "$cs" run "$hz" $small --seed 1 --json >"$tmp/s1.json" || fail "run --seed 1"
    "$cs" run "$hz" $small --seed 2 --json >"$tmp/s2.json" || fail "run --seed 2"
    cmp -s "$tmp/s1.json" "$tmp/s2.json" && fail "--seed 1 and --seed 2 gave the same output"
    python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["seed"] == 2' "$tmp/s2.json" \
        || fail "seed not reported"
    echo "different seeds give different numbers"
    ;;
out_dir_whole)
    "$cs" run "$hz" $small --quiet --out "$tmp/res" || fail "run --out"
    for f in summary.json intervals.csv agents.csv; do
        [ -s "$tmp/res/$f" ] || fail "$f missing or empty"
    done
    head -1 "$tmp/res/intervals.csv" | grep -q '^start,category,offered,answered,abandoned,service_level,asa_s,mean_wait_s,max_queue,agents_logged_in,occupancy' \
        || fail "intervals.csv header"
    head -1 "$tmp/res/agents.csv" | grep -q '^agent,calls,talk_s,after_call_s,logged_in_s,occupancy' \
        || fail "agents.csv header"
    # 3 days x 48 intervals x 5 categories + header
    [ "$(wc -l <"$tmp/res/intervals.csv")" -eq 721 ] || fail "intervals.csv rows: $(wc -l <"$tmp/res/intervals.csv")"
    # an unwritable destination fails and leaves nothing behind
    : >"$tmp/file"
    status "$cs" run "$hz" $small --quiet --out "$tmp/file/sub"
    [ "$st" -eq 1 ] || fail "--out under a regular file: status $st, expected 1"
    [ -z "$(ls "$tmp" | grep -v '^res$' | grep -v '^file$' | grep -v '^out$' | grep -v '^err$')" ] || fail "left files: $(ls "$tmp")"
    echo "summary.json, intervals.csv (720 rows), agents.csv written; unwritable --out fails cleanly"
    ;;
snapshot)
    "$cs" run "$hz" $small --json --snapshot "2022-02-08 11:00" >"$tmp/s.json" || fail "run --snapshot"
    python3 - "$tmp/s.json" <<'PY' || fail "no valid snapshot in JSON"
import json, sys
s = json.load(open(sys.argv[1]))["snapshot"]
assert s["at"] == "2022-02-08 11:00", s
assert abs(s["logged_in"] - (s["talking"] + s["after_call"] + s["idle"])) < 1e-9, s
for k in ("on_break", "waiting"):
    assert s[k] >= 0, s
PY
    status "$cs" run "$hz" $small --snapshot "2021-02-08 11:00"
    [ "$st" -eq 2 ] || fail "snapshot outside the horizon: status $st, expected 2"
    status "$cs" run "$hz" $small --snapshot "tomorrow"
    [ "$st" -eq 2 ] || fail "malformed snapshot: status $st, expected 2"
    echo "snapshot reported; bad snapshot times rejected with status 2"
    ;;
usage_errors)
    status "$cs"; [ "$st" -eq 2 ] || fail "no command: $st"
    status "$cs" frobnicate; [ "$st" -eq 2 ] || fail "unknown command: $st"
    status "$cs" run; [ "$st" -eq 2 ] || fail "run without scenario: $st"
    status "$cs" run "$hz" --reps 0; [ "$st" -eq 2 ] || fail "--reps 0: $st"
    status "$cs" run "$hz" --threads x; [ "$st" -eq 2 ] || fail "--threads x: $st"
    status "$cs" run "$hz" --bogus; [ "$st" -eq 2 ] || fail "--bogus: $st"
    status "$cs" run "$tmp/missing.cfg"; [ "$st" -eq 2 ] || fail "missing file: $st"
    grep -q "missing.cfg" "$tmp/err" || fail "missing file not named"
    status "$cs" run "$hz" --set no.such.key=1; [ "$st" -eq 2 ] || fail "--set unknown path: $st"
    status "$cs" bench nonsense; [ "$st" -eq 2 ] || fail "bench nonsense: $st"
    status "$cs" --help; [ "$st" -eq 0 ] || fail "--help: $st"
    status "$cs" run --help; [ "$st" -eq 0 ] || fail "run --help: $st"
    status "$cs" --version; [ "$st" -eq 0 ] || fail "--version: $st"
    grep -q '^callsim [0-9]' "$tmp/out" || fail "--version output"
    echo "usage errors exit 2, help and version exit 0"
    ;;
shipped_scenarios_check)
    for f in "$src"/scenarios/*.cfg; do
        "$cs" check "$f" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; fail "check $f"; }
    done
    echo "every shipped scenario validates"
    ;;
bench_small)
    "$cs" bench mmc --calls 20000 --warmup 2000 --json >"$tmp/b.json" || fail "bench mmc"
    for k in calls events wall_s calls_per_s events_per_s p_wait mean_wait_s abandon_rate; do
        grep -q "\"$k\"" "$tmp/b.json" || fail "bench JSON lacks $k"
    done
    "$cs" bench mmc-abandon --calls 20000 --warmup 2000 --json >"$tmp/b2.json" || fail "bench mmc-abandon"
    grep -q '"abandon_rate": 0.0' "$tmp/b2.json" || fail "mmc-abandon has no abandonment?"
    echo "bench workloads run and report every field"
    ;;
bench_routers)
    # Routers side by side on the same callers; everything but wall-clock figures repeats.
    routers="--router fcfs --router priority --router overflow --router reserve --router round-robin --router least-occupied"
    "$cs" bench $routers "$hz" $small --json >"$tmp/r1.json" || fail "bench --router (1)"
    "$cs" bench $routers "$hz" $small --json --threads 2 >"$tmp/r2.json" || fail "bench --router (2)"
    python3 - "$tmp/r1.json" "$tmp/r2.json" <<'PY' || fail "bench --router JSON"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
names = [r["name"] for r in a["routers"]]
assert names == ["fcfs", "priority", "overflow", "reserve", "round-robin", "least-occupied"], names
clock = ("decisions_per_s", "latency_us", "wall_s")
fresh = set()
for r, q in zip(a["routers"], b["routers"]):
    for k in ("name", "decisions", "decisions_per_s", "latency_us", "invalid", "router_errors",
              "fallbacks", "totals", "categories", "priorities", "fairness", "starvation"):
        assert k in r, (r["name"], k)
    for k in ("p50", "p95", "p99", "max"):
        assert r["latency_us"][k] >= 0, (r["name"], k)
    assert r["latency_us"]["p50"] <= r["latency_us"]["p99"] <= r["latency_us"]["max"], r["name"]
    assert r["decisions"] > 0 and r["decisions_per_s"] > 0
    assert r["invalid"] == {"call": 0, "agent": 0, "skill": 0}, r["invalid"]
    assert len(r["categories"]) == 5 and len(r["priorities"]) == 5
    for k in ("min", "max", "cv"):
        assert "mean" in r["fairness"]["occupancy"][k] and "mean" in r["fairness"]["calls"][k]
    assert r["starvation"]["priority"] == 5
    for k in r:
        if k not in clock:
            assert r[k] == q[k], (r["name"], k)
    t = r["totals"]
    fresh.add(t["offered"]["mean"] - t["redials"]["mean"] - t["reconnects"]["mean"])
    assert abs(sum(c["offered"]["mean"] for c in r["categories"]) - t["offered"]["mean"]) < 1e-6
assert len(fresh) == 1, fresh  # common random numbers: the same fresh callers
PY
    "$cs" bench --router fcfs --router reserve "$hz" $small >"$tmp/table" || fail "bench --router table"
    grep -q "decide p99 (us)" "$tmp/table" || fail "table lacks latency"
    grep -q "starvation: longest wait p5" "$tmp/table" || fail "table lacks starvation"
    grep -q "^PRIORITY 1: quarantine_medical" "$tmp/table" || fail "table lacks per-priority KPIs"
    echo "six routers, same fresh callers, identical results for two runs, every field present"
    ;;
bench_router_errors)
    status "$cs" bench --router nosuch "$hz"
    [ "$st" -eq 2 ] || fail "unknown router: status $st"
    grep -q "not a built-in policy" "$tmp/err" || fail "unknown router message"
    status "$cs" bench --router "$hz"
    [ "$st" -eq 2 ] || fail "--router without scenario: status $st"
    status "$cs" bench --router fcfs "$hz" --out "$tmp/x"
    [ "$st" -eq 2 ] || fail "--out: status $st"
    status "$cs" bench --router fcfs "$hz" --set no.such=1
    [ "$st" -eq 2 ] || fail "bad --set: status $st"
    for r in plugin:"$tmp/none.so" external:unix:/tmp/none.sock; do
        status "$cs" bench --router fcfs --router "$r" "$hz" $small
        [ "$st" -eq 1 ] || fail "$r: status $st, expected 1"
        grep -q "router '$r'.*\(cannot be loaded\|cannot connect\)" "$tmp/err" ||
            fail "$r: message: $(cat "$tmp/err")"
    done
    status "$cs" bench --router fcfs --help; [ "$st" -eq 0 ] || fail "--help: $st"
    grep -q "plugin:PATH" "$tmp/out" || fail "help text"
    echo "router mistakes exit 2, a missing plugin or router exits 1 with a message"
    ;;
*)
    fail "no such case: $case_name"
    ;;
esac
