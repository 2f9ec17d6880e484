#pragma once
// How `monctl alert query` prints a PromQL result: JSON lines like export's ({"name","labels",
// "value"} and "timestamp" in milliseconds for each point of a range), the Prometheus text format,
// or promtool's `query` text ("up{job="x"} => 1 @[1764756000]").
#include <cstdio>
#include <string>

#include "mon/promql/engine.hpp"

namespace monctl {

// A JSON string (quotes included) as the JSON lines of alert query and alert run write it.
void append_json_string(std::string& out, std::string_view s);

enum class QueryFormat { json, prom, text };

// An instant result at t_ms, or a range result (matrix). Throws mon::Error for what the format
// cannot hold (a series without a name in the Prometheus text format).
std::string render_query_result(const mon::promql::Value& value, std::int64_t t_ms, QueryFormat format);

}  // namespace monctl
