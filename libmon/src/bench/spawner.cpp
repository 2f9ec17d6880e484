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

struct Request {
  const Prepared* command;
  double timeout_seconds;
};

struct Response {
  RunSample sample;
  std::int64_t floor_bytes;  // the helper's own max RSS: no child can report less
  int spawn_errno;  // 0: ran; otherwise posix_spawn's error
  int failed;       // 1: waiting failed in the helper
};

static_assert(std::is_trivially_copyable_v<Request> && std::is_trivially_copyable_v<Response>);

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

[[noreturn]] void helper_loop(int in, int out, const RunIo& io) {
  Request req{};
  while (read_all(in, &req, sizeof req)) {
    Response resp{};
    try {
      resp.sample = measure(*req.command, io, req.timeout_seconds);
    } catch (const proc::SpawnError& e) {
      resp.spawn_errno = e.error_number();
    } catch (...) {
      resp.failed = 1;
    }
    struct rusage self {};
    if (::getrusage(RUSAGE_SELF, &self) == 0) resp.floor_bytes = static_cast<std::int64_t>(self.ru_maxrss) * 1024;
    if (!write_all(out, &resp, sizeof resp)) break;
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

RunSample Spawner::run(const Prepared& command, double timeout_seconds) {
  Request req{&command, timeout_seconds};
  Response resp{};
  if (!write_all(to_helper_, &req, sizeof req) || !read_all(from_helper_, &resp, sizeof resp))
    throw Error("the benchmark helper process ended unexpectedly");
  if (resp.spawn_errno != 0) throw proc::SpawnError(command.command(), resp.spawn_errno);
  if (resp.failed) throw Error("cannot wait for the benchmarked process");
  floor_bytes_ = std::max(floor_bytes_, resp.floor_bytes);
  return resp.sample;
}

}  // namespace mon::bench
