#pragma once
// Internal: writing the Prometheus text dialects -- escaped label values and HELP text, label
// sets, and OpenMetrics' timestamps in seconds. Appends to a caller's buffer; no allocation
// beyond the buffer's growth.
#include <cstdint>
#include <string>
#include <string_view>

#include "mon/model/metric.hpp"

namespace mon::format::detail::text {

// Label values: \ " and newline become \\ \" \n (both dialects).
void append_label_value(std::string& out, std::string_view value);
// HELP text: \ and newline become \\ and \n; OpenMetrics also escapes " as \".
void append_help(std::string& out, std::string_view help, bool openmetrics);
// {a="x",b="y"} -- nothing at all for an empty label set.
void append_labels(std::string& out, const model::Labels& labels);
// A whole sample line with its '\n': name, labels, value, timestamp (milliseconds for
// Prometheus text, seconds for OpenMetrics). Written through one resize of out, which is what
// makes the writers fast; integral values up to 1e15 print as integers ("1000000", not "1e+06").
void append_sample(std::string& out, const model::Sample& s, bool openmetrics);
// Milliseconds as exact decimal seconds: 1700000000123 -> "1700000000.123", 5000 -> "5", -1 -> "-0.001".
void append_seconds(std::string& out, std::int64_t ms);

}  // namespace mon::format::detail::text
