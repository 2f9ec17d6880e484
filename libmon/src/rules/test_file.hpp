#pragma once
// promtool's rule unit-test file (cmd/promtool/unittest.go's unitTestFile), read strictly as
// promtool reads it (yaml.UnmarshalStrict: unknown and repeated keys are errors).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mon/error.hpp"
#include "mon/model/metric.hpp"

namespace mon::rules::detail {

using StringMap = std::vector<std::pair<std::string, std::string>>;  // sorted by name

struct TestSeries {
  std::string series, values;
  Location where;
};

struct ExpAlert {
  StringMap labels, annotations;
};

struct AlertTest {
  std::int64_t eval_time_ms = 0;
  std::string alertname;
  std::vector<ExpAlert> exp_alerts;
  Location where;
};

struct ExpSample {
  std::string labels;
  double value = 0;
  std::string histogram;
  Location where;
};

struct PromqlTest {
  std::string expr;
  std::int64_t eval_time_ms = 0;
  std::vector<ExpSample> exp_samples;
  Location where;
  Location expr_where;
};

struct TestGroup {
  std::int64_t interval_ms = 0;  // 0: the file's evaluation_interval
  std::vector<TestSeries> input_series;
  std::vector<AlertTest> alert_tests;
  std::vector<PromqlTest> promql_tests;
  model::Labels external_labels;
  std::string external_url;
  std::string name;
  std::int64_t start_ms = 0;
  bool has_start = false;
  Location where;
};

struct TestFile {
  std::vector<std::string> rule_files;  // as written
  std::int64_t evaluation_interval_ms = 0;
  std::vector<std::string> group_eval_order;
  std::vector<TestGroup> tests;
  bool fuzzy_compare = false;
};

// Throws mon::ParseError at the offending node.
TestFile parse_test_file(const std::string& text, const std::string& name);

// promtool's parseTime: Unix seconds (a decimal number) or RFC 3339; nullopt otherwise.
std::optional<std::int64_t> parse_time_ms(const std::string& text);

}  // namespace mon::rules::detail
