# promtool, Prometheus' own checker, accepts monctl bench's Prometheus export (with the gate's
# families too). Skipped visibly when promtool is missing.
source "$(dirname "$0")/lib.sh"
need promtool

run "$MONCTL" bench -r 5 -n job true 'sleep 0.001' --export-prom "$WORK/r.prom" --fail-if-rss-above 10G
expect_rc 0 "a benchmark with a Prometheus export"
run promtool check metrics <"$WORK/r.prom"
expect_rc 0 "promtool accepts the Prometheus export: $OUT $ERR"
expect_contains "$(cat "$WORK/r.prom")" 'monctl_bench_regression{command="job"} 0' "with the gate's verdict"

finish
