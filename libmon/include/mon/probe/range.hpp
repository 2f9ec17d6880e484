#pragma once
// Nagios threshold ranges, as the Monitoring Plugins development guidelines define them
// (https://www.monitoring-plugins.org/doc/guidelines.html#THRESHOLDFORMAT):
//   [@]start:end   start <= end; "start:" is optional when start is 0; an empty end is +infinity;
//                  "~" as start is -infinity. An alert is raised when the value lies outside
//                  start..end (endpoints inclusive), or inside it (endpoints inclusive) with '@'.
//   "10" alerts outside 0..10, "10:" below 10, "~:10" above 10, "10:20" outside 10..20,
//   "@10:20" inside 10..20.
#include <string>
#include <string_view>

namespace mon::probe {

struct Range {
  double start = 0;
  double end = 0;
  bool inside = false;  // '@': alert when the value is in start..end
  std::string text;     // as the user wrote it, for messages and perfdata

  // True when `value` raises an alert under this range.
  bool alerts(double value) const;
  // Why `value` alerts, in words true for every form: "above 10", "below 10" (10, 10:, ~:10,
  // 10:20), and for '@', which alerts inside: "within 10..20", "at or above 10" (@10:),
  // "at or below 10" (@~:10), "equal to 10" (@10:10).
  std::string why(double value) const;
};

// Throws mon::Error naming the text and what was expected.
Range parse_range(std::string_view text);

}  // namespace mon::probe
