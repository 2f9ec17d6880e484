# A gate that cannot fail is an error, not a pass: with 3 runs against 3 the smallest possible
# two-sided Mann-Whitney p is 0.1, so --fail-if-slower at alpha 0.05 could pass a 40x slowdown.
# monctl bench says so and exits 2 - before any run when the count is fixed, after the runs
# otherwise - and names the number of runs that would do.
source "$(dirname "$0")/lib.sh"

run "$MONCTL" bench -r 3 -n job true --save-baseline "$WORK/base3.json"
expect_rc 0 "a baseline of 3 runs"

# -r 3: known before anything runs (the setup would leave a mark).
run "$MONCTL" bench -r 3 -n job --setup "touch $WORK/ran" 'sleep 0.04' --baseline "$WORK/base3.json" --fail-if-slower 10
expect_rc 2 "3 runs against 3 cannot reach alpha 0.05"
expect_contains "$ERR" "--fail-if-slower cannot fail for 'job': with 3 runs against the baseline's 3, the smallest possible Mann-Whitney p-value is 0.1, not below --alpha 0.05" "says why"
expect_contains "$ERR" "use at least 5 runs (-r 5)" "says how many runs would do"
[ ! -e "$WORK/ran" ] && pass || fail "something ran before the unreachable gate was refused"

# A stricter alpha needs more runs.
run "$MONCTL" bench -r 5 -n job 'sleep 0.04' --baseline "$WORK/base3.json" --fail-if-slower 10 --alpha 0.01
expect_rc 2 "5 runs against 3 cannot reach alpha 0.01"
expect_contains "$ERR" "use at least 9 runs" "the count for that alpha (2 / C(12, 3) < 0.01)"

# The count decided while running (--min-runs/--max-runs): checked after the runs, still exit 2.
run "$MONCTL" bench -m 2 -M 3 -n job 'sleep 0.04' --baseline "$WORK/base3.json" --fail-if-slower 10
expect_rc 2 "an unreachable gate found after the runs"
expect_contains "$ERR" "monctl: error: --fail-if-slower cannot fail for 'job'" "says so"
expect_not_contains "$ERR" "regression" "and claims no verdict"

# The memory gate the same way.
run "$MONCTL" bench -r 3 -n job true --baseline "$WORK/base3.json" --fail-if-rss-grows 10
expect_rc 2 "--fail-if-rss-grows with 3 runs against 3"
expect_contains "$ERR" "--fail-if-rss-grows cannot fail for 'job'" "names the memory gate"

# Enough runs: the 40x slowdown is found.
run "$MONCTL" bench -r 5 -n job 'sleep 0.04' --baseline "$WORK/base3.json" --fail-if-slower 10
expect_rc 1 "5 runs against 3 can fail, and do"
expect_contains "$ERR" "monctl: regression: 'job' is " "the regression is named"

# A comparison without a gate is only shown: nothing to refuse.
run "$MONCTL" bench -r 3 -n job true --baseline "$WORK/base3.json"
expect_rc 0 "no gate asked for"

finish
