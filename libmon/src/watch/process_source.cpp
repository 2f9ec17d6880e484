// sources.hpp's watch_process. The root's end is seen at once through a pidfd (pidfd_open(2),
// Linux 5.3) rather than at the next sample; without one, by the samples (or by waitpid for a
// child) every 50 ms. The 50 ms wake-ups also notice a stop: the signal handler may have run on
// another thread, so no system call of ours is interrupted by it.
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>

#include "mon/error.hpp"
#include "mon/host/process_tree.hpp"
#include "mon/proc/spawn.hpp"
#include "sources.hpp"

namespace mon::watch::detail {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Root {
 public:
  Root(pid_t pid, bool child) : pid_(pid), child_(child) {
#ifdef SYS_pidfd_open
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#endif
  }
  ~Root() {
    if (pidfd_ >= 0) ::close(pidfd_);
  }
  Root(const Root&) = delete;
  Root& operator=(const Root&) = delete;

  // Waits up to ms; true when the root has ended (a child is then reaped).
  bool wait_end(int ms) {
    if (pidfd_ >= 0) {
      struct pollfd p {pidfd_, POLLIN, 0};
      int n = ::poll(&p, 1, ms);
      if (n < 0 && errno != EINTR) throw Error(std::string("poll: ") + std::strerror(errno));
      if (n <= 0) return false;
      return ended();
    }
    if (ended()) return true;
    ::usleep(static_cast<useconds_t>(ms) * 1000);
    return ended();
  }

  void signal(int sig) const {
    if (!reaped_) ::kill(pid_, sig);
  }
  std::optional<int> status() const { return status_; }

 private:
  bool ended() {
    if (reaped_) return true;
    if (child_) {
      proc::WaitResult w;
      if (!proc::try_wait(pid_, w)) return false;
      status_ = w.status.shell_status();
      reaped_ = true;
      return true;
    }
    if (::kill(pid_, 0) == 0 || errno == EPERM) {
      // Alive, or a zombie its parent has not reaped: gone for us.
      host::ProcessTreeOptions o;
      o.root = pid_;
      struct Nothing : format::Sink {
        void sample(const model::Family&, const model::Sample&) override {}
      } nothing;
      if (pidfd_ < 0 && host::sample_process_tree(o, nothing, 0)) return false;
    }
    reaped_ = true;
    return true;
  }

  pid_t pid_;
  bool child_;
  int pidfd_ = -1;
  bool reaped_ = false;
  std::optional<int> status_;
};

// Ends a watched command: the signal (0: it has it already), up to 10 s to go, then SIGKILL;
// always reaped.
void end_command(Root& root, int sig) {
  if (sig > 0) root.signal(sig);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline)
    if (root.wait_end(50)) return;
  root.signal(SIGKILL);
  while (!root.wait_end(50)) {
  }
}

}  // namespace

std::optional<int> watch_process(const WatchOptions& options, format::Sink& sink, const std::atomic<bool>& stop) {
  const bool child = !options.command.empty();
  pid_t pid = options.pid;
  if (child) {
    proc::SpawnOptions spawn;
    spawn.parent_death_signal = SIGKILL;
    pid = proc::spawn(options.command, spawn);
  }
  Root root(pid, child);
  host::ProcessTreeOptions tree;
  tree.proc_root = options.host.proc_root;
  tree.root = pid;
  if (!child && !host::sample_process_tree(tree, sink, now_ms())) throw Error("no process " + std::to_string(pid));
  if (child) host::sample_process_tree(tree, sink, now_ms());
  try {
    for (;;) {
      const std::int64_t now = now_ms();
      const std::int64_t next = (now / options.interval_ms + 1) * options.interval_ms;
      for (std::int64_t left = next - now; left > 0; left = next - now_ms()) {
        if (stop.load()) {
          if (child) {
            const int sig = options.stop_signal ? options.stop_signal->load() : 0;
            end_command(root, sig > 0 ? sig : sig < 0 ? 0 : SIGTERM);
          }
          return std::nullopt;
        }
        if (root.wait_end(static_cast<int>(std::min<std::int64_t>(left, 50)))) return root.status();
      }
      if (!host::sample_process_tree(tree, sink, now_ms()) && root.wait_end(0)) return root.status();
    }
  } catch (const Enough&) {
    if (child) end_command(root, SIGTERM);
    return std::nullopt;
  }
}

}  // namespace mon::watch::detail
