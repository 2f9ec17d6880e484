#include "mon/io/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mon/error.hpp"

namespace mon::io {

Output::Output(int fd, std::string name) : fd_(fd), name_(std::move(name)) { buf_.reserve(kFlushAt + 4096); }

Output::~Output() {
  try {
    flush();
  } catch (...) {
  }
}

void Output::flush() {
  std::size_t off = 0;
  while (off < buf_.size()) {
    ssize_t n = ::write(fd_, buf_.data() + off, buf_.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      buf_.clear();
      throw Error("cannot write to " + name_ + ": " + std::strerror(e));
    }
    off += static_cast<std::size_t>(n);
  }
  buf_.clear();
}

}  // namespace mon::io
