#pragma once
// Option values every subcommand parses the same way, with the same usage error: an option's
// name, then what was wrong ("--timeout: invalid duration ...").
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <string>

#include "mon/error.hpp"
#include "mon/time/duration.hpp"
#include "mon/time/parse_time.hpp"

namespace monctl {

// A duration as timeout(1) or Prometheus write it (mon::time::parse_cli_duration).
inline mon::time::Duration duration_option(const std::string& option, const std::string& text) {
  try {
    return mon::time::parse_cli_duration(text);
  } catch (const mon::Error& e) {
    throw CLI::ValidationError(option, e.what());
  }
}

// The same in milliseconds, as PromQL and Alertmanager count time.
inline std::int64_t duration_ms_option(const std::string& option, const std::string& text) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration_option(option, text)).count();
}

// A point in time: RFC 3339 or Unix seconds (mon::time::parse_time_ms), in milliseconds.
inline std::int64_t time_option(const std::string& option, const std::string& text) {
  try {
    return mon::time::parse_time_ms(text);
  } catch (const mon::Error& e) {
    throw CLI::ValidationError(option, e.what());
  }
}

// Now, in milliseconds since the epoch: the default of every time option.
inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace monctl
