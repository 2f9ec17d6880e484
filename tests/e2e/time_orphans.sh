#!/usr/bin/env bash
# When monctl time dies, however it dies, its job does not run on with PPID 1: killed alone by
# SIGKILL (no handler runs) or with its whole process group (what a CI or Nagios timeout does),
# the job gets SIGKILL from the kernel (PR_SET_PDEATHSIG). The job says it runs on its stdout, a
# FIFO read here; the end of file on it says that everything holding it (monctl and the job) is
# gone. The `timeout` is only a bound for a broken build, not a synchronisation.
source "$(dirname "$0")/lib.sh"
need timeout
set -m  # each background job in a process group of its own, as under a CI runner

# start NAME: monctl time around a job that prints its pid and sleeps; sets $monctl_pid, $job_pid
# and opens fd 6 on the job's stdout.
start() {
  mkfifo "$WORK/$1.fifo"
  "$MONCTL" time -q -- sh -c 'echo $$; exec sleep 300' >"$WORK/$1.fifo" 2>"$WORK/$1.err" &
  monctl_pid=$!
  exec 6<"$WORK/$1.fifo"
  read -r -t 60 -u 6 job_pid || { fail "$1: the job did not start: $(cat "$WORK/$1.err")"; finish; }
  CLEANUP+=("kill -KILL $job_pid 2>/dev/null")
}
# gone WHAT: the job's stdout reaches its end: nothing holds it any more.
gone() {
  if timeout 60 cat <&6 >/dev/null; then
    pass
  else
    fail "$1: the job $job_pid survived monctl (PPID $(awk '{print $4}' "/proc/$job_pid/stat" 2>/dev/null))"
  fi
  exec 6<&-
}

start alone
expect_eq "$(awk '{print $4}' "/proc/$job_pid/stat")" "$monctl_pid" "the job is monctl's child"
kill -KILL "$monctl_pid"
gone "SIGKILL of monctl alone"

start group
kill -KILL -- "-$monctl_pid"  # the group monctl leads (set -m); the job has a group of its own
gone "SIGKILL of monctl's process group"
finish
