#!/usr/bin/env bash
# monctl watch --follow: a file that appears later, grows, is rotated and is truncated is read
# like one stream (as tail -F does), and SIGTERM flushes the window held.
source "$(dirname "$0")/lib.sh"

t=1764700000  # a multiple of 10 s
line() { printf 'hits_total %s %s000\n' "$1" "$((t + $2))"; }

log=$WORK/app.prom
"$MONCTL" watch --follow --window 10s "$log" >"$WORK/out" 2>"$WORK/err" &
pid=$!
CLEANUP+=("kill $pid 2>/dev/null")

# The file appears after monctl started.
{ line 1 0; line 2 1; line 3 2; line 4 11; } >"$log"
wait_for "$WORK/out" '"start":"2025-12-02T18:26:40.000Z"'
expect_eq "$?" "0" "a file that appears later is read"
expect_contains "$(cat "$WORK/out")" '"count":3' "the first window holds its three samples"

# Growth, then rotation: the rest of the old file and the new file are one stream. (The new
# file is padded so that the truncation below makes it shorter than what was read of it.)
{ line 5 12; line 6 13; } >>"$log"
mv "$log" "$log.1"
{ line 7 14; printf '# %0300d\n' 0; line 8 21; } >"$log"
wait_for "$WORK/out" '"start":"2025-12-02T18:26:50.000Z"'
expect_eq "$?" "0" "a rotated file is followed into its successor"
expect_contains "$(sed -n 2p "$WORK/out")" '"count":4' "the window spans the rotation: 4, 5, 6, 7"
expect_contains "$(sed -n 2p "$WORK/out")" '"last":7' "and ends with the new file's first sample"

# Truncation: what was there is forgotten, the file is read again from its start.
: >"$log"
{ line 9 22; line 10 31; } >>"$log"
wait_for "$WORK/out" '"start":"2025-12-02T18:27:00.000Z"'
expect_eq "$?" "0" "a truncated file is read again from its start"
expect_contains "$(sed -n 3p "$WORK/out")" '"count":2' "8 and 9 in the third window"

# SIGTERM writes the window held (10 at +31 s) and exits 0.
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" "0" "SIGTERM: exit 0"
expect_contains "$(sed -n 4p "$WORK/out")" '"first":10' "SIGTERM flushes the open window"
expect_eq "$(cat "$WORK/err")" "" "nothing on stderr"

run "$MONCTL" watch --follow --once "$log"
expect_rc 2 "--follow with --once is a usage error"
finish
