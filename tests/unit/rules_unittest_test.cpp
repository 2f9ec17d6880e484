// promtool test rules over our own test files: passing, failing with promtool's diff text,
// --run, and broken test files.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "mon/rules/unittest.hpp"
#include "sample_inputs.hpp"
#include "temp_files.hpp"

using namespace mon::rules;

namespace {

std::string own(const std::string& sub) { return sample_inputs::own("rules/" + sub).string(); }

TestOutcome run_text(const std::string& text, const TestOptions& o = {}) {
  temp_files::TempDir dir;
  std::string rules = temp_files::slurp(own("rules.yml"));
  {
    std::ofstream(dir.path + "/rules.yml") << rules;
    std::ofstream(dir.path + "/t.yml") << text;
  }
  return run_test_file(dir.path + "/t.yml", o);
}

}  // namespace

TEST_CASE("rules test: our passing test file") {
  TestOutcome o = run_test_file(own("rules_test.yml"));
  INFO(o.combined);
  CHECK(o.exit_code == 0);
  CHECK(o.output == "  SUCCESS\n\n");
  CHECK(o.errors.empty());
}

TEST_CASE("rules test: a failing test prints promtool's diff") {
  TestOutcome o = run_test_file(own("failing_test.yml"));
  CHECK(o.exit_code == 1);
  CHECK(o.errors ==
        "  FAILED:\n"
        "    name: wrong expectations,\n"
        "    alertname: InstanceDown, time: 3m, \n"
        "        exp:[\n"
        "            0:\n"
        "              Labels:{alertname=\"InstanceDown\", instance=\"a:1\", job=\"api\", severity=\"critical\"}\n"
        "              Annotations:{}\n"
        "            ], \n"
        "        got:[\n"
        "            0:\n"
        "              Labels:{alertname=\"InstanceDown\", instance=\"a:1\", job=\"api\", severity=\"page\"}\n"
        "              Annotations:{summary=\"Instance a:1 down\", value=\"0\"}\n"
        "            ]\n"
        "    expr: \"up\", time: 1m,\n"
        "        exp: {__name__=\"up\", instance=\"a:1\", job=\"api\"} 1E+00\n"
        "        got: {__name__=\"up\", instance=\"a:1\", job=\"api\"} 0E+00\n");
  CHECK(o.output == "\n\n\n");
}

TEST_CASE("rules test: --run picks test groups") {
  TestOptions o;
  o.run = {"^keep"};
  TestOutcome r = run_test_file(own("rules_test.yml"), o);
  CHECK(r.exit_code == 0);
  o.run = {"nothing matches this"};
  CHECK(run_test_file(own("failing_test.yml"), o).exit_code == 0);
  o.run = {"wrong"};
  CHECK(run_test_file(own("failing_test.yml"), o).exit_code == 1);
}

TEST_CASE("rules test: errors of the test file and of the rules") {
  TestOutcome o = run_text("tests:\n  - name: x\n    unknown: 1\n");
  CHECK(o.exit_code == 1);
  CHECK(o.errors.find("t.yml:3:5: test group: field unknown not found") != std::string::npos);

  o = run_text("rule_files: [rules.yml]\ntests:\n  - alert_rule_test:\n      - eval_time: 1m\n");
  CHECK(o.exit_code == 1);
  CHECK(o.errors == "  FAILED:\nan item under alert_rule_test misses required attribute alertname at eval_time 1m\n");

  o = run_text("group_eval_order: [a, a]\ntests: []\n");
  CHECK(o.errors == "  FAILED:\ngroup name repeated in evaluation order: a\n");

  o = run_text("tests:\n  - input_series:\n      - series: 'up{a=\"b\"'\n        values: '1'\n");
  CHECK(o.exit_code == 1);

  o = run_text("tests:\n  - promql_expr_test:\n      - expr: 'sum('\n        eval_time: 0\n");
  CHECK(o.exit_code == 1);
  CHECK(o.errors.find("    expr: \"sum(\", time: 0s, err: ") != std::string::npos);

  o = run_text("rule_files: [missing.yml]\ntests: [{}]\n");
  CHECK(o.exit_code == 0);
  CHECK(o.errors.find("  WARNING: no file match pattern ") == 0);

  const char* hostile[] = {"{", "tests: 5", "tests:\n  - 5\n", "evaluation_interval: forever\n", "\x01\x02",
                           "tests:\n  - start_timestamp: yesterday\n"};
  for (const char* h : hostile) CHECK(run_text(h).exit_code == 1);
}

TEST_CASE("rules test: start_timestamp and fuzzy compare") {
  TestOutcome o = run_text(
      "tests:\n  - start_timestamp: '2024-01-01T00:00:00Z'\n    promql_expr_test:\n      - expr: time()\n"
      "        eval_time: 5m\n        exp_samples:\n          - value: 1704067500\n");
  INFO(o.combined);
  CHECK(o.exit_code == 0);
  std::string near = "tests:\n  - input_series:\n      - series: x\n        values: 2.9999999999999996\n"
                     "    promql_expr_test:\n      - expr: x\n        eval_time: 0\n        exp_samples:\n"
                     "          - labels: x\n            value: 3\n";
  CHECK(run_text(near).exit_code == 1);
  CHECK(run_text("fuzzy_compare: true\n" + near).exit_code == 0);
}
