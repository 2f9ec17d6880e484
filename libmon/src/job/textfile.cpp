// The textfile carry-over: the previous DIR/NAME.prom is read back with the Prometheus text
// reader, and only three samples matter in it (last success, runs, failures). Whatever else is
// wrong with the file, the job's run is still recorded: a file that does not parse, or holds
// values no run of monctl could have written, is reported and the state starts afresh.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/job/metrics.hpp"
#include "mon/model/names.hpp"

namespace mon::job {

namespace {

class FirstError : public format::Diagnostics {
 public:
  bool error(const Location& where, const std::string& message) override {
    if (first.empty()) first = to_string(where) + ": " + message;
    return false;  // one error is enough to distrust the whole file
  }
  std::string first;
};

class CarrySink : public format::Sink {
 public:
  void sample(const model::Family&, const model::Sample& s) override {
    if (s.name == "monctl_job_last_success_timestamp_seconds") last_success = s.value;
    else if (s.name == "monctl_job_runs_total") runs = s.value;
    else if (s.name == "monctl_job_failures_total") failures = s.value;
  }
  std::optional<double> last_success, runs, failures;
};

}  // namespace

std::optional<std::string> check_job_label(std::string_view name) {
  if (auto broken = model::check_label_name(name)) return broken;
  for (const char* reserved : {kNameLabel, "job", "mode", "kind", "direction"})
    if (name == reserved)
      return "the label name '" + std::string(name) + "' is reserved: monctl time uses it itself";
  return std::nullopt;
}

std::string textfile_path(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name + ".prom";
  return dir + "/" + name + ".prom";
}

void check_textfile_name(const std::string& name) {
  if (name.empty()) throw Error("the job name is empty; give one with --name");
  if (name.find('/') != std::string::npos || name.front() == '.' || name.find('\0') != std::string::npos)
    throw Error("the job name '" + name +
                "' cannot name a file in the textfile folder (no '/', no leading '.'); choose another with --name");
}

Carry read_carry(const std::string& path, std::vector<std::string>& warnings) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno != ENOENT)
      warnings.push_back("cannot read the previous " + path + ": " + std::strerror(errno) +
                         "; starting the counters afresh");
    return {};
  }
  CarrySink sink;
  FirstError diag;
  try {
    format::read(format::Format::prom, fd, path, sink, diag);
  } catch (const Error& e) {
    diag.first = e.what();
  }
  ::close(fd);
  const auto fresh = [&](const std::string& why) {
    warnings.push_back(why + "; starting the counters afresh");
    return Carry{};
  };
  if (!diag.first.empty()) return fresh("the previous " + path + " is corrupt: " + diag.first);
  if (!sink.runs && !sink.failures && !sink.last_success)
    return fresh("the previous " + path + " holds no monctl time counters");
  Carry c;
  const auto count_ok = [](double v) { return std::isfinite(v) && v >= 0 && v == std::floor(v); };
  if (sink.runs) {
    if (!count_ok(*sink.runs)) return fresh(path + ": monctl_job_runs_total is not a count");
    c.runs = *sink.runs;
  }
  if (sink.failures) {
    if (!count_ok(*sink.failures) || *sink.failures > c.runs)
      return fresh(path + ": monctl_job_failures_total is not a count of at most the runs");
    c.failures = *sink.failures;
  }
  if (sink.last_success) {
    if (!std::isfinite(*sink.last_success) || *sink.last_success <= 0)
      return fresh(path + ": monctl_job_last_success_timestamp_seconds is not a time");
    c.last_success_seconds = *sink.last_success;
  }
  return c;
}

}  // namespace mon::job
