#!/usr/bin/env bash
# monctl time in the foreground of a terminal: the job stays in monctl's process group, so it
# can read the terminal (a background group would be stopped by SIGTTIN), and a Ctrl-C typed
# there reaches it once, from the terminal, not a second time from monctl. A pseudo-terminal
# from python3's pty module stands in for the user's terminal.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/job.py" <<'PY'
# Reads a line from the terminal, says so, then counts the SIGINTs it gets until it has had
# one and a grace period has passed for a duplicate; exits with the count.
import signal, sys, time
got = []
signal.signal(signal.SIGINT, lambda *a: got.append(time.monotonic()))
line = sys.stdin.readline().strip()
print("read:" + line, flush=True)
while not got:
    signal.pause()
deadline = got[0] + 0.5
while time.monotonic() < deadline:
    time.sleep(0.05)
sys.exit(len(got))
PY

python3 - "$MONCTL" "$WORK/job.py" >"$WORK/tty.out" 2>&1 <<'PY'
import os, pty, sys, select
monctl, job = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:  # a new session whose controlling terminal is the pty; we are its foreground group
    os.execv(monctl, [monctl, "time", "-q", "--", sys.executable, job])
out = b""
def read_until(marker):
    global out
    while marker not in out:
        r, _, _ = select.select([fd], [], [], 30)
        if not r:
            raise SystemExit("timed out waiting for %r; got %r" % (marker, out))
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            raise SystemExit("terminal closed; got %r" % out)
        if not chunk:
            raise SystemExit("terminal closed; got %r" % out)
        out += chunk
os.write(fd, b"hello\n")
read_until(b"read:hello")
os.write(fd, b"\x03")  # Ctrl-C: the terminal sends SIGINT to its foreground process group
_, status = os.waitpid(pid, 0)
print("status", os.waitstatus_to_exitcode(status))
PY
expect_eq "$?" "0" "the pty driver ran: $(cat "$WORK/tty.out")"
expect_contains "$(cat "$WORK/tty.out")" "status 1" "the job read the terminal and got Ctrl-C exactly once"
finish
