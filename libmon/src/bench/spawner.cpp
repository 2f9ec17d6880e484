// The spawning helper process; why it exists is explained in mon/bench/spawner.hpp.
#include "mon/bench/spawner.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <atomic>
#include <iterator>
#include <cstring>
#include <type_traits>

#include "mon/error.hpp"

namespace mon::bench {

namespace {

// --- Dying together (no benchmarked command outlives monctl) ---
// The helper runs in a process group of its own, and so do the commands it starts (they stay in
// its group, or get one each under --timeout). Whatever ends monctl then ends them:
// - monctl gets SIGTERM, SIGINT or SIGHUP: its handler tells the helper (SIGTERM), waits for it,
//   and dies of the same signal;
// - monctl is killed (SIGKILL, or its whole process group is): the helper gets SIGTERM from the
//   kernel (PR_SET_PDEATHSIG) - the group kill does not reach it, so it lives to clean up;
// - the helper, on SIGTERM, SIGINT or SIGHUP, kills the running command's group and then its own
//   (every command and whatever they started) with SIGKILL;
// - the helper itself killed by SIGKILL: each command gets SIGKILL (PR_SET_PDEATHSIG in measure).
std::atomic<pid_t> g_running{0};  // in the helper: the command being run
std::atomic<pid_t> g_helper{0};   // in monctl: the helper
constexpr int kForwarded[] = {SIGTERM, SIGINT, SIGHUP};
struct sigaction g_saved[std::size(kForwarded)];

extern "C" void helper_on_signal(int sig) {
  pid_t child = g_running.load();
  if (child > 0) {
    ::kill(-child, SIGKILL);  // its own group under --timeout (ESRCH otherwise, harmless)
    ::kill(child, SIGKILL);
  }
  ::kill(0, SIGKILL);  // the helper's group: every command and what it started, the helper last
  ::_exit(128 + sig);
}

extern "C" void monctl_on_signal(int sig) {
  int saved_errno = errno;
  pid_t helper = g_helper.exchange(0);
  if (helper > 0) {
    ::kill(helper, SIGTERM);
    int st = 0;
    while (::waitpid(helper, &st, 0) < 0 && errno == EINTR) {
    }
  }
  // Die of the same signal, as if no handler had been there (the exit status says which).
  for (std::size_t i = 0; i < std::size(kForwarded); ++i)
    if (kForwarded[i] == sig) ::sigaction(sig, &g_saved[i], nullptr);
  errno = saved_errno;
  ::raise(sig);  // blocked until this handler returns, then acts as before
}

// In monctl (saved != nullptr) a signal that is ignored stays ignored (`nohup`, `cmd &` in a
// script): then it ends neither monctl nor its runs.
void install(void (*handler)(int), struct sigaction* saved) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  for (int s : kForwarded) sigaddset(&sa.sa_mask, s);
  for (std::size_t i = 0; i < std::size(kForwarded); ++i) {
    if (saved) {
      ::sigaction(kForwarded[i], nullptr, &saved[i]);
      if (saved[i].sa_handler == SIG_IGN) continue;
    }
    ::sigaction(kForwarded[i], &sa, nullptr);
  }
}

struct Message {
  Outcome outcome;
  std::int64_t floor_bytes;  // the helper's own max RSS: no child can report less
};

static_assert(std::is_trivially_copyable_v<Batch> && std::is_trivially_copyable_v<Message>);

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// False at end of file or on error.
bool read_all(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// One stage of an iteration; false when it could not be started or waited for.
bool stage(const Prepared& p, const RunIo& io, double timeout, Stage which, Outcome& out, RunSample& sample) {
  try {
    sample = measure(p, io, timeout, &g_running);
    return true;
  } catch (const proc::SpawnError& e) {
    out.spawn_errno = e.error_number();
  } catch (...) {
    out.wait_failed = true;
  }
  out.failed = which;
  return false;
}

// Runs one iteration; false when the batch must stop.
bool iteration(const Batch& b, const RunIo& io, Outcome& out) {
  RunSample hook;
  if (b.prepare) {
    if (!stage(*b.prepare, io, b.timeout_seconds, Stage::prepare, out, hook)) return false;
    out.hooks_seconds += hook.wall_seconds;
    if (!hook.ok()) {
      out.failed = Stage::prepare;
      out.hook_sample = hook;
      return false;
    }
  }
  if (b.rewind_fd >= 0) ::lseek(b.rewind_fd, 0, SEEK_SET);  // every run reads the whole input
  if (b.truncate_fd >= 0 && ::ftruncate(b.truncate_fd, 0) == 0) ::lseek(b.truncate_fd, 0, SEEK_SET);
  if (!stage(*b.command, io, b.timeout_seconds, Stage::command, out, out.sample)) return false;
  bool go_on = out.sample.ok() || !b.stop_on_failure;
  if (b.conclude) {
    if (!stage(*b.conclude, io, b.timeout_seconds, Stage::conclude, out, hook)) return false;
    out.hooks_seconds += hook.wall_seconds;
    if (!hook.ok()) {
      out.failed = Stage::conclude;
      out.hook_sample = hook;
      return false;
    }
  }
  return go_on;
}

[[noreturn]] void helper_loop(int in, int out, const RunIo& io) {
  Batch batch{};
  while (read_all(in, &batch, sizeof batch)) {
    for (std::uint32_t i = 0; i < batch.repeat; ++i) {
      Message m{};
      bool go_on = iteration(batch, io, m.outcome);
      struct rusage self {};
      if (::getrusage(RUSAGE_SELF, &self) == 0) m.floor_bytes = static_cast<std::int64_t>(self.ru_maxrss) * 1024;
      if (!write_all(out, &m, sizeof m)) ::_exit(0);
      if (!go_on) break;
    }
  }
  ::_exit(0);
}

}  // namespace

Spawner::Spawner(const RunIo& io) {
  int down[2], up[2];
  if (::pipe2(down, O_CLOEXEC) != 0) throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  if (::pipe2(up, O_CLOEXEC) != 0) {
    ::close(down[0]);
    ::close(down[1]);
    throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  ::malloc_trim(0);  // hand freed heap back to the kernel: the helper's copy is then smaller
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    for (int fd : {down[0], down[1], up[0], up[1]}) ::close(fd);
    throw Error(std::string("cannot start the benchmark helper process: ") + std::strerror(e));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    install(helper_on_signal, nullptr);
    // SIGTERM when monctl dies, however it dies; it may already have died before this line.
    if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || ::getppid() != parent) helper_on_signal(SIGTERM);
    ::close(down[1]);
    ::close(up[0]);
    helper_loop(down[0], up[1], io);
  }
  ::setpgid(pid, pid);  // also here, so that no signal finds it in our group (either call wins)
  ::close(down[0]);
  ::close(up[1]);
  g_helper.store(pid);
  install(monctl_on_signal, g_saved);
  pid_ = pid;
  to_helper_ = down[1];
  from_helper_ = up[0];
}

Spawner::~Spawner() {
  if (to_helper_ >= 0) ::close(to_helper_);  // the helper reads end of file and exits
  if (from_helper_ >= 0) ::close(from_helper_);
  if (pid_ > 0) {
    int st = 0;
    while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
    }
    // Only now: a signal until the helper is reaped still takes the commands with it.
    if (g_helper.exchange(0) == pid_)
      for (std::size_t i = 0; i < std::size(kForwarded); ++i) ::sigaction(kForwarded[i], &g_saved[i], nullptr);
  }
}

void Spawner::start(const Batch& batch) {
  if (!write_all(to_helper_, &batch, sizeof batch)) throw Error("the benchmark helper process ended unexpectedly");
}

Outcome Spawner::next() {
  Message m{};
  if (!read_all(from_helper_, &m, sizeof m)) throw Error("the benchmark helper process ended unexpectedly");
  floor_bytes_ = std::max(floor_bytes_, m.floor_bytes);
  return m.outcome;
}

RunSample Spawner::run(const Prepared& command, double timeout_seconds) {
  Batch b;
  b.command = &command;
  b.timeout_seconds = timeout_seconds;
  start(b);
  Outcome o = next();
  if (o.spawn_errno != 0) throw proc::SpawnError(command.command(), o.spawn_errno);
  if (o.wait_failed) throw Error("cannot wait for the benchmarked process");
  return o.sample;
}

}  // namespace mon::bench
