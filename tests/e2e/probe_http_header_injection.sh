#!/usr/bin/env bash
# A request header, method or URL with a CR or LF in it is refused before anything is sent (exit
# 3, UNKNOWN), from the command line and from a configuration file, and a real loopback server
# receives no injected header line. The server logs each request before answering it, so once a
# run has its answer the log holds everything that run sent: no waiting on time.
source "$(dirname "$0")/lib.sh"
need python3

log=$WORK/requests.log
start_http_server --log "$log" || exit 1
port=$PORT
base="http://127.0.0.1:$port"

# refused WHAT ARGS...: the probe exits 3 and names the carriage return or line feed.
refused() {
  local what=$1
  shift
  run "$MONCTL" probe "$@"
  expect_rc 3 "$what"
  expect_contains "$ERR" "a value sent in a protocol line must be one line" "$what: the reason"
}
refused "CR LF in a header value" http "$base/fast" --header $'X-Monctl: v\r\nX-Evil: 1'
refused "LF alone in a header value" http "$base/fast" --header $'X-Monctl: v\nX-Evil: 1'
refused "CR LF in the URL" http "$base/fast"$'\r\nX-Evil: 1'
refused "CR LF in the method" http "$base/fast" --method $'GET /fast HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET'
printf 'probes:\n  - {name: api, type: http, url: "%s/fast", headers: {X-Monctl: "v\\r\\nX-Evil: 1"}}\n' "$base" \
  >"$WORK/probes.yaml"
run "$MONCTL" probe --config "$WORK/probes.yaml"
expect_rc 3 "CR LF in a configured header"
expect_contains "$ERR" "$WORK/probes.yaml:2:" "the configured header is refused at its line"

# The same header with a clean value reaches the server, as given: the log works, and it is
# complete once this answer is in.
run "$MONCTL" probe http "$base/fast" --header 'X-Monctl: clean'
expect_rc 0 "a clean header is sent"
expect_eq "$(grep -cx 'X-Monctl: clean' "$log")" "1" "the server received the clean header"
expect_eq "$(grep -c '^GET ' "$log")" "1" "only the clean run reached the server"
expect_not_contains "$(cat "$log")" "X-Evil" "no injected header arrived"
finish
