// Statuses, their order and the overall status of a run.
#include "mon/probe/result.hpp"

#include <array>
#include <chrono>
#include <cstdio>

#include "mon/time/duration.hpp"

namespace mon::probe {

namespace {
constexpr std::array<std::string_view, 4> kNames = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

// Severity order of the Monitoring Plugins' max_state_alt: OK < UNKNOWN < WARNING < CRITICAL.
int rank(Status s) {
  switch (s) {
    case Status::ok: return 0;
    case Status::unknown: return 1;
    case Status::warning: return 2;
    case Status::critical: return 3;
  }
  return 1;
}
}  // namespace

std::string_view to_string(Status s) { return kNames[static_cast<std::size_t>(s)]; }

std::optional<Status> parse_status(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == text) return static_cast<Status>(i);
  return std::nullopt;
}

Status worse(Status a, Status b) { return rank(a) >= rank(b) ? a : b; }

Status counted_status(const Result& r) {
  if (!r.critical_probe && (r.status == Status::critical || r.status == Status::unknown)) return Status::warning;
  return r.status;
}

Status overall_status(const std::vector<Result>& results) {
  Status s = Status::ok;
  for (const auto& r : results) s = worse(s, counted_status(r));
  return s;
}

std::string format_value(const Result& r) {
  if (!r.value) return "-";
  double v = *r.value;
  char buf[64];
  if (r.unit == "s") {
    if (v >= 60)
      return time::format_duration(std::chrono::seconds(static_cast<std::int64_t>(v)));
    if (v < 1)
      std::snprintf(buf, sizeof buf, "%.1f ms", v * 1000);
    else
      std::snprintf(buf, sizeof buf, "%.3f s", v);
  } else if (r.unit == "%") {
    std::snprintf(buf, sizeof buf, "%.1f %%", v);
  } else if (r.unit == "d") {
    std::snprintf(buf, sizeof buf, "%.1f days", v);
  } else if (r.unit.empty()) {
    std::snprintf(buf, sizeof buf, "%.15g", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.15g %s", v, r.unit.c_str());
  }
  return buf;
}

}  // namespace mon::probe
