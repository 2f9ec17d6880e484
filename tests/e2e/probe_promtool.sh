# What monctl probe writes for Prometheus is what promtool accepts: --format prom with every kind
# of metric (HTTP phases, host checks, a plugin's perfdata, labels) and the node_exporter textfile.
source "$(dirname "$0")/lib.sh"
need promtool python3 /usr/lib/nagios/plugins/check_dummy

start_http_server || exit 1
port=$PORT
closed=$(free_port)

cat >"$WORK/probes.yaml" <<YAML
defaults: {timeout: 5s, labels: {env: test}}
probes:
  - {name: api,  type: http, url: "http://127.0.0.1:$port/json", expect_body: '"up"', labels: {team: web}}
  - {name: gone, type: http, url: "http://127.0.0.1:$closed/", critical: false}
  - {name: root, type: disk, path: /}
  - {name: mem,  type: memory}
  - {name: cpu,  type: load}
  - name: plugin
    type: cmd
    command: [/usr/lib/nagios/plugins/check_dummy, "0", "fine | 'time'=0.5s;1;2;0; 'size'=12B"]
YAML

run "$MONCTL" probe --config "$WORK/probes.yaml" --format prom -o "$WORK/out.prom" --textfile-dir "$WORK"
expect_rc 1 "the prom run (gone is not critical: WARNING)"
expect_contains "$(cat "$WORK/out.prom")" 'monctl_probe_cmd_perfdata{' "the plugin's perfdata is there"
run promtool check metrics <"$WORK/out.prom"
expect_rc 0 "promtool accepts --format prom: $OUT $ERR"
expect_file "$WORK/monctl_probe_probes.prom" "textfile written"
run promtool check metrics <"$WORK/monctl_probe_probes.prom"
expect_rc 0 "promtool accepts the textfile: $OUT $ERR"
finish
