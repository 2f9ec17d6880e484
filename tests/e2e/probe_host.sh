# Host checks on this machine: disk, memory, load, file and process. The values vary, so the
# tests force each verdict with ranges that must (or cannot) alert.
source "$(dirname "$0")/lib.sh"

run "$MONCTL" probe disk / --format json
expect_rc 0 "disk /"
expect_contains "$OUT" '"unit": "%"' "percent used"
expect_contains "$OUT" '"name": "monctl_probe_disk_free_bytes"' "free bytes"
run "$MONCTL" probe disk / -c @0:100
expect_rc 2 "a range covering every percentage: CRITICAL"
expect_contains "$OUT" "% used" "message"
run "$MONCTL" probe disk / -w @0:100 -c 101:
expect_rc 2 "critical checked before warning"
run "$MONCTL" probe disk / -w @0:100
expect_rc 1 "warning"
run "$MONCTL" probe disk /nonexistent/path
expect_rc 2 "missing path"
expect_contains "$OUT" "No such file or directory" "message"

run "$MONCTL" probe memory --format nagios
expect_rc 0 "memory"
expect_contains "$OUT" "'memory_used'=" "perfdata"
expect_contains "$OUT" "%;;;0;100" "percent with min and max"
run "$MONCTL" probe memory -c @0:100
expect_rc 2 "memory CRITICAL by range"

run "$MONCTL" probe load --format prom
expect_rc 0 "load"
expect_contains "$OUT" 'monctl_probe_load_per_core{probe="load",window="5m"}' "per-core load"
run "$MONCTL" probe load -w @0:1000000
expect_rc 1 "load WARNING by range"

printf '0123456789' >"$WORK/f"
run "$MONCTL" probe file "$WORK/f" --max-age 1h --min-size 5 --max-size 20
expect_rc 0 "fresh file of the right size"
expect_contains "$OUT" "10 bytes, modified" "message"
touch -d '2 hours ago' "$WORK/f"
run "$MONCTL" probe file "$WORK/f" --max-age 1h
expect_rc 2 "older than --max-age"
expect_contains "$OUT" "(older than 1h)" "message"
run "$MONCTL" probe file "$WORK/f" -w 3600 -c 86400
expect_rc 1 "age thresholds in seconds"
run "$MONCTL" probe file "$WORK/f" --min-size 11
expect_rc 2 "too small"
run "$MONCTL" probe file "$WORK/f" --max-size 9
expect_rc 2 "too large"
run "$MONCTL" probe file "$WORK/missing"
expect_rc 2 "missing file"
run "$MONCTL" probe file "$WORK/f" --max-age 1x
expect_rc 3 "bad duration"

cp "$(command -v sleep)" "$WORK/monctl-sleeper"
"$WORK/monctl-sleeper" 300 &
CLEANUP+=("kill $!")
"$WORK/monctl-sleeper" 300 &
CLEANUP+=("kill $!")
run "$MONCTL" probe process monctl-sleeper --format json
expect_rc 0 "two processes"
expect_contains "$OUT" '"value": 2.0' "count"
run "$MONCTL" probe process monctl-sleeper -c 3:
expect_rc 2 "fewer than 3"
run "$MONCTL" probe process monctl-no-such-process
expect_rc 2 "none: CRITICAL by default"
expect_contains "$OUT" "0 processes named monctl-no-such-process" "message"

finish
