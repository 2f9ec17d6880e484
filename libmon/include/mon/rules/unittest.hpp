#pragma once
// promtool test rules: the rule unit-test format of Prometheus' docs/configuration/
// unit_testing_rules.md, run with cmd/promtool/unittest.go's semantics and messages:
// - rules are evaluated at every evaluation_interval from the group's start to its largest
//   eval_time (group intervals are ignored; group_eval_order orders groups, the others keep
//   their file order), the input series being loaded up to each evaluation time;
// - an alert_rule_test at eval_time t is checked against the last evaluation at or before t;
//   only firing alerts are compared, `alertname` is added to the expected labels, annotations
//   are compared after template expansion;
// - promql_expr_test results are compared order-independently, floats exactly unless
//   fuzzy_compare (one unit in the last place), a scalar as one sample with no labels;
// - lookback 5m, the default subquery step = evaluation_interval, `@` and negative offsets on.
// libmon prints nothing: what promtool writes to standard output and error is returned.
#include <string>
#include <vector>

namespace mon::rules {

struct TestOptions {
  std::vector<std::string> run;  // --run: only test groups whose name matches one of these (RE2, unanchored)
  bool ignore_unknown_fields = false;  // --ignore-unknown-fields: for the rule files
};

struct TestOutcome {
  int exit_code = 0;     // 0: every test group passed; 1: a failure or an error
  std::string output;    // what promtool prints to standard output ("  SUCCESS", blank lines)
  std::string errors;    // what it prints to standard error ("  FAILED:" and each failure)
  std::string combined;  // both, in the order promtool writes them
};

// One test file.
TestOutcome run_test_file(const std::string& path, const TestOptions& options = {});
// Several, as `promtool test rules A B C` (exit 1 when any fails).
TestOutcome run_test_files(const std::vector<std::string>& paths, const TestOptions& options = {});

}  // namespace mon::rules
