// The spawning helper process; why it exists is explained in mon/bench/spawner.hpp.
#include "mon/bench/spawner.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "mon/error.hpp"

namespace mon::bench {

namespace {

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
    sample = measure(p, io, timeout);
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
  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    for (int fd : {down[0], down[1], up[0], up[1]}) ::close(fd);
    throw Error(std::string("cannot start the benchmark helper process: ") + std::strerror(e));
  }
  if (pid == 0) {
    ::close(down[1]);
    ::close(up[0]);
    helper_loop(down[0], up[1], io);
  }
  ::close(down[0]);
  ::close(up[1]);
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
