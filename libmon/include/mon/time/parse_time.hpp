#pragma once
// Points in time as people give them to PromQL tools: RFC 3339 ("2026-12-03T10:00:00Z",
// "2026-12-03T11:00:00.5+01:00") or Unix seconds with an optional fraction ("1764756000.25"),
// as promtool's and Prometheus' HTTP API's `time` parameters take them.
#include <cstdint>
#include <string_view>

namespace mon::time {

// Milliseconds since the Unix epoch (Unix seconds are rounded to the millisecond, as Prometheus does).
// Throws mon::Error naming the text and what was expected.
std::int64_t parse_time_ms(std::string_view text);

// RFC 3339 only (fractions below a millisecond dropped). Throws mon::Error likewise.
std::int64_t parse_rfc3339_ms(std::string_view text);

}  // namespace mon::time
