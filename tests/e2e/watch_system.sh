#!/usr/bin/env bash
# monctl watch --system reads the host under node_exporter's names: checked against a real
# prometheus-node-exporter on loopback (the same metric names, the same MemTotal) and against
# the host itself (CPU seconds per second add up to the number of CPUs).
source "$(dirname "$0")/lib.sh"
need prometheus-node-exporter curl python3

port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
  --collector.cpu --collector.stat --collector.meminfo --collector.loadavg --collector.diskstats \
  --collector.netdev --collector.filesystem >"$WORK/ne.log" 2>&1 &
CLEANUP+=("kill $!")
wait_port "$port"
curl -fsS "http://127.0.0.1:$port/metrics" -o "$WORK/node.prom"
expect_eq "$?" "0" "node_exporter answers"

run "$MONCTL" watch --system --interval 200ms --count 3 --format json
expect_rc 0 "--system --count 3"
echo "$OUT" >"$WORK/system.json"
python3 - "$WORK/system.json" "$WORK/node.prom" "$(nproc)" >"$WORK/check" 2>&1 <<'PY'
import json, re, sys
records = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ours = {r["name"] for r in records}
theirs = set()
values = {}
for line in open(sys.argv[2]):
    if line.startswith("#") or not line.strip():
        continue
    name = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0)
    theirs.add(name)
    if name == "node_memory_MemTotal_bytes":
        values[name] = float(line.split()[-1])
problems = []
# Every family node_exporter has for these collectors that we claim to produce, by the same name.
for family in ["node_cpu_seconds_total", "node_context_switches_total", "node_boot_time_seconds", "node_forks_total",
               "node_intr_total", "node_procs_running", "node_procs_blocked", "node_memory_MemTotal_bytes",
               "node_memory_MemAvailable_bytes", "node_memory_SwapTotal_bytes", "node_load1", "node_load5", "node_load15",
               "node_network_receive_bytes_total", "node_network_transmit_bytes_total", "node_filesystem_size_bytes",
               "node_filesystem_avail_bytes"]:
    if family in theirs and family not in ours:
        problems.append("missing " + family)
    if family not in theirs:
        problems.append("node_exporter has no " + family + " (check the test)")
# Names we emit that node_exporter does not know (for these collectors) would break its dashboards.
known_extra = set()
for name in ours:
    if name not in theirs and name not in known_extra and not name.startswith("node_disk_"):
        problems.append("node_exporter has no " + name)
mem = [r for r in records if r["name"] == "node_memory_MemTotal_bytes"]
if not mem or mem[-1]["last"] != values.get("node_memory_MemTotal_bytes"):
    problems.append("MemTotal differs: %s vs %s" % (mem[-1]["last"] if mem else None, values.get("node_memory_MemTotal_bytes")))
# The last window: CPU seconds per second over every cpu and mode add up to the CPU count.
last_end = max(r["end"] for r in records)
cpu = [r for r in records if r["name"] == "node_cpu_seconds_total" and r["end"] == last_end]
total = sum(r["rate"] or 0 for r in cpu)
n = int(sys.argv[3])
if abs(total - n) > 0.25 * n:
    problems.append("CPU seconds per second add up to %.3f, not %d" % (total, n))
print("\n".join(problems) if problems else "ok")
PY
expect_eq "$(cat "$WORK/check")" "ok" "node_exporter's names and values"

run "$MONCTL" watch --system some-file
expect_rc 2 "--system takes no inputs"
run "$MONCTL" watch --system --interval 1ms
expect_rc 2 "--interval below 10ms"
finish
