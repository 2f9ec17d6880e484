#pragma once
// Reading a plugin's performance data, as the Monitoring Plugins guidelines define it
// (section "Performance data"): space-separated 'label'=value[UOM];[warn];[crit];[min];[max],
// the label quoted when it holds spaces, '=' or quotes (a quote doubled inside).
#include <string_view>
#include <vector>

#include "mon/probe/result.hpp"

namespace mon::probe::detail {

// Parses what follows '|'. Malformed items are skipped: plugins are many and not all careful.
std::vector<Perf> parse_perfdata(std::string_view text);

// A plugin's output: the first line's text (before '|') is the message; perfdata follows '|'
// on the first line and anywhere in the long text after the first '|' there.
struct PluginOutput {
  std::string message;
  std::vector<Perf> perf;
};
PluginOutput parse_plugin_output(std::string_view output);

}  // namespace mon::probe::detail
