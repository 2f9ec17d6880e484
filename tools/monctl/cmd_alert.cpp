// monctl alert: Prometheus rule files and PromQL on files and pipes, promtool's rule tests and
// checks, and notifications routed by an Alertmanager configuration (see monctl-alert(1)).
#include <memory>
#include <utility>
#include <vector>

#include "alert_commands.hpp"

namespace monctl {

Run setup_alert(CLI::App& sub) {
  sub.description(
      "Prometheus rules and PromQL without a server: query metrics files, run promtool's rule unit tests, check rule "
      "files, and evaluate rules with notifications routed by an Alertmanager configuration. See monctl-alert(1).");
  sub.require_subcommand(1);
  struct Mode {
    CLI::App* app;
    Run run;
  };
  auto modes = std::make_shared<std::vector<Mode>>();
  auto add = [&](const char* name, const char* summary, Run (*setup)(CLI::App&)) {
    CLI::App* app = sub.add_subcommand(name, summary);
    modes->push_back({app, setup(*app)});
  };
  add("query", "evaluate a PromQL expression over files, pipes and scrapes", setup_alert_query);
  add("test", "run promtool's rule unit tests (promtool test rules)", setup_alert_test);
  add("check", "check rule files as promtool check rules does", setup_alert_check);
  add("run", "evaluate rules, print active alerts, route notifications; exit 0/1/2 as the worst firing alert",
      setup_alert_run);
  add("silence", "add, list and expire silences in a --state file", setup_alert_silence);
  return [modes] {
    for (const auto& m : *modes)
      if (m.app->parsed()) return m.run();
    return 3;
  };
}

}  // namespace monctl
