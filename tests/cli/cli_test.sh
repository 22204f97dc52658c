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
# A small scenario for `plan`: demand far beyond its 265 seats, one 1-hour block shift.
over_cfg() {
    cat >"$tmp/over.cfg" <<'CFG'
name = "over-seats"; interval = 1800; replications = 2; seed = 3;
horizon = { start = "2022-02-08 08:00"; duration = "1h"; };
targets = { answer_within = 20; service_level = 0.8; max_abandon = 0.05; };
demand = { rate = 8000;
  categories = ( { name = "g"; share = 1.0; skill = "s";
                   handle = { dist = "exponential"; mean = 240; };
                   patience = { dist = "exponential"; mean = 120; }; } ); };
supply = { seats = 265; agents = 1; };
plan = { templates = ( { name = "block"; starts = ["08:00"]; length = "1h"; } ); };
CFG
}
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
    [ "$st" -eq 2 ] || fail "--out under a regular file: status $st, expected 2"
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
    # a missing plugin is what it is in a scenario file (exit 2), a router not listening a
    # failure of the run (exit 1)
    r=plugin:"$tmp/none.so"
    status "$cs" bench --router fcfs --router "$r" "$hz" $small
    [ "$st" -eq 2 ] || fail "$r: status $st, expected 2"
    grep -q "cannot be loaded" "$tmp/err" && grep -q "is --router '$r'" "$tmp/err" ||
        fail "$r: message: $(cat "$tmp/err")"
    r=external:unix:/tmp/none.sock
    status "$cs" bench --router fcfs --router "$r" "$hz" $small
    [ "$st" -eq 1 ] || fail "$r: status $st, expected 1"
    grep -q "router '$r'.*cannot connect" "$tmp/err" || fail "$r: message: $(cat "$tmp/err")"
    status "$cs" bench --router fcfs --help; [ "$st" -eq 0 ] || fail "--help: $st"
    grep -q "plugin:PATH" "$tmp/out" || fail "help text"
    echo "router mistakes exit 2, a missing plugin or router exits 1 with a message"
    ;;
plan_over_seats)
    # Demand far beyond the 265 seats (8,000 calls/h of 4 min: 530 Erlangs): the plan
    # stops at the cap, says so, reports the shortfall and the service there, exit 0.
    over_cfg
    status "$cs" plan "$tmp/over.cfg" --threads 2 --out "$tmp/over"
    [ "$st" -eq 0 ] || { cat "$tmp/err" >&2; fail "plan beyond the seats: status $st, expected 0"; }
    grep -q "DEMAND EXCEEDS THE 265 SEATS in 2 intervals" "$tmp/out" || { cat "$tmp/out"; fail "no plain shortfall line"; }
    grep -q "^intervals beyond the seats" "$tmp/out" || fail "no list of intervals beyond the seats"
    python3 - "$tmp/over/summary.json" <<'PY' || fail "shortfall report"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["seats"] == 265 and d["intervals_below_target"] == 2, d
for i in d["intervals"]:
    assert i["scheduled"] == 265, i                      # planned to the cap
    assert i["required"] > 450, i                        # far beyond it
    assert i["shortfall"] == i["required"] - 265, i
    assert not i["meets_targets"] and i["abandon_rate"] > 0.2, i
print("shortfall %d..%d agents, abandonment at the cap %.0f%%..%.0f%%" % (
    min(i["shortfall"] for i in d["intervals"]), max(i["shortfall"] for i in d["intervals"]),
    100 * min(i["abandon_rate"] for i in d["intervals"]),
    100 * max(i["abandon_rate"] for i in d["intervals"])))
PY
    echo "demand beyond the seats: plan at the cap, shortfall and KPIs reported, exit 0"
    ;;
plan_json)
    # The `plan --json` fields of DESIGN.md section 5, on a day with templates; the same
    # plan for any thread count (the solver's time aside); --out writes every file.
    p2="--set horizon.days=1 --set horizon.start=\"2022-02-08\" --reps 2"
    "$cs" plan "$hz" $p2 --threads 1 --json >"$tmp/p1.json" || fail "plan --json"
    "$cs" plan "$hz" $p2 --threads 2 --json --out "$tmp/res" >"$tmp/p2.json" || fail "plan --out"
    python3 - "$tmp/p1.json" "$tmp/p2.json" <<'PY' || fail "plan JSON"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for k, t in (("callsim", str), ("scenario", str), ("seed", int), ("seats", int),
             ("paid_hours", (int, float)), ("solver", dict), ("shifts", list),
             ("intervals", list), ("intervals_below_target", int)):
    assert isinstance(a[k], t), (k, a[k])
assert a["solver"]["status"] in ("optimal", "feasible"), a["solver"]
assert set(a["solver"]) == {"status", "gap", "time_s"}
assert len(a["intervals"]) == 48 and a["shifts"]
for s in a["shifts"]:
    assert set(("name", "start", "day", "agents")) <= set(s) and s["agents"] >= 1, s
    assert len(s["start"]) == 5 and len(s["day"]) == 10, s
keys = ("start", "offered", "required_analytic", "required", "scheduled", "seats",
        "shortfall", "service_level", "abandon_rate", "asa_s", "meets_targets")
for i in a["intervals"]:
    assert all(k in i for k in keys), i
    assert i["scheduled"] <= i["seats"] and i["scheduled"] >= min(i["required"], i["seats"]), i
assert abs(a["paid_hours"] - sum(s["paid_hours"] for s in a["shifts"])) < 1e-6
a["solver"].pop("time_s"); b["solver"].pop("time_s")
assert a == b, "--threads 1 and 2 differ"
PY
    for f in summary.json requirement.csv roster.csv intervals.csv plan.png; do
        [ -s "$tmp/res/$f" ] || fail "$f missing or empty"
    done
    head -1 "$tmp/res/requirement.csv" | grep -q '^interval,offered,required_analytic,required,seats,shortfall' \
        || fail "requirement.csv header"
    head -1 "$tmp/res/roster.csv" | grep -q '^shift,day,start,agents,paid_hours' || fail "roster.csv header"
    head -1 "$tmp/res/intervals.csv" | grep -q '^start,category,offered,answered,abandoned' || fail "intervals.csv header"
    [ "$(wc -l <"$tmp/res/requirement.csv")" -eq 49 ] || fail "requirement.csv rows"
    [ "$(head -c 8 "$tmp/res/plan.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "plan.png is not a PNG"
    echo "plan --json has the DESIGN fields, equal for --threads 1 and 2; --out writes 5 files"
    ;;
plan_usage)
    # Without templates: the requirement is the plan. Usage errors exit 2; a run stopped
    # half way (SIGINT) writes nothing.
    over_cfg
    status "$cs" plan "$tmp/over.cfg" --set 'demand.rate=200' --set 'plan.templates=()' --threads 2
    [ "$st" -eq 0 ] || { cat "$tmp/err" >&2; fail "plan without templates: $st"; }
    grep -q "^roster        none" "$tmp/out" || fail "no 'roster none' line"
    grep -q "^shortfall     none" "$tmp/out" || fail "no 'shortfall none' line"
    status "$cs" plan "$hz" --reps 1; [ "$st" -eq 2 ] || fail "--reps 1: $st"
    status "$cs" plan "$hz" --snapshot "2022-02-08 11:00"; [ "$st" -eq 2 ] || fail "--snapshot: $st"
    status "$cs" plan; [ "$st" -eq 2 ] || fail "plan without scenario: $st"
    status "$cs" plan --help; [ "$st" -eq 0 ] || fail "plan --help: $st"
    "$cs" plan "$hz" --reps 2 --threads 1 --quiet --out "$tmp/int" &
    pid=$!
    sleep 1
    kill -INT $pid
    wait $pid; st=$?
    [ "$st" -eq 130 ] || fail "SIGINT: status $st, expected 130"
    [ ! -e "$tmp/int" ] || fail "an interrupted plan left $tmp/int"
    [ -z "$(ls "$tmp" | grep '^int')" ] || fail "an interrupted plan left $(ls "$tmp")"
    echo "requirement-only plan; usage errors exit 2; SIGINT stops with 130, nothing written"
    ;;
out_checked_first)
    # A bad --out is refused before any simulating (exit 2, message first, no output), for
    # run and plan; a run that fails part-way into an existing DIR leaves the old files.
    : >"$tmp/afile"
    for cmd in run plan; do
        for bad in "$tmp/afile" "$tmp/nonexistent/x" "$tmp/afile/sub"; do
            status "$cs" $cmd "$hz" --reps 2 --out "$bad"
            [ "$st" -eq 2 ] || fail "$cmd --out $bad: status $st, expected 2"
            [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$cmd --out $bad: stderr $(cat "$tmp/err")"
            grep -q "^callsim: --out: cannot .*$bad" "$tmp/err" || fail "$cmd --out $bad: $(cat "$tmp/err")"
            [ ! -s "$tmp/out" ] || fail "$cmd --out $bad printed results"
        done
    done
    grep -q "Not a directory" "$tmp/err" || fail "no reason in: $(cat "$tmp/err")"
    [ -z "$(ls -a "$tmp" | grep -v -e '^\.\.*$' -e '^afile$' -e '^out$' -e '^err$')" ] \
        || fail "left files: $(ls -a "$tmp")"
    mkdir -p "$tmp/ex/intervals.csv"
    : >"$tmp/ex/intervals.csv/x"
    echo old >"$tmp/ex/summary.json"
    echo old >"$tmp/ex/agents.csv"
    status "$cs" run "$hz" $small --quiet --out "$tmp/ex"
    [ "$st" -eq 1 ] || fail "--out with a squatted name: status $st, expected 1"
    grep -q "intervals.csv: Is a directory" "$tmp/err" || fail "squat: $(cat "$tmp/err")"
    [ "$(cat "$tmp/ex/summary.json")" = old ] || fail "summary.json replaced by a failed run"
    [ "$(cat "$tmp/ex/agents.csv")" = old ] || fail "agents.csv replaced by a failed run"
    [ "$(ls -a "$tmp/ex" | wc -l)" -eq 5 ] || fail "left in ex: $(ls -a "$tmp/ex")"
    rm -r "$tmp/ex/intervals.csv"
    "$cs" run "$hz" $small --quiet --out "$tmp/ex" || fail "run --out ex"
    grep -q '"seed"' "$tmp/ex/summary.json" || fail "summary.json not replaced"
    [ "$(ls -a "$tmp/ex" | wc -l)" -eq 5 ] || fail "left in ex: $(ls -a "$tmp/ex")"
    echo "bad --out refused up front with status 2 (run, plan); a failed swap keeps the old files"
    ;;
bench_router_replaces)
    # Each --router replaces the scenario's routing choice, whichever it is; the rest of the
    # routing group (here the timeout) stays. Needs CALLSIM_PLUGIN (the example fcfs plugin).
    cp "$src/tests/extern/small.cfg" "$tmp/plok.cfg"
    echo "routing = { plugin = \"$CALLSIM_PLUGIN\"; timeout = \"2s\"; };" >>"$tmp/plok.cfg"
    status "$cs" bench --router fcfs --router "plugin:$CALLSIM_PLUGIN" "$tmp/plok.cfg" --reps 2 --json --quiet
    [ "$st" -eq 0 ] || fail "--router fcfs on a plugin scenario: status $st: $(cat "$tmp/err")"
    python3 - "$tmp/out" <<'PY' || fail "fcfs and the fcfs plugin differ"
import json, sys
a, b = json.load(open(sys.argv[1]))["routers"]
assert a["totals"] == b["totals"] and a["categories"] == b["categories"], "results differ"
PY
    status "$cs" bench --router external:unix:"$tmp/nothing.sock" "$tmp/plok.cfg" --reps 2 --json --quiet
    [ "$st" -eq 1 ] || fail "external router not listening: status $st, expected 1"
    grep -q "cannot connect" "$tmp/err" || fail "not listening: $(cat "$tmp/err")"
    status "$cs" bench --router "plugin:$CALLSIM_PLUGIN" "$src/tests/extern/small.cfg" \
        --set 'routing={policy="priority";}' --reps 1 --json --quiet
    [ "$st" -eq 0 ] || fail "--router plugin over --set routing.policy: $st: $(cat "$tmp/err")"
    echo "--router fcfs and plugin: on a plugin scenario agree; a dead external router exits 1"
    ;;
bench_router_usage)
    # Router addresses are checked as routing.external is in a file; usage errors exit 2.
    for r in external:tcp:localhost:70000 external:unix: external:bogus external: plugin:; do
        status "$cs" bench --router "$r" "$hz" $small
        [ "$st" -eq 2 ] || fail "--router $r: status $st, expected 2"
    done
    grep -q "needs an address" "$tmp/err" || true
    status "$cs" bench --router external:tcp:localhost:70000 "$hz" $small
    grep -q 'routing.external must be "unix:/path" or "tcp:HOST:PORT" (got "tcp:localhost:70000")' \
        "$tmp/err" || fail "port message: $(cat "$tmp/err")"
    status "$cs" bench mmc --router fcfs
    [ "$st" -eq 2 ] || fail "bench mmc --router fcfs: status $st, expected 2"
    status "$cs" bench nope
    [ "$st" -eq 2 ] && grep -q "unknown workload 'nope'" "$tmp/err" || fail "bench nope: $st $(cat "$tmp/err")"
    status "$cs" run "$hz" --reps
    [ "$st" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "--reps without a value: $(cat "$tmp/err")"
    status "$cs" --help
    grep -q "bench --router" "$tmp/out" || fail "callsim --help lacks bench --router"
    echo "router addresses checked like a scenario's; usage errors exit 2 with one line"
    ;;
plan_needs_target)
    # No target: nothing to plan for. A target of 0 cannot be planned for.
    over_cfg
    status "$cs" plan "$tmp/over.cfg" --set 'targets={answer_within=20;}' --reps 2
    [ "$st" -eq 2 ] || fail "plan without a target: status $st, expected 2"
    grep -q "plan needs a target" "$tmp/err" || fail "message: $(cat "$tmp/err")"
    [ ! -s "$tmp/out" ] || fail "plan without a target printed a plan"
    sed 's/max_abandon = 0.05/max_abandon = 0/' "$tmp/over.cfg" >"$tmp/zero.cfg"
    status "$cs" plan "$tmp/zero.cfg" --reps 2
    [ "$st" -eq 2 ] || fail "max_abandon = 0: status $st, expected 2"
    grep -q "zero.cfg:3: targets.max_abandon must be in (0, 1] (got 0)" "$tmp/err" ||
        fail "message: $(cat "$tmp/err")"
    echo "plan needs a target; max_abandon 0 is rejected with its line"
    ;;
router_server)
    # callsim-router (CALLSIM_ROUTER) leaves what is not a socket alone, checks ports, removes
    # its socket on SIGTERM and warns when a tick policy gets no ticks.
    rt=$CALLSIM_ROUTER
    echo keep >"$tmp/regfile"
    status timeout 10 "$rt" unix:"$tmp/regfile" # an old build served there for ever
    [ "$st" -ne 0 ] || fail "served on a regular file"
    [ "$(cat "$tmp/regfile")" = keep ] || fail "the regular file was destroyed"
    grep -q "is not a socket" "$tmp/err" || fail "message: $(cat "$tmp/err")"
    status timeout 10 "$rt" tcp:127.0.0.1:99999
    [ "$st" -ne 0 ] && grep -q "PORT from 1 to 65535" "$tmp/err" || fail "port 99999 accepted"
    status "$rt" --help
    [ "$st" -eq 0 ] && grep -q "^usage: callsim-router" "$tmp/out" || fail "--help: $st"
    "$rt" unix:"$tmp/r.sock" 2>"$tmp/rerr" &
    pid=$!
    i=0; while [ ! -S "$tmp/r.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    [ -S "$tmp/r.sock" ] || fail "no socket"
    kill -TERM $pid; wait $pid
    [ ! -e "$tmp/r.sock" ] || fail "the socket is left after SIGTERM"
    for tick in 0 1; do
        "$rt" --once --policy overflow unix:"$tmp/o.sock" 2>"$tmp/o$tick.err" &
        pid=$!
        i=0; while [ ! -S "$tmp/o.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
        "$cs" run "$src/tests/extern/small.cfg" --json --quiet \
            --set "routing={external=\"unix:$tmp/o.sock\";tick=$tick;}" >"$tmp/o$tick.json" ||
            fail "run through callsim-router, tick $tick"
        wait $pid
    done
    grep -q "warning: overflow acts on ticks" "$tmp/o0.err" || fail "no warning at tick 0"
    [ ! -s "$tmp/o1.err" ] || fail "warning at tick 1: $(cat "$tmp/o1.err")"
    "$cs" run "$src/tests/extern/small.cfg" --json --quiet --set 'routing={policy="overflow";}' \
        >"$tmp/builtin.json" || fail "built-in overflow"
    python3 - "$tmp/o1.json" "$tmp/builtin.json" <<'PY' || fail "external overflow differs"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["totals"] == b["totals"] and a["categories"] == b["categories"]
PY
    echo "regular file kept, port checked, socket removed on SIGTERM, tick warning, overflow identical"
    ;;
*)
    fail "no such case: $case_name"
    ;;
esac
