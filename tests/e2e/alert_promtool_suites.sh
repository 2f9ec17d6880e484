#!/usr/bin/env bash
# `monctl alert test` through the command line on promtool's own unit-test files (each with the
# exit status promtool's tests expect of it) and on the real-world suites of GOV.UK and Thanos,
# which pass with promtool 3. Shared data: skipped visibly in a plain clone.
source "$(dirname "$0")/lib.sh"
need python3
need_shared upstream/prometheus/derived/promtool_unittest_expectations.json
expectations=$SHARED_PATH
testdata=$SHARED/data/upstream/prometheus/cmd/promtool/testdata

# The runs a promtool-compatible command line reproduces (the library-only modes are promtool's
# feature switches, which its CLI always turns on).
while IFS='|' read -r name files run_flags ignore code; do
  args=()
  for r in $run_flags; do args+=(--run "$r"); done
  [ "$ignore" = 1 ] && args+=(--ignore-unknown-fields)
  native=0
  for f in $files; do
    args+=("$testdata/$f")
    grep -Eq 'values: *["'"'"']?[^"'"'"']*\{\{|histogram:' "$testdata/$f" && native=1
  done
  if [ $native -eq 1 ]; then
    echo "not run: promtool case '$name': its series are native histograms, which monctl refuses"
    continue
  fi
  run "$MONCTL" alert test "${args[@]}"
  expect_rc "$code" "promtool case '$name'"
done < <(python3 - "$expectations" <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["cases"]:
    if c.get("mode", "cli_default") != "cli_default":
        continue
    print("|".join([c["name"], " ".join(c["files"]), " ".join(c.get("run") or []),
                     "1" if c.get("ignore_unknown_fields") else "0", str(c["exit_code"])]))
PY
)

passed=0 total=0
while IFS= read -r f; do
  total=$((total + 1))
  run "$MONCTL" alert test "$f"
  if [ "$RC" -eq 0 ]; then passed=$((passed + 1)); else fail "real-world suite ${f#"$SHARED"/data/upstream/}: exit $RC: ${OUT:0:600}"; fi
done < <(find "$SHARED/data/upstream/govuk-helm-charts" "$SHARED/data/upstream/thanos" -name '*tests.yaml' | sort)
echo "real-world suites: $passed/$total test files pass"

# A failing test prints promtool's report and exits 1.
run "$MONCTL" alert test "$testdata/failing.yml"
expect_rc 1 "failing.yml fails"
expect_contains "$OUT$ERR" "FAILED:" "the report names the failure as promtool does"
finish
