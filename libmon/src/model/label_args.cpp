#include "mon/model/label_args.hpp"

#include "mon/error.hpp"
#include "mon/model/names.hpp"

namespace mon::model {

Labels parse_label_args(const std::vector<std::string>& args, std::string_view option) {
  Labels labels;
  labels.reserve(args.size());
  for (const auto& arg : args) {
    const std::string where = std::string(option) + " \"" + arg + "\"";
    auto eq = arg.find('=');
    if (eq == std::string::npos) throw Error(where + ": expected NAME=VALUE");
    std::string name = arg.substr(0, eq);
    if (auto broken = check_label_name(name)) throw Error(where + ": " + *broken);
    std::string value = arg.substr(eq + 1);
    labels.push_back({std::move(name), std::move(value)});
  }
  if (auto dup = sort_labels(labels)) throw Error(std::string(option) + " " + *dup + " is given twice");
  return labels;
}

}  // namespace mon::model
