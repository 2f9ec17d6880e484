# monctl probe --config: many probes at once from YAML or JSON, the overall status (with
# `critical: false` capped at WARNING), every output format, --textfile-dir, --state with its
# lock and corrupt-file handling, probe history, and configuration errors with FILE:LINE:COL.
source "$(dirname "$0")/lib.sh"
need python3 /usr/lib/nagios/plugins/check_dummy

start_http_server || exit 1
port=$PORT
closed=$(free_port)

cat >"$WORK/probes.yaml" <<YAML
defaults: {timeout: 5s, retries: 0, labels: {env: test}}
probes:
  - {name: api,  type: http, url: "http://127.0.0.1:$port/json", expect_status: [200], expect_body: '"up"', labels: {team: web}}
  - {name: gone, type: http, url: "http://127.0.0.1:$closed/", critical: false}
  - {name: root, type: disk, path: /, critical: "101:"}
  - name: plugin
    type: cmd
    command: [/usr/lib/nagios/plugins/check_dummy, "0", "fine"]
YAML

run "$MONCTL" probe --config "$WORK/probes.yaml"
expect_rc 2 "the disk probe is CRITICAL"
expect_contains "$OUT" "CRITICAL  gone" "but is shown as it is"
expect_contains "$OUT" "[not critical: counts as WARNING]" "and says so"
expect_contains "$OUT" "CRITICAL  root" "a disk under 101% is CRITICAL with 101:"

sed -i 's/critical: "101:"/critical: "~:101"/' "$WORK/probes.yaml"
run "$MONCTL" probe --config "$WORK/probes.yaml" --format nagios
expect_rc 1 "a failing critical:false probe counts as WARNING"
expect_eq "$(printf '%s\n' "$OUT" | head -n1 | cut -d'|' -f1)" "MONCTL WARNING: 1 of 4 probes not OK: gone: connection refused " "status line"
expect_contains "$OUT" "'api_time'=" "perfdata of every probe"
expect_contains "$OUT" "'root_used'=" "perfdata of the disk"
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "5" "one line per probe after the first"

run "$MONCTL" probe --config "$WORK/probes.yaml" --format json
expect_rc 1 "json"
summary=$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], d["exit_code"], [p["status"] for p in d["probes"]], d["probes"][0]["labels"])')
expect_eq "$summary" "WARNING 1 ['OK', 'CRITICAL', 'OK', 'OK'] {'env': 'test', 'team': 'web'}" "json document"

run "$MONCTL" probe --config "$WORK/probes.yaml" --format csv
expect_eq "$(printf '%s\n' "$OUT" | head -n1)" $'name,type,target,status,success,value,unit,duration_seconds,attempts,message\r' "csv header"
expect_contains "$OUT" "gone,http,http://127.0.0.1:$closed/,CRITICAL,0," "csv row"

run "$MONCTL" probe --config "$WORK/probes.yaml" --format prom -o "$WORK/out.prom" --textfile-dir "$WORK"
expect_rc 1 "prom to a file"
expect_eq "$OUT" "" "nothing on stdout with -o"
prom=$(cat "$WORK/out.prom")
expect_contains "$prom" 'probe_success{env="test",probe="api",team="web"} 1' "probe_success with labels"
expect_contains "$prom" 'probe_success{env="test",probe="gone"} 0' "failed probe"
expect_contains "$prom" 'probe_http_status_code{env="test",probe="api",team="web"} 200' "status code"
expect_contains "$prom" 'probe_http_duration_seconds{env="test",phase="connect",probe="api",team="web"}' "phases"
expect_contains "$prom" 'monctl_probe_disk_used_ratio{env="test",probe="root"}' "host check metrics"
expect_contains "$prom" '# TYPE probe_success gauge' "typed"
expect_file "$WORK/monctl_probe_probes.prom" "textfile written"
expect_eq "$(ls -a "$WORK" | grep -c '\.tmp\.')" "0" "no temporary left behind"

# JSON is YAML.
cat >"$WORK/p.json" <<JSON
{"probes": [{"name": "j", "type": "http", "url": "http://127.0.0.1:$port/fast"},
            {"name": "l", "type": "load", "warning": "@0:1000000"}]}
JSON
run "$MONCTL" probe --config "$WORK/p.json"
expect_rc 1 "json config"
expect_contains "$OUT" "OK        j" "http probe from json"

# History.
state=$WORK/state.tsv
for i in 1 2 3; do "$MONCTL" probe --config "$WORK/probes.yaml" --state "$state" >/dev/null; done
run "$MONCTL" probe history --state "$state"
expect_rc 0 "history"
expect_contains "$OUT" "NAME    CHECKS  UPTIME" "header"
expect_contains "$(printf '%s\n' "$OUT" | grep '^gone')" "0.00%" "gone never up"
expect_contains "$(printf '%s\n' "$OUT" | grep '^gone')" "down 3" "streak"
expect_contains "$(printf '%s\n' "$OUT" | grep '^gone')" "connection refused" "last failure message"
expect_contains "$(printf '%s\n' "$OUT" | grep '^api')" "100.00%" "api always up"
run "$MONCTL" probe history --state "$state" --format json
checks=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print({p["name"]: p["checks"] for p in json.load(sys.stdin)})')
expect_eq "$checks" "{'api': 3, 'gone': 3, 'plugin': 3, 'root': 3}" "three checks each"

# Two runs at once: the lock serialises them, neither record is lost.
"$MONCTL" probe --config "$WORK/probes.yaml" --state "$state" >/dev/null &
a=$!
"$MONCTL" probe --config "$WORK/probes.yaml" --state "$state" >/dev/null &
b=$!
wait $a $b
run "$MONCTL" probe history --state "$state" --format csv
expect_contains "$OUT" $'\napi,5,100,' "both concurrent runs recorded"

# The ring is bounded.
"$MONCTL" probe --config "$WORK/probes.yaml" --state "$state" --keep 2 >/dev/null
run "$MONCTL" probe history --state "$state" --format csv
expect_contains "$OUT" $'\napi,2,100,' "--keep 2"

# A corrupt state file (it carries the header) is set aside with a warning; the run goes on.
printf '# monctl probe state 1\nnot a record\n' >"$state"
run "$MONCTL" probe --config "$WORK/probes.yaml" --state "$state"
expect_rc 1 "corrupt state is not fatal"
expect_contains "$ERR" "monctl: warning:" "warned"
expect_contains "$ERR" "corrupt state file moved to $state.corrupt-" "where it went"
expect_eq "$(cat "$state".corrupt-*)" $'# monctl probe state 1\nnot a record' "set aside intact"
run "$MONCTL" probe history --state "$state" --format csv
expect_contains "$OUT" $'\napi,1,100,' "history starts afresh"
run "$MONCTL" probe history --state "$WORK/none"
expect_rc 3 "no state file"

# Configuration errors: FILE:LINE:COL, the key, UNKNOWN.
bad() {  # bad "yaml text" "expected message"
  printf '%b' "$1" >"$WORK/bad.yaml"
  run "$MONCTL" probe --config "$WORK/bad.yaml"
  expect_rc 3 "$2"
  expect_contains "$ERR" "$WORK/bad.yaml:$2" "message"
}
bad 'probes:\n  - {name: a, type: http, urll: "http://x/"}\n' "2:33: unknown key 'urll' for a http probe"
bad 'probes:\n  - {name: a, type: load, retries: many}\n' "2:36: key 'retries': expected an integer, got \"many\""
bad 'probes:\n  - {name: a, type: load}\n  - {name: a, type: memory}\n' "3:12: duplicate probe name 'a' (first defined at line 2)"
bad 'probes:\n  - {name: a, type: load\n' "3:1: YAML error: "
bad 'probes:\n  - {name: a, type: tcp, target: "h:0"}\n' "2:5: probe 'a': \"h:0\": the port 0 is out of range (1-65535)"
bad 'probes:\n  - {name: a, type: disk, path: /, warning: "9:1"}\n' "2:45: key 'warning': invalid range \"9:1\""
bad 'probes:\n  - {name: a, type: ping}\n' "2:21: unknown probe type 'ping'"
run "$MONCTL" probe --config "$WORK/missing.yaml"
expect_rc 3 "missing config"
expect_contains "$ERR" "cannot read $WORK/missing.yaml" "message"
run "$MONCTL" probe --config "$WORK/probes.yaml" load
expect_rc 3 "config and a probe at once"

finish
