#!/usr/bin/env bash
# monctl watch --scrape against real servers on loopback: a target whose Nth answer is known
# (tests/e2e/servers/scrape_target.py: work_done_total = 10*N, queue_depth = N), so that rates
# and statistics are checked exactly; the Accept header; OpenMetrics; up and the scrape_* series;
# failures (HTTP 500, refused, malformed, too large, too slow) reported with the URL, without
# its credentials, while the watch goes on; SIGTERM; a real prometheus-node-exporter.
source "$(dirname "$0")/lib.sh"
need python3
servers=$(dirname "$0")/servers

ports=$(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)
read -r p1 p2 p3 refused <<<"$ports"
log=$WORK/requests.log
python3 "$servers/scrape_target.py" "$p1,$p2,$p3" "$log" 2>"$WORK/server.err" &
CLEANUP+=("kill $!")
wait_port "$p1" && wait_port "$p2" && wait_port "$p3"

# Counters become rates across scrapes, gauges get their statistics: 5 scrapes a 1 s window.
run timeout 60 "$MONCTL" watch --scrape "http://127.0.0.1:$p1/metrics" --every 200ms --window 1s -n 3
expect_rc 0 "--scrape --every 200ms --window 1s -n 3: $ERR"
expect_eq "$ERR" "" "nothing on stderr"
python3 - "$p1" >"$WORK/check" 2>&1 <<PY
import json, sys
instance = "127.0.0.1:" + sys.argv[1]
records = [json.loads(l) for l in """$OUT""".splitlines() if l.strip()]
problems = []
ends = sorted({r["end"] for r in records})
if len(ends) != 3:
    problems.append("%d windows, not 3" % len(ends))
full = 0
for end in ends:
    w = {r["name"]: r for r in records if r["end"] == end}
    for name in ("up", "scrape_duration_seconds", "scrape_samples_scraped", "work_done_total", "queue_depth"):
        if name not in w:
            problems.append("no %s in window %s" % (name, end))
    if problems:
        break
    if w["up"]["labels"] != {"instance": instance} or w["up"]["min"] != 1:
        problems.append("up: %r" % w["up"])
    if w["scrape_samples_scraped"]["last"] != 2:
        problems.append("scrape_samples_scraped: %r" % w["scrape_samples_scraped"])
    if w["queue_depth"]["labels"] != {"exported_instance": "app", "instance": instance}:
        problems.append("the target's own instance label becomes exported_instance: %r" % w["queue_depth"]["labels"])
    q, c = w["queue_depth"], w["work_done_total"]
    if q["count"] != 5:
        continue  # the first window may be partial
    full += 1
    lo = q["min"]
    # The Nth answer is N: five consecutive answers.
    if (q["max"], q["sum"], q["mean"], q["first"], q["last"]) != (lo + 4, 5 * lo + 10, lo + 2, lo, lo + 4):
        problems.append("gauge statistics: %r" % q)
    # 10 more each 200 ms: 50/s, and 50 over the window (the carried scrape gives the first step).
    if not (c["rate"] and 40 <= c["rate"] <= 60 and 40 <= c["increase"] <= 60):
        problems.append("counter rate %r increase %r, expected about 50 and 50" % (c["rate"], c["increase"]))
    if c["last"] != 10 * q["last"]:
        problems.append("counter and gauge from different answers: %r %r" % (c["last"], q["last"]))
if full < 1:  # 2 unless a scrape was late on a loaded machine
    problems.append("no full window of 5 scrapes")
print("\n".join(problems) if problems else "ok")
PY
expect_eq "$(cat "$WORK/check")" "ok" "rates and gauge statistics"
expect_contains "$(grep -m1 "^$p1/metrics 1 " "$log")" "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1" "the Accept header Prometheus sends"

# OpenMetrics, told by the content type: its counter family work_done, sample work_done_total.
run timeout 60 "$MONCTL" watch --scrape "http://127.0.0.1:$p2/metrics.om" --every 200ms -n 2
expect_rc 0 "OpenMetrics target: $ERR"
rate=$(grep '"name":"work_done_total"' <<<"$OUT" | sed -n 2p | grep -o '"rate":[0-9.]*' | cut -d: -f2)
expect_eq "$(python3 -c "print(40 <= float('${rate:-0}') <= 60)")" "True" "one step of 10 in 200 ms: about 50/s ($rate)"
expect_contains "$(grep '"name":"up"' <<<"$OUT" | tail -n 1)" '"min":1,' "up 1"

# Failures: each reported with its URL (credentials left out), up 0, the good target goes on.
run timeout 60 "$MONCTL" watch --every 200ms -n 2 --format prom \
  --scrape "http://127.0.0.1:$p1/metrics" \
  --scrape "http://scraper:hunter2@127.0.0.1:$p2/500" \
  --scrape "http://127.0.0.1:$refused/metrics" \
  --scrape "http://127.0.0.1:$p3/bad"
expect_rc 1 "failed scrapes: exit status 1"
expect_contains "$ERR" "monctl: scrape failed: http://127.0.0.1:$p2/500: the server answered HTTP 500: internal error" "HTTP 500"
expect_not_contains "$ERR" "hunter2" "no password in messages"
expect_not_contains "$ERR" "scraper" "no user name in messages"
expect_contains "$ERR" "http://127.0.0.1:$refused/metrics: connection refused" "refused port"
expect_contains "$ERR" "http://127.0.0.1:$p3/bad: malformed exposition at line 2:" "malformed exposition"
expect_contains "$ERR" "scrape(s) failed" "the failures counted at the end"
expect_contains "$OUT" "up_min{instance=\"127.0.0.1:$p1\"} 1 " "the good target is up"
for p in "$p2" "$refused" "$p3"; do
  expect_contains "$OUT" "up_max{instance=\"127.0.0.1:$p\"} 0 " "a failed target is down ($p)"
done
expect_not_contains "$OUT" "work_done_total" "a malformed scrape passes none of its samples on (prom: counters lose _total)"
expect_eq "$(grep -c "^work_done_count{instance=\"127.0.0.1:$p1\"}" <<<"$OUT")" "2" "the good target's counter in both windows"

# The body limit and the time limit.
run timeout 60 "$MONCTL" watch --scrape "http://127.0.0.1:$p3/big" --body-limit 1000 --every 200ms -n 1
expect_contains "$ERR" "/big: body larger than 1000 bytes" "--body-limit"
run timeout 60 "$MONCTL" watch --scrape "http://127.0.0.1:$p3/slow" --scrape-timeout 100ms --every 300ms -n 1
expect_contains "$ERR" "/slow: timed out" "--scrape-timeout"

# SIGTERM: the window held is written, exit 0.
"$MONCTL" watch --scrape "http://127.0.0.1:$p2/metrics" --every 100ms --window 1m >"$WORK/term.out" 2>"$WORK/term.err" &
pid=$!
CLEANUP+=("kill $pid 2>/dev/null")
await_caught "$pid" 15
for ((i = 0; i < 3000; i++)); do grep -q "^$p2/metrics 3 " "$log" && break; sleep 0.01; done
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" "0" "SIGTERM: exit 0"
expect_contains "$(cat "$WORK/term.out")" '"name":"up"' "SIGTERM flushes the open window"

# Usage errors.
for args in "--scrape http://127.0.0.1:$p1/ --system" "--scrape http://127.0.0.1:$p1/ some.prom" \
  "--scrape http://127.0.0.1:$p1/ --pid 1" "--once --scrape http://127.0.0.1:$p1/" "--every 1s" \
  "--scrape ftp://127.0.0.1/" "--scrape http://127.0.0.1:$p1/a --scrape http://127.0.0.1:$p1/b" \
  "--scrape http://127.0.0.1:$p1/ --every 1s --scrape-timeout 2s" "--scrape http://127.0.0.1:$p1/ --follow"; do
  # shellcheck disable=SC2086
  run "$MONCTL" watch $args
  expect_rc 2 "usage error: watch $args"
done

# A real prometheus-node-exporter: its counters get rates.
if command -v prometheus-node-exporter >/dev/null; then
  port=$(free_port)
  prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --collector.disable-defaults --collector.cpu \
    --collector.meminfo >"$WORK/ne.log" 2>&1 &
  CLEANUP+=("kill $!")
  wait_port "$port"
  run timeout 60 "$MONCTL" watch --scrape "http://127.0.0.1:$port/metrics" --every 500ms -n 2
  expect_rc 0 "node_exporter scraped: $ERR"
  expect_contains "$(grep '"name":"node_cpu_seconds_total"' <<<"$OUT" | tail -n 1)" '"rate":' "node_cpu_seconds_total"
  expect_not_contains "$(grep '"name":"node_cpu_seconds_total"' <<<"$OUT" | tail -n 1)" '"rate":null' "has a rate"
  expect_contains "$(grep '"name":"node_memory_MemTotal_bytes"' <<<"$OUT" | tail -n 1)" "\"instance\":\"127.0.0.1:$port\"" "labelled with its instance"
else
  echo "note: prometheus-node-exporter is not installed (scripts/test installs it): its part is left out"
fi
finish
