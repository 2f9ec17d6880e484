#!/usr/bin/env bash
# monctl time -f FORMAT, -v and -p speak GNU time's language: the same letters, escapes, listing
# labels and first lines, checked against GNU time itself (/usr/bin/time) for the same commands.
# Fields that differ from run to run (times, memory) are compared by their shape.
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/time ] || skip "GNU time (/usr/bin/time) is not installed (scripts/test installs it)"

# The same format through both; stderr is where both write it.
same() {  # same "FORMAT" CMD...: GNU time's and monctl's outputs are equal
  local format=$1
  shift
  /usr/bin/time -f "$format" "$@" 2>"$WORK/gnu" >/dev/null
  "$MONCTL" time -f "$format" -- "$@" 2>"$WORK/ours" >/dev/null
  expect_eq "$(cat -A "$WORK/ours")" "$(cat -A "$WORK/gnu")" "-f '$format' on $*"
}
same '%x|%C|%Z|%%|%W %X %D %p %K %t %r %s %k' sh -c 'exit 3'
same 'status %x\tcmd %C\n\\done' true
same 'unknown: %q \q' true
same '%x %C' sh -c 'kill -TERM $$'

# Shapes of the measured fields.
run "$MONCTL" time -f '%e|%E|%U|%S|%P|%M|%F|%R|%c|%w|%I|%O' -- true
expect_rc 0 "-f run"
if [[ "$ERR" =~ ^[0-9]+\.[0-9]{2}\|[0-9]+:[0-9]{2}\.[0-9]{2}\|[0-9]+\.[0-9]{2}\|[0-9]+\.[0-9]{2}\|([0-9]+|\?)%\|[1-9][0-9]*(\|[0-9]+){6}$ ]]; then
  pass
else
  fail "-f fields have GNU time's shapes: «$ERR»"
fi

# -v: GNU time's labels, in its order, and the failed-run first line.
/usr/bin/time -v sh -c 'exit 2' 2>"$WORK/gnu"
"$MONCTL" time -v -- sh -c 'exit 2' 2>"$WORK/ours"
expect_eq "$(sed 's/: .*//' "$WORK/ours")" "$(sed 's/: .*//' "$WORK/gnu")" "-v labels"
expect_eq "$(grep -E 'Command being timed|Exit status|Page size' "$WORK/ours")" \
  "$(grep -E 'Command being timed|Exit status|Page size' "$WORK/gnu")" "-v fixed values"
expect_eq "$(head -n 1 "$WORK/ours")" "Command exited with non-zero status 2" "-v first line"

# -p: POSIX lines.
run "$MONCTL" time -p -- true
if [[ "$ERR" =~ ^real\ [0-9]+\.[0-9]{2}$'\n'user\ [0-9]+\.[0-9]{2}$'\n'sys\ [0-9]+\.[0-9]{2}$ ]]; then pass; else fail "-p: «$ERR»"; fi

# -o FILE takes the GNU report too; the exit status stays the job's.
run "$MONCTL" time -f '%x %C' -o "$WORK/report" -- sh -c 'exit 4'
expect_rc 4 "-f with -o"
expect_eq "$(cat "$WORK/report")" $'Command exited with non-zero status 4\n4 sh -c exit 4' "-f report in the file"
expect_eq "$ERR" "" "nothing on stderr with -o"

# Only one of them, and not with --format.
run "$MONCTL" time -v -p -- true
expect_rc 2 "-v with -p"
run "$MONCTL" time -f %e --format csv -- true
expect_rc 2 "-f with --format"
expect_contains "$ERR" "give one of them" "the conflict is said"
finish
