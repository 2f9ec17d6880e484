#!/usr/bin/env bash
# monctl time passes SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 on to the job, leaves
# no zombie, and keeps signals the job would have ignored ignored (nohup). Every wait is for an
# event: the job prints its pid on a FIFO once its traps are set, and a second signal, which
# monctl passes on after the first (it takes pending signals lowest number first, and sends each
# before it takes the next), tells the job when to end. bash's job control (set -m) keeps SIGINT
# deliverable to a background job.
source "$(dirname "$0")/lib.sh"
set -m

# start_job NAME SCRIPT [monctl-prefix...]: runs `monctl time -- sh -c SCRIPT` in the background
# with its stdout on a FIFO; SCRIPT must print its pid when it is ready. Sets $job_pid (monctl's)
# and $child_pid (the job's).
start_job() {
  local name=$1 script=$2
  shift 2
  mkfifo "$WORK/$name.fifo"
  "$@" "$MONCTL" time --format json -o "$WORK/$name.json" -- sh -c "$script" >"$WORK/$name.fifo" 2>"$WORK/$name.err" &
  job_pid=$!
  CLEANUP+=("kill -KILL $job_pid 2>/dev/null")
  exec 6<"$WORK/$name.fifo"
  if ! read -r -t 60 -u 6 child_pid; then
    fail "$name: the job did not start: $(cat "$WORK/$name.err")"
    finish
  fi
  exec 6<&-
}

for sig in TERM HUP QUIT INT USR1 USR2; do
  start_job "$sig" 'echo $$; exec sleep 300'
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
start_job trap "trap 'exit 7' TERM; echo \$\$; sleep 300 & wait"
kill -TERM "$job_pid"
wait "$job_pid"
expect_eq "$?" "7" "the job's own handler decides"

# Under nohup, SIGHUP stays ignored for the job as it would without monctl. The SIGTERM after it
# ends the job through its trap: exit 3 when the SIGHUP before it did nothing, 129 otherwise.
job='trap "exit 3" TERM; echo $$; sleep 300 & wait'
start_job nohup1 "exec nohup sh -c '$job'"
kill -HUP "$job_pid"
kill -TERM "$job_pid"
wait "$job_pid"
expect_eq "$?" "3" "monctl survives SIGHUP and the job, under nohup, ignores it"
start_job nohup2 "$job" nohup
kill -HUP "$job_pid"
kill -TERM "$job_pid"
wait "$job_pid"
expect_eq "$?" "3" "under nohup the job ignores SIGHUP"

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
