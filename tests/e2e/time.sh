#!/usr/bin/env bash
# monctl time: the job runs as it would alone (arguments, stdin, stdout, exit status), the
# reports in every format, and bad command lines refused before anything runs.
source "$(dirname "$0")/lib.sh"

# Arguments reach the child untouched, options of ours included; stdout and stdin pass through.
run "$MONCTL" time -q -- printf '%s|' -la --name x -- '' 'a b'
expect_rc 0 "printf"
expect_out "-la|--name|x|--||a b|" "the child's arguments"
expect_eq "$ERR" "" "-q: nothing on stderr"
OUT=$(printf 'from stdin\n' | "$MONCTL" time -q -- cat)
expect_eq "$OUT" "from stdin" "stdin passes through"

# Exit statuses: the job's own, 128+N, 124, 126, 127.
run "$MONCTL" time -q -- sh -c 'exit 3'
expect_rc 3 "exit code"
run "$MONCTL" time -q -- sh -c 'kill -KILL $$'
expect_rc 137 "killed by SIGKILL"
run "$MONCTL" time -q --timeout 100ms -- sleep 30
expect_rc 124 "timeout"
run "$MONCTL" time -q --timeout 100ms --kill-after 100ms -- sh -c 'trap "" TERM; sleep 30'
expect_rc 124 "timeout with SIGKILL"
run "$MONCTL" time -- "$WORK"/no-such-command
expect_rc 127 "not found"
expect_contains "$ERR" "command not found" "not found message"
# A script whose #! interpreter is missing: the interpreter is named.
printf '#!/no/such/interpreter\necho hi\n' >"$WORK/orphan.sh"
chmod +x "$WORK/orphan.sh"
run "$MONCTL" time -- "$WORK/orphan.sh"
expect_rc 127 "missing interpreter"
expect_contains "$ERR" "its interpreter /no/such/interpreter (named on its #! line) was not found" "interpreter named"
expect_not_contains "$ERR" "command not found" "not a missing command"
printf 'echo hi\n' >"$WORK/noexec.sh"
run "$MONCTL" time -- "$WORK/noexec.sh"
expect_rc 126 "not executable"
run "$MONCTL" time --shell -q -- 'echo "$((6 * 7))" | tr 4 x'
expect_out "x2" "--shell"

# The default summary, on stderr.
run "$MONCTL" time -- sh -c 'echo out; exit 2'
expect_rc 2 "summary run"
expect_out "out" "summary run: stdout untouched"
expect_contains "$ERR" "monctl time: sh: sh -c 'echo out; exit 2'" "summary title"
expect_contains "$ERR" "exited with code 2" "summary outcome"
expect_contains "$ERR" "max RSS" "summary RSS"
run "$MONCTL" time --timeout 100ms -- sleep 30
expect_contains "$ERR" "timed out, then killed by SIGTERM (signal 15); exit status 124" "timeout summary"

# JSON, to a file replaced atomically; names and labels.
run "$MONCTL" time --name nightly --label env=prod --label team=db --format json -o "$WORK/run.json" -- sh -c 'exit 4'
expect_rc 4 "json run"
expect_eq "$ERR" "" "json run: nothing on stderr when -o is given"
expect_eq "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["name"], d["labels"], d["exit_code"], d["status"], d["signal"], d["timed_out"],
      all(k in d for k in ("wall_seconds", "user_seconds", "system_seconds", "max_rss_bytes", "start", "end",
                           "minor_page_faults", "voluntary_context_switches", "block_input_operations")),
      d["max_rss_bytes"] > 0, d["start"].endswith("Z"))' "$WORK/run.json")" \
  "nightly {'env': 'prod', 'team': 'db'} 4 4 None False True True True" "json fields"
run "$MONCTL" time --format json -o - -- sh -c 'kill -TERM $$'
expect_rc 143 "signal json"
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["signal"], d["signal_name"], d["exit_code"])')" \
  "15 SIGTERM None" "json signal fields"

# CSV: a header and a row of the same width.
run "$MONCTL" time --format csv -o - -- true
expect_eq "$(printf '%s\n' "$OUT" | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
print(len(rows), len(rows[0]) == len(rows[1]), rows[0][0], rows[1][0], rows[1][rows[0].index("exit_code")])')" \
  "2 True name true 0" "csv"

# Prometheus text and OpenMetrics (promtool reads them in time_promtool.sh).
run "$MONCTL" time --format prom -o "$WORK/job.prom" --label env=ci -- true
expect_rc 0 "prom run"
expect_contains "$(cat "$WORK/job.prom")" 'monctl_job_exit_code{env="ci",job_name="true"} 0' "prom exit code"
expect_contains "$(cat "$WORK/job.prom")" 'monctl_job_last_success_timestamp_seconds{env="ci",job_name="true"}' "prom last success"
run "$MONCTL" time --format openmetrics -o - -- true
expect_contains "$OUT" "# EOF" "openmetrics"
expect_contains "$OUT" "# TYPE monctl_job_duration_seconds gauge" "openmetrics family"

# --append: one line per run, the CSV header once.
for code in 0 1 2; do "$MONCTL" time -q --append "$WORK/runs.csv" -- sh -c "exit $code"; done
expect_eq "$(wc -l <"$WORK/runs.csv")" "4" "csv history: header and 3 rows"
expect_eq "$(grep -c '^name,labels' "$WORK/runs.csv")" "1" "csv history: one header"
for code in 0 5; do "$MONCTL" time -q --append "$WORK/runs.jsonl" -- sh -c "exit $code"; done
expect_eq "$(python3 -c 'import json,sys; print([json.loads(l)["exit_code"] for l in open(sys.argv[1])])' "$WORK/runs.jsonl")" \
  "[0, 5]" "json history"

# --sample: the tree's peak and a timeline. The job holds on a FIFO until released.
mkfifo "$WORK/hold" "$WORK/said"
"$MONCTL" time -q --sample 20ms --format json -o "$WORK/sampled.json" -- \
  sh -c "echo ready >'$WORK/said'; cat '$WORK/hold' >/dev/null" &
sampled=$!
read -r -t 60 line <"$WORK/said"
# Released once a whole sample of the live job is taken: monctl has read more of /proc since the
# job spoke, and waits in sigtimedwait for the next one (a job as short as this one could
# otherwise end before the first scan of /proc does).
base=$(rchar "$sampled")
await_syscall "$sampled" $((base + 1)) rt_sigtimedwait || fail "sampled run: no sample taken"
: >"$WORK/hold"
wait "$sampled"
expect_eq "$?" "0" "sampled run"
expect_eq "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = d["timeline"]
print(len(t) > 0, min(p["processes"] for p in t) >= 1, d["tree_peak_rss_bytes"] >= d["max_rss_bytes"],
      d["sample_every_seconds"], sorted(t[0]))' "$WORK/sampled.json")" \
  "True True True 0.02 ['cpu_seconds', 'elapsed_seconds', 'processes', 'rss_bytes']" "sampled tree"

# Durations as timeout(1) takes them, and Prometheus': 90, 1.5s, 0.5m, 1m30s.
for d in 90 1.5s 0.5m 1m30s; do
  run "$MONCTL" time -q --timeout "$d" --kill-after "$d" --sample "$d" -- true
  expect_rc 0 "--timeout/--kill-after/--sample $d"
done
run "$MONCTL" time -q --timeout 0.2 -- sleep 30
expect_rc 124 "--timeout 0.2 (seconds, as timeout(1))"

# Usage errors (2) and problems known before the start (125): the job never runs.
marker="$WORK/ran"
job=(sh -c "touch $marker")
run "$MONCTL" time touch "$marker"
expect_rc 2 "missing --"
expect_contains "$ERR" "put -- before the command" "missing -- message"
run "$MONCTL" time --
expect_rc 2 "missing command"
expect_contains "$ERR" "no command to run" "missing command message"
run "$MONCTL" time --bogus -- "${job[@]}"
expect_rc 2 "unknown option"
run "$MONCTL" time --timeout 5parsecs -- "${job[@]}"
expect_rc 2 "bad duration"
expect_contains "$ERR" "--timeout" "bad duration names the option"
run "$MONCTL" time --timeout -1 -- "${job[@]}"
expect_rc 2 "negative duration"
run "$MONCTL" time -f %e --format json -- "${job[@]}"
expect_rc 2 "-f and --format together"
run "$MONCTL" time --label 9x=1 -- "${job[@]}"
expect_rc 2 "bad label name"
expect_contains "$ERR" '--label "9x=1"' "bad label message"
run "$MONCTL" time --label novalue -- "${job[@]}"
expect_rc 2 "label without ="
run "$MONCTL" time --format yaml -- "${job[@]}"
expect_rc 2 "bad format"
run "$MONCTL" time -o "$WORK/no/such/dir/out.json" -- "${job[@]}"
expect_rc 125 "unwritable -o"
expect_contains "$ERR" "$WORK/no/such/dir/out.json" "unwritable -o names the path"
run "$MONCTL" time --textfile-dir "$WORK/missing" -- "${job[@]}"
expect_rc 125 "missing textfile folder"
expect_contains "$ERR" "no such folder" "missing textfile folder message"
run "$MONCTL" time --append "$WORK/no/dir/h.csv" -- "${job[@]}"
expect_rc 125 "unwritable history"
run "$MONCTL" time --push ftp://x -- "${job[@]}"
expect_rc 2 "push URL scheme"
if [ -e "$marker" ]; then fail "a refused command line still ran the job"; else pass; fi

# A report that cannot be written is said on stderr; the job's status comes back unchanged.
mkdir "$WORK/vanishing"
run "$MONCTL" time --format json -o "$WORK/vanishing/out.json" -- sh -c "rm -rf '$WORK/vanishing'; exit 6"
expect_rc 6 "report failure keeps the exit status"
expect_contains "$ERR" "cannot write the report" "report failure message"

# A report reader that is gone (a closed pipe): said on stderr, the status is still the job's,
# and the job itself ran with SIGPIPE as it was.
expect_eq "$(python3 - "$MONCTL" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)  # nobody will ever read the report
p = subprocess.run([sys.argv[1], "time", "--format", "json", "-o", "-", "--", "sh", "-c",
                    "ign=$(awk '/^SigIgn/ {print $2}' /proc/self/status); [ $((0x$ign & 0x1000)) -eq 0 ] && exit 5; exit 6"],
                   stdout=w, stderr=subprocess.PIPE)
print(p.returncode, b"cannot write the report" in p.stderr)
PY
)" "5 True" "closed stdout: status unchanged, error said"

run "$MONCTL" time --help
expect_rc 0 "--help"
expect_contains "$OUT" "--textfile-dir" "--help lists options"
finish
