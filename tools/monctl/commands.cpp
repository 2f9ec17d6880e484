#include "command.hpp"

namespace monctl {

Run setup_export(CLI::App& sub);

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"export", "convert metrics between Prometheus, OpenMetrics, JSON, CSV and Influx formats", setup_export, 2, 1},
  };
  return table;
}

}  // namespace monctl
