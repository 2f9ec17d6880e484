#include "mon/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "mon/error.hpp"

namespace mon::io {

namespace {
[[noreturn]] void fail(const std::string& what, const std::string& path, int e) {
  throw Error(what + " " + path + ": " + std::strerror(e));
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Follows symbolic links (a dangling one too) to the file they name, so that replacing a link
// replaces its target and the link stays a link. Loops are cut at 40 links, as the kernel does.
std::string resolve_links(const std::string& path) {
  std::string current = path;
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st {};
    if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return current;
    std::vector<char> buf(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 255) + 1);
    ssize_t n = ::readlink(current.c_str(), buf.data(), buf.size());
    if (n < 0) fail("cannot read the link", path, errno);
    std::string target(buf.data(), static_cast<std::size_t>(n));
    current = (!target.empty() && target[0] == '/') ? target : dir_of(current) + "/" + target;
  }
  fail("cannot follow the link", path, ELOOP);
}
}  // namespace

AtomicFile::AtomicFile(std::string path, AtomicOptions options) : path_(std::move(path)), options_(options) {
  if (path_.empty()) throw Error("an output path cannot be empty");
  target_ = resolve_links(path_);
  struct stat st {};
  bool exists = ::stat(target_.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw Error("cannot write " + path_ + ": it is a directory");
  if (exists && !S_ISREG(st.st_mode)) {
    fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) fail("cannot open", path_, errno);
    return;
  }
  // The temporary never ends in ".prom", so a textfile collector never reads it.
  temp_ = dir_of(target_) + "/." + base_of(target_) + ".tmp.XXXXXX";
  std::vector<char> name(temp_.begin(), temp_.end());
  name.push_back('\0');
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) {
    int e = errno;
    temp_.clear();
    fail("cannot create a file in the folder of", path_, e);
  }
  temp_.assign(name.data());
  mode_t mode = options_.mode;
  if (exists) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode &= ~mask;
  }
  ::fchmod(fd_, mode);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::commit() {
  if (fd_ < 0) throw Error("internal: " + path_ + " was already committed");
  if (options_.fsync && !temp_.empty() && ::fsync(fd_) != 0) fail("cannot sync", path_, errno);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    int e = errno;
    if (!temp_.empty()) fail("cannot write", path_, e);
  }
  if (temp_.empty()) return;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot replace", path_, errno);
  temp_.clear();
  if (options_.fsync) {
    int dfd = ::open(dir_of(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
}

void write_file_atomic(const std::string& path, std::string_view content, AtomicOptions options) {
  AtomicFile f(path, options);
  std::size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(f.fd(), content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", path, errno);
    }
    off += static_cast<std::size_t>(n);
  }
  f.commit();
}

}  // namespace mon::io
