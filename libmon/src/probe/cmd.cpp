// The command prober: runs a Monitoring Plugin (or any command) without a shell and takes its
// verdict from the exit status, as Nagios does: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, anything
// else (or a signal) UNKNOWN. Its first line is the message and its perfdata is kept. Output
// beyond 64 KiB is discarded; at the timeout the whole process group is killed. The plugin is
// spawned, waited for and reaped on this one thread, so that its death signal (PR_SET_PDEATHSIG,
// bound to the spawning thread) fires only when monctl itself dies; see cleanup.hpp.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <thread>

#include "command_groups.hpp"
#include "mon/probe/probers.hpp"
#include "mon/proc/spawn.hpp"
#include "perfdata.hpp"

namespace mon::probe {

namespace {
constexpr std::size_t kMaxOutput = 64 * 1024;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// True once the child has ended, without reaping it: until it is reaped its process group id
// cannot be reused, so the signal cleanup may still kill the group.
bool has_ended(pid_t pid) {
  siginfo_t info{};
  for (;;) {
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0) return info.si_pid == pid;
    if (errno != EINTR) return true;  // nothing to wait for: let wait() report it
  }
}
}  // namespace

Result probe_cmd(const Spec& spec) {
  Result r = start_result(spec);
  auto t0 = std::chrono::steady_clock::now();
  auto deadline = t0 + spec.timeout;
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  Fd read_end{pipe_fds[0]}, write_end{pipe_fds[1]};
  Fd null{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  proc::SpawnOptions options;
  options.stdin_fd = null.fd;
  options.stdout_fd = write_end.fd;
  options.stderr_fd = write_end.fd;  // a plugin's complaint on stderr is still worth showing
  std::unique_ptr<detail::CommandGroup> group;
  try {
    group = std::make_unique<detail::CommandGroup>(spec.command, options);
  } catch (const Error& e) {
    r.status = Status::unknown;
    r.message = e.what();
    r.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }
  const pid_t pid = group->pid();
  ::close(write_end.fd);
  write_end.fd = -1;
  std::string output;
  bool timed_out = false;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{read_end.fd, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      timed_out = true;
      break;
    }
    ssize_t got = ::read(read_end.fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // every writer closed: the command (and its children) are done
    if (output.size() < kMaxOutput)
      output.append(buf, std::min(static_cast<std::size_t>(got), kMaxOutput - output.size()));
  }
  // Output is closed; the command may still linger (a plugin that closed stdout early). There is
  // no event for a child's exit short of SIGCHLD, which a library cannot own: poll until the deadline.
  proc::WaitResult w;
  bool reaped = false;
  if (!timed_out) {
    for (auto pause = std::chrono::microseconds(200);; pause = std::min(pause * 2, std::chrono::microseconds(10000))) {
      if (has_ended(pid)) {
        group->unlist();
        w = proc::wait(pid);
        reaped = true;
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        timed_out = true;
        break;
      }
      std::this_thread::sleep_for(pause);
    }
  }
  if (!reaped) {
    ::kill(-pid, SIGKILL);
    group->unlist();
    w = proc::wait(pid);
  }
  r.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.value = r.duration_seconds;
  r.unit = "s";
  auto parsed = detail::parse_plugin_output(output);
  for (auto& p : parsed.perf) {
    r.metrics.push_back({"monctl_probe_cmd_perfdata", {{"label", p.label}}, p.value});
    p.label = r.name + "_" + p.label;
  }
  r.perf = std::move(parsed.perf);
  if (timed_out) {
    r.status = Status::critical;
    r.message = "timed out after " + time::format_duration(spec.timeout) + " (killed)";
    return r;
  }
  r.metrics.push_back({"monctl_probe_cmd_exit_code", {}, static_cast<double>(w.status.shell_status())});
  r.message = parsed.message.empty() ? "(no output)" : parsed.message;
  if (!w.status.exited) {
    r.status = Status::unknown;
    r.message = "killed by " + proc::signal_name(w.status.signal) + ": " + r.message;
  } else if (w.status.code >= 0 && w.status.code <= 3) {
    r.status = static_cast<Status>(w.status.code);
    r.success = w.status.code == 0;
  } else {
    r.status = Status::unknown;
    r.message = "exit status " + std::to_string(w.status.code) + " (not a plugin status 0-3): " + r.message;
  }
  return r;
}

}  // namespace mon::probe
