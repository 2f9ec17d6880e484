#!/usr/bin/env bash
# monctl watch on files and pipes: exact statistics, quantiles within 1%, windows aligned to the
# epoch, PromQL rates, regrouping, the series bound, bad input, -o, --count and SIGTERM.
source "$(dirname "$0")/lib.sh"
need python3

# --once over plain numbers: count, sum, min, max and mean exact; quantiles within 1% of the exact ones.
python3 - "$WORK/values.txt" "$WORK/exact.txt" <<'PY'
import math, random, sys
random.seed(5)
vals = [random.paretovariate(1.2) * 0.001 for _ in range(20000)] + [0.0] * 50 + [1e-9, 7e6]
random.shuffle(vals)
open(sys.argv[1], "w").write("".join("%r\n" % v for v in vals))
s = sorted(vals)
def lower(q): return s[int(math.floor(q * (len(s) - 1)))]
def upper(q): return s[int(math.ceil(q * (len(s) - 1)))]
open(sys.argv[2], "w").write(" ".join("%r" % x for x in [len(s), min(s), max(s)] + [lower(q) for q in (0.5, 0.9, 0.99)] + [upper(q) for q in (0.5, 0.9, 0.99)]))
PY
run "$MONCTL" watch --once --from values "$WORK/values.txt"
expect_rc 0 "--once over plain values"
python3 - "$OUT" "$WORK/exact.txt" "$WORK/values.txt" >"$WORK/check" 2>&1 <<'PY'
import json, math, sys
r = json.loads(sys.argv[1])
n, lo, hi, l5, l9, l99, u5, u9, u99 = [float(x) for x in open(sys.argv[2]).read().split()]
vals = [float(x) for x in open(sys.argv[3])]
ok = True
def check(what, cond):
    global ok
    if not cond:
        ok = False
        print("FAIL", what)
check("count", r["count"] == n)
check("min", r["min"] == lo)
check("max", r["max"] == hi)
check("sum", abs(r["sum"] - math.fsum(vals)) <= 1e-9 * abs(math.fsum(vals)))
check("mean", abs(r["mean"] - math.fsum(vals) / n) <= 1e-9 * abs(math.fsum(vals) / n))
for q, l, u in (("0.5", l5, u5), ("0.9", l9, u9), ("0.99", l99, u99)):
    y = r["quantiles"][q]
    check("quantile " + q, l * 0.99 - 1e-12 <= y <= u * 1.01 + 1e-12)
print("ok" if ok else "bad")
PY
expect_eq "$(tail -n 1 "$WORK/check")" "ok" "exact statistics and 1% quantiles: $(cat "$WORK/check")"

# Windows: aligned to multiples of their length since the epoch; event time from the timestamps.
python3 - >"$WORK/stream.prom" <<'PY'
t0 = 1764700003000  # 3 s past a multiple of 10 s
for i in range(60):  # 30 s of samples, every 500 ms
    print('requests_total{route="/a",instance="x"} %d %d' % (i * 5, t0 + i * 500))
    print('requests_total{route="/a",instance="y"} %d %d' % (i * 1, t0 + i * 500))
    print('queue_depth{route="/a"} %d %d' % (i % 7, t0 + i * 500))
PY
run "$MONCTL" watch --window 10s "$WORK/stream.prom"
expect_rc 0 "--window 10s"
expect_eq "$(grep -c '"name":"queue_depth"' <<<"$OUT")" "4" "windows [0,10) [10,20) [20,30) [30,40) hold the 33 s of samples"
first=$(grep -m1 '"name":"queue_depth"' <<<"$OUT")
expect_contains "$first" '"start":"2025-12-02T18:26:40.000Z","end":"2025-12-02T18:26:50.000Z"' "the first window starts on a multiple of 10 s"
expect_contains "$first" '"count":14' "it holds the samples from +3 s to +9.5 s"
second=$(grep '"name":"requests_total"' <<<"$OUT" | grep '"instance":"x"' | sed -n 2p)
expect_contains "$second" '"rate":10,' "a counter rising 5 every 500 ms has rate 10/s (extrapolated to the window's edges)"
expect_contains "$second" '"increase":100,' "and increase 100 over 10 s"

# --by regroups: the two instances' counters add up; --without does the same by exclusion.
run "$MONCTL" watch --window 10s --by route "$WORK/stream.prom"
expect_eq "$(grep '"name":"requests_total"' <<<"$OUT" | sed -n 2p | grep -o '"rate":[0-9.]*')" '"rate":12' "--by route sums the instances' rates"
expect_eq "$(grep -c '"instance"' <<<"$OUT")" "0" "--by keeps only the labels named"
run "$MONCTL" watch --window 10s --without instance "$WORK/stream.prom"
expect_eq "$(grep '"name":"requests_total"' <<<"$OUT" | sed -n 2p | grep -o '"rate":[0-9.]*')" '"rate":12' "--without instance does the same"

# Every output format carries the records; OpenMetrics passes our own strict reader.
for fmt in csv prom openmetrics influx text; do
  run "$MONCTL" watch --window 10s --format $fmt "$WORK/stream.prom"
  expect_rc 0 "--format $fmt"
done
"$MONCTL" watch --window 10s --count 1 --format openmetrics "$WORK/stream.prom" >"$WORK/w.om"
run "$MONCTL" export --from openmetrics --strict "$WORK/w.om" -o /dev/null
expect_rc 0 "watch's OpenMetrics re-reads strictly: $ERR"
run "$MONCTL" watch --window 10s --format csv "$WORK/stream.prom"
expect_eq "$(head -n 1 <<<"$OUT" | tr -d '\r')" "name,labels,start,end,count,sum,min,max,mean,stddev,first,last,rate,increase,q0.5,q0.9,q0.99" "CSV header"

# --count stops after N windows; -o holds the last window, replaced atomically.
run "$MONCTL" watch --window 10s --count 2 "$WORK/stream.prom"
expect_eq "$(grep -c '"name":"queue_depth"' <<<"$OUT")" "2" "--count 2 writes two windows"
run "$MONCTL" watch --window 10s -o "$WORK/last.json" "$WORK/stream.prom"
expect_rc 0 "-o FILE"
expect_eq "$(grep -c . "$WORK/last.json")" "3" "-o holds the last window's three series"
expect_contains "$(cat "$WORK/last.json")" '"start":"2025-12-02T18:27:10.000Z"' "the last window"
expect_eq "$(ls -A "$WORK" | grep -c '\.tmp\.')" "0" "no temporary left"

# --max-series: what does not fit is dropped and named.
printf 'm{id="%s"} 1\n' $(seq 1 20) >"$WORK/many.prom"
run "$MONCTL" watch --once --max-series 5 "$WORK/many.prom"
expect_eq "$(grep -c . <<<"$OUT")" "5" "five series kept"
expect_contains "$ERR" "15 sample(s) of m dropped" "the drops are counted and named"

# Bad input: named FILE:LINE:COL, the good lines still aggregated, exit 1; a missing file does not stop the rest.
printf 'a 1\nb{ 2\na 3\n' >"$WORK/bad.prom"
run "$MONCTL" watch --once "$WORK/bad.prom" "$WORK/missing.prom"
expect_rc 1 "bad input"
expect_contains "$ERR" "$WORK/bad.prom:2:" "names the bad line"
expect_contains "$ERR" "missing.prom" "names the missing file"
expect_contains "$OUT" '"name":"a"' "the good lines are aggregated"
expect_contains "$OUT" '"count":2' "both good samples"

# Usage errors.
for bad in "--quantiles 0.5,2" "--quantiles x" "--by a --without b" "--by 1x" "--format yaml" "--max-series 0"; do
  # shellcheck disable=SC2086
  run "$MONCTL" watch --once $bad "$WORK/bad.prom"
  expect_rc 2 "usage error: $bad"
done

for bad in "--window 0" "--window -1s" "--window 1x" "--count x"; do
  # shellcheck disable=SC2086
  run "$MONCTL" watch $bad "$WORK/bad.prom"
  expect_rc 2 "usage error: $bad"
done

# SIGTERM flushes what is held and exits 0 (a pipe that never ends).
mkfifo "$WORK/fifo"
"$MONCTL" watch --once --from values <"$WORK/fifo" >"$WORK/term.out" 2>"$WORK/term.err" &
pid=$!
exec 7>"$WORK/fifo"
# Events, not time: the handler is in place, then the six bytes are read and handled.
await_caught "$pid" 15 || fail "SIGTERM: monctl never installed its handler"
base=$(rchar "$pid")
printf '1\n2\n3\n' >&7
await_read_blocked "$pid" $((base + 6)) || fail "SIGTERM: monctl never read the values"
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" "0" "SIGTERM: exit 0"
exec 7>&-
expect_contains "$(cat "$WORK/term.out")" '"count":3' "SIGTERM: the three values held are flushed"

run "$MONCTL" watch --help
expect_rc 0 "--help"
expect_contains "$OUT" "--quantiles" "--help lists the options"
finish
