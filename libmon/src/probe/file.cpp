// The file prober, after check_file_age: the file must exist; its age (since last modification)
// is the main value, --max-age, --min-size and --max-size are hard limits.
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "mon/probe/probers.hpp"

namespace mon::probe {

Result probe_file(const Spec& spec) {
  Result r = start_result(spec);
  struct stat st {};
  if (::stat(spec.target.c_str(), &st) != 0) {
    r.message = spec.target + ": " + std::strerror(errno);
    finish(spec, r);
    return r;
  }
  auto now = std::chrono::system_clock::now().time_since_epoch();
  double mtime = static_cast<double>(st.st_mtim.tv_sec) + static_cast<double>(st.st_mtim.tv_nsec) / 1e9;
  double age = std::chrono::duration<double>(now).count() - mtime;
  if (age < 0) age = 0;  // a clock step or a file from the future
  double size = static_cast<double>(st.st_size);
  r.metrics.push_back({"monctl_probe_file_age_seconds", {}, age});
  r.metrics.push_back({"monctl_probe_file_size_bytes", {}, size});
  r.metrics.push_back({"monctl_probe_file_modified_timestamp_seconds", {}, mtime});
  r.value = age;
  r.unit = "s";
  r.success = true;
  r.message = std::to_string(st.st_size) + " bytes, modified " + format_value(r) + " ago";
  if (spec.max_age && age > time::to_seconds(*spec.max_age)) {
    r.success = false;
    r.message += " (older than " + time::format_duration(*spec.max_age) + ")";
  }
  if (spec.min_size && static_cast<std::uint64_t>(st.st_size) < *spec.min_size) {
    r.success = false;
    r.message += " (smaller than " + std::to_string(*spec.min_size) + " bytes)";
  }
  if (spec.max_size && static_cast<std::uint64_t>(st.st_size) > *spec.max_size) {
    r.success = false;
    r.message += " (larger than " + std::to_string(*spec.max_size) + " bytes)";
  }
  finish(spec, r);
  r.perf.push_back({r.name + "_size", size, "B", "", "", 0.0, std::nullopt});
  return r;
}

}  // namespace mon::probe
