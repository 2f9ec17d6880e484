# Baselines of a parameter scan: `-n s 'sleep {x}' -L x ...` saves several results under one name;
# each is compared with the entry of the same name AND parameters, never with the first of that
# name. Names that a baseline could not tell apart (same name, same parameters) are refused.
source "$(dirname "$0")/lib.sh"

run "$MONCTL" bench -r 5 -n s 'sleep {x}' -L x 0.001,0.05 --save-baseline "$WORK/scan.json"
expect_rc 0 "save a scan under one name"
expect_eq "$(python3 -c 'import json,sys; print([(r["command"], r["parameters"]["x"]) for r in json.load(open(sys.argv[1]))["results"]])' "$WORK/scan.json")" \
  "[('s', '0.001'), ('s', '0.05')]" "two entries named s, told apart by x"

# The same scan again: x = 0.05 is 50x slower than x = 0.001, but it is compared with its own
# entry, so nothing regressed.
run "$MONCTL" bench -r 5 -n s 'sleep {x}' -L x 0.001,0.05 --baseline "$WORK/scan.json" --fail-if-slower 50
expect_rc 0 "each value is compared with its own baseline entry"
expect_contains "$OUT" "'s' (x = 0.05)" "the comparison names the parameter"
expect_not_contains "$ERR" "regression" "no false regression"

# In the other order too.
run "$MONCTL" bench -r 5 -n s 'sleep {x}' -L x 0.05,0.001 --baseline "$WORK/scan.json" --fail-if-slower 50
expect_rc 0 "matched by parameters, not by position"

# A value the baseline does not have is refused before any run, named with its parameter.
run "$MONCTL" bench -r 5 -n s 'sleep {x}' -L x 0.002 --baseline "$WORK/scan.json" --fail-if-slower 50
expect_rc 2 "a parameter value without a baseline"
expect_contains "$ERR" "no baseline for 's' (x = 0.002) (it has 's' (x = 0.001), 's' (x = 0.05))" "says what is missing and what is there"

# Ambiguous names are refused when saving, before anything runs, and no file is written.
run "$MONCTL" bench -r 2 -n job --setup "touch $WORK/ran" true false --save-baseline "$WORK/dup.json"
expect_rc 2 "two commands under one name cannot be saved"
expect_contains "$ERR" "benchmarks 1 and 2 are both 'job' with the same parameters" "names them"
expect_contains "$ERR" "-n" "says how to name them"
[ ! -e "$WORK/ran" ] && [ ! -e "$WORK/dup.json" ] && pass || fail "ran or wrote before refusing the names"

# The same name without a baseline to save is fine (the summary tells them apart by number).
run "$MONCTL" bench -r 2 -n job true true
expect_rc 0 "duplicate names are only refused for baselines"

# A baseline (hand-made, or a hyperfine export) that holds one command twice is ambiguous.
echo '{"results": [{"command": "job", "times": [0.1, 0.1]}, {"command": "job", "times": [0.2, 0.2]}]}' >"$WORK/twice.json"
run "$MONCTL" bench -r 2 -n job true --baseline "$WORK/twice.json"
expect_rc 2 "an ambiguous baseline"
expect_contains "$ERR" "$WORK/twice.json: 2 results for 'job': the baseline is ambiguous" "says so"

finish
