// The delivery of a run's record; see mon/job/deliver.hpp.
#include "mon/job/deliver.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/io/atomic_file.hpp"
#include "mon/job/report.hpp"

namespace mon::job {

namespace {

// An exclusive flock(2) held for the object's life (close releases it).
class LockFile {
 public:
  explicit LockFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
    if (fd_ < 0) throw Error("cannot create the lock file " + path + ": " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0)
      if (errno != EINTR) {
        int e = errno;
        ::close(fd_);
        throw Error("cannot lock " + path + ": " + std::strerror(e));
      }
  }
  ~LockFile() { ::close(fd_); }
  LockFile(const LockFile&) = delete;
  LockFile& operator=(const LockFile&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  if (name == "text") return ReportFormat::text;
  if (name == "json") return ReportFormat::json;
  if (name == "csv") return ReportFormat::csv;
  if (name == "prom") return ReportFormat::prom;
  if (name == "openmetrics") return ReportFormat::openmetrics;
  return std::nullopt;
}

std::string render_report(ReportFormat format, const Record& r, const Carry& carry, bool counted) {
  MetricsOptions mo;
  mo.counters = counted;
  switch (format) {
    case ReportFormat::text: return text_summary(r);
    case ReportFormat::json: return json_line(r) + "\n";
    case ReportFormat::csv: return csv_header() + "\r\n" + csv_row(r) + "\r\n";
    case ReportFormat::prom: return metrics_text(format::Format::prom, r, carry, mo);
    case ReportFormat::openmetrics: return metrics_text(format::Format::openmetrics, r, carry, mo);
  }
  return {};
}

void check_textfile_dir(const std::string& dir, const std::string& name) {
  check_textfile_name(name);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) throw Error("--textfile-dir " + dir + ": no such folder");
  if (::access(dir.c_str(), W_OK) != 0) throw Error("--textfile-dir " + dir + ": the folder cannot be written");
}

std::string textfile_lock_path(const std::string& dir, const std::string& name) {
  return textfile_path(dir, "." + name) + ".lock";
}

Carry update_textfile(const std::string& dir, const Record& r, std::vector<std::string>& warnings) {
  const std::string path = textfile_path(dir, r.name);
  LockFile lock(textfile_lock_path(dir, r.name));
  Carry carry = advance(read_carry(path, warnings), r);
  io::AtomicOptions ao;
  ao.fsync = true;
  io::write_file_atomic(path, metrics_text(format::Format::prom, r, carry, {}), ao);
  return carry;
}

HistoryFormat history_format(const std::string& path, ReportFormat report) {
  if (report == ReportFormat::csv) return HistoryFormat::csv;
  if (report == ReportFormat::json) return HistoryFormat::json;
  return history_format_for(path);
}

void push_report(const std::string& base_url, const Record& r, const Carry& carry, bool counted,
                 const push::PushOptions& options) {
  MetricsOptions mo;
  mo.counters = counted;
  mo.last_success = r.success();
  const std::string body = metrics_text(format::Format::prom, r, carry, mo);
  push::push(base_url, {r.name, r.labels}, r.success() ? push::Method::put : push::Method::post, body, options);
}

}  // namespace mon::job
