# Killing monctl bench, or its whole process group (what a CI or Nagios timeout does), by SIGTERM,
# SIGINT, SIGHUP or SIGKILL leaves no benchmarked command, no process it started and no spawning
# helper behind. The run tells us it has started through a FIFO; nothing sleeps to synchronise.
source "$(dirname "$0")/lib.sh"
need pgrep

mkfifo "$WORK/ready"
# Job control: the background monctl gets a process group of its own (its pid), and SIGINT is
# not ignored in it as it would be for a plain `&` in a script.
set -m

# expect_gone MARK "what": a bounded poll for every process whose command line carries MARK to
# disappear (the kernel delivers the death signals); whatever is left is killed after the check.
expect_gone() {
  local mark=$1 left i
  for ((i = 0; i < 200; i++)); do
    left=$(pgrep -f "$mark" -a || true)
    [ -z "$left" ] && break
    sleep 0.05
  done
  expect_eq "$left" "" "$2"
  [ -z "$left" ] || pkill -KILL -f "$mark"
}

# kills MODE SIG: starts a bench of `sh -c 'sleep MARK & echo started >FIFO; wait'` (sleep is sh's
# child, started before sh says so), waits until the run has started, kills monctl (alone) or its
# group, and checks that every process whose command line carries the marker - monctl, its
# helper, sh, sleep - is gone.
kills() {
  local mode=$1 sig=$2 mark="86400.$RANDOM$RANDOM" pid line status
  "$MONCTL" bench -r 1 --timeout 1h "sh -c 'sleep $mark & echo started >$WORK/ready; wait'" >/dev/null 2>&1 &
  pid=$!
  exec 3<>"$WORK/ready"  # read-write: the open does not block
  if ! read -r -t 30 -u 3 line; then
    fail "$mode $sig: the benchmarked command never started"
    kill -KILL -- -"$pid" 2>/dev/null
    exec 3<&-
    return
  fi
  exec 3<&-
  expect_eq "$(pgrep -f "$mark" -c)" "4" "$mode $sig: monctl, its helper, sh and sleep run"
  if [ "$mode" = group ]; then kill -"$sig" -- -"$pid"; else kill -"$sig" "$pid"; fi
  wait "$pid"
  status=$?
  case $sig in
    KILL) expect_eq "$status" "137" "$mode $sig: monctl was killed" ;;
    *) expect_eq "$status" "$((128 + $(kill -l "$sig")))" "$mode $sig: monctl dies of the signal" ;;
  esac
  expect_gone "$mark" "$mode $sig: nothing is left running"
}

for sig in TERM INT HUP KILL; do
  kills alone "$sig"
  kills group "$sig"
done

# The same without --timeout: the run then stays in the helper's process group.
mark="86400.$RANDOM$RANDOM"
"$MONCTL" bench -r 1 "sh -c 'sleep $mark & echo started >$WORK/ready; wait'" >/dev/null 2>&1 &
pid=$!
exec 3<>"$WORK/ready"
read -r -t 30 -u 3 line && pass || fail "without --timeout: the benchmarked command never started"
exec 3<&-
kill -KILL "$pid"
wait "$pid"
expect_gone "$mark" "without --timeout, monctl killed: nothing is left running"

finish
