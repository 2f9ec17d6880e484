#pragma once
// Labels given on a command line as NAME=VALUE (`--label env=prod`), one parser for every
// subcommand that takes them. Names follow Prometheus' rules; a name given twice is refused.
#include <string>
#include <string_view>
#include <vector>

#include "mon/model/metric.hpp"

namespace mon::model {

// Parses each "NAME=VALUE" (the value may be empty or hold '='). The result is sorted by name.
// Throws mon::Error naming `option` and the offending argument: no '=', an invalid or reserved
// name, or a name given twice. Values are kept as given: the writers escape them.
Labels parse_label_args(const std::vector<std::string>& args, std::string_view option = "--label");

}  // namespace mon::model
