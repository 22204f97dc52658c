#!/usr/bin/env python3
"""viz_script_test.py — callsim-viz in a real window under Xvfb, driven by timed key presses
(--script), checked from its state lines (--log): speed changes, pause stops the clock, an
injected surge makes the queue grow, added agents log in. Exit 77 (skipped) only when
xvfb-run is not installed."""
import os
import shutil
import subprocess
import sys
import tempfile

viz, scenario = sys.argv[1], sys.argv[2]
if shutil.which("xvfb-run") is None:
    print("xvfb-run not installed: skipped")
    sys.exit(77)

# seconds of wall time, key name (SDL_GetKeyFromName)
script = """
0.4 Right
1.0 Space
2.0 Space
2.4 U
3.4 A
"""
with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    f.write(script)
    path = f.name
try:
    env = dict(os.environ)
    env.pop("SDL_VIDEODRIVER", None)  # a real X window, not the dummy driver
    p = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x900x24", viz, scenario,
                        "--speed", "1800", "--size", "1280x720", "--script", path, "--log"],
                       capture_output=True, text=True, timeout=120, env=env)
finally:
    os.unlink(path)
print(p.stdout[-3000:])
print(p.stderr[-2000:], file=sys.stderr)
if p.returncode != 0:
    sys.exit(f"callsim-viz exited {p.returncode}")

rows = []
for line in p.stdout.splitlines():
    what, *fields = line.split()
    d = dict(f.split("=") for f in fields)
    rows.append((what, {k: float(v) for k, v in d.items()}))
acts = [(i, w, d) for i, (w, d) in enumerate(rows) if w not in ("state", "start", "end")]
names = [w for _, w, _ in acts]
if names != ["faster", "pause", "pause", "surge", "add"]:
    sys.exit(f"actions seen: {names}")
(i_fast, _, fast), (i_p, _, p1), (i_r, _, p2), (i_surge, _, surge), (i_add, _, add) = acts
failures = []

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

check(fast["speed"] == 2 * rows[0][1]["speed"], "faster doubles the speed")
paused = [d for w, d in rows[i_p:i_r + 1]]
check(p1["paused"] == 1 and p2["paused"] == 0, "space pauses, space resumes")
check(len(paused) >= 3 and len({d["sim"] for d in paused}) == 1,
      f"the clock stands while paused ({len(paused)} lines, sim {sorted({d['sim'] for d in paused})})")
after_resume = [d for w, d in rows[i_r + 1:i_surge]]
check(any(d["sim"] > p2["sim"] for d in after_resume), "the clock runs again after resume")
before = max(d["waiting"] for d in after_resume[-5:]) if after_resume else 0
grown = max(d["waiting"] for w, d in rows[i_surge + 1:i_add])
check(grown >= before + 10, f"the surge makes the queue grow ({before:.0f} -> {grown:.0f})")
check(add["agents"] == p2["agents"] + 10, "A adds 10 agents")
later = [d for w, d in rows[i_add + 1:]]
check(any(d["logged_in"] >= add["logged_in"] + 10 for d in later),
      f"added agents log in ({add['logged_in']:.0f} -> {max(d['logged_in'] for d in later):.0f})")
sys.exit(1 if failures else 0)
