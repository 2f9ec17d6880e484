// The tail -F loop of mon/watch/follow.hpp. It polls (every 100 ms at the end of the file, as
// tail does without inotify): a followed log is read as fast as it grows, and a quiet one
// costs a stat a tenth of a second.
#include "mon/watch/follow.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "mon/error.hpp"

namespace mon::watch {

namespace {
constexpr auto kPoll = std::chrono::milliseconds(100);

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;  // the reader is gone
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}
}  // namespace

Follower::Follower(std::string path) : path_(std::move(path)) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(std::string("cannot make a pipe: ") + std::strerror(errno));
  read_fd_ = fds[0];
  write_fd_ = fds[1];
  thread_ = std::thread([this] { loop(); });
}

Follower::~Follower() {
  stop_.store(true);
  ::close(read_fd_);  // a blocked write() in the loop fails with EPIPE
  thread_.join();
  ::close(write_fd_);
}

void Follower::loop() {
  int fd = -1;
  ino_t inode = 0;
  dev_t device = 0;
  off_t offset = 0;
  bool line_open = false;  // the last byte handed on was not '\n'
  char buf[65536];
  while (!stop_.load()) {
    if (fd < 0) {
      fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        std::this_thread::sleep_for(kPoll);
        continue;
      }
      struct stat st {};
      ::fstat(fd, &st);
      inode = st.st_ino;
      device = st.st_dev;
      offset = 0;
    }
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      offset += n;
      line_open = buf[n - 1] != '\n';
      if (!write_all(write_fd_, buf, static_cast<std::size_t>(n))) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // At the end: rotated, truncated, or just quiet?
    struct stat now {};
    bool replaced = ::stat(path_.c_str(), &now) != 0 || now.st_ino != inode || now.st_dev != device;
    if (replaced) {
      ::close(fd);
      fd = -1;
      if (line_open && !write_all(write_fd_, "\n", 1)) break;
      line_open = false;
      continue;
    }
    if (now.st_size < offset) {
      ::lseek(fd, 0, SEEK_SET);
      offset = 0;
      if (line_open && !write_all(write_fd_, "\n", 1)) break;
      line_open = false;
      continue;
    }
    std::this_thread::sleep_for(kPoll);
  }
  if (fd >= 0) ::close(fd);
}

}  // namespace mon::watch
