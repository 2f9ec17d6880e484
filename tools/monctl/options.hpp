#pragma once
// Option values every subcommand parses the same way, with the same usage error: an option's
// name, then what was wrong ("--timeout: invalid duration ...").
#include <CLI/CLI.hpp>
#include <string>

#include "mon/error.hpp"
#include "mon/time/duration.hpp"

namespace monctl {

// A duration as timeout(1) or Prometheus write it (mon::time::parse_cli_duration).
inline mon::time::Duration duration_option(const std::string& option, const std::string& text) {
  try {
    return mon::time::parse_cli_duration(text);
  } catch (const mon::Error& e) {
    throw CLI::ValidationError(option, e.what());
  }
}

}  // namespace monctl
