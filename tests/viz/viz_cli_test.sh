#!/usr/bin/env bash
# viz_cli_test.sh — callsim-viz from the command line: a scenario mistake is `file:line:
# message` with exit status 2, usage mistakes exit 2, a missing font is a clear error, the
# headless PNG is written whole, and a failed write leaves nothing behind.
set -u
viz=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() { # STATUS PATTERN -- command...
  local want=$1 pat=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ] || { [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/err" "$tmp/out"; }; then
    echo "FAIL: $* -> exit $got (want $want), output:"; cat "$tmp/err" "$tmp/out"; fail=1
  else
    echo "ok: $* -> $got"
  fi
}
export SDL_VIDEODRIVER=dummy
bad=$src/tests/scenarios/bad/bad-seats.cfg
want=$(head -1 "$bad" | sed 's/^# expect: //')
(cd "$src/tests/scenarios/bad" && expect 2 "^$want" -- "$viz" bad-seats.cfg --headless --at "2022-02-09 11:00" --png "$tmp/x.png")
expect 2 "no such setting" -- "$viz" "$src/scenarios/hangzhou-12345-2022.cfg" --set supply.nosuch=1
expect 2 "needs --at" -- "$viz" "$src/scenarios/hangzhou-12345-2022.cfg" --headless --png "$tmp/x.png"
expect 2 "outside the scenario's horizon" -- "$viz" "$src/scenarios/hangzhou-12345-2022.cfg" --headless --at "2023-01-01 10:00" --png "$tmp/x.png"
expect 2 "speed must be" -- "$viz" "$src/scenarios/hangzhou-12345-2022.cfg" --speed fast
expect 2 "unknown option" -- "$viz" "$src/scenarios/hangzhou-12345-2022.cfg" --nosuch
expect 1 "cannot read font" -- "$viz" "$src/scenarios/mmc-textbook.cfg" --headless --at "2022-01-03 10:00" --png "$tmp/x.png" --font /nonexistent.ttf
CALLSIM_VIZ_FONT=/nonexistent.ttf expect 1 "CALLSIM_VIZ_FONT" -- "$viz" "$src/scenarios/mmc-textbook.cfg" --headless --at "2022-01-03 10:00" --png "$tmp/x.png"
[ -e "$tmp/x.png" ] && { echo "FAIL: a PNG was left by a failed run"; fail=1; }
expect 0 "" -- "$viz" "$src/scenarios/mmc-textbook.cfg" --headless --at "2022-01-03 10:00" --png "$tmp/x.png" --size 640x360
if ! head -c 8 "$tmp/x.png" | od -An -c | grep -q "P   N   G"; then echo "FAIL: not a PNG"; fail=1; fi
ls "$tmp" | grep -q tmp && { echo "FAIL: temporary file left"; fail=1; }
expect 1 "cannot write" -- "$viz" "$src/scenarios/mmc-textbook.cfg" --headless --at "2022-01-03 10:00" --png "$tmp/no/dir/x.png"
# A link is written through to the file it names (not replaced); a fifo is refused, untouched.
mkdir "$tmp/into" && ln -s into/linked.png "$tmp/link.png" && mkfifo "$tmp/fifo"
expect 0 "" -- "$viz" "$src/scenarios/mmc-textbook.cfg" --headless --at "2022-01-03 10:00" --png "$tmp/link.png" --size 640x360
{ [ -L "$tmp/link.png" ] && [ -f "$tmp/into/linked.png" ]; } || { echo "FAIL: the link was not written through"; fail=1; }
expect 1 "not a regular file" -- "$viz" "$src/scenarios/mmc-textbook.cfg" --headless --at "2022-01-03 10:00" --png "$tmp/fifo" --size 640x360
[ -p "$tmp/fifo" ] || { echo "FAIL: the fifo was replaced"; fail=1; }
expect 1 "no display" -- "$viz" "$src/scenarios/mmc-textbook.cfg"   # a window, but no display
expect 0 "usage: callsim-viz" -- "$viz" --help
exit $fail
