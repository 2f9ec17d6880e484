#!/usr/bin/env bash
# promtool accepts every Prometheus text monctl export writes: lint findings only where the
# input already had them.
source "$(dirname "$0")/lib.sh"
need promtool

inputs=("$DATA"/metrics/*.prom)
[ -d "$SHARED/data/exposition" ] && inputs+=("$SHARED"/data/exposition/*.prom)
for f in "${inputs[@]}"; do
  base=$(basename "$f" .prom)
  "$MONCTL" export "$f" --to prom >"$WORK/$base.out.prom"
  promtool check metrics <"$f" >"$WORK/lint.in" 2>&1
  promtool check metrics <"$WORK/$base.out.prom" >"$WORK/lint.out" 2>&1
  rc=$?
  if grep -q "error while linting" "$WORK/lint.out"; then
    fail "$base: promtool cannot parse monctl's output: $(head -3 "$WORK/lint.out")"
  else
    pass
  fi
  expect_eq "$(sort "$WORK/lint.out")" "$(sort "$WORK/lint.in")" "$base: promtool findings (rc $rc) are the input's own"
done
# OpenMetrics converted to Prometheus text.
"$MONCTL" export "$DATA/metrics/web_app.openmetrics" --to prom >"$WORK/om.prom"
expect_eq "$?" "0" "openmetrics -> prom"
promtool check metrics <"$WORK/om.prom" >"$WORK/lint.om" 2>&1
if grep -q "error while linting" "$WORK/lint.om"; then fail "openmetrics -> prom: $(head -3 "$WORK/lint.om")"; else pass; fi
finish
