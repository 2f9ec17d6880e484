// Prometheus' own PromQL engine test scripts (../shared, when present) and ours (tests/data/promql)
// run through mon::promql. Per-file agreement is reported; the failures are written to
// promqltest-failures.txt beside the test binary; agreement below the floor fails the test.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "promqltest_runner.hpp"
#include "promqltest_script.hpp"
#include "sample_inputs.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path output_dir() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

// Files that need Prometheus feature flags outside our scope (native histograms and the experimental
// features); every other file runs, its out-of-scope evals skipped one by one.
bool feature_flag_file(const std::string& name) {
  for (const char* f : {"native_histograms.test", "info.test", "fill-modifier.test", "extended_vectors.test",
                        "duration_expression.test", "type_and_unit.test", "start_timestamps.test"})
    if (name == f) return true;
  return false;
}

struct Totals {
  int evals = 0, passed = 0, skipped = 0;
};

Totals run_files(const std::vector<fs::path>& files, const fs::path& failures_file) {
  Totals totals;
  std::ofstream failures(failures_file);
  for (const auto& file : files) {
    const auto name = file.filename().string();
    if (feature_flag_file(name)) {
      MESSAGE(name << ": skipped (needs a Prometheus feature flag out of scope)");
      continue;
    }
    auto script = promqltest::read_script(read_file(file));
    auto report = promqltest::run_script(script, name);
    MESSAGE(name << ": " << report.passed << "/" << report.evals << " agree (" << report.skipped
                 << " out of scope skipped)");
    for (const auto& f : report.failures) failures << f << "\n";
    for (const auto& s : report.skips) failures << "SKIP " << s << "\n";
    totals.evals += report.evals;
    totals.passed += report.passed;
    totals.skipped += report.skipped;
  }
  return totals;
}

}  // namespace

TEST_CASE("promqltest: our own engine scripts all agree") {
  auto files = sample_inputs::files_in(sample_inputs::own("promql"), ".test");
  REQUIRE(!files.empty());
  auto totals = run_files(files, output_dir() / "promqltest-own-failures.txt");
  MESSAGE("own scripts: " << totals.passed << "/" << totals.evals);
  CHECK(totals.evals > 50);
  CHECK(totals.passed == totals.evals);
}

TEST_CASE("promqltest: Prometheus' engine test scripts") {
  const char* sub = "upstream/prometheus/promql/promqltest/testdata";
  if (sample_inputs::skip_without_shared(sub)) return;
  auto files = sample_inputs::files_in(sample_inputs::shared(sub), ".test");
  REQUIRE(!files.empty());
  auto failures = output_dir() / "promqltest-failures.txt";
  auto totals = run_files(files, failures);
  MESSAGE("Prometheus scripts: " << totals.passed << "/" << totals.evals << " agree, " << totals.skipped
                                 << " out of scope; failures in " << failures.string());
  // The floor: agreement measured when the harness landed; a regression shows here.
  CHECK(totals.evals >= 800);
  CHECK(totals.passed * 100 >= totals.evals * 99);  // 840 of 842 when set; first_over_time awaits the parser
}

TEST_CASE("promqltest: the script reader") {
  auto script = promqltest::read_script(
      "# comment\nload 1m\n  a{x=\"y z\"} 1 2 3\n\neval instant at 1m a\n  expect no_warn\n  a{x=\"y z\"} 2\n\n"
      "eval range from 0 to 2m step 1m a\n  a{x=\"y z\"} 1 2 3\n\nclear\neval_fail instant at 0 foo(\n");
  REQUIRE(script.errors.empty());
  REQUIRE(script.commands.size() == 5);
  CHECK(script.commands[0].kind == promqltest::Command::load);
  CHECK(script.commands[0].step_ms == 60000);
  REQUIRE(script.commands[0].lines.size() == 1);
  CHECK(script.commands[0].lines[0].series == "a{x=\"y z\"}");
  CHECK(script.commands[0].lines[0].values == "1 2 3");
  CHECK(script.commands[1].time_ms == 60000);
  CHECK(script.commands[1].expects.size() == 1);
  CHECK(script.commands[2].kind == promqltest::Command::eval_range);
  CHECK(script.commands[2].end_ms == 120000);
  CHECK(script.commands[3].kind == promqltest::Command::clear);
  CHECK(script.commands[4].expects.at(0).kind == promqltest::Expect::fail);
  CHECK(promqltest::parse_duration_ms("5m30s") == 330000);
  CHECK(promqltest::parse_duration_ms("100ms") == 100);
  CHECK(!promqltest::parse_duration_ms("5x").has_value());
  CHECK(promqltest::almost_equal(1.0, 1.0000001));
  CHECK(!promqltest::almost_equal(1.0, 1.001));
}
