#!/usr/bin/env bash
# monctl alert run as a CI gate and a cron job: exit statuses by severity, `for:` met from the
# history in the input alone or across runs through --state, pending alerts not counted, the
# errors of rules and inputs located, good input lines still evaluated.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/rules.yml" <<'Y'
groups:
  - name: disk
    interval: 1m
    rules:
      - alert: DiskFull
        expr: disk_used_ratio > 0.9
        for: 5m
        labels: {severity: critical}
        annotations:
          summary: '{{ $labels.mount }} is {{ $value | humanizePercentage }} full'
      - alert: DiskFilling
        expr: disk_used_ratio > 0.8
        labels: {severity: warning}
Y
# History: ten minutes of samples a minute apart (milliseconds), the last at T = 600 s.
for m in 0 1 2 3 4 5 6 7 8 9 10; do
  echo "disk_used_ratio{mount=\"/\"} 0.95 $((m * 60000))"
  echo "disk_used_ratio{mount=\"/srv\"} 0.85 $((m * 60000))"
done >"$WORK/history.prom"

run "$MONCTL" alert run --rules "$WORK/rules.yml" --time 600 "$WORK/history.prom"
expect_rc 2 "a critical alert fires once its for: is met from the history"
expect_contains "$OUT" 'FIRING  DiskFull{mount="/",severity="critical"} value=0.95 firing since 1970-01-01T00:05:00Z' "the text line"
expect_contains "$OUT" "summary: / is 95% full" "the annotation rendered"
expect_contains "$OUT" 'FIRING  DiskFilling{mount="/srv",severity="warning"}' "the warning fires too"

run "$MONCTL" alert run --rules "$WORK/rules.yml" --time 240 "$WORK/history.prom"
expect_rc 1 "at 4 minutes DiskFull is pending: only the warnings count"
expect_contains "$OUT" 'PENDING DiskFull{mount="/",severity="critical"}' "pending is shown"

run "$MONCTL" alert run --rules "$WORK/rules.yml" --time 600 --format json "$WORK/history.prom"
expect_rc 2 "json"
first=$(printf '%s\n' "$OUT" | head -n 1)
expect_eq "$first" '{"state":"firing","labels":{"alertname":"DiskFull","mount":"/","severity":"critical"},"annotations":{"summary":"/ is 95% full"},"value":0.95,"activeAt":"1970-01-01T00:00:00Z","firedAt":"1970-01-01T00:05:00Z","rule":"DiskFull","group":"disk","file":"'"$WORK/rules.yml"'"}' "a JSON line"

# Cron: snapshots without timestamps, one run a minute; `for: 5m` is carried by --state.
echo 'disk_used_ratio{mount="/"} 0.97' >"$WORK/now.prom"
for m in 0 1 2 3 4; do
  run "$MONCTL" alert run --rules "$WORK/rules.yml" --state "$WORK/state" --time $((1000 + m * 60)) "$WORK/now.prom"
  expect_rc 1 "run $m: DiskFull is pending, DiskFilling fires"
done
run "$MONCTL" alert run --rules "$WORK/rules.yml" --state "$WORK/state" --time 1300 "$WORK/now.prom"
expect_rc 2 "the sixth run, five minutes on: DiskFull fires"
expect_contains "$OUT" "firing since 1970-01-01T00:21:40Z" "firing since the fifth minute of the cron runs"

echo 'disk_used_ratio{mount="/"} 0.5' >"$WORK/ok.prom"
run "$MONCTL" alert run --rules "$WORK/rules.yml" --state "$WORK/state" --time 1360 "$WORK/ok.prom"
expect_rc 0 "resolved: nothing firing"
expect_out "" "nothing printed when nothing is active"

# Errors: a bad rule file names FILE:LINE:COL; a bad input line is skipped, the rest evaluated.
printf 'groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: rate(x[5m]\n' >"$WORK/bad.yml"
run "$MONCTL" alert run --rules "$WORK/bad.yml" --time 0 "$WORK/now.prom"
expect_rc 3 "a rule that does not parse"
expect_contains "$ERR" "$WORK/bad.yml:5:" "located in the rule file"
printf 'disk_used_ratio{mount="/"} 0.99\nbroken{ 1\n' >"$WORK/mixed.prom"
run "$MONCTL" alert run --rules "$WORK/rules.yml" --time 0 "$WORK/mixed.prom"
expect_rc 3 "an input with a malformed line is an error"
expect_contains "$ERR" "mixed.prom:2:" "the bad line is located"
expect_contains "$OUT" "DiskFilling" "the good line was evaluated"
run "$MONCTL" alert run --rules "$WORK/rules.yml" --time yesterday "$WORK/now.prom"
expect_rc 3 "a bad --time"
expect_contains "$ERR" "--time" "names the option"
finish
