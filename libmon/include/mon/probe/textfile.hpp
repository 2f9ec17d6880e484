#pragma once
// The file a run writes for node_exporter's textfile collector: monctl_probe_NAME.prom, NAME
// being the configuration file's name up to its first dot, or the first probe's name, reduced to
// letters, digits, '-' and '_' (anything else becomes '_'), so that it is one plain file name
// in the collector's folder whatever the probe is called.
#include <string>
#include <vector>

#include "mon/probe/spec.hpp"

namespace mon::probe {

// `config_path` is "" for a probe given on the command line. "monctl_probe_run.prom" when
// nothing usable is left.
std::string textfile_name(const std::string& config_path, const std::vector<Spec>& specs);

}  // namespace mon::probe
