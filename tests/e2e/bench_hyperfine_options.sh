# What hyperfine users type works with hyperfine's meaning; what we do not support is an error
# naming the option, never a command to benchmark. Durations as timeout(1) takes them; gate
# bounds validated.
source "$(dirname "$0")/lib.sh"
need bash

# -S SHELL takes a value: `-S bash` is the shell, not a command.
run "$MONCTL" bench -r 2 -S bash 'test -n "$BASH_VERSION"'
expect_rc 0 "-S bash runs the command under bash"
expect_contains "$OUT" "run through bash -c" "the shell is named"
run "$MONCTL" bench -r 1 -S bash
expect_rc 2 "-S bash alone: no command"
run "$MONCTL" bench -r 2 --shell=none "sh -c 'exit 0' && true"
expect_rc 0 "--shell=none is -N"
expect_not_contains "$OUT" "subtracted" "no shell calibration"

# --style
run "$MONCTL" bench -r 2 --style none true
expect_rc 0 "--style none"
expect_eq "$OUT" "" "--style none shows nothing"
run "$MONCTL" bench -r 2 --style color true
expect_contains "$OUT" $'\033[' "--style color colours even off a terminal"
run "$MONCTL" bench -r 2 --style basic true
expect_not_contains "$OUT" $'\033[' "--style basic: no colour"
run "$MONCTL" bench -r 2 --style fancy true
expect_rc 2 "an unknown style"
expect_contains "$ERR" "expected auto, basic, full, nocolor, color or none" "lists the styles"

# -u/--time-unit
run "$MONCTL" bench -r 2 -u microsecond true
expect_contains "$OUT" " µs ±" "-u microsecond"
run "$MONCTL" bench -r 2 --time-unit second true
expect_contains "$OUT" " s ±" "--time-unit second"
run "$MONCTL" bench -r 2 -u minute true
expect_rc 2 "an unknown unit"

# --output
run "$MONCTL" bench -r 2 --output pipe "sh -c 'test -p /dev/stdout'"
expect_rc 0 "--output pipe: stdout is a pipe"
run "$MONCTL" bench -r 2 "sh -c 'test -p /dev/stdout'"
expect_rc 3 "by default it is not"
run "$MONCTL" bench -r 3 --output "$WORK/out.txt" 'echo hello'
expect_rc 0 "--output FILE"
expect_eq "$(cat "$WORK/out.txt")" "hello" "FILE holds one run's output (created anew per run)"
run "$MONCTL" bench -r 1 --output inherit 'echo shown'
expect_contains "$OUT" "shown" "--output inherit"

# Markup exports and --sort
run "$MONCTL" bench -r 2 'sleep 0.02' true --export-asciidoc "$WORK/t.adoc" --export-orgmode "$WORK/t.org" \
  --export-markdown "$WORK/t.md" --sort mean-time
expect_rc 0 "AsciiDoc and Org exports"
expect_eq "$(head -n 2 "$WORK/t.adoc")" $'[cols="<,>,>,>,>,>,>"]\n|===' "AsciiDoc table header"
expect_contains "$(cat "$WORK/t.adoc")" '| `sleep 0.02` ' "AsciiDoc command cell"
expect_contains "$(cat "$WORK/t.org")" '|--+--+--+--+--+--+--|' "Org rule"
expect_contains "$(cat "$WORK/t.org")" '| =true= |' "Org command cell"
md=$(cat "$WORK/t.md")
[[ "${md%%sleep 0.02*}" == *'`true`'* ]] && pass || fail "--sort mean-time: the faster first: $md"
run "$MONCTL" bench -r 1 true --sort name
expect_rc 2 "an unknown sort order"

# Options we do not have are errors naming them, never commands.
run "$MONCTL" bench -r 1 --reference true false
expect_rc 2 "an unsupported option"
expect_contains "$ERR" "--reference" "names it"
run "$MONCTL" bench -r 1 -x true
expect_rc 2 "an unknown short option"
expect_contains "$ERR" "-x" "names it"

# Durations as people type them.
for d in 90 1.5s 2m 1m30s; do
  run "$MONCTL" bench -r 1 --timeout "$d" true
  expect_rc 0 "--timeout $d"
done
run "$MONCTL" bench -r 2 --timeout 0.1 -i 'sleep 20'
expect_contains "$ERR" "2 of 2 runs failed (2 timed out)" "--timeout 0.1 (seconds)"
run "$MONCTL" bench -r 1 --timeout soon true
expect_rc 2 "a bad duration"
expect_contains "$ERR" "--timeout" "names the option"

# Gate bounds: negative, NaN, infinite or absurd values are usage errors, printed as typed.
run "$MONCTL" bench -r 3 -n job true --save-baseline "$WORK/b.json"
for v in -5 nan inf 1e400 1e9 5x; do
  run "$MONCTL" bench -r 5 -n job true --baseline "$WORK/b.json" --fail-if-slower "$v"
  expect_rc 2 "--fail-if-slower $v"
  expect_contains "$ERR" "'$v' is not a percentage: expected a number from 0 to 100000" "says what is expected"
  [ ${#ERR} -lt 200 ] && pass || fail "--fail-if-slower $v: message too long: $ERR"
done
run "$MONCTL" bench -r 5 -n job true --baseline "$WORK/b.json" --fail-if-rss-grows -1
expect_rc 2 "--fail-if-rss-grows -1"
run "$MONCTL" bench -r 5 -n job true --baseline "$WORK/b.json" --alpha nan
expect_rc 2 "--alpha nan"
run "$MONCTL" bench -r 5 -n job 'sleep 0.03' --baseline "$WORK/b.json" --fail-if-slower 33.3333333333
expect_rc 1 "a regression against a bound with many digits"
expect_contains "$OUT" "(more than 33.3333%)" "the bound printed with sane precision"

finish
