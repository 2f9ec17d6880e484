#!/usr/bin/env bash
# monctl watch --listen: a StatsD server on loopback. Real datagrams, several metrics a packet:
# counters summed with their sample rates, gauge deltas, timers, sets, tags as labels; a
# malformed line reported at its packet while the good ones count; SIGTERM flushes; bind
# conflicts and usage errors.
source "$(dirname "$0")/lib.sh"
need python3

# udp_send HOST PORT DATAGRAM...: one datagram per argument, in order, from one socket.
udp_send() {
  python3 - "$@" <<'PY'
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
for d in sys.argv[3:]:
    s.sendto(d.encode(), (host, port))
PY
}
# udp_port: a UDP port on 127.0.0.1 nobody has bound now.
udp_port() {
  python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# await_bound PORT: until a UDP socket is bound to PORT (IPv4 or IPv6), as /proc/net/udp* show it.
await_bound() {
  local hex i
  hex=$(printf '%04X' "$1")
  for ((i = 0; i < 3000; i++)); do
    awk -v p=":$hex" '$2 ~ p"$" {found = 1} END {exit !found}' /proc/net/udp /proc/net/udp6 2>/dev/null && return 0
    sleep 0.01
  done
  echo "nothing bound UDP port $1" >&2
  return 1
}
# The receiver's poll(2) as /proc/PID/syscall shows it: poll on x86-64, ppoll (glibc's poll) on arm64.
case $(uname -m) in aarch64) poll_nr=73 ;; *) poll_nr=7 ;; esac
# await_drained PID PORT: until the socket on PORT has nothing queued and PID's main thread (the
# receiver) waits in poll(2) again, so that every datagram sent before has been handled.
await_drained() {
  local pid=$1 hex i call queued
  hex=$(printf '%04X' "$2")
  for ((i = 0; i < 3000; i++)); do
    # Every socket on the port (one per address family): "0" when none has a datagram queued.
    queued=$(awk -v p=":$hex" '$2 ~ p"$" {n++; split($5, q, ":"); if (q[2] != "00000000") busy = 1} END {print (n && !busy) ? 0 : 1}' /proc/net/udp /proc/net/udp6 2>/dev/null)
    read -r call <"/proc/$pid/syscall" 2>/dev/null || call=
    if [ "$queued" = "0" ] && [[ $call == "$poll_nr "* ]]; then return 0; fi
    sleep 0.01
  done
  echo "process $pid did not drain UDP port $2" >&2
  return 1
}

# Windows of 200 ms: the datagrams may fall into several, so the totals are summed over all of
# them. The last datagram ("done") comes after the others on the same socket: once its window
# is written, every earlier one has been counted.
port=$(udp_port)
"$MONCTL" watch --listen "udp://127.0.0.1:$port" -w 200ms >"$WORK/out" 2>"$WORK/err" &
pid=$!
CLEANUP+=("kill $pid 2>/dev/null")
await_bound "$port"
udp_send 127.0.0.1 "$port" \
  $'req:1|c|#route:/a\nreq:2|c|@0.5|#route:/a\ntemp:10|g\napi.latency_ms:320|ms|#env:prod,host:web-1\nusers:alice|s' \
  $'req:3|c|#route:/a\ntemp:+5|g\nreq:7|c|#route:/b\nsize:40|h|@0.25\nbroken line\ntemp:-20|g\n' \
  $'api.latency_ms:100|ms|#env:prod,host:web-1\nusers:bob|s\nusers:alice|s\r\n' \
  'done:1|g'
wait_for "$WORK/out" '"name":"done"'
expect_eq "$?" "0" "the last datagram's window is written"
python3 - "$WORK/out" >"$WORK/check" 2>&1 <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
def series(name, **labels):
    return [r for r in recs if r["name"] == name and r["labels"] == labels]
ok = True
def check(what, got, want):
    global ok
    if got != want:
        ok = False
        print("FAIL %s: got %r, expected %r" % (what, got, want))
a = series("req_total", route="/a")
check("req_total{route=/a} increase: 1 + 2/0.5 + 3", sum(r["increase"] for r in a), 8)
check("its last value is the running total", a[-1]["last"], 8)
check("its lines", sum(r["count"] for r in a), 3)
check("req_total{route=/b} increase", sum(r["increase"] for r in series("req_total", route="/b")), 7)
t = series("temp")
check("gauge: 10, +5, -20", t[-1]["last"], -5)
check("gauge values seen", sum(r["count"] for r in t), 3)
l = series("api_latency_seconds", env="prod", host="web-1")
check("timer observations (tags as labels)", sum(r["count"] for r in l), 2)
check("timer in seconds", round(sum(r["sum"] for r in l), 9), 0.42)
check("timer max", max(r["max"] for r in l), 0.32)
h = series("size")
check("a histogram sampled @0.25 counts 4 times", sum(r["count"] for r in h), 4)
check("its sum", sum(r["sum"] for r in h), 160)
check("set: alice, bob, alice", series("users")[-1]["last"], 2)
print("ok" if ok else "bad")
PY
expect_eq "$(tail -n 1 "$WORK/check")" "ok" "StatsD over UDP: $(cat "$WORK/check")"
expect_contains "$(cat "$WORK/err")" "udp://127.0.0.1:$port packet 2:5:12: expected ':' after the metric name" \
  "a malformed line is reported at its packet, line and column"

# SIGTERM: the window held is written, the summary tells what was received, exit 0.
await_caught "$pid" 15
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" "0" "SIGTERM: exit 0"
expect_contains "$(cat "$WORK/err")" "monctl: udp://127.0.0.1:$port: 4 packet(s) received, 15 metric line(s), 1 malformed, 0 dropped by the kernel" \
  "the summary counts packets, lines, malformed lines and the kernel's drops"

# A long window is flushed by SIGTERM (the datagrams known handled first); IPv4 and IPv6 at once.
port=$(udp_port)
addresses=(--listen "udp://127.0.0.1:$port")
have_v6=0
if grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null; then
  have_v6=1
  addresses+=(--listen "udp://[::1]:$port")
fi
"$MONCTL" watch "${addresses[@]}" -w 1h >"$WORK/out" 2>"$WORK/err" &
pid=$!
CLEANUP+=("kill $pid 2>/dev/null")
await_bound "$port"
await_caught "$pid" 15
udp_send 127.0.0.1 "$port" $'hits:2|c\nhits:3|c'
[ $have_v6 -eq 1 ] && udp_send ::1 "$port" 'hits:5|c'
await_drained "$pid" "$port"
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" "0" "SIGTERM with a window of an hour held: exit 0"
want=$((5 + 5 * have_v6))
expect_contains "$(cat "$WORK/out")" "\"name\":\"hits_total\"" "SIGTERM flushes the open window"
expect_contains "$(cat "$WORK/out")" "\"last\":$want," "every datagram counted, from each address"
expect_contains "$(cat "$WORK/out")" "\"increase\":$want," "the increase is the sum of the increments"
[ $have_v6 -eq 1 ] && expect_contains "$(cat "$WORK/err")" "monctl: udp://[::1]:$port: 1 packet(s) received" "the IPv6 address has its summary"

# Drops: while the server is stopped its socket's buffer fills and the kernel drops the rest;
# once it runs again every datagram sent is either counted or reported dropped.
port=$(udp_port)
"$MONCTL" watch --listen "udp://127.0.0.1:$port" -w 1h >"$WORK/out" 2>"$WORK/err" &
pid=$!
CLEANUP+=("kill -CONT $pid 2>/dev/null; kill $pid 2>/dev/null")
await_bound "$port"
await_caught "$pid" 15
kill -STOP "$pid"
python3 - "$port" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(200000):
    s.sendto(b"d:1|c", ("127.0.0.1", int(sys.argv[1])))
PY
kill -CONT "$pid"
await_drained "$pid" "$port"
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" "0" "SIGTERM after drops: exit 0"
python3 - "$WORK/out" "$WORK/err" >"$WORK/check" 2>&1 <<'PY'
import json, re, sys
err = open(sys.argv[2]).read()
m = re.search(r"(\d+) packet\(s\) received, (\d+) metric line\(s\), (\d+) malformed, (\d+) dropped by the kernel", err)
received, lines, bad, dropped = (int(x) for x in m.groups())
counted = sum(json.loads(l)["increase"] for l in open(sys.argv[1]) if '"d_total"' in l)
problems = []
if dropped == 0: problems.append("no drops seen")
if received + dropped != 200000: problems.append("received %d + dropped %d != 200000" % (received, dropped))
if counted != received: problems.append("counted %s, received %d" % (counted, received))
if "packet(s) lost: the socket's receive buffer" not in err: problems.append("no warning")
print("; ".join(problems) or "ok")
PY
expect_eq "$(cat "$WORK/check")" "ok" "the kernel's drops are counted and warned of"

# --count ends the server as well.
port=$(udp_port)
"$MONCTL" watch --listen "udp://127.0.0.1:$port" -w 100ms --count 1 --format prom >"$WORK/out" 2>"$WORK/err" &
pid=$!
CLEANUP+=("kill $pid 2>/dev/null")
await_bound "$port"
udp_send 127.0.0.1 "$port" 'q:1|g'
wait "$pid"
expect_eq "$?" "0" "--count 1: exit 0 after one window"
expect_contains "$(cat "$WORK/out")" 'q_count' "the window in the format asked"

# Bind errors name the address: a port taken, a host that does not resolve.
port=$(udp_port)
"$MONCTL" watch --listen "udp://127.0.0.1:$port" >/dev/null 2>&1 &
first=$!
CLEANUP+=("kill $first 2>/dev/null")
await_bound "$port"
run "$MONCTL" watch --listen "udp://127.0.0.1:$port"
expect_rc 1 "a port in use"
expect_contains "$ERR" "udp://127.0.0.1:$port: cannot bind: Address already in use" "the address and why"
kill "$first"
run "$MONCTL" watch --listen "udp://no-such-host.invalid:$port"
expect_rc 1 "a host that does not resolve"
expect_contains "$ERR" "udp://no-such-host.invalid:$port: cannot resolve host" "names the address"

# Usage errors: exit 2.
echo 'x:1|c' >"$WORK/in.statsd"
for args in "$WORK/in.statsd" --follow --system --once "--from prom"; do
  # shellcheck disable=SC2086
  run "$MONCTL" watch --listen udp://127.0.0.1:8125 $args
  expect_rc 2 "--listen with $args"
done
expect_contains "$ERR" "--listen reads StatsD, not --from prom" "the message says why"
for bad in tcp://127.0.0.1:8125 udp://127.0.0.1 udp://127.0.0.1:0 udp://127.0.0.1:70000 udp://::1:8125 "udp://[::1]" udp://:8125; do
  run "$MONCTL" watch --listen "$bad"
  expect_rc 2 "--listen $bad"
  expect_contains "$ERR" "--listen $bad: expected" "the address is named"
done
run "$MONCTL" watch --help
expect_contains "$OUT" "--listen" "--help tells of --listen"
finish
