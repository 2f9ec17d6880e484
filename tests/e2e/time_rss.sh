#!/usr/bin/env bash
# monctl time reports the command's own max RSS, not monctl's: the job is forked, so the RSS
# high-water mark it starts with is that of the few pages fork copies, as under GNU time. Both
# figures are measured here for the same small commands; the smallest of three runs each.
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || skip "GNU time (/usr/bin/time) is not installed (scripts/test installs it)"
need python3
if ldd "$MONCTL" 2>/dev/null | grep -q 'lib[at]san'; then
  skip "a sanitizer build: its runtime's own memory is copied into every fork, so the floor is not GNU time's"
fi

least() { sort -n | head -n 1; }
monctl_kib() {
  local i
  for i in 1 2 3; do
    "$MONCTL" time --format json -o - -- "$@" | python3 -c 'import json, sys; print(json.load(sys.stdin)["max_rss_bytes"] // 1024)'
  done | least
}
gnu_kib() {
  local i
  for i in 1 2 3; do /usr/bin/time -f %M -o "$WORK/gnu" "$@" && cat "$WORK/gnu"; done | least
}

for cmd in true "sh -c :"; do
  # shellcheck disable=SC2086  # the words of $cmd are the command's
  ours=$(monctl_kib $cmd)
  # shellcheck disable=SC2086
  gnu=$(gnu_kib $cmd)
  diff=$((ours > gnu ? ours - gnu : gnu - ours))
  if [ "$diff" -le 512 ]; then
    pass
  else
    fail "max RSS of '$cmd': monctl time says $ours KiB, GNU time $gnu KiB (more than 512 KiB apart)"
  fi
done

# A job that uses more than monctl ever did is measured whole (the control: the figure is the job's).
ours=$(monctl_kib python3 -c 'b = bytearray(64 << 20)')
if [ "$ours" -ge $((64 * 1024)) ]; then pass; else fail "a 64 MiB job reported only $ours KiB"; fi
finish
