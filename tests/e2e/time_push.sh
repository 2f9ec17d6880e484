#!/usr/bin/env bash
# monctl time --push against the real Pushgateway (Debian's prometheus-pushgateway, started
# here on loopback): metrics read back from its /metrics, @base64 grouping values, the last
# success kept across a failed run; retries against a dead port and a server answering 500;
# and libcurl loaded only when --push is given.
source "$(dirname "$0")/lib.sh"
need prometheus-pushgateway curl
gw=$(command -v prometheus-pushgateway)

port=$(free_port)
"$gw" --web.listen-address="127.0.0.1:$port" --persistence.file="$WORK/pgw.data" >"$WORK/pgw.log" 2>&1 &
CLEANUP+=("kill $!")
wait_port "$port" || { cat "$WORK/pgw.log" >&2; exit 1; }
url="http://127.0.0.1:$port"
metric() {  # metric NAME: the line for NAME in the gateway's /metrics
  curl -fsS "$url/metrics" | grep "^$1{" | grep 'job="backup"'
}

run "$MONCTL" time -q --name backup --label path=/var/lib/db --label env=prod --push "$url" -- true
expect_rc 0 "push run"
expect_eq "$ERR" "" "push run: quiet"
line=$(metric monctl_job_exit_code)
expect_contains "$line" 'path="/var/lib/db"' "a grouping value with / arrives whole (@base64)"
expect_contains "$line" 'env="prod"' "grouping label"
expect_contains "$line" 'job_name="backup"' "job_name label"
expect_contains "$line" '} 0' "exit code pushed"
success=$(metric monctl_job_last_success_timestamp_seconds | awk '{print $2}')
[ -n "$success" ] && pass || fail "last success pushed"
expect_eq "$(curl -fsS "$url/metrics" | grep -c '^monctl_job_runs_total')" "0" "no counters without a textfile to count from"

# A failed run: POSTed, so the last success stays as it was.
run "$MONCTL" time -q --name backup --label path=/var/lib/db --label env=prod --push "$url" -- sh -c 'exit 9'
expect_rc 9 "failed push run keeps its status"
expect_contains "$(metric monctl_job_exit_code)" "} 9" "failure pushed"
expect_eq "$(metric monctl_job_last_success_timestamp_seconds | awk '{print $2}')" "$success" \
  "last success survives a failed run"

# With a textfile, the counters are pushed too.
mkdir "$WORK/tf"
run "$MONCTL" time -q --name backup --label path=/var/lib/db --label env=prod --textfile-dir "$WORK/tf" --push "$url" -- true
expect_contains "$(metric monctl_job_runs_total)" "} 1" "counters pushed with a textfile"

# Nothing listens: the failure is reported, the job's status is unchanged.
dead=$(free_port)
run "$MONCTL" time -q --push "http://127.0.0.1:$dead" -- sh -c 'exit 0'
expect_rc 0 "dead Pushgateway: job status unchanged"
expect_contains "$ERR" "cannot push to http://127.0.0.1:$dead/metrics/job/sh (3 attempts)" "dead port message"
run "$MONCTL" time -q --push "http://user:hunter2@127.0.0.1:$dead" -- sh -c 'exit 4'
expect_rc 4 "dead Pushgateway: failing job status unchanged"
expect_not_contains "$ERR" "hunter2" "the password is not echoed"

# A server answering 500: retried, three attempts in all.
port500=$(free_port)
python3 - "$port500" "$WORK/attempts" <<'PY' &
import http.server, sys
port, log = int(sys.argv[1]), sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(log, "a") as f:
            f.write(self.command + " " + self.path + "\n")
        self.send_response(500)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"oops\n")
    do_POST = do_PUT
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
PY
CLEANUP+=("kill $!")
wait_port "$port500"
run "$MONCTL" time -q --name five --push "http://127.0.0.1:$port500" -- true
expect_rc 0 "500: job status unchanged"
expect_contains "$ERR" "HTTP 500: oops" "500 message"
expect_eq "$(cat "$WORK/attempts")" $'PUT /metrics/job/five\nPUT /metrics/job/five\nPUT /metrics/job/five' "three attempts"

# libcurl is loaded only for --push. The job reads monctl's own memory map while monctl waits.
run "$MONCTL" time -q -- sh -c 'cat /proc/$PPID/maps'
expect_contains "$OUT" "libc.so" "the map was read"
expect_not_contains "$OUT" "libcurl" "no libcurl mapped while the job runs"
LD_DEBUG=files "$MONCTL" time -q -- true 2>"$WORK/ld.log"
expect_not_contains "$(cat "$WORK/ld.log")" "libcurl" "no libcurl loaded without --push"
LD_DEBUG=files "$MONCTL" time -q --push "http://127.0.0.1:$dead" -- true 2>"$WORK/ld.log"
expect_contains "$(cat "$WORK/ld.log")" "libcurl.so.4" "libcurl loaded with --push (control)"
finish
