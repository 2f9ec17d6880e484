#!/usr/bin/env bash
# monctl watch --pid PID and -- CMD: a real process tree (a python3 root holding 64 MiB, three
# extra threads, ten extra files and two children, blocked on a FIFO the test writes to) summed
# under process_* names; the command's exit status (or 128+signal) becomes ours; a pid that ends
# ends the watch (exit 0); a pid that is not there; SIGTERM passed on to the command; the
# command dies with monctl.
source "$(dirname "$0")/lib.sh"
need python3
# The interpreter itself: a version manager's shim (pyenv) would add its own short-lived helpers to the tree.
PY=$(python3 -c 'import sys; print(sys.executable)')

cat >"$WORK/tree.py" <<'PY'
import os, subprocess, sys, threading
fifo, ready = sys.argv[1], sys.argv[2]
memory = bytearray(64 << 20)
for i in range(0, len(memory), 4096):
    memory[i] = 1  # resident, not just reserved
stop = threading.Event()
threads = [threading.Thread(target=stop.wait) for _ in range(3)]
for t in threads:
    t.start()
files = [open(os.devnull) for _ in range(10)]
with open(os.devnull, "wb") as null:
    null.write(b"x" * (1 << 20))  # 1 MiB through write(2): wchar
children = [subprocess.Popen(["sleep", "1000"]) for _ in range(2)]
open(ready + ".tmp", "w").close()
os.rename(ready + ".tmp", ready)
with open(fifo) as f:  # blocks until the test writes the exit code
    code = int(f.read() or 0)
for c in children:
    c.kill()
    c.wait()
stop.set()
for t in threads:
    t.join()
sys.exit(code)
PY

# -- CMD: the whole tree, then CMD's exit status.
mkfifo "$WORK/fifo"
"$MONCTL" watch --interval 100ms -- "$PY" "$WORK/tree.py" "$WORK/fifo" "$WORK/ready" >"$WORK/cmd.out" 2>"$WORK/cmd.err" &
pid=$!
CLEANUP+=("kill $pid 2>/dev/null")
# windows_after_ready FILE: once the tree is ready, until two more windows are written (the
# second holds a sample taken after it).
windows() { grep -c '"name":"process_count"' "$1" 2>/dev/null || true; }  # 0, or nothing before the file exists
windows_after_ready() {
  local i n
  for ((i = 0; i < 3000; i++)); do [ -e "$WORK/ready" ] && break; sleep 0.01; done
  n=$(windows "$1")
  for ((i = 0; i < 3000; i++)); do
    [ "$(windows "$1")" -ge $((${n:-0} + 2)) ] 2>/dev/null && return 0
    sleep 0.01
  done
  return 1
}
windows_after_ready "$WORK/cmd.out"
expect_eq "$?" "0" "windows written while the tree is ready"
expect_contains "$(grep '"name":"process_count"' "$WORK/cmd.out" | tail -n 1)" '"max":3,' "the root and its two children counted"
echo 7 >"$WORK/fifo"
wait "$pid"
expect_eq "$?" "7" "CMD's exit status is monctl's"
python3 - "$WORK/cmd.out" >"$WORK/check" 2>&1 <<'PY'
import json, sys
records = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def most(name, mode=None):
    return max(r["max"] for r in records if r["name"] == name and (mode is None or r["labels"].get("mode") == mode))
problems = []
if most("process_resident_memory_bytes") < 64 << 20:
    problems.append("RSS %d below the 64 MiB held" % most("process_resident_memory_bytes"))
if most("process_threads") != 6:  # 4 in python3 (main and 3), 1 in each sleep
    problems.append("threads: %d, expected 6" % most("process_threads"))
if most("process_open_fds") < 13:
    problems.append("open fds: %d, expected at least 13" % most("process_open_fds"))
if most("process_io_write_bytes_total") < 1 << 20:
    problems.append("wchar: %d, expected at least 1 MiB" % most("process_io_write_bytes_total"))
if not any(r["name"] == "process_cpu_seconds_total" and r["labels"] == {"mode": "user"} and r["rate"] is not None for r in records):
    problems.append("no CPU rate")
if any(r["labels"].get("pid") for r in records):
    problems.append("a pid label")
print("\n".join(problems) if problems else "ok")
PY
expect_eq "$(cat "$WORK/check")" "ok" "RSS, threads, fds, I/O and CPU of the tree"
expect_eq "$(cat "$WORK/cmd.err")" "" "nothing on stderr"

# CPU seconds: a command that burns 0.3 s of CPU.
run "$MONCTL" watch --interval 100ms --format prom -- "$PY" -c '
import time
while time.process_time() < 0.3: pass'
expect_rc 0 "a command's exit status 0"
cpu=$(awk '/^process_cpu_seconds_last/ {s[$1]=$2} END {print s["process_cpu_seconds_last{mode=\"user\"}"] + s["process_cpu_seconds_last{mode=\"system\"}"]}' <<<"$OUT")
expect_eq "$(python3 -c "print($cpu >= 0.15)")" "True" "CPU seconds counted ($cpu s of 0.3 s, the last sample up to 100 ms before the end)"

# Killed by a signal: 128+N, as the shell reports it.
run "$MONCTL" watch --interval 100ms -- "$PY" -c 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)'
expect_rc 137 "a command killed by SIGKILL: 137"
run "$MONCTL" watch -- no-such-command-monctl
expect_rc 127 "a command not found: 127"
expect_contains "$ERR" "no-such-command-monctl" "named in the message"

# --pid: a process of ours that ends: the watch ends, exit 0, the last window written.
rm -f "$WORK/ready"
"$PY" "$WORK/tree.py" "$WORK/fifo" "$WORK/ready" &
tree=$!
for ((i = 0; i < 3000; i++)); do [ -e "$WORK/ready" ] && break; sleep 0.01; done
"$MONCTL" watch --pid "$tree" --interval 100ms >"$WORK/pid.out" 2>"$WORK/pid.err" &
pid=$!
windows_after_ready "$WORK/pid.out"
expect_eq "$?" "0" "--pid: windows written"
expect_contains "$(grep '"name":"process_count"' "$WORK/pid.out" | tail -n 1)" '"max":3,' "--pid: the tree of a process not ours"
echo 0 >"$WORK/fifo"
wait "$pid"
expect_eq "$?" "0" "--pid: the process ended, exit 0"
wait "$tree"
expect_contains "$(tail -n 1 "$WORK/pid.out")" '"name":"process_count"' "the last window written"

# A pid that is not there.
sleep 0 &
gone=$!
wait "$gone"
run "$MONCTL" watch --pid "$gone"
expect_rc 1 "--pid of a process that is gone"
expect_contains "$ERR" "no process $gone" "said so"

# SIGTERM: passed on to the command, the window held written, exit 0.
cat >"$WORK/term.py" <<'PY'
import signal, sys, time
def bye(sig, frame):
    open(sys.argv[1], "w").write("got %d\n" % sig)
    sys.exit(3)
signal.signal(signal.SIGTERM, bye)
open(sys.argv[2], "w").close()
while True:
    time.sleep(1)
PY
"$MONCTL" watch --interval 100ms --window 1m -- "$PY" "$WORK/term.py" "$WORK/got" "$WORK/term.ready" >"$WORK/term.out" 2>"$WORK/term.err" &
pid=$!
await_caught "$pid" 15
for ((i = 0; i < 3000; i++)); do [ -e "$WORK/term.ready" ] && break; sleep 0.01; done
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" "0" "SIGTERM: exit 0"
expect_eq "$(cat "$WORK/got" 2>/dev/null)" "got 15" "the command got SIGTERM"
expect_contains "$(cat "$WORK/term.out")" '"name":"process_count"' "the window held is written"

# A terminal's Ctrl-C reaches the command once, from the terminal, not a second time from monctl
# (the command is in monctl's process group). A pseudo-terminal from python3's pty module stands
# in for the user's; the command counts the SIGINTs that reach it in 0.5 s.
cat >"$WORK/ctrl_c.py" <<'PY'
import signal, sys, time
got = []
signal.signal(signal.SIGINT, lambda *a: got.append(1))
print("ready", flush=True)
while not got:
    signal.pause()
time.sleep(0.5)
open(sys.argv[1], "w").write("%d\n" % len(got))
PY
"$PY" - "$MONCTL" "$PY" "$WORK/ctrl_c.py" "$WORK/sigints" "$WORK/ctrl_c.json" >"$WORK/tty.out" 2>&1 <<'PY'
import os, pty, select, sys
monctl, py, job, count, records = sys.argv[1:6]
pid, fd = pty.fork()
if pid == 0:  # a new session whose controlling terminal is the pty; we are its foreground group
    os.execv(monctl, [monctl, "watch", "--interval", "100ms", "-o", records, "--", py, job, count])
out = b""
while b"ready" not in out:
    r, _, _ = select.select([fd], [], [], 30)
    chunk = os.read(fd, 4096) if r else b""
    if not chunk:
        raise SystemExit("no ready; got %r" % out)
    out += chunk
os.write(fd, b"\x03")  # Ctrl-C: the terminal sends SIGINT to its foreground process group
_, status = os.waitpid(pid, 0)
print("status", os.waitstatus_to_exitcode(status))
PY
expect_eq "$(cat "$WORK/tty.out")" "status 0" "Ctrl-C: monctl waits for the command, then exits 0"
expect_eq "$(cat "$WORK/sigints" 2>/dev/null)" "1" "the command got Ctrl-C exactly once"
expect_contains "$(cat "$WORK/ctrl_c.json" 2>/dev/null)" '"name":"process_count"' "the window held is written"

# The command dies with monctl, even by SIGKILL.
"$MONCTL" watch --interval 100ms -- sleep 1000 >/dev/null 2>&1 &
pid=$!
child=
for ((i = 0; i < 3000; i++)); do
  child=$(cat /proc/"$pid"/task/*/children 2>/dev/null | tr -d ' ')
  [ -n "$child" ] && [ "$(readlink /proc/"$child"/exe)" = "$(readlink -f "$(command -v sleep)")" ] && break
  sleep 0.01
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
for ((i = 0; i < 3000; i++)); do kill -0 "$child" 2>/dev/null || break; sleep 0.01; done
kill -0 "$child" 2>/dev/null
expect_eq "$?" "1" "the command ($child) ended with monctl"

# Usage errors.
for args in "--pid 1 -- true" "--pid 1 --system" "--pid -3" "some.prom -- true" "--follow -- true" "--system -- true"; do
  # shellcheck disable=SC2086
  run "$MONCTL" watch $args
  expect_rc 2 "usage error: watch $args"
done
finish
