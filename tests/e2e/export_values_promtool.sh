#!/usr/bin/env bash
# Sample values and label escapes as promtool reads them: monctl export accepts exactly what
# `promtool check metrics` parses (hex, overflow, signed NaN and unknown escapes are errors).
source "$(dirname "$0")/lib.sh"
need promtool

for line in 'a 1e400' 'a -1e400' 'a 0x1F' 'a 0x1p4' 'a 1_0' 'a +nan' 'a{x="\q"} 1' 'a{x="\t"} 1' \
            'a 1e-400' 'a +inf' 'a -Inf' 'a nan' 'a Infinity' 'a .5' 'a 5.' 'a{x="\\ \" \n"} 1'; do
  printf '%s\n' "$line" >"$WORK/in.prom"
  promtool check metrics <"$WORK/in.prom" >/dev/null 2>"$WORK/pt.err"
  pt=$?
  grep -q 'parsing error' "$WORK/pt.err" && want=1 || want=0
  [ "$pt" -eq 1 ] && [ "$want" -eq 0 ] && want=1  # any other promtool error counts as a rejection too
  run "$MONCTL" export --from prom "$WORK/in.prom"
  expect_eq "$RC" "$want" "monctl and promtool agree on «$line» (promtool exit $pt)"
done

finish
