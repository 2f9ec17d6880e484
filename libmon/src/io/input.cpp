#include "mon/io/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "mon/error.hpp"

namespace mon::io {

InputFile::InputFile(const std::string& path) {
  if (path == "-") {
    fd_ = 0;
    name_ = "<stdin>";
    return;
  }
  name_ = path;
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd_ < 0) throw Error("cannot open " + path + ": " + std::strerror(errno));
  owned_ = true;
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw Error("cannot read " + path + ": it is a directory");
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
}

InputFile::~InputFile() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

namespace {
constexpr std::size_t kChunk = 256 * 1024;
}

LineReader::LineReader(int fd, std::string name, std::size_t max_line)
    : fd_(fd), name_(std::move(name)), max_line_(max_line) {
  buf_.resize(kChunk);
}

LineReader::LineReader(int fd, std::string name, std::string_view prefix, std::size_t max_line)
    : fd_(fd), name_(std::move(name)), max_line_(max_line) {
  buf_.resize(std::max(kChunk, prefix.size() + kChunk / 2));
  std::memcpy(buf_.data(), prefix.data(), prefix.size());
  end_ = prefix.size();
  note_lines(0);
}

void LineReader::note_lines(std::size_t from) {
  const void* nl = ::memrchr(buf_.data() + from, '\n', end_ - from);
  if (nl) lines_end_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
}

bool LineReader::next_chunk(std::string_view& chunk) {
  if (begin_ == end_) {
    begin_ = end_ = lines_end_ = 0;
    if (!fill()) return false;
  }
  chunk = std::string_view(buf_.data() + begin_, end_ - begin_);
  begin_ = end_;
  return true;
}

std::string_view LineReader::peek(std::size_t n) {
  while (end_ - begin_ < n && fill()) {
  }
  return std::string_view(buf_.data() + begin_, std::min(n, end_ - begin_));
}

std::string_view LineReader::peek_line(std::size_t max) {
  while (end_ - begin_ < max &&
         std::string_view(buf_.data() + begin_, end_ - begin_).find('\n') == std::string_view::npos && fill()) {
  }
  return std::string_view(buf_.data() + begin_, std::min(max, end_ - begin_));
}

bool LineReader::fill() {
  if (eof_) return false;
  // Keep the unread tail at the front, grow only as far as one line needs.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    lines_end_ = lines_end_ > begin_ ? lines_end_ - begin_ : 0;
    begin_ = 0;
  }
  if (buf_.size() - end_ < kChunk / 2) buf_.resize(buf_.size() + kChunk);
  for (;;) {
    ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("cannot read " + name_ + ": " + std::strerror(errno));
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    std::size_t from = end_;
    end_ += static_cast<std::size_t>(n);
    total_ += static_cast<std::uint64_t>(n);
    note_lines(from);
    return true;
  }
}

LineReader::Status LineReader::next(std::string_view& line) {
  std::size_t scanned = begin_;
  for (;;) {
    const char* nl = static_cast<const char*>(std::memchr(buf_.data() + scanned, '\n', end_ - scanned));
    if (nl) {
      std::size_t pos = static_cast<std::size_t>(nl - buf_.data());
      line = std::string_view(buf_.data() + begin_, pos - begin_);
      begin_ = pos + 1;
      ++line_no_;
      unterminated_ = false;
      return Status::line;
    }
    if (end_ - begin_ > max_line_) {
      // Too long: drop it up to and including its newline, keeping memory bounded.
      ++line_no_;
      for (;;) {
        begin_ = end_ = lines_end_ = 0;
        if (!fill()) break;
        const char* p = static_cast<const char*>(std::memchr(buf_.data(), '\n', end_));
        if (p) {
          begin_ = static_cast<std::size_t>(p - buf_.data()) + 1;
          break;
        }
      }
      line = {};
      return Status::too_long;
    }
    std::size_t before = end_ - begin_;
    if (!fill()) {
      if (end_ > begin_) {
        line = std::string_view(buf_.data() + begin_, end_ - begin_);
        begin_ = end_;
        ++line_no_;
        unterminated_ = true;
        return Status::line;
      }
      return Status::end;
    }
    scanned = begin_ + before;
  }
}

}  // namespace mon::io
