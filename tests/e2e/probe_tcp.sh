# TCP line protocols against a real redis-server on loopback (PING / +PONG), a closed port,
# DNS through /etc/hosts (localhost only: nothing leaves the machine), and Monitoring Plugins
# binaries run through `probe cmd`.
source "$(dirname "$0")/lib.sh"

need redis-server /usr/lib/nagios/plugins/check_dummy /usr/lib/nagios/plugins/check_tcp
port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
CLEANUP+=("kill $!")
wait_port "$port" || exit 1

run "$MONCTL" probe tcp "127.0.0.1:$port" --send 'PING\r\n' --expect '+PONG' --name redis
expect_rc 0 "PING / +PONG"
expect_contains "$OUT" 'got "+PONG"' "the answer"
run "$MONCTL" probe tcp "127.0.0.1:$port" --send 'PING\r\n' --expect '/^\+PO.G/' --name redis --format nagios
expect_rc 0 "regex expectation"
expect_contains "$OUT" "'redis_time'=" "perfdata"
run "$MONCTL" probe tcp "127.0.0.1:$port" --send 'PING\r\n' --expect 'NOPE' --timeout 300ms
expect_rc 2 "wrong answer"
expect_contains "$OUT" 'timed out after 300ms waiting for "NOPE"; got "+PONG\r\n"' "what came instead"
run "$MONCTL" probe tcp "127.0.0.1:$port" --send 'QUIT\r\n' --expect 'NOPE'
expect_rc 2 "closed before the answer"
expect_contains "$OUT" "the connection was closed before" "closed named"
run "$MONCTL" probe tcp "127.0.0.1:$port"
expect_rc 0 "connect only"
closed=$(free_port)
run "$MONCTL" probe tcp "127.0.0.1:$closed"
expect_rc 2 "closed port"
expect_contains "$OUT" "connection refused" "refused named"
run "$MONCTL" probe tcp "127.0.0.1"
expect_rc 3 "no port"
expect_contains "$ERR" "the port is missing" "message"
run "$MONCTL" probe tcp "127.0.0.1:$port" --send 'bad\q'
expect_rc 3 "bad escape"

run "$MONCTL" probe dns localhost --expect 127.0.0.1
expect_rc 0 "localhost resolves"
expect_contains "$OUT" "localhost -> 127.0.0.1" "answer"
run "$MONCTL" probe dns localhost --expect 127.0.0.2
expect_rc 2 "unexpected answer"
expect_contains "$OUT" "localhost resolves to 127.0.0.1, not 127.0.0.2" "message"
run "$MONCTL" probe dns 'not a name'
expect_rc 3 "not a DNS name"

plugins=/usr/lib/nagios/plugins
for code in 0 1 2 3; do
  run "$MONCTL" probe cmd -- "$plugins/check_dummy" "$code" "dummy says $code"
  expect_rc "$code" "check_dummy $code"
  expect_contains "$OUT" "dummy says $code" "its message"
done
run "$MONCTL" probe cmd --format nagios --name redis_plugin -- "$plugins/check_tcp" -H 127.0.0.1 -p "$port"
expect_rc 0 "check_tcp against redis"
expect_contains "$OUT" "MONCTL OK: redis_plugin - TCP OK" "plugin message"
expect_contains "$OUT" "'redis_plugin_time'=" "the plugin's perfdata, prefixed with the probe name"
run "$MONCTL" probe cmd -- "$plugins/check_tcp" -H 127.0.0.1 -p "$closed"
expect_rc 2 "check_tcp against a closed port"
run "$MONCTL" probe cmd -- /nonexistent/plugin
expect_rc 3 "a command that cannot run is UNKNOWN"
run "$MONCTL" probe cmd --timeout 300ms -- sleep 30
expect_rc 2 "a command past its timeout is killed"
expect_contains "$OUT" "timed out after 300ms (killed)" "message"
run "$MONCTL" probe cmd -- sh -c 'echo out of range; exit 7'
expect_rc 3 "exit 7 is UNKNOWN"
expect_contains "$OUT" "exit status 7 (not a plugin status 0-3): out of range" "message"
run "$MONCTL" probe cmd -w 1 -- true
expect_rc 3 "ranges do not apply to cmd"

finish
