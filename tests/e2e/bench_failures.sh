# monctl bench when commands fail: a script failing on its 7th run (exit 3, no partial exports),
# --ignore-failure, a command that does not exist (exit 2 before any run).
source "$(dirname "$0")/lib.sh"

cat >"$WORK/flaky.sh" <<SH
#!/bin/sh
# Fails on its 7th invocation, counted in a file.
n=\$(cat "$WORK/count" 2>/dev/null || echo 0)
n=\$((n + 1))
echo \$n >"$WORK/count"
[ \$n -ne 7 ]
SH
chmod +x "$WORK/flaky.sh"

echo old >"$WORK/keep.json"
run "$MONCTL" bench -r 10 "$WORK/flaky.sh" --export-json "$WORK/keep.json" --export-csv "$WORK/r.csv" --save-baseline "$WORK/b.json"
expect_rc 3 "a failing run exits 3"
expect_contains "$ERR" "failed in run 7 (exit status 1)" "names the run and the status"
expect_contains "$ERR" "--ignore-failure" "says how to go on"
expect_eq "$(cat "$WORK/count")" "7" "stopped at the failing run"
expect_eq "$(cat "$WORK/keep.json")" "old" "an existing export file is untouched"
[ ! -e "$WORK/r.csv" ] && [ ! -e "$WORK/b.json" ] && pass || fail "partial export files were left"
leftovers=$(find "$WORK" -name '*.tmp*' -o -name '.*' -type f | grep -v '^$' || true)
expect_eq "$leftovers" "" "no temporary files left"

rm -f "$WORK/count"
run "$MONCTL" bench -r 10 -i "$WORK/flaky.sh" --export-json "$WORK/i.json"
expect_rc 0 "--ignore-failure keeps going"
expect_contains "$ERR" "1 of 10 runs failed" "and reports the failure"
expect_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["exit_codes"])' "$WORK/i.json")" \
  "[0, 0, 0, 0, 0, 0, 1, 0, 0, 0]" "exit codes per run"

# A missing command: exit 2 before anything runs, even the other commands' setup.
run "$MONCTL" bench -r 3 --setup "touch $WORK/setup-ran" true no-such-command-xyz
expect_rc 2 "missing command"
expect_contains "$ERR" "no-such-command-xyz: command not found" "names it"
[ ! -e "$WORK/setup-ran" ] && pass || fail "something ran before the missing command was found"
run "$MONCTL" bench -r 3 "$WORK/not-there.sh"
expect_rc 2 "missing script"
expect_contains "$ERR" "no such executable file" "says why"
printf 'echo hi\n' >"$WORK/noexec.sh"
run "$MONCTL" bench -r 3 "$WORK/noexec.sh"
expect_rc 2 "script that is not executable"

# A killed run counts as a failure too.
run "$MONCTL" bench -r 3 "sh -c 'kill -9 \$\$'"
expect_rc 3 "killed by a signal"
expect_contains "$ERR" "killed by SIGKILL" "names the signal"

# A failing setup.
run "$MONCTL" bench -r 3 --setup false true
expect_rc 3 "failing --setup"
expect_contains "$ERR" "the --setup command 'false'" "names the hook"

finish
