#!/usr/bin/env python3
"""extern_test.py CALLSIM ROUTER_SERVER PLUGIN_DIR SOURCE_DIR CASE — routing plugins and
external routers, end to end: identical results through every path, and runs that survive
every router fault with all calls accounted for and the faults counted."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

cs, server, plugin_dir, src, case = sys.argv[1:6]
here = os.path.join(src, "tests", "extern")
small = os.path.join(here, "small.cfg")
hz = os.path.join(src, "scenarios", "hangzhou-12345-2022.cfg")
hz_small = ["--set", "horizon.days=3", "--set", 'horizon.start="2022-02-07"', "--reps", "2"]
tmp = tempfile.mkdtemp(prefix="cs-extern-")
sock = os.path.join(tmp, "router.sock")
procs = []


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def run(args, want_rc=0):
    p = subprocess.run([cs] + args, capture_output=True, text=True, timeout=120)
    if p.returncode != want_rc:
        fail("callsim %s: status %d, wanted %d\n%s" % (" ".join(args), p.returncode, want_rc,
                                                        p.stderr))
    return p


def start(cmd):
    """Starts a router and waits for its socket."""
    procs.append(subprocess.Popen(cmd))
    for _ in range(200):
        if os.path.exists(sock):
            return
        time.sleep(0.02)
    fail("router did not start: " + " ".join(cmd))


def py_router(*extra):
    start([sys.executable, os.path.join(here, "py_router.py"), sock] + list(extra))


def external(timeout="0.05"):
    return ["--set", 'routing={external="unix:%s"; timeout=%s;}' % (sock, timeout)]


def plugin(name):
    return ["--set", 'routing={plugin="%s";}' % os.path.join(plugin_dir, name)]


def run_json(args):
    return json.loads(run(["run", small, "--json"] + args).stdout)


def accounted(d):
    """Every attempt is answered, abandoned or still in the system, and every assignment
    carried out is an answered call (one replication, no warm-up)."""
    t = d["totals"]
    offered, answered, abandoned = (t[k]["mean"] for k in ("offered", "answered", "abandoned"))
    left = d["unfinished"]["mean"]
    if offered != answered + abandoned + left:
        fail("offered %g != answered %g + abandoned %g + unfinished %g"
             % (offered, answered, abandoned, left))
    if d["router"]["decisions"] != answered:
        fail("decisions %d != answered %g" % (d["router"]["decisions"], answered))
    return "offered %g = answered %g + abandoned %g + in system %g" % (
        offered, answered, abandoned, left)


def want(r, **at_least):
    for k, v in at_least.items():
        if r[k] < v:
            fail("router.%s = %d, wanted >= %d (%s)" % (k, r[k], v, r))


def state_intact(r):
    """After the fault and the fallback (or a replay) the router's state is right again: no
    assigned pair refused."""
    refused = r["invalid_call"] + r["invalid_agent"] + r["invalid_skill"]
    if refused:
        fail("%d pairs refused after the fault: the router's state went wrong (%s)"
             % (refused, r))


def same_json(extra, what, args=hz_small):
    """The Hangzhou run gives identical JSON with and without the extra arguments."""
    a = run(["run", hz, "--json"] + args).stdout
    b = run(["run", hz, "--json"] + args + extra).stdout
    if a != b:
        fail("built-in fcfs and %s differ" % what)
    return len(a)


def keeps_up(d):
    """The fallback keeps the hotline running: nearly as many answered as with fcfs alone."""
    base = run_json([])
    a, b = d["totals"]["answered"]["mean"], base["totals"]["answered"]["mean"]
    if a < 0.9 * b:
        fail("answered %g, fcfs alone %g" % (a, b))


def fault_case(kind, **counts):
    py_router("--fault", kind, "--at", "20")
    # A short timeout only where one is the point: a loaded machine must not add faults.
    d = run_json(external("0.05" if kind == "hang" else "3"))
    msg = accounted(d)
    r = d["router"]
    want(r, **counts)
    if kind != "nonsense":
        if r["fallbacks"] < 1:  # nonsense: the good pairs may leave nothing to decide
            fail("no fallback decided (%s)" % r)
        state_intact(r)
    keeps_up(d)
    print("%s: %s; %s" % (kind, msg, {k: v for k, v in r.items() if v}))


try:
    if case == "plugin_identical":
        n = same_json(plugin("libcallsim_fcfs.so"), "the fcfs plugin")
        print("built-in and plugin fcfs: identical JSON (%d bytes)" % n)
    elif case == "plugin_flaky":
        d = run_json(plugin("libcs_flaky.so"))
        msg = accounted(d)
        r = d["router"]
        want(r, router_errors=1, fallbacks=1, fallback_decisions=1)
        state_intact(r)
        keeps_up(d)
        print("flaky plugin: %s; %s" % (msg, {k: v for k, v in r.items() if v}))
    elif case == "external_identical":
        start([server, "unix:" + sock])
        two_days = hz_small[:]
        two_days[1] = "horizon.days=2"
        n = same_json(external("5"), "fcfs served by callsim-router", two_days)
        print("built-in and external fcfs: identical JSON (%d bytes)" % n)
    elif case == "python_router":
        py_router()
        d = run_json(external("1"))
        msg = accounted(d)
        table = run(["run", small] + external("1")).stdout
        if "steps answered" not in table:
            fail("the table does not show the external router's steps")
        r = d["router"]
        bad = {k: v for k, v in r.items() if k != "decisions" and v}
        if bad:
            fail("a clean Python router had faults: %s" % bad)
        print("python router: %s, %d decisions, no faults" % (msg, r["decisions"]))
    elif case == "fault_crash":
        fault_case("crash", disconnects=1, connect_failures=1, gave_up=1)
    elif case == "fault_hang":
        fault_case("hang", timeouts=1, reconnects=1)
    elif case == "fault_close":
        fault_case("close", disconnects=1, reconnects=1)
    elif case == "fault_malformed":
        fault_case("malformed", malformed=1, reconnects=1)
    elif case == "fault_oversized":
        fault_case("oversized", oversized=1, reconnects=1)
    elif case == "fault_error":
        fault_case("error", error_replies=1, router_errors=1)
    elif case == "fault_nonsense":
        fault_case("nonsense", invalid_call=2, invalid_agent=1, invalid_skill=1)
    elif case == "bad_hello":
        py_router("--fault", "badhello")
        p = run(["run", small] + external(), want_rc=1)
        if "speaks protocol version 2" not in p.stderr:
            fail("unclear message: " + p.stderr)
        print("version mismatch: " + p.stderr.strip())
    elif case == "no_router":
        p = run(["run", small] + external(), want_rc=1)
        if "cannot connect: No such file or directory" not in p.stderr:
            fail("unclear message: " + p.stderr)
        print("no router: " + p.stderr.strip())
    elif case.startswith("plugin_bad_"):
        name, expect = {
            "plugin_bad_missing": ("libnothere.so", "cannot be loaded"),
            "plugin_bad_symbol": ("libcs_bad_nosym.so", "does not export cs_router_plugin()"),
            "plugin_bad_abi": ("libcs_bad_abi.so", "has router ABI 2.0; this build speaks 1.x"),
            "plugin_bad_size": ("libcs_bad_size.so", "too small for ABI 1.1"),
        }[case]
        p = run(["check", small] + plugin(name), want_rc=2)
        if "routing.plugin is unusable" not in p.stderr or expect not in p.stderr:
            fail("unclear message: " + p.stderr)
        print(p.stderr.strip())
    else:
        fail("unknown case " + case)
finally:
    for p in procs:
        p.kill()
        p.wait()
    shutil.rmtree(tmp, ignore_errors=True)
