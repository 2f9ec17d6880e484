#pragma once
// Prometheus name rules. Each check returns the broken rule in the user's words, or nothing.
#include <optional>
#include <string>
#include <string_view>

namespace mon::model {

// Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*
std::optional<std::string> check_metric_name(std::string_view name);
// Label names: [a-zA-Z_][a-zA-Z0-9_]*, and names starting with "__" are reserved.
std::optional<std::string> check_label_name(std::string_view name);

inline bool is_metric_name(std::string_view n) { return !check_metric_name(n); }
inline bool is_label_name(std::string_view n) { return !check_label_name(n); }

// Turns arbitrary text into a valid metric name ("my-job.sh" -> "my_job_sh").
std::string sanitize_metric_name(std::string_view text);

}  // namespace mon::model
