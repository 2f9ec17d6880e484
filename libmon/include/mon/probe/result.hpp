#pragma once
// The outcome of one probe and the overall status of a run, with Nagios' exit codes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mon/model/metric.hpp"
#include "mon/probe/spec.hpp"
#include "mon/time/rfc3339.hpp"

namespace mon::probe {

// Nagios plugin return codes.
enum class Status { ok = 0, warning = 1, critical = 2, unknown = 3 };

std::string_view to_string(Status s);  // "OK", "WARNING", "CRITICAL", "UNKNOWN"
std::optional<Status> parse_status(std::string_view text);

// The worse of two statuses, in the order CRITICAL > WARNING > UNKNOWN > OK (the Monitoring
// Plugins' max_state_alt): an UNKNOWN probe is never hidden behind an OK one.
Status worse(Status a, Status b);

// A measurement for Prometheus output; the writer adds the probe's own labels.
struct Metric {
  std::string name;
  model::Labels labels;
  double value = 0;
};

// One performance datum, as the plugin guidelines write it: 'label'=value[UOM];warn;crit;min;max
struct Perf {
  std::string label;
  double value = 0;
  std::string uom;
  std::string warn, crit;
  std::optional<double> min, max;
};

struct Result {
  std::string name;
  Kind kind = Kind::http;
  std::string target;
  Status status = Status::unknown;
  std::string message;
  bool success = false;          // reached and answered as expected, thresholds aside (probe_success)
  std::optional<double> value;   // the main value the thresholds apply to
  std::string unit;              // its unit: "s", "%", "d", "" (a count)
  double duration_seconds = 0;   // of the last attempt
  int attempts = 0;
  time::SystemTime started{};
  bool critical_probe = true;
  model::Labels labels;
  std::vector<Metric> metrics;
  std::vector<Perf> perf;
};

// A probe's weight in the overall status: a probe marked `critical: false` counts at most as WARNING.
Status counted_status(const Result& r);
Status overall_status(const std::vector<Result>& results);

// "0.012 s", "45.2 %", "12.5 d", "3": the main value for people.
std::string format_value(const Result& r);

}  // namespace mon::probe
