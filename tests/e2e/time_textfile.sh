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
run promtool check metrics <"$file"
expect_rc 0 "promtool accepts the textfile: $OUT $ERR"

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

# Only *.prom files are ever left in the folder.
expect_eq "$(ls -A "$dir")" "backup.prom" "nothing but the .prom file in the folder"

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
expect_eq "$(ls -A "$dir" | sort | tr '\n' ' ')" "backup.prom true.prom " "still nothing else in the folder"

# A folder that cannot be written: refused before the job runs (as root, make it a file instead).
run "$MONCTL" time -q --textfile-dir "$file" -- touch "$WORK/ran"
expect_rc 125 "textfile dir that is a file"
if [ -e "$WORK/ran" ]; then fail "the job ran"; else pass; fi

# The alerting rule of the man page is one Prometheus accepts.
man="${MONCTL_SOURCE_DIR:-$(dirname "$0")/../..}/man/monctl-time.1"
awk '/^groups:/ { on = 1 } on && /^\.Ed/ { exit } on' "$man" | sed 's/\\e/\\/g' >"$WORK/rules.yml"
expect_contains "$(cat "$WORK/rules.yml")" "monctl_job_last_success_timestamp_seconds" "rule extracted from the man page"
run promtool check rules "$WORK/rules.yml"
expect_rc 0 "promtool accepts the man page's alert rule: $OUT $ERR"
finish
