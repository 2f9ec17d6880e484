#!/usr/bin/env bash
# monctl time --textfile-dir: DIR/NAME.prom for node_exporter's textfile collector, replaced
# atomically, with the last-success time and the counters carried over from run to run, and
# a corrupt previous file survived.
source "$(dirname "$0")/lib.sh"
dir="$WORK/textfile"
mkdir "$dir"
file="$dir/backup.prom"
value() {  # value METRIC: the sample's value in $file
  awk -v m="$1" '$1 ~ "^"m"[{ ]" || $1 == m { print $2 }' "$file"
}

run "$MONCTL" time -q --name backup --label host=db1 --textfile-dir "$dir" -- true
expect_rc 0 "first run"
expect_file "$file" "textfile written"
expect_eq "$(value monctl_job_runs_total)" "1" "runs after one success"
expect_eq "$(value monctl_job_failures_total)" "0" "failures after one success"
success=$(value monctl_job_last_success_timestamp_seconds)
expect_eq "$(value monctl_job_last_run_timestamp_seconds)" "$success" "last run is the success"
expect_contains "$(cat "$file")" 'monctl_job_exit_code{host="db1",job_name="backup"} 0' "labels on samples"

run "$MONCTL" time -q --name backup --label host=db1 --textfile-dir "$dir" -- sh -c 'exit 3'
expect_rc 3 "failed run keeps its status"
expect_eq "$(value monctl_job_runs_total)" "2" "runs counted"
expect_eq "$(value monctl_job_failures_total)" "1" "failure counted"
expect_eq "$(value monctl_job_last_success_timestamp_seconds)" "$success" "last success carried over a failure"
expect_eq "$(value monctl_job_exit_code)" "3" "exit code of the failed run"
run "$MONCTL" time -q --name backup --textfile-dir "$dir" --timeout 50ms -- sleep 30
expect_rc 124 "timed-out run"
expect_eq "$(value monctl_job_failures_total)" "2" "a timeout is a failure"
expect_eq "$(value monctl_job_timed_out)" "1" "timed_out gauge"

# A command that cannot start is a failed run too (a cron job whose script went missing).
run "$MONCTL" time -q --name backup --textfile-dir "$dir" -- "$WORK/deleted-backup.sh"
expect_rc 127 "missing command"
expect_contains "$ERR" "command not found" "missing command message"
expect_eq "$(value monctl_job_failures_total)" "3" "a missing command is a failure"
expect_eq "$(value monctl_job_exit_code)" "127" "its exit status"
expect_eq "$(value monctl_job_last_success_timestamp_seconds)" "$success" "last success still carried"

# Only NAME.prom and its lock file (whose name does not end in .prom) are left in the folder.
expect_eq "$(ls -A "$dir" | tr '\n' ' ')" ".backup.prom.lock backup.prom " "nothing but the .prom file and its lock"

# A corrupt previous file: a warning, counters afresh, the run still recorded.
printf 'monctl_job_runs_total{job_name="backup" 7\n' >"$file"
run "$MONCTL" time --name backup --textfile-dir "$dir" -q -- true
expect_rc 0 "run over a corrupt file"
expect_contains "$ERR" "monctl: warning:" "corrupt file warned about"
expect_contains "$ERR" "$file:1:" "the warning says where"
expect_contains "$ERR" "starting the counters afresh" "the warning says what happens"
expect_eq "$(value monctl_job_runs_total)" "1" "counters afresh"
expect_eq "$(value monctl_job_failures_total)" "0" "failures afresh"
head -c 5000 /dev/urandom >"$file"
run "$MONCTL" time --name backup --textfile-dir "$dir" -q -- true
expect_rc 0 "run over a binary file"
expect_eq "$(value monctl_job_runs_total)" "1" "counters afresh after binary junk"

# The default name is the command's basename; names that cannot be file names are refused.
run "$MONCTL" time -q --textfile-dir "$dir" -- /bin/true
expect_file "$dir/true.prom" "default name"
run "$MONCTL" time -q --name ../escape --textfile-dir "$dir" -- true
expect_rc 125 "a name with / is refused"
expect_eq "$(ls "$dir" | tr '\n' ' ')" "backup.prom true.prom " "still no other .prom file in the folder"

# A folder that cannot be written: refused before the job runs (as root, make it a file instead).
run "$MONCTL" time -q --textfile-dir "$file" -- touch "$WORK/ran"
expect_rc 125 "textfile dir that is a file"
if [ -e "$WORK/ran" ]; then fail "the job ran"; else pass; fi

# Ten overlapping runs of one job count ten runs: each reads, updates and replaces the file under
# the lock. The jobs start together and end together: each opens the FIFO "hold" (held open here
# for writing, so that the open does not wait), says so on "ready", and reads "hold" until this
# script lets go of it.
before=$(value monctl_job_runs_total)
mkfifo "$WORK/hold" "$WORK/ready"
exec 4<>"$WORK/hold" 5<>"$WORK/ready"
pids=()
for i in $(seq 10); do
  "$MONCTL" time -q --name backup --textfile-dir "$dir" -- \
    sh -c "exec 3<'$WORK/hold'; echo \$\$ >'$WORK/ready'; cat <&3 >/dev/null" 4>&- 5>&- &
  pids+=($!)
done
for i in $(seq 10); do read -r -t 60 -u 5 _ || fail "run $i did not start"; done
exec 4>&-  # every job reads end of file now, and all ten update the textfile at once
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent run failed"; done
expect_eq "$(value monctl_job_runs_total)" "$((before + 10))" "ten concurrent runs counted ten"
finish
