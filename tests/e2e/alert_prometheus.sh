#!/usr/bin/env bash
# The real Prometheus loads our example rule file unchanged, scrapes the same metrics monctl
# evaluates, and fires the same alerts: `monctl alert run` on the file agrees with Prometheus'
# ALERTS series after its first evaluations (firing and pending, with their labels).
source "$(dirname "$0")/lib.sh"
need prometheus promtool python3 curl
rules="$MONCTL_SOURCE_DIR/docs/examples/alert/batch.rules.yml"

run promtool check rules "$rules"
expect_rc 0 "promtool accepts the example rules"
run "$MONCTL" alert check "$rules"
expect_rc 0 "monctl accepts the example rules"

# Prometheus runs the same rules with the groups' interval at 1s, so that it evaluates them within
# a second instead of a minute (the rules themselves are the file's, unchanged).
sed 's/interval: 1m/interval: 1s/' "$rules" >"$WORK/rules.yml"
mkdir -p "$WORK/www"
cp "$DATA/metrics/batch_jobs.prom" "$WORK/www/metrics.prom"
web=$(free_port)
python3 "$(dirname "$0")/servers/static_metrics.py" "$WORK/www" "$web" &
CLEANUP+=("kill $!")
prom=$(free_port)
cat >"$WORK/prometheus.yml" <<Y
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
rule_files: ["$WORK/rules.yml"]
scrape_configs:
  - job_name: batch
    metrics_path: /metrics.prom
    static_configs: [{targets: ["127.0.0.1:$web"]}]
Y
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address="127.0.0.1:$prom" --log.level=warn >"$WORK/prometheus.log" 2>&1 &
CLEANUP+=("kill $!")
wait_port "$web" && wait_port "$prom" || { cat "$WORK/prometheus.log"; exit 1; }

api() { curl -sfG "http://127.0.0.1:$prom/api/v1/$1" "${@:2}"; }
# Await the event: every group evaluated after the first scrape (ALERTS for the host group exist
# and the backup group has recorded its rule).
alerts() {
  api query --data-urlencode 'query=ALERTS' | python3 -c '
import json, sys
for r in json.load(sys.stdin)["data"]["result"]:
    m = r["metric"]
    print(m["alertstate"], m["alertname"], ",".join(f"{k}={v}" for k, v in sorted(m.items())
          if k not in ("__name__", "alertstate", "alertname", "job", "instance")))' | sort
}
for ((i = 0; i < 600; i++)); do
  [ -n "$(api query --data-urlencode 'query=backup:age_seconds' | grep -o job_name)" ] &&
    [ "$(alerts | grep -c .)" -ge 6 ] && break
  sleep 0.1
done
health=$(api rules | python3 -c '
import json, sys
g = json.load(sys.stdin)["data"]["groups"]
print(len(g), sum(len(x["rules"]) for x in g), sorted({r["health"] for x in g for r in x["rules"]}))')
expect_eq "$health" "2 5 ['ok']" "Prometheus loaded both groups, all 5 rules healthy"
theirs=$(alerts)

run "$MONCTL" alert run --rules "$rules" --format json "$WORK/www/metrics.prom"
ours=$(printf '%s\n' "$OUT" | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    m = a["labels"]
    print(a["state"], m["alertname"], ",".join(f"{k}={v}" for k, v in sorted(m.items()) if k != "alertname"))' | sort)
expect_eq "$ours" "$theirs" "monctl's alerts are Prometheus' alerts"
expect_rc 1 "the firing alerts are warnings (the critical one is pending): exit 1"
finish
