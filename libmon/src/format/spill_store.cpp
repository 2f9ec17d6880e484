// The OpenMetrics writer's held-back output (see spill_store.hpp).
#include "spill_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "mon/error.hpp"

namespace mon::format::detail {

namespace {
constexpr std::size_t kChunk = 1 << 20;
}

SpillStore::~SpillStore() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillStore::spill() {
  if (fd_ < 0) {
    const char* dir = std::getenv("TMPDIR");
    std::string path = std::string(dir && *dir ? dir : "/tmp") + "/monctl-openmetrics.XXXXXX";
    fd_ = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd_ < 0) throw Error("cannot create a temporary file in " + path.substr(0, path.rfind('/')) + ": " +
                             std::strerror(errno) + " (set TMPDIR)");
    ::unlink(path.c_str());  // nobody else needs to see it; it goes away with us
  }
  std::size_t off = 0;
  while (off < buf_.size()) {
    ssize_t n = ::pwrite(fd_, buf_.data() + off, buf_.size() - off, static_cast<off_t>(file_size_ + off));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(std::string("cannot write the temporary file: ") + std::strerror(errno));
    }
    off += static_cast<std::size_t>(n);
  }
  file_size_ += buf_.size();
  buf_.clear();
}

void SpillStore::append(std::string_view bytes) {
  buf_.append(bytes);
  // In memory up to kMemory; once in a file, buf_ is its write buffer.
  if (buf_.size() >= (fd_ < 0 ? kMemory : kChunk)) spill();
}

template <class Put>
void SpillStore::read_range(std::uint64_t offset, std::uint64_t length, Put&& put) {
  while (length > 0 && offset < file_size_) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>({length, file_size_ - offset, kChunk}));
    chunk_.resize(want);
    ssize_t n = ::pread(fd_, chunk_.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(std::string("cannot read the temporary file: ") + (n < 0 ? std::strerror(errno) : "cut short"));
    put(std::string_view(chunk_.data(), static_cast<std::size_t>(n)));
    offset += static_cast<std::uint64_t>(n);
    length -= static_cast<std::uint64_t>(n);
  }
  while (length > 0) {
    std::size_t at = static_cast<std::size_t>(offset - file_size_);
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(length, kChunk));
    put(std::string_view(buf_.data() + at, n));
    offset += n;
    length -= n;
  }
}

void SpillStore::copy_to(io::Output& out, std::uint64_t offset, std::uint64_t length) {
  read_range(offset, length, [&](std::string_view s) { out.write(s); });
}

void SpillStore::copy_to(SpillStore& other, std::uint64_t offset, std::uint64_t length) {
  read_range(offset, length, [&](std::string_view s) { other.append(s); });
}

}  // namespace mon::format::detail
