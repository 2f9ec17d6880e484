# monctl probe http against a real loopback HTTP server (tests/e2e/servers/http_server.py):
# status codes, slow answers against a threshold, redirects, body and header expectations,
# refused and reset connections, timeouts, retries, usage errors (UNKNOWN = 3).
source "$(dirname "$0")/lib.sh"
need python3

start_http_server || exit 1
port=$PORT
base=http://127.0.0.1:$port

run "$MONCTL" probe http "$base/fast" --name fast
expect_rc 0 "fast"
expect_contains "$OUT" "OK        fast" "text row"
expect_contains "$OUT" "HTTP 200, 3 bytes in" "message"
expect_not_contains "$OUT" $'\033[' "no colour off a terminal"

run "$MONCTL" probe http "$base/fast" --name fast --format nagios -w 5 -c 10
expect_rc 0 "nagios"
expect_contains "$OUT" "MONCTL OK: fast - HTTP 200" "plugin line"
expect_contains "$OUT" "| 'fast_time'=" "perfdata label"
expect_contains "$OUT" "s;5;10;0;" "perfdata thresholds and min"

# The slow path answers after 1 s: a 0.2 s critical threshold is breached with a 5x margin.
run "$MONCTL" probe http "$base/slow" --name slow -c 0.2 -w 0.1
expect_rc 2 "slow endpoint breaches -c 0.2"
expect_contains "$OUT" "(critical: " "the message names the verdict"
expect_contains "$OUT" " s above 0.2)" "the message says how the value breaks the range"
run "$MONCTL" probe http "$base/slow" --name slow -w 0.2
expect_rc 1 "slow endpoint breaches -w 0.2 only"

run "$MONCTL" probe http "$base/404"
expect_rc 2 "404"
expect_contains "$OUT" "HTTP 404 (expected 200-399)" "404 message"
run "$MONCTL" probe http "$base/404" --expect-status 404
expect_rc 0 "404 expected"
run "$MONCTL" probe http "$base/500" --expect-status 200,301-302
expect_rc 2 "500"
expect_contains "$OUT" "HTTP 500 (expected 200,301-302)" "500 message"

run "$MONCTL" probe http "$base/redirect" --expect-status 200
expect_rc 2 "redirect not followed"
expect_contains "$OUT" "HTTP 302 (expected 200) to /fast" "redirect target named"
run "$MONCTL" probe http "$base/redirect" --expect-status 200 --follow --format json
expect_rc 0 "redirect followed"
expect_contains "$OUT" '"name": "probe_http_redirects"' "redirect metric"
expect_contains "$OUT" "1 redirect" "redirect counted"
run "$MONCTL" probe http "$base/loop" --follow
expect_rc 2 "redirect loop"
expect_contains "$OUT" "too many redirects" "loop named"

run "$MONCTL" probe http "$base/json" --expect-body '"status": "up"'
expect_rc 0 "body matches"
run "$MONCTL" probe http "$base/json" --expect-body '"status": "down"'
expect_rc 2 "body does not match"
expect_contains "$OUT" 'the body does not match' "body message"
run "$MONCTL" probe http "$base/json" --reject-body 'up'
expect_rc 2 "rejected body"
expect_contains "$OUT" 'matches the rejected' "reject message"
expect_not_contains "$OUT" 'version' "the body is never printed"

run "$MONCTL" probe http "$base/headers" --expect-header 'X-Monctl-Test:^hello'
expect_rc 0 "header matches"
run "$MONCTL" probe http "$base/headers" --expect-header 'x-monctl-test:^bye'
expect_rc 2 "header does not match"
expect_contains "$OUT" 'header x-monctl-test "hello world" does not match' "header message"
run "$MONCTL" probe http "$base/fast" --expect-header 'X-Missing:.'
expect_rc 2 "header missing"

printf 'from a file' >"$WORK/body"
run "$MONCTL" probe http "$base/echo" --method PUT --body "@$WORK/body" --expect-body '^PUT from a file$'
expect_rc 0 "method and body from a file"
run "$MONCTL" probe http "$base/echo" --body hello --header 'X-A: b' --expect-body '^POST hello$'
expect_rc 0 "a body means POST"

run "$MONCTL" probe http "$base/big" --format json
expect_rc 0 "big body, cut at the limit"
expect_contains "$OUT" '1048576+ bytes' "the body limit"

closed=$(free_port)
run "$MONCTL" probe http "http://127.0.0.1:$closed/"
expect_rc 2 "closed port"
expect_contains "$OUT" "connection refused" "refused named"
run "$MONCTL" probe http "$base/reset"
expect_rc 2 "reset"
expect_contains "$OUT" "reset" "reset named"
run "$MONCTL" probe http "$base/slow" --timeout 200ms
expect_rc 2 "timeout"
expect_contains "$OUT" "timed out" "timeout named"

run "$MONCTL" probe http "http://127.0.0.1:$closed/" --retries 2 --format json
expect_rc 2 "retried"
expect_contains "$OUT" '"attempts": 3' "attempts reported"

# Bad input: UNKNOWN (3) with a clear message, nothing probed.
run "$MONCTL" probe http "htp://x/"
expect_rc 3 "not a URL"
expect_contains "$ERR" '"htp://x/" is not an http:// or https:// URL' "URL message"
run "$MONCTL" probe http "http://127.0.0.1:70000/"
expect_rc 3 "port out of range"
expect_contains "$ERR" "the port 70000 is out of range (1-65535)" "port message"
run "$MONCTL" probe http "$base/fast" -w 10:5
expect_rc 3 "bad range"
expect_contains "$ERR" 'invalid range "10:5"' "range message"
run "$MONCTL" probe http "$base/fast" --expect-body '('
expect_rc 3 "bad regex"
run "$MONCTL" probe smtp x
expect_rc 3 "unknown probe type"
run "$MONCTL" probe
expect_rc 3 "nothing to probe"
expect_contains "$ERR" "nothing to probe" "message"
run "$MONCTL" probe http --help
expect_rc 0 "--help"
expect_contains "$OUT" "--expect-status" "http options listed"

# Only the network probes load libcurl.
LD_DEBUG=files "$MONCTL" probe load >/dev/null 2>"$WORK/ld"
expect_not_contains "$(cat "$WORK/ld")" "libcurl" "a host check never loads libcurl"
LD_DEBUG=files "$MONCTL" probe http "$base/fast" >/dev/null 2>"$WORK/ld"
expect_contains "$(cat "$WORK/ld")" "libcurl" "an HTTP probe loads it"

finish
