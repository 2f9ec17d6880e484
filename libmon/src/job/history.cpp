#include "mon/job/history.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mon/error.hpp"
#include "mon/job/report.hpp"

namespace mon::job {

namespace {

int open_append(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
  if (fd < 0) throw Error("cannot open the history file " + path + ": " + std::strerror(errno));
  return fd;
}

}  // namespace

HistoryFormat history_format_for(const std::string& path) {
  const std::string ext = ".csv";
  if (path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
    return HistoryFormat::csv;
  return HistoryFormat::json;
}

void check_history_writable(const std::string& path) { ::close(open_append(path)); }

void append_history(const std::string& path, HistoryFormat format, const Record& r) {
  int fd = open_append(path);
  ::flock(fd, LOCK_EX);  // released by close; advisory, among monctl runs
  std::string text;
  if (format == HistoryFormat::csv) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) text = csv_header() + "\r\n";
    text += csv_row(r) + "\r\n";
  } else {
    text = json_line(r) + "\n";
  }
  std::size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      throw Error("cannot append to the history file " + path + ": " + std::strerror(e));
    }
    off += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw Error("cannot append to the history file " + path + ": " + std::strerror(errno));
}

}  // namespace mon::job
