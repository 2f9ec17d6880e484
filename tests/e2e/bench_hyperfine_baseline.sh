# A baseline written by the real hyperfine (--export-json) gates monctl bench. Skipped visibly when
# hyperfine is missing (scripts/test installs it).
source "$(dirname "$0")/lib.sh"
need hyperfine

(cd "$WORK" && hyperfine -N --runs 20 --export-json hf.json -n job true >/dev/null 2>&1)
run "$MONCTL" bench -r 20 -n job 'sleep 0.2' --baseline "$WORK/hf.json" --fail-if-slower 10
expect_rc 1 "hyperfine baseline: regression found"
expect_contains "$OUT" "(hyperfine export)" "hyperfine baseline recognised"
run "$MONCTL" bench -r 5 true --baseline "$WORK/hf.json"
expect_rc 2 "hyperfine baseline lacking the command"
expect_contains "$ERR" "$WORK/hf.json: no baseline for 'true' (it has 'job')" "names the file and what is missing"

# A hyperfine parameter scan: its entries carry "parameters" and are matched by them.
(cd "$WORK" && hyperfine -N --runs 10 --export-json scan.json -n s -L x 0.001,0.05 'sleep {x}' >/dev/null 2>&1)
run "$MONCTL" bench -r 10 -n s 'sleep {x}' -L x 0.001,0.05 --baseline "$WORK/scan.json" --fail-if-slower 50
expect_rc 0 "each value against hyperfine's entry for that value"

finish
