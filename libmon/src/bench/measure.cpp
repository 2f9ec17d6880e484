// One timed run; see mon/bench/measure.hpp. The timeout uses a pidfd (Linux 5.3+): poll() on it
// wakes up when the child exits, or when the timeout expires - no signal handler, no timer thread,
// and no extra work at all when no timeout is asked for.
#include "mon/bench/measure.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "mon/error.hpp"

namespace mon::bench {

namespace {

double seconds_between(const timespec& a, const timespec& b) {
  return static_cast<double>(b.tv_sec - a.tv_sec) + static_cast<double>(b.tv_nsec - a.tv_nsec) * 1e-9;
}

// Waits for pid for at most timeout_seconds; false if the time ran out first.
bool wait_exit(pid_t pid, double timeout_seconds) {
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) throw Error(std::string("cannot watch the benchmarked process for --timeout: ") + std::strerror(errno));
  timespec start{};
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  bool exited = false;
  for (;;) {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    double left = timeout_seconds - seconds_between(start, now);
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    int ms = static_cast<int>(std::ceil(left * 1000));
    int r = ::poll(&p, 1, ms);
    if (r > 0) {
      exited = true;
      break;
    }
    if (r < 0 && errno != EINTR) {
      ::close(fd);
      throw Error(std::string("cannot wait for the benchmarked process: ") + std::strerror(errno));
    }
  }
  ::close(fd);
  return exited;
}

}  // namespace

RunSample measure(const Prepared& command, const RunIo& io, double timeout_seconds, std::atomic<pid_t>* running) {
  proc::SpawnOptions options;
  options.stdin_fd = io.stdin_fd;
  options.stdout_fd = io.stdout_fd;
  options.stderr_fd = io.stderr_fd;
  options.search_path = false;  // the program path was resolved once, before any run
  options.new_process_group = timeout_seconds > 0;
  options.parent_death_signal = SIGKILL;  // the run dies with whoever measures it
  RunSample s;
  int status = 0;
  struct rusage ru {};
  timespec t0{}, t1{};
  ::clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = proc::spawn(command.argv(), options);
  if (running) running->store(pid);
  if (timeout_seconds > 0 && !wait_exit(pid, timeout_seconds)) {
    ::kill(-pid, SIGKILL);  // the whole group: a shell's children too
    s.timed_out = true;
  }
  for (;;) {
    pid_t r = ::wait4(pid, &status, 0, &ru);
    if (r == pid) break;
    if (r < 0 && errno == EINTR) continue;
    throw Error(std::string("cannot wait for the benchmarked process: ") + std::strerror(errno));
  }
  ::clock_gettime(CLOCK_MONOTONIC, &t1);
  if (running) running->store(0);
  s.wall_seconds = seconds_between(t0, t1);
  proc::Usage u = proc::decode_usage(ru);
  s.user_seconds = u.user_seconds;
  s.system_seconds = u.system_seconds;
  s.max_rss_bytes = u.max_rss_bytes;
  s.status = proc::decode_status(status);
  return s;
}

std::string describe(const RunSample& sample) {
  if (sample.timed_out) return "timed out (killed)";
  if (sample.status.exited) return "exit status " + std::to_string(sample.status.code);
  return "killed by " + proc::signal_name(sample.status.signal);
}

}  // namespace mon::bench
