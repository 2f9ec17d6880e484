#!/usr/bin/env bash
# The real Prometheus server scrapes what monctl export writes, in both Prometheus text and
# OpenMetrics, and stores every sample with its labels and escapes intact.
source "$(dirname "$0")/lib.sh"
need prometheus python3

mkdir -p "$WORK/www"
cat >"$WORK/esc.prom" <<'P'
# HELP demo_requests_total Requests with \\ and \n in the help.
# TYPE demo_requests_total counter
demo_requests_total{path="C:\\dir",quote="say \"hi\"",nl="a\nb",utf8="kůň 🐎"} 7
# TYPE demo_latency_seconds histogram
demo_latency_seconds_bucket{le="0.1"} 1
demo_latency_seconds_bucket{le="1"} 3
demo_latency_seconds_bucket{le="+Inf"} 4
demo_latency_seconds_sum 2.5
demo_latency_seconds_count 4
P
cat "$DATA/metrics/batch_jobs.prom" "$WORK/esc.prom" >"$WORK/in.prom"
"$MONCTL" export "$WORK/in.prom" --to prom -o "$WORK/www/metrics.prom"
expect_eq "$?" "0" "export to prom"
"$MONCTL" export "$WORK/in.prom" --to openmetrics -o "$WORK/www/metrics.om"
expect_eq "$?" "0" "export to openmetrics"
samples=$(grep -vc '^#' "$WORK/in.prom")

web=$(free_port)
python3 "$(dirname "$0")/servers/static_metrics.py" "$WORK/www" "$web" &
CLEANUP+=("kill $!")
prom=$(free_port)
cat >"$WORK/prometheus.yml" <<Y
global: {scrape_interval: 1s, scrape_timeout: 1s}
scrape_configs:
  - job_name: text
    metrics_path: /metrics.prom
    static_configs: [{targets: ["127.0.0.1:$web"]}]
  - job_name: openmetrics
    metrics_path: /metrics.om
    static_configs: [{targets: ["127.0.0.1:$web"]}]
Y
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address="127.0.0.1:$prom" --log.level=warn >"$WORK/prometheus.log" 2>&1 &
CLEANUP+=("kill $!")
wait_port "$web" && wait_port "$prom" || { cat "$WORK/prometheus.log"; exit 1; }

query() {  # query PROMQL: prints the first result's value, or nothing
  curl -sfG "http://127.0.0.1:$prom/api/v1/query" --data-urlencode "query=$1" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")'
}
# Await both scrapes (the event we wait for: a stored scrape_samples_scraped for each job).
for ((i = 0; i < 600; i++)); do
  [ -n "$(query 'scrape_samples_scraped{job="text"}')" ] && [ -n "$(query 'scrape_samples_scraped{job="openmetrics"}')" ] && break
  sleep 0.1
done

expect_eq "$(query 'up{job="text"}')" "1" "Prometheus scraped the text output"
expect_eq "$(query 'up{job="openmetrics"}')" "1" "Prometheus scraped the OpenMetrics output"
expect_eq "$(query 'scrape_samples_scraped{job="text"}')" "$samples" "every sample of the text output was stored"
expect_eq "$(query 'scrape_samples_scraped{job="openmetrics"}')" "$samples" "every sample of the OpenMetrics output was stored"
for job in text openmetrics; do
  q='demo_requests_total{job="JOB",path="C:\\dir",quote="say \"hi\"",nl="a\nb",utf8="kůň 🐎"}'
  expect_eq "$(query "${q/JOB/$job}")" "7" \
    "$job: a label set with every escape arrives intact"
  expect_eq "$(query "histogram_quantile(0.5, demo_latency_seconds_bucket{job=\"$job\"})")" "0.55" "$job: histogram buckets arrive"
  expect_eq "$(query "backup_duration_seconds{job=\"$job\",job_name=\"postgres\"}")" "1834.27" \
    "$job: a value arrives exactly"
done
finish
