#!/usr/bin/env bash
# monctl export on malformed, truncated, huge and hostile input: a clear FILE:LINE:COL message,
# no crash, no hang, every good line still converted; usage errors exit 2.
source "$(dirname "$0")/lib.sh"

printf '# TYPE a gauge\na 1\na{x="1"} oops\na{x="2"} 2\nb{ 3\nc 4\n' >"$WORK/mixed.prom"
run "$MONCTL" export "$WORK/mixed.prom" --from prom --to json
expect_rc 1 "malformed lines make the exit status 1"
expect_contains "$ERR" "$WORK/mixed.prom:3:" "the error names file and line"
expect_contains "$ERR" "$WORK/mixed.prom:5:" "every malformed line is reported"
expect_eq "$(grep -c '"value"' <<<"$OUT")" "3" "the three good samples are still converted"
expect_contains "$OUT" '"name":"c"' "lines after the errors are still read"

# --strict stops at the first error and leaves the output file as it was.
echo "previous" >"$WORK/out.json"
run "$MONCTL" export "$WORK/mixed.prom" --from prom --to json --strict -o "$WORK/out.json"
expect_rc 1 "--strict fails"
expect_eq "$(cat "$WORK/out.json")" "previous" "--strict leaves -o untouched"
expect_eq "$(grep -c "mixed.prom:" <<<"$ERR")" "1" "--strict reports one error"

# Good input replaces -o atomically; no temporary is left behind.
run "$MONCTL" export "$DATA/metrics/web_app.prom" -o "$WORK/out.json" --to json
expect_rc 0 "-o FILE"
expect_contains "$(cat "$WORK/out.json")" '"name":"build_info"' "-o FILE has the output"
expect_eq "$(ls -A "$WORK" | grep -c '\.tmp\.')" "0" "no temporary file is left"

# -o /dev/null as root must not replace the device.
run "$MONCTL" export "$DATA/metrics/web_app.prom" -o /dev/null
expect_rc 0 "-o /dev/null"
expect_eq "$(stat -c %F /dev/null)" "character special file" "/dev/null is still a device"

# A missing output folder, a missing input, a directory as input.
run "$MONCTL" export "$DATA/metrics/web_app.prom" -o "$WORK/no/such/dir/out.prom"
expect_rc 1 "missing output folder"
expect_contains "$ERR" "monctl: error: cannot create a file in the folder of $WORK/no/such/dir/out.prom" "names the output"
run "$MONCTL" export "$WORK/missing.prom"
expect_rc 1 "missing input"
expect_contains "$ERR" "cannot open $WORK/missing.prom: No such file or directory" "names the input"
run "$MONCTL" export "$WORK"
expect_rc 1 "a directory as input"
expect_contains "$ERR" "it is a directory" "says it is a directory"

# Usage errors exit 2.
run "$MONCTL" export --to yaml "$WORK/mixed.prom"
expect_rc 2 "unknown --to"
expect_contains "$ERR" "yaml" "names the bad value"
run "$MONCTL" export --from statsd --to statsd "$WORK/mixed.prom"
expect_rc 2 "statsd cannot be written"
run "$MONCTL" export --bogus
expect_rc 2 "unknown option"
run "$MONCTL" exprot
expect_rc 2 "unknown subcommand"
expect_contains "$ERR" "did you mean 'export'?" "spelling hint"

# A binary file is not metrics: a clear message and no crash.
run "$MONCTL" export /bin/true
expect_rc 1 "a binary file"
expect_contains "$ERR" "/bin/true" "names the file"
expect_not_contains "$ERR" "Segmentation" "no crash"

# A NUL byte inside a line: that line is rejected, the others kept.
printf 'a 1\nb\0 2\nc 3\n' >"$WORK/nul.prom"
run "$MONCTL" export "$WORK/nul.prom" --from prom --to json
expect_rc 1 "NUL byte"
expect_contains "$ERR" "$WORK/nul.prom:2:" "names the NUL line"
expect_eq "$(grep -c '"value"' <<<"$OUT")" "2" "lines around a NUL are kept"

# A 10 MB line between good lines.
{ echo "a 1"; head -c 10000000 /dev/zero | tr '\0' 'x'; echo; echo "c 3"; } >"$WORK/huge.prom"
run "$MONCTL" export "$WORK/huge.prom" --from prom --to json
expect_rc 1 "a 10 MB line"
expect_contains "$ERR" "$WORK/huge.prom:2:" "names the huge line"
expect_contains "$ERR" "longer than" "says it is too long"
expect_eq "$(grep -c '"value"' <<<"$OUT")" "2" "lines around a huge line are kept"

# A truncated last line (no newline): Prometheus rejects it ("unexpected end of input stream"), so do
# we, by name; the lines before it are kept.
printf '# TYPE a gauge\na 1\na{x="y"} 2' >"$WORK/cut.prom"
run "$MONCTL" export "$WORK/cut.prom" --to json
expect_rc 1 "a last line without newline"
expect_contains "$ERR" "$WORK/cut.prom:3:" "names the truncated line"
expect_eq "$(grep -c '"value"' <<<"$OUT")" "1" "the complete lines before it are kept"

# Standard input, empty input.
run bash -c "\"$MONCTL\" export --to json - <\"$DATA/metrics/web_app.prom\""
expect_rc 0 "stdin as -"
expect_contains "$OUT" '"name":"build_info"' "reads stdin"
run bash -c "\"$MONCTL\" export </dev/null"
expect_rc 0 "empty input"
expect_out "" "empty input writes nothing"

# Every option has help.
run "$MONCTL" export --help
expect_rc 0 "--help"
expect_contains "$OUT" "--strict" "help lists options"
run "$MONCTL" --help
expect_contains "$OUT" "export" "monctl --help lists export"
run "$MONCTL" --version
expect_contains "$OUT" "monctl " "--version"

finish
