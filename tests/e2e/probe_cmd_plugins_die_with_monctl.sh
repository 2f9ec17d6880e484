# No `probe cmd` plugin outlives monctl: killed alone (TERM, INT, HUP, KILL) or with its whole
# process group (what a Nagios or CI timeout does), monctl takes every plugin with it, and on
# TERM, INT and HUP what the plugin started too. Each plugin tells the test that it runs through a
# FIFO, then blocks; the test kills, then waits (bounded) for every process to be gone.
source "$(dirname "$0")/lib.sh"
need ps mkfifo
set -m  # job control: each background job is a process group of its own, INT not ignored

mkfifo "$WORK/never"  # nobody writes it: opening it blocks for ever
# A plugin with a child of its own: both pids go to the FIFO in $1.
cat >"$WORK/family" <<'SH'
#!/bin/sh
cat "$2" >/dev/null &
echo "$$ $!" >"$1"
wait
SH
# A plugin that is one process (exec): what the death signal alone must take down.
cat >"$WORK/single" <<'SH'
#!/bin/sh
echo "$$ $$" >"$1"
exec cat "$2"
SH
chmod +x "$WORK/family" "$WORK/single"

# gone PID WHAT: waits up to 10 s for PID to end (a zombie has ended).
gone() {
  local i s
  for ((i = 0; i < 200; i++)); do
    s=$(ps -o stat= -p "$1") || { pass; return; }
    [[ $s == Z* ]] && { pass; return; }
    sleep 0.05
  done
  fail "$2: process $1 still runs: $(ps -o pid=,ppid=,stat=,args= -p "$1")"
  kill -KILL "$1"
}

# case SIGNAL TARGET PLUGIN: TARGET is "monctl" (the process) or "group" (its process group).
case_() {
  local sig=$1 target=$2 plugin=$3 what="kill -$1 to $2 ($3 plugin)" ready pids mon rc
  ready=$WORK/ready.$sig.$target
  mkfifo "$ready"
  exec 3<>"$ready"  # read-write: opening does not block, and `read -t` bounds the wait
  "$MONCTL" probe cmd --timeout 300 -- "$WORK/$plugin" "$ready" "$WORK/never" >"$WORK/out" 2>"$WORK/err" &
  mon=$!
  if ! read -r -t 30 -u 3 pids; then
    fail "$what: the plugin did not start: $(cat "$WORK/err")"
    kill -KILL -- "-$mon"
    exec 3<&-
    return
  fi
  exec 3<&-
  set -- $pids
  if [ "$target" = group ]; then kill "-$sig" -- "-$mon"; else kill "-$sig" "$mon"; fi
  wait "$mon"
  rc=$?
  expect_eq "$rc" "$((128 + $(kill -l "$sig")))" "$what: monctl ends by the signal"
  gone "$1" "$what: the plugin"
  gone "$2" "$what: the plugin's child"
}

for sig in TERM INT HUP; do
  case_ "$sig" monctl family
  case_ "$sig" group family
done
case_ KILL monctl single
case_ KILL group single

finish
