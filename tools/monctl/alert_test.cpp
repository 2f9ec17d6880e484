// monctl alert test: promtool's rule unit tests (`promtool test rules`), with its output and exit
// statuses.
#include <cstdio>
#include <string>
#include <vector>

#include "alert_commands.hpp"
#include "mon/rules/unittest.hpp"

namespace monctl {

namespace {

struct TestCommandOptions {
  std::vector<std::string> files;
  std::vector<std::string> run;
  bool ignore_unknown_fields = false;
};

int run_tests(const TestCommandOptions& o) {
  mon::rules::TestOptions to;
  to.run = o.run;
  to.ignore_unknown_fields = o.ignore_unknown_fields;
  mon::rules::TestOutcome outcome = mon::rules::run_test_files(o.files, to);
  std::fwrite(outcome.output.data(), 1, outcome.output.size(), stdout);
  std::fflush(stdout);
  std::fwrite(outcome.errors.data(), 1, outcome.errors.size(), stderr);
  return outcome.exit_code;
}

}  // namespace

Run setup_alert_test(CLI::App& sub) {
  auto o = std::make_shared<TestCommandOptions>();
  sub.description(
      "Run rule unit tests in promtool's format (rule_files, input_series, alert_rule_test, promql_expr_test). "
      "Exit 0 when every test passes, 1 when one fails or a file is in error, as promtool test rules.");
  sub.add_option("files", o->files, "test files")->required();
  sub.add_option("--run", o->run, "only the test groups whose name matches this regular expression (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub.add_flag("--ignore-unknown-fields", o->ignore_unknown_fields,
               "ignore fields of the test and rule files that are not part of the format");
  return [o] { return run_tests(*o); };
}

}  // namespace monctl
