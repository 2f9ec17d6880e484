# Shared helpers for the end-to-end tests: each test sources this, runs the real monctl and
# checks exact output and exit status. A failed expectation prints what differed and exits 1.
set -u
: "${MONCTL:?MONCTL must name the monctl binary}"
DATA=${MONCTL_TEST_DATA:-$(dirname "$0")/../data}
SHARED=${MONCTL_SHARED_DIR:-$(dirname "$0")/../../../shared}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/monctl-e2e.XXXXXX")
CLEANUP=()
cleanup() {
  local c
  for c in "${CLEANUP[@]+"${CLEANUP[@]}"}"; do eval "$c" || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
FAILS=0
PASSES=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { PASSES=$((PASSES + 1)); }

# run CMD...: runs it, keeping stdout in $OUT, stderr in $ERR and the status in $RC.
run() {
  "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
}

expect_rc() {  # expect_rc N "what"
  if [ "$RC" -eq "$1" ]; then pass; else fail "${2:-}: exit status $RC, expected $1; stderr: ${ERR:0:400}"; fi
}
expect_out() {  # expect_out "exact stdout" "what"
  if [ "$OUT" == "$1" ]; then pass; else fail "${2:-}: stdout differs:"$'\n'"--- expected"$'\n'"$1"$'\n'"--- got"$'\n'"$OUT"; fi
}
expect_contains() {  # expect_contains "$HAYSTACK" "needle" "what"
  if [[ "$1" == *"$2"* ]]; then pass; else fail "${3:-}: expected to find «$2» in:"$'\n'"${1:0:1000}"; fi
}
expect_not_contains() {
  if [[ "$1" != *"$2"* ]]; then pass; else fail "${3:-}: did not expect «$2» in:"$'\n'"${1:0:1000}"; fi
}
expect_file() {  # expect_file PATH "what"
  if [ -f "$1" ]; then pass; else fail "${2:-}: file $1 does not exist"; fi
}
expect_eq() {  # expect_eq "got" "expected" "what"
  if [ "$1" == "$2" ]; then pass; else fail "${3:-}: got «$1», expected «$2»"; fi
}

# skip "why": ends the test as skipped (ctest's skip code 77), saying why on stdout.
skip() {
  echo "SKIPPED: $*"
  exit 77
}
# need PROGRAM...: skips the test visibly unless every program is installed (scripts/test
# installs them all, so in CI nothing is skipped).
need() {
  local p
  for p in "$@"; do command -v "$p" >/dev/null || skip "$p is not installed (scripts/test installs it)"; done
}
# need_shared SUBPATH: skips the test visibly unless ../shared/data/SUBPATH exists (CI has it;
# a plain clone does not). Sets SHARED_PATH to the full path. (Not in $(…): a subshell's exit
# would not end the test.)
need_shared() {
  SHARED_PATH="$SHARED/data/$1"
  [ -e "$SHARED_PATH" ] || skip "no shared data at $SHARED_PATH (a plain clone has none; CI has it)"
}

# free_port: a TCP port on 127.0.0.1 nobody listens on now.
free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

# start_http_server [ARG...]: the test HTTP server (servers/http_server.py; ARGs such as --log
# FILE or --tls CERT KEY passed on) on a free port of 127.0.0.1, killed at the end; sets PORT and
# returns once it accepts connections.
start_http_server() {
  PORT=$(free_port)
  python3 "$(dirname "${BASH_SOURCE[0]}")/servers/http_server.py" --port "$PORT" "$@" &
  CLEANUP+=("kill $!")
  wait_port "$PORT"
}

# wait_port PORT [SECONDS]: waits until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  local port=$1 limit=${2:-30} i
  for ((i = 0; i < limit * 20; i++)); do
    if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "nothing listens on 127.0.0.1:$port after ${limit}s" >&2
  return 1
}

# await_caught PID SIGNUM [SECONDS]: waits until PID runs a program other than this shell (a
# background job forks first, execs later) that has a handler for the signal (SigCgt in
# /proc/PID/status): a signal sent before then would meet the default action.
await_caught() {
  local pid=$1 sig=$2 limit=${3:-30} i mask
  for ((i = 0; i < limit * 100; i++)); do
    if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" != "$(readlink "/proc/$$/exe")" ]; then
      mask=$(awk '/^SigCgt:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || mask=
      if [ -n "$mask" ] && (((16#$mask >> (sig - 1)) & 1)); then return 0; fi
    fi
    sleep 0.01
  done
  echo "process $pid catches no signal $sig after ${limit}s" >&2
  return 1
}

# wait_for FILE PATTERN [SECONDS]: until a line of FILE matches PATTERN (grep -e): what monctl
# writes is the event awaited.
wait_for() {
  local limit=${3:-30} i
  for ((i = 0; i < limit * 100; i++)); do
    grep -q -e "$2" "$1" 2>/dev/null && return 0
    sleep 0.01
  done
  return 1
}

# rchar PID: the bytes PID has read so far (/proc/PID/io).
rchar() { awk '/^rchar/ {print $2}' "/proc/$1/io" 2>/dev/null || echo 0; }

# syscall_nr NAME: the number of a system call on this machine's architecture.
syscall_nr() {
  case "$(uname -m):$1" in
    x86_64:read) echo 0 ;;
    x86_64:rt_sigtimedwait) echo 128 ;;
    aarch64:read) echo 63 ;;
    aarch64:rt_sigtimedwait) echo 137 ;;
    *) echo "syscall_nr: $1 unknown on $(uname -m)" >&2; echo -1 ;;
  esac
}

# await_syscall PID RCHAR NAME [FIRST_ARG] [SECONDS]: waits until PID has read RCHAR bytes in all
# (rchar in /proc/PID/io) and its main thread sleeps in the system call NAME (with that first
# argument, e.g. 0x0 for fd 0), so that what it read has been handled.
await_syscall() {
  local pid=$1 want=$2 nr arg=${4:-} limit=${5:-30} i now call
  nr=$(syscall_nr "$3")
  for ((i = 0; i < limit * 100; i++)); do
    now=$(rchar "$pid")
    if [ "${now:-0}" -ge "$want" ]; then
      read -r call <"/proc/$pid/syscall" 2>/dev/null || call=
      case $call in "$nr ${arg:+$arg }"*) return 0 ;; esac
    fi
    sleep 0.01
  done
  echo "process $pid did not read up to byte $want and wait in $3 after ${limit}s" >&2
  return 1
}

# await_read_blocked PID RCHAR [SECONDS]: PID has read RCHAR bytes in all and waits in read(2)
# on fd 0 for more.
await_read_blocked() { await_syscall "$1" "$2" read 0x0 "${3:-30}"; }

# finish: prints the plain closing line and exits 0 when nothing failed.
finish() {
  echo "$PASSES passed, $FAILS failed"
  [ "$FAILS" -eq 0 ]
  exit $?
}
