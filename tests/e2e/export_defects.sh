#!/usr/bin/env bash
# monctl export, the defects of issue 8: StatsD duplicate series, several inputs with a bad one
# among them, -o left untouched when nothing converted, -o through a symbolic link, CSV told by
# header and name, OpenMetrics output that our strict reader accepts, death by SIGPIPE.
source "$(dirname "$0")/lib.sh"

# StatsD: one sample per series, whatever the number of lines.
run bash -c "printf 'req:1|c\nreq:2|c\nreq:1|c|@0.5\n' | '$MONCTL' export"
expect_rc 0 "statsd converts"
expect_out $'# TYPE req_total counter\nreq_total 5' "statsd counters are summed (a line at @0.5 counts twice)"
run bash -c "printf 'a 1\na 2\n' | '$MONCTL' export"
expect_contains "$ERR" "<stdin>:2:1: warning: duplicate series: a already appeared" "a duplicate series is warned about"

# Several inputs, one missing: the others are still converted, the status is 1.
printf 'a 1\n' >"$WORK/a.prom"
printf 'z 26\n' >"$WORK/z.prom"
run "$MONCTL" export "$WORK/a.prom" "$WORK/missing.prom" "$WORK/z.prom"
expect_rc 1 "a missing input makes the status 1"
expect_out $'a 1\nz 26' "the inputs after the missing one are converted"
expect_contains "$ERR" "cannot open $WORK/missing.prom" "the missing input is named"
printf '\x00\x01binary\n' >"$WORK/bin.prom"
run "$MONCTL" export "$WORK/bin.prom" "$WORK/z.prom"
expect_rc 1 "an unreadable input makes the status 1"
expect_out 'z 26' "an input after an unrecognisable one is converted"

# Nothing converted: -o keeps the previous file.
printf 'good 1\n' >"$WORK/good.prom"
run bash -c "printf '<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n' | '$MONCTL' export -o '$WORK/good.prom'"
expect_rc 1 "an HTML page converts nothing"
expect_eq "$(cat "$WORK/good.prom")" "good 1" "-o is left as it was"
expect_contains "$ERR" "nothing was converted" "and it says so"
run "$MONCTL" export "$WORK/missing.prom" -o "$WORK/good.prom"
expect_rc 1 "only a missing input"
expect_eq "$(cat "$WORK/good.prom")" "good 1" "-o is left as it was after a missing input"

# -o onto a symbolic link: the link stays, its target gets the content, replaced in its own
# folder (on another file system than the link, a temporary beside the link could not be renamed).
target_dir=$(mktemp -d /dev/shm/monctl-e2e.XXXXXX 2>/dev/null || mktemp -d "$WORK/t.XXXXXX")
CLEANUP+=("rm -rf '$target_dir'")
printf 'old 1\n' >"$target_dir/metrics.prom"
ln -s "$target_dir/metrics.prom" "$WORK/link.prom"
run "$MONCTL" export "$WORK/z.prom" -o "$WORK/link.prom"
expect_rc 0 "-o through a link"
if [ -L "$WORK/link.prom" ]; then pass; else fail "the link was replaced by a regular file"; fi
expect_eq "$(cat "$target_dir/metrics.prom")" "z 26" "the link's target has the new content"
expect_eq "$(ls -A "$target_dir")" "metrics.prom" "no temporary file is left beside the target"
expect_eq "$(ls -A "$WORK" | grep -c '^\.link\|^link.prom.')" "0" "no temporary file is left beside the link"
if [ "$(stat -c %d "$target_dir")" != "$(stat -c %d "$WORK")" ]; then pass; else echo "note: link and target on one file system"; fi

# CSV told by its header in any order, and by its name.
printf 'value,name\n3,foo\n' >"$WORK/odd.txt"
run "$MONCTL" export "$WORK/odd.txt"
expect_rc 0 "a CSV header in another order is CSV"
expect_out 'foo 3' "its columns are read by name"
printf 'foo 1\n' >"$WORK/header-less.csv"
run "$MONCTL" export "$WORK/header-less.csv"
expect_rc 1 "a .csv file is read as CSV"
expect_contains "$ERR" "expected a header row" "and a missing header is said"

# OpenMetrics output: several inputs repeating families, a negative counter, a histogram without
# +Inf -- our own --strict reader accepts what the writer made of them.
printf '# TYPE c counter\nc_total{i="1"} -1\nc_total{i="2"} 4\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 2\nh_count 3\nup 1\n' >"$WORK/one.prom"
printf '# TYPE c counter\nc_total{i="3"} 5\nup{job="x"} 1\n' >"$WORK/two.prom"
run "$MONCTL" export --from prom "$WORK/one.prom" "$WORK/two.prom" "$WORK/one.prom" --to openmetrics -o "$WORK/out.om"
expect_rc 0 "the OpenMetrics writer repairs or drops"
expect_contains "$ERR" "openmetrics: dropped counter samples that are negative or NaN" "a dropped sample is reported"
run "$MONCTL" export --from openmetrics --strict "$WORK/out.om"
expect_rc 0 "our strict reader accepts the output"
expect_eq "$(grep -c '^# TYPE c counter' "$WORK/out.om")" "1" "a family reappearing is grouped"
expect_contains "$(cat "$WORK/out.om")" 'h_bucket{le="+Inf"} 3' "the +Inf bucket is added from _count"

# | head: dies by SIGPIPE silently, even when started with SIGPIPE ignored.
seq 1 200000 | awk '{ print "m{i=\"" $1 "\"} " $1 }' >"$WORK/big.prom"
for ignore in "" "trap '' PIPE;"; do
  run bash -c "$ignore set -o pipefail; '$MONCTL' export '$WORK/big.prom' | head -n 1; echo \"status \${PIPESTATUS[0]}\" >&2"
  expect_contains "$ERR" "status 141" "export dies by SIGPIPE ${ignore:+(SIGPIPE ignored by the parent)}"
  expect_not_contains "$ERR" "cannot write" "no write error is printed ${ignore:+(SIGPIPE ignored by the parent)}"
  expect_out 'm{i="1"} 1' "the first line arrives"
done

finish
