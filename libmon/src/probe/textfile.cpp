// The textfile collector's file name; see textfile.hpp.
#include "mon/probe/textfile.hpp"

#include <cctype>

namespace mon::probe {

std::string textfile_name(const std::string& config_path, const std::vector<Spec>& specs) {
  std::string stem = specs.empty() ? "" : specs.front().name;
  if (!config_path.empty()) {
    auto slash = config_path.rfind('/');
    stem = config_path.substr(slash == std::string::npos ? 0 : slash + 1);
    stem = stem.substr(0, stem.find('.'));
  }
  std::string safe;
  for (char c : stem) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return "monctl_probe_" + (safe.empty() ? "run" : safe) + ".prom";
}

}  // namespace mon::probe
