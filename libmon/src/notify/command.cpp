// monctl's command channel: argv run without a shell, the webhook payload (version 4) on its
// standard input through a socket pair (so that a child which exits without reading costs an
// EPIPE, never a SIGPIPE), standard output discarded, standard error kept (bounded) for the
// message. Exit status 0 is delivered; a non-zero exit or the time limit (the child's process
// group is killed) is retryable; a program that cannot be started is permanent.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "channels.hpp"
#include "mon/proc/spawn.hpp"

namespace mon::notify::detail {

namespace {

struct Fd {
  int fd = -1;
  explicit Fd(int f = -1) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

Attempt run_once(const std::vector<std::string>& argv, const std::string& payload, long timeout_ms,
                 std::size_t max_stderr) {
  Attempt a;
  int in[2], err[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    a.outcome = Outcome::failed_retryable;
    a.message = std::string("cannot create pipes: ") + std::strerror(errno);
    return a;
  }
  Fd child_in(in[1]), parent_in(in[0]), err_r(err[0]), err_w(err[1]);
  Fd devnull(::open("/dev/null", O_WRONLY | O_CLOEXEC));
  proc::SpawnOptions so;
  so.stdin_fd = child_in.fd;
  so.stdout_fd = devnull.fd;
  so.stderr_fd = err_w.fd;
  so.new_process_group = true;
  so.parent_death_signal = SIGKILL;
  pid_t pid;
  try {
    pid = proc::spawn(argv, so);
  } catch (const proc::SpawnError& e) {
    a.outcome = Outcome::failed_permanent;
    a.message = e.what();
    return a;
  } catch (const Error& e) {
    a.outcome = Outcome::failed_retryable;
    a.message = e.what();
    return a;
  }
  child_in.reset();
  err_w.reset();
  devnull.reset();
  ::shutdown(parent_in.fd, SHUT_RD);
  ::fcntl(parent_in.fd, F_SETFL, ::fcntl(parent_in.fd, F_GETFL) | O_NONBLOCK);
  Fd pidfd;
#ifdef SYS_pidfd_open
  pidfd.fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#endif

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::size_t sent = 0;
  std::string stderr_text;
  bool timed_out = false, exited = false;
  proc::WaitResult w;
  while (!exited) {
    if (proc::try_wait(pid, w)) {
      exited = true;
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      w = proc::wait(pid);
      break;
    }
    pollfd fds[3];
    nfds_t nf = 0;
    int in_at = -1, err_at = -1;
    if (parent_in.fd >= 0) fds[in_at = static_cast<int>(nf++)] = {parent_in.fd, POLLOUT, 0};
    if (err_r.fd >= 0) fds[err_at = static_cast<int>(nf++)] = {err_r.fd, POLLIN, 0};
    if (pidfd.fd >= 0) fds[nf++] = {pidfd.fd, POLLIN, 0};
    // Without a pidfd (old kernels) the end of the child is seen at the next tick.
    int wait_ms = static_cast<int>(std::min<long long>(left, pidfd.fd >= 0 ? left : 20));
    int r = ::poll(fds, nf, wait_ms);
    if (r < 0 && errno != EINTR) break;
    if (r <= 0) continue;
    if (in_at >= 0 && (fds[in_at].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::send(parent_in.fd, payload.data() + sent, payload.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) sent += static_cast<std::size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || sent == payload.size()) parent_in.reset();
    }
    if (err_at >= 0 && (fds[err_at].revents & (POLLIN | POLLHUP | POLLERR))) {
      char buf[4096];
      ssize_t n = ::read(err_r.fd, buf, sizeof buf);
      if (n > 0) {
        std::size_t room = max_stderr > stderr_text.size() ? max_stderr - stderr_text.size() : 0;
        stderr_text.append(buf, std::min(room, static_cast<std::size_t>(n)));
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        err_r.reset();
      }
    }
  }
  // What the child wrote just before it ended may still be in the pipe.
  if (err_r.fd >= 0) {
    ::fcntl(err_r.fd, F_SETFL, ::fcntl(err_r.fd, F_GETFL) | O_NONBLOCK);
    char buf[4096];
    for (ssize_t n; stderr_text.size() < max_stderr && (n = ::read(err_r.fd, buf, sizeof buf)) > 0;)
      stderr_text.append(buf, std::min(max_stderr - stderr_text.size(), static_cast<std::size_t>(n)));
  }
  std::string first = stderr_text.substr(0, stderr_text.find('\n'));
  if (first.size() > 200) first = first.substr(0, 200) + "...";
  std::string program = argv.front();
  if (timed_out) {
    a.outcome = Outcome::failed_retryable;
    a.message = program + ": killed after the time limit of " + std::to_string(timeout_ms) + " ms";
  } else if (w.status.exited && w.status.code == 0) {
    a.outcome = Outcome::delivered;
    a.message = program + ": exit status 0";
  } else {
    a.outcome = Outcome::failed_retryable;
    a.message = program + (w.status.exited ? ": exit status " + std::to_string(w.status.code)
                                           : ": killed by " + proc::signal_name(w.status.signal));
    a.status = w.status.shell_status();
  }
  if (!first.empty() && a.outcome != Outcome::delivered) a.message += ": " + first;
  return a;
}

}  // namespace

Prepared prepare_command(const CommandConfig& c, const Notification& n, const DeliveryOptions& o) {
  Prepared p;
  Selection s = select_alerts(n, c.send_resolved, c.max_alerts);
  if (s.alerts.empty()) {
    p.nothing_to_send = true;
    return p;
  }
  std::string body = webhook_payload(n, s);
  p.own_timeout_ms = c.timeout.count();
  std::vector<std::string> argv = c.argv;
  std::size_t limit = o.max_response_bytes;
  p.attempt = [argv, body, limit](long timeout_ms) { return run_once(argv, body, timeout_ms, limit); };
  return p;
}

}  // namespace mon::notify::detail
