# monctl bench as a CI gate: saved baselines, hyperfine exports as baselines, regressions (a 100x
# effect, so the verdict does not depend on the machine's speed), and every bad baseline file.
source "$(dirname "$0")/lib.sh"

# A baseline of `true`, saved under the name "job".
run "$MONCTL" bench -r 20 -n job true --save-baseline "$WORK/base.json"
expect_rc 0 "save a baseline"
meta=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["results"][0]; print(d["schema"], d["version"], r["command"], len(r["times"]), len(r["memory_usage_byte"]), d["machine"]["cpus"] > 0)' "$WORK/base.json")
expect_eq "$meta" "monctl-bench-baseline 1 job 20 20 True" "baseline content"

# The same name now runs `sleep 0.2`: 100x slower, significant -> exit 1, named with the p-value.
run "$MONCTL" bench -r 20 -n job 'sleep 0.2' --baseline "$WORK/base.json" --fail-if-slower 10 --export-json "$WORK/after.json" \
  --export-prom "$WORK/after.prom"
expect_rc 1 "a regression exits 1"
expect_contains "$OUT" "REGRESSION" "the summary flags it"
expect_contains "$OUT" "Mann-Whitney p = " "with the test"
expect_contains "$ERR" "monctl: regression: 'job' is " "stderr names the command"
expect_contains "$ERR" "% slower than the baseline (p = " "by how much, with the p-value"
expect_file "$WORK/after.json" "exports are still written on a regression"
expect_contains "$(cat "$WORK/after.prom")" 'monctl_bench_regression{command="job"} 1' "the verdict as a metric"

# Without --fail-if-slower the comparison is shown but nothing fails.
run "$MONCTL" bench -r 5 -n job 'sleep 0.2' --baseline "$WORK/base.json"
expect_rc 0 "comparison without a threshold"
expect_contains "$OUT" "Compared with baseline $WORK/base.json" "comparison shown"

# Faster than the baseline never fails.
run "$MONCTL" bench -r 20 -n job 'sleep 0.2' --save-baseline "$WORK/slow.json"
run "$MONCTL" bench -r 20 -n job true --baseline "$WORK/slow.json" --fail-if-slower 10
expect_rc 0 "faster passes"
expect_contains "$OUT" "faster" "and says so"

# Memory ceiling: every process has more than 1 KiB.
run "$MONCTL" bench -r 3 true --fail-if-rss-above 1KiB
expect_rc 1 "--fail-if-rss-above"
expect_contains "$ERR" "max RSS" "names the memory"
run "$MONCTL" bench -r 3 true --fail-if-rss-above 10G
expect_rc 0 "within the memory ceiling"

# A hyperfine export as a baseline: tests/e2e/bench_hyperfine_baseline.sh (needs hyperfine).

# Bad baselines: exit 2 before any run (the setup would leave a mark), nothing exported.
printf '{"results": [{"command": "job", "times": [0.1, 0.2' >"$WORK/truncated.json"
run "$MONCTL" bench -r 2 -n job --setup "touch $WORK/ran" true --baseline "$WORK/truncated.json" --export-json "$WORK/x.json"
expect_rc 2 "corrupt baseline"
expect_contains "$ERR" "$WORK/truncated.json:1:" "names file and position"
expect_contains "$ERR" "not a valid JSON baseline" "says what is wrong"
[ ! -e "$WORK/ran" ] && pass || fail "a run happened before the baseline was checked"
[ ! -e "$WORK/x.json" ] && pass || fail "an export file was left behind"

echo '{"schema": "monctl-bench-baseline", "version": 9, "results": []}' >"$WORK/future.json"
run "$MONCTL" bench -r 2 true --baseline "$WORK/future.json"
expect_rc 2 "another schema version"
expect_contains "$ERR" "version 9 is not supported" "names the version"

echo '{"benchmarks": []}' >"$WORK/other.json"
run "$MONCTL" bench -r 2 true --baseline "$WORK/other.json"
expect_rc 2 "not a baseline"
expect_contains "$ERR" "$WORK/other.json: neither a monctl baseline nor a hyperfine JSON export" "says so"

run "$MONCTL" bench -r 2 -n other true --baseline "$WORK/base.json"
expect_rc 2 "baseline lacks the command"
expect_contains "$ERR" "no baseline for 'other' (it has 'job')" "names what is missing"

run "$MONCTL" bench -r 2 true --baseline "$WORK/missing.json"
expect_rc 2 "missing baseline file"
expect_contains "$ERR" "$WORK/missing.json" "names the file"

finish
