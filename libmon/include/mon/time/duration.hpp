#pragma once
// Durations in Prometheus' syntax, shared by every subcommand: "250ms", "10s", "1m30s", "2h", "7d",
// "1w", "1y" (units in decreasing order, each at most once; a plain "0" is zero).
#include <chrono>
#include <string>
#include <string_view>

namespace mon::time {

using Duration = std::chrono::nanoseconds;

// Throws mon::Error naming the text and what was expected.
Duration parse_duration(std::string_view text);

// A duration as people type it on a command line: what timeout(1) accepts (a decimal number of
// seconds with an optional unit s, m, h or d: "90", "1.5s", "0.25m") or a Prometheus duration
// ("1m30s", "250ms"). Negative, NaN and out-of-range values are refused. Throws mon::Error.
Duration parse_cli_duration(std::string_view text);

// The shortest Prometheus form: 90s -> "1m30s", 0.25s -> "250ms".
std::string format_duration(Duration d);

double to_seconds(Duration d);

}  // namespace mon::time
