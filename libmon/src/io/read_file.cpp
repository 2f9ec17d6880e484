#include "mon/io/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mon/error.hpp"

namespace mon::io {

namespace {
[[noreturn]] void fail(const std::string& path, const std::string& why) { throw Error("cannot read " + path + ": " + why); }

struct Fd {
  int fd;
  ~Fd() { ::close(fd); }
};
}  // namespace

std::optional<std::string> read_file_if_exists(const std::string& path, std::size_t max_bytes) {
  int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (raw < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail(path, std::strerror(errno));
  }
  Fd fd{raw};
  struct stat st {};
  if (::fstat(fd.fd, &st) == 0 && S_ISDIR(st.st_mode)) fail(path, "it is a directory");
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, std::strerror(errno));
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > max_bytes)
      throw ParseError({path, 0, 0}, "larger than " + std::to_string(max_bytes >> 20) + " MiB");
  }
  return text;
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
  auto text = read_file_if_exists(path, max_bytes);
  if (!text) fail(path, std::strerror(ENOENT));
  return std::move(*text);
}

}  // namespace mon::io
