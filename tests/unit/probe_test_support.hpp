#pragma once
// Shared by the probe configuration tests.
#include <string>

#include "mon/error.hpp"
#include "mon/probe/config.hpp"

namespace probe_test {

// The message of the error the configuration text raises (read as p.yaml in /etc/monctl), or ""
// when it loads.
inline std::string config_error(const std::string& text) {
  try {
    mon::probe::parse_config(text, "p.yaml", "/etc/monctl");
  } catch (const mon::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace probe_test
