#include "command.hpp"

namespace monctl {

Run setup_alert(CLI::App& sub);
Run setup_bench(CLI::App& sub);
Run setup_export(CLI::App& sub);
Run setup_probe(CLI::App& sub);
Run setup_time(CLI::App& sub);
Run setup_watch(CLI::App& sub);

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"alert", "Prometheus rules and PromQL on files and pipes, promtool's rule tests, Alertmanager routing",
       setup_alert, 3, 3},
      {"bench", "benchmark commands: statistics, memory, baselines and a regression gate for CI", setup_bench, 2, 2},
      {"export", "convert metrics between Prometheus, OpenMetrics, JSON, CSV and Influx formats", setup_export, 2, 1},
      {"probe", "health checks for cron and CI: http, tcp, dns, tls, disk, memory, load, file, process, cmd",
       setup_probe, 3, 3},
      {"time", "run a command and record what it cost: time, CPU, memory, exit status, as text or metrics", setup_time,
       2, 125},
      {"watch", "aggregate metric streams into windows: rates, exact stats and quantiles within 1%", setup_watch, 2, 1},
  };
  return table;
}

}  // namespace monctl
