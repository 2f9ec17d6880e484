#!/usr/bin/env bash
# monctl time passes SIGINT, SIGTERM, SIGHUP and SIGQUIT on to the job, leaves no zombie, and
# keeps signals the job would have ignored ignored (nohup). Each job writes its pid to a file
# first, so the signal is sent once it runs; bash's job control (set -m) keeps SIGINT deliverable
# to a background job.
source "$(dirname "$0")/lib.sh"
set -m

# start_job NAME SCRIPT: runs `monctl time -- sh -c SCRIPT` in the background; SCRIPT must
# write its pid to $WORK/NAME.pid. Sets $job_pid and $child_pid.
start_job() {
  local name=$1 script=$2 i
  "$MONCTL" time --format json -o "$WORK/$name.json" -- sh -c "$script" >"$WORK/$name.out" 2>&1 &
  job_pid=$!
  CLEANUP+=("kill -KILL $job_pid 2>/dev/null")
  for ((i = 0; i < 600; i++)); do
    [ -s "$WORK/$name.pid" ] && break
    kill -0 "$job_pid" 2>/dev/null || { cat "$WORK/$name.out" >&2; fail "$name: monctl ended early"; finish; }
    sleep 0.05
  done
  child_pid=$(cat "$WORK/$name.pid")
}

for sig in TERM HUP QUIT INT; do
  start_job "$sig" "echo \$\$ > '$WORK/$sig.pid'; exec sleep 30"
  kill -"$sig" "$job_pid"
  wait "$job_pid"
  rc=$?
  num=$(kill -l "$sig")
  expect_eq "$rc" "$((128 + num))" "SIG$sig is forwarded and the job's status comes back"
  expect_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["signal_name"])' "$WORK/$sig.json")" \
    "SIG$sig" "SIG$sig recorded"
  # The child was reaped: its pid no longer names a process (not even a zombie).
  if [ -e "/proc/$child_pid" ]; then fail "SIG$sig: child $child_pid still exists"; else pass; fi
done

# A job that handles the signal itself decides its own status.
start_job trap "trap 'exit 7' TERM; echo \$\$ > '$WORK/trap.pid'; while :; do sleep 0.05; done"
kill -TERM "$job_pid"
wait "$job_pid"
expect_eq "$?" "7" "the job's own handler decides"

# Under nohup, SIGHUP stays ignored for the job as it would without monctl.
"$MONCTL" time -q -- nohup sh -c "echo \$\$ > '$WORK/nohup.pid'; sleep 0.5; exit 0" >"$WORK/nohup.out" 2>&1 &
job_pid=$!
CLEANUP+=("kill -KILL $job_pid 2>/dev/null")
for ((i = 0; i < 600; i++)); do [ -s "$WORK/nohup.pid" ] && break; sleep 0.05; done
kill -HUP "$job_pid"
wait "$job_pid"
expect_eq "$?" "0" "monctl survives SIGHUP and the job, under nohup, ignores it"
nohup "$MONCTL" time -q -- sh -c "echo \$\$ > '$WORK/nohup2.pid'; sleep 0.5; exit 0" >"$WORK/nohup2.out" 2>&1 &
job_pid=$!
for ((i = 0; i < 600; i++)); do [ -s "$WORK/nohup2.pid" ] && break; sleep 0.05; done
kill -HUP "$job_pid"
wait "$job_pid"
expect_eq "$?" "0" "under nohup the job ignores SIGHUP"

# The timeout reaches the whole process group: a script's children go too.
run "$MONCTL" time -q --timeout 200ms -- sh -c "sleep 30 & echo \$! > '$WORK/grandchild.pid'; wait"
expect_rc 124 "timeout of a script"
gc=$(cat "$WORK/grandchild.pid")
for ((i = 0; i < 100; i++)); do [ -e "/proc/$gc" ] || break; sleep 0.05; done
if [ -e "/proc/$gc" ] && ! grep -q '^State:.*Z' "/proc/$gc/status" 2>/dev/null; then
  fail "the script's child $gc survived the timeout"
  kill -KILL "$gc"
else
  pass
fi
finish
