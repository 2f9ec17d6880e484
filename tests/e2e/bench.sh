# monctl bench on real commands: the summary, every export format, parameters, options.
# No timing assertions: counts, names, shapes and exit statuses only.
source "$(dirname "$0")/lib.sh"

run "$MONCTL" bench --help
expect_rc 0 "--help"
expect_contains "$OUT" "--fail-if-slower" "--help lists the gate"

run "$MONCTL" bench -r 12 true 'sleep 0.01' \
  --export-json "$WORK/r.json" --export-csv "$WORK/r.csv" --export-markdown "$WORK/r.md" --export-prom "$WORK/r.prom"
expect_rc 0 "two commands"
expect_contains "$OUT" "Benchmark 1: true" "first header"
expect_contains "$OUT" "Benchmark 2: sleep 0.01" "second header"
expect_contains "$OUT" "12 runs" "run count"
expect_contains "$OUT" "Max RSS:" "memory line"
expect_contains "$OUT" "Histogram:" "histogram"
expect_contains "$OUT" "'true' ran" "relative summary names the fastest"
expect_contains "$OUT" "times faster than 'sleep 0.01'" "relative speed"
expect_not_contains "$OUT" $'\033[' "no colour when stdout is not a terminal"
expect_not_contains "$ERR" "estimate" "no progress noise off a terminal"

# JSON: hyperfine's field names, one time / exit code / RSS per run.
shape=$(python3 - "$WORK/r.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["results"]
keys = ["command", "mean", "stddev", "median", "user", "system", "min", "max", "times", "exit_codes", "memory_usage_byte"]
print(len(r), [k for k in keys if k not in r[0]], len(r[0]["times"]), len(r[0]["exit_codes"]), len(r[0]["memory_usage_byte"]),
      r[1]["command"], r[0]["min"] <= r[0]["median"] <= r[0]["max"], set(r[0]["exit_codes"]))
PY
)
expect_eq "$shape" "2 [] 12 12 12 sleep 0.01 True {0}" "JSON shape"

expect_eq "$(head -n1 "$WORK/r.csv")" $'command,mean,stddev,median,user,system,min,max,p5,p95,iqr,max_rss_bytes\r' "CSV header, CRLF"
expect_eq "$(wc -l <"$WORK/r.csv")" "3" "CSV rows"
expect_contains "$(cat "$WORK/r.md")" '| `sleep 0.01` |' "Markdown row"

expect_contains "$(cat "$WORK/r.prom")" 'monctl_bench_duration_seconds{command="true",quantile="0.5"}' "prom median"
expect_contains "$(cat "$WORK/r.prom")" 'monctl_bench_duration_seconds_count{command="sleep 0.01"} 12' "prom count"
expect_contains "$(cat "$WORK/r.prom")" '# TYPE monctl_bench_max_rss_bytes gauge' "prom rss"
# promtool's verdict on this export: tests/e2e/bench_promtool.sh (skipped visibly without promtool).

# Parameters: a scan crossed with nothing, names substituted; lists cross-multiply.
run "$MONCTL" bench -r 2 -P n 1 3 -n 'nap {n}' 'sleep 0.00{n}' --export-json "$WORK/p.json"
expect_rc 0 "parameter scan"
expect_contains "$OUT" "Benchmark 3: nap 3" "scan names"
expect_eq "$(python3 -c 'import json,sys; print([r["parameters"]["n"] for r in json.load(open(sys.argv[1]))["results"]])' "$WORK/p.json")" \
  "['1', '2', '3']" "parameters in JSON"
run "$MONCTL" bench -r 1 -L a x,y -L b 1,2 'echo {a}{b}'
expect_rc 0 "parameter lists"
expect_contains "$OUT" "Benchmark 4: echo y2" "cross product, hyperfine's order"

# Shell syntax goes through sh -c, and its spawn time is subtracted.
run "$MONCTL" bench -r 3 'true && true'
expect_rc 0 "shell command"
expect_contains "$OUT" "was subtracted from commands run through sh -c" "shell overhead reported"
run "$MONCTL" bench -r 3 -N "sh -c 'exit 0' && true"
expect_rc 0 "-N splits instead of using a shell (sh gets '&&' and 'true' as arguments)"
expect_not_contains "$OUT" "subtracted" "-N: no shell calibration"

# --input, --show-output, --timeout with --ignore-failure, --interleave.
printf 'hello\n' >"$WORK/in"
run "$MONCTL" bench -r 3 --input "$WORK/in" 'grep -q hello'
expect_rc 0 "--input reaches every run"
run "$MONCTL" bench -r 2 --show-output 'echo visible-output'
expect_contains "$OUT" "visible-output" "--show-output"
run "$MONCTL" bench -r 2 'printf hid%sden x'
expect_not_contains "$OUT" "hidxden" "output goes to /dev/null by default"
run "$MONCTL" bench -r 2 --timeout 100ms -i 'sleep 20'
expect_rc 0 "--timeout with -i"
expect_contains "$ERR" "monctl: warning: 'sleep 20': 2 of 2 runs failed (2 timed out)" "timeouts counted"
run "$MONCTL" bench -r 2 --timeout 100ms 'sleep 20'
expect_rc 3 "--timeout without -i fails"
expect_contains "$ERR" "timed out" "timeout named"
run "$MONCTL" bench -r 2 --interleave "sh -c 'echo A >>$WORK/il'" "sh -c 'echo B >>$WORK/il'"
expect_rc 0 "--interleave"
expect_eq "$(tr -d '\n' <"$WORK/il")" "ABAB" "interleaved order"

# An export on standard output keeps stdout for the data.
run "$MONCTL" bench -r 2 true --export-json -
expect_rc 0 "--export-json -"
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["command"])')" "true" "stdout is pure JSON"
expect_contains "$ERR" "Benchmark 1: true" "the summary went to stderr"

# Usage errors: exit 2.
run "$MONCTL" bench --no-such-option true
expect_rc 2 "unknown option"
run "$MONCTL" bench
expect_rc 2 "no command"
run "$MONCTL" bench ''
expect_rc 2 "empty command"
expect_contains "$ERR" "empty command" "empty command message"
run "$MONCTL" bench -r 3 -m 2 true
expect_rc 2 "--runs with --min-runs"
run "$MONCTL" bench --min-time soon true
expect_rc 2 "bad duration"
run "$MONCTL" bench --fail-if-rss-above lots true
expect_rc 2 "bad size"
run "$MONCTL" bench --fail-if-slower 5 true
expect_rc 2 "--fail-if-slower without --baseline"
expect_contains "$ERR" "need --baseline" "says what is missing"
run "$MONCTL" bench -r 2 true --export-json /nonexistent-dir/r.json
expect_rc 2 "unwritable export folder, before any run"
expect_contains "$ERR" "/nonexistent-dir" "names the folder"

finish
