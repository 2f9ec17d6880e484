#!/usr/bin/env bash
# Every man page lints clean (mandoc -T lint, style notes included: only cross-references to
# pages this machine has not installed, monctl's own among them, are let through) and renders
# without mdoc leaking through as text.
source "$(dirname "$0")/lib.sh"
: "${MONCTL_SOURCE_DIR:?}"
need mandoc

run mandoc -T lint -W warning "$MONCTL_SOURCE_DIR"/man/*.1
expect_rc 0 "man pages lint clean"
expect_out "" "mandoc has no findings"
run mandoc -T lint -W style "$MONCTL_SOURCE_DIR"/man/*.1
expect_eq "$(grep -v -e 'referenced manual not found' -e 'mandoc.db' <<<"$OUT$ERR")" "" "mandoc has no style notes"
for page in "$MONCTL_SOURCE_DIR"/man/*.1; do
  run mandoc -T utf8 "$page"
  expect_rc 0 "$(basename "$page") renders"
  # A macro that was not understood shows up as a line starting with a dot, or as a bare macro name.
  expect_eq "$(grep -cE '^[[:space:]]*\.[A-Z][a-z]' <<<"$OUT")" "0" "$(basename "$page"): no macro leaks into the text"
done
finish
