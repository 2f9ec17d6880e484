#!/usr/bin/env bash
# What monctl time writes for Prometheus is what promtool accepts: the --format prom report, the
# node_exporter textfile, and the alerting rule of the man page.
source "$(dirname "$0")/lib.sh"
need promtool

run "$MONCTL" time --format prom -o "$WORK/job.prom" --label env=ci -- true
expect_rc 0 "prom run"
run promtool check metrics <"$WORK/job.prom"
expect_rc 0 "promtool accepts the prom report: $OUT $ERR"

mkdir "$WORK/textfile"
run "$MONCTL" time -q --name backup --label host=db1 --textfile-dir "$WORK/textfile" -- sh -c 'exit 1'
expect_rc 1 "textfile run"
run promtool check metrics <"$WORK/textfile/backup.prom"
expect_rc 0 "promtool accepts the textfile: $OUT $ERR"

man="${MONCTL_SOURCE_DIR:-$(dirname "$0")/../..}/man/monctl-time.1"
awk '/^groups:/ { on = 1 } on && /^\.Ed/ { exit } on' "$man" | sed 's/\\e/\\/g' >"$WORK/rules.yml"
expect_contains "$(cat "$WORK/rules.yml")" "monctl_job_last_success_timestamp_seconds" "rule extracted from the man page"
run promtool check rules "$WORK/rules.yml"
expect_rc 0 "promtool accepts the man page's alert rule: $OUT $ERR"
finish
