#!/usr/bin/env bash
# monctl time in the foreground of a terminal: the job stays in monctl's process group, so it
# can read the terminal (a background group would be stopped by SIGTTIN), and a Ctrl-C typed
# there reaches it once, from the terminal, not a second time from monctl. A pseudo-terminal
# from python3's pty module stands in for the user's terminal.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/job.py" <<'PY'
# Reads a line from the terminal and says so, says when the first SIGINT came, and exits on
# SIGTERM with the number of SIGINTs it got. The driver sends that SIGTERM to monctl after the
# first SIGINT: monctl passes it on after any SIGINT of its own (it takes pending signals lowest
# number first and sends each before taking the next), and Python runs the handlers of signals
# that arrived together lowest number first, so a duplicate SIGINT would be counted.
import signal, sys
got = []
signal.signal(signal.SIGINT, lambda *a: got.append(1))
signal.signal(signal.SIGTERM, lambda *a: sys.exit(len(got)))
line = sys.stdin.readline().strip()
print("read:" + line, flush=True)
while not got:
    signal.pause()
print("interrupted", flush=True)
while True:
    signal.pause()
PY

python3 - "$MONCTL" "$WORK/job.py" >"$WORK/tty.out" 2>&1 <<'PY'
import os, pty, select, signal, sys
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
read_until(b"interrupted")
os.kill(pid, signal.SIGTERM)  # pid is monctl's (pty.fork's child exec'd it)
_, status = os.waitpid(pid, 0)
print("status", os.waitstatus_to_exitcode(status))
PY
expect_eq "$?" "0" "the pty driver ran: $(cat "$WORK/tty.out")"
expect_contains "$(cat "$WORK/tty.out")" "status 1" "the job read the terminal and got Ctrl-C exactly once"
finish
