// The OpenMetrics 1.0 reader and writer: timestamps in seconds, counters' _total, UNIT, EOF,
// exemplars, errors with their exact FILE:LINE:COL, and round trips through Prometheus text.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "prom_test_support.hpp"
#include "sample_inputs.hpp"

using namespace prom_test;
namespace fs = std::filesystem;

namespace {

void check_same_samples(const std::vector<model::Sample>& a, const std::vector<model::Sample>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("sample ", i, ": ", show(a[i]), " vs ", show(b[i]));
    CHECK(same(a[i], b[i]));
  }
}

model::Family family(std::string name, model::MetricType type, std::string help = "", std::string unit = "") {
  model::Family f;
  f.name = std::move(name);
  f.type = type;
  f.has_help = !help.empty();
  f.help = std::move(help);
  f.unit = std::move(unit);
  return f;
}

Event sample_of(const model::Family& f, std::string name, double value, std::optional<std::int64_t> ts = {}) {
  Event e;
  e.family = f;
  e.sample.name = std::move(name);
  e.sample.value = value;
  e.sample.timestamp_ms = ts;
  return e;
}

}  // namespace

TEST_CASE("openmetrics: timestamps in seconds become milliseconds, rounded to the nearest") {
  auto r = read_om(
      "a 1 1700000000.123\na 2 1700000000.1235\na 3 1700000001\na 4 1.7000000015e9\nb 5 -1.5\nc 6 0.0004\n# EOF\n");
  REQUIRE(r.errors.empty());
  auto s = r.samples();
  REQUIRE(s.size() == 6);
  CHECK(*s[0].timestamp_ms == 1700000000123);
  CHECK(*s[1].timestamp_ms == 1700000000124);
  CHECK(*s[2].timestamp_ms == 1700000001000);
  CHECK(*s[3].timestamp_ms == 1700000001500);
  CHECK(*s[4].timestamp_ms == -1500);
  CHECK(*s[5].timestamp_ms == 0);
}

TEST_CASE("openmetrics: the writer gives exact seconds and ends with # EOF") {
  auto g = family("g", model::MetricType::gauge);
  std::string text = write_om({sample_of(g, "g", NAN, -1), sample_of(g, "g", -INFINITY, 5),
                               sample_of(g, "g", 1, 1700000000123), sample_of(g, "g", 2, 1700000001000),
                               sample_of(g, "g", 3, 1700000001500)});
  CHECK(text ==
        "# TYPE g gauge\ng NaN -0.001\ng -Inf 0.005\ng 1 1700000000.123\ng 2 1700000001\ng 3 1700000001.5\n# EOF\n");
  auto back = read_om(text);
  CHECK(back.errors.empty());
  CHECK(*back.samples()[0].timestamp_ms == -1);
  CHECK(*back.samples()[2].timestamp_ms == 1700000000123);
}

TEST_CASE("openmetrics: counters get _total, one without it is written as unknown") {
  auto prom = read_prom(
      "# HELP req_total Requests.\n# TYPE req_total counter\nreq_total{code=\"200\"} 5\n"
      "# TYPE odd counter\nodd 3\n# TYPE u untyped\nu 1\nbare 2\n");
  REQUIRE(prom.errors.empty());
  std::string om = write_om(prom.events);
  CHECK(om ==
        "# TYPE req counter\n# HELP req Requests.\nreq_total{code=\"200\"} 5\n"
        "# TYPE odd unknown\nodd 3\n# TYPE u unknown\nu 1\nbare 2\n# EOF\n");
  auto back = read_om(om);
  REQUIRE(back.errors.empty());
  check_same_samples(prom.samples(), back.samples());
  CHECK(back.events[1].family.name == "req");
  CHECK(back.events[1].family.type == model::MetricType::counter);
}

TEST_CASE("openmetrics: UNIT is read, and written only when the name ends in _<unit>") {
  auto r = read_om("# TYPE a_seconds gauge\n# UNIT a_seconds seconds\n# HELP a_seconds Time.\na_seconds 1\n# EOF\n");
  REQUIRE(r.errors.empty());
  CHECK(r.families().at(0).unit == "seconds");
  CHECK(write_om(r.events) == "# TYPE a_seconds gauge\n# UNIT a_seconds seconds\n# HELP a_seconds Time.\na_seconds 1\n# EOF\n");
  auto f = family("speed", model::MetricType::gauge, "", "meters");
  CHECK(write_om({sample_of(f, "speed", 1)}) == "# TYPE speed gauge\nspeed 1\n# EOF\n");
  auto c = family("cpu_seconds", model::MetricType::counter, "", "seconds");
  CHECK(write_om({sample_of(c, "cpu_seconds_total", 1)}) ==
        "# TYPE cpu_seconds counter\n# UNIT cpu_seconds seconds\ncpu_seconds_total 1\n# EOF\n");
}

TEST_CASE("openmetrics: HELP escapes include the double quote") {
  auto r = read_om("# HELP a x\\\"y\\\\z\\nw\\t\n# EOF\n");
  REQUIRE(r.errors.empty());
  CHECK(r.families().at(0).help == "x\"y\\z\nw\\t");
  // A family that came with metadata keeps a TYPE line (unknown) in front of it.
  CHECK(write_om(r.events) == "# TYPE a unknown\n# HELP a x\\\"y\\\\z\\nw\\\\t\n# EOF\n");
}

TEST_CASE("openmetrics: exemplars are validated and dropped") {
  auto r = read_om("# TYPE a counter\na_total 1 # {trace=\"abc\"} 0.5 123.4\n# EOF\n");
  REQUIRE(r.errors.empty());
  CHECK(write_om(r.events) == "# TYPE a counter\na_total 1\n# EOF\n");
}

TEST_CASE("openmetrics: errors name line and column") {
  auto r = read_om("a 1\n\na  1\n# TYPE b untyped\nc{x=\"1\",} 1\nd 1 # {} 1\n");
  std::vector<std::string> want = {
      "in:2:1: blank line: OpenMetrics allows none",
      "in:3:3: expected a number, NaN, +Inf or -Inf as the value, found a space",
      "in:4:10: expected a type (counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown), "
      "found \"untyped\"",
      "in:5:9: expected a label name after ',' (OpenMetrics allows no trailing comma), found '}'",
      "in:6:1: only counters' _total and histograms' _bucket samples may have an exemplar",
      "in:7:1: missing \"# EOF\" at the end: the input is incomplete",
  };
  CHECK(r.errors == want);
  CHECK(r.samples().size() == 1);
}

TEST_CASE("openmetrics: CRLF, a truncated last line and text after # EOF are reported") {
  auto r = read_om("a 1\r\nb 2\n# EOF\nc 3\n");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0] == "in:1:4: carriage return at the end of the line: OpenMetrics needs LF line endings");
  CHECK(r.errors[1] == "in:4:1: text after \"# EOF\": an OpenMetrics exposition ends there");
  auto t = read_om("a 1\nb 2");
  REQUIRE(t.errors.size() == 2);
  CHECK(t.errors[0] == "in:2:4: the last line has no newline at its end (truncated input?); skipped");
  CHECK(t.errors[1] == "in:3:1: missing \"# EOF\" at the end: the input is incomplete");
}

TEST_CASE("openmetrics: a writer given a family twice groups it and drops the repeated series") {
  auto a = family("a", model::MetricType::gauge, "A.");
  auto b = family("b", model::MetricType::gauge);
  std::string text = write_om({{true, a, {}}, sample_of(a, "a", 1), {true, b, {}}, sample_of(b, "b", 2),
                               sample_of(a, "a", 3)});
  CHECK(text == "# TYPE a gauge\n# HELP a A.\na 1\n# TYPE b gauge\nb 2\n# EOF\n");
}

TEST_CASE("openmetrics: a counter whose OpenMetrics name is taken by a gauge keeps its own name") {
  auto prom = read_prom("# TYPE x_bytes gauge\nx_bytes 1\n# TYPE x_bytes_total counter\nx_bytes_total 2\n");
  REQUIRE(prom.errors.empty());
  std::string om = write_om(prom.events);
  CHECK(om == "# TYPE x_bytes gauge\nx_bytes 1\n# TYPE x_bytes_total unknown\nx_bytes_total 2\n# EOF\n");
  CHECK(read_om(om).errors.empty());
}

namespace {
// OpenMetrics -> prom -> OpenMetrics gives back the same samples, and the OpenMetrics written
// re-reads without error.
void check_openmetrics_round_trip(const std::string& name, const std::string& text) {
  INFO("case ", name);
  auto om = read_om(text);
  REQUIRE(om.errors.empty());
  auto prom = read_prom(write_prom(om.events));
  CHECK(prom.errors.empty());
  std::string again = write_om(prom.events);
  auto back = read_om(again);
  INFO("written: ", again);
  CHECK(back.errors.empty());
  check_same_samples(om.samples(), back.samples());
}
}  // namespace

TEST_CASE("openmetrics: our valid cases round-trip OpenMetrics -> prom -> OpenMetrics") {
  int cases = 0;
  for (const auto& path : sample_inputs::own_openmetrics_cases(true)) {
    check_openmetrics_round_trip(path.filename().string(), slurp(path.string()));
    ++cases;
  }
  check_openmetrics_round_trip("web_app.openmetrics", slurp(sample_inputs::own("metrics/web_app.openmetrics").string()));
  CHECK(cases >= 10);
}

TEST_CASE("openmetrics: every valid conformance case round-trips OpenMetrics -> prom -> OpenMetrics") {
  if (sample_inputs::skip_without_shared("openmetrics-conformance")) return;
  fs::path root = sample_inputs::shared("openmetrics-conformance");
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    if (slurp((entry.path() / "test.json").string()).find("\"shouldParse\": true") == std::string::npos) continue;
    check_openmetrics_round_trip(entry.path().filename().string(), slurp((entry.path() / "metrics").string()));
    ++cases;
  }
  CHECK(cases > 40);
}

TEST_CASE("openmetrics: Prometheus text round-trips prom text -> OpenMetrics -> prom text") {
  for (const auto& path : sample_inputs::prom_files(true)) {
    INFO("file ", path.string());
    auto first = read_prom(slurp(path.string()));
    REQUIRE(first.errors.empty());
    std::string om = write_om(first.events);
    auto middle = read_om(om);
    CHECK(middle.errors.empty());
    auto back = read_prom(write_prom(middle.events));
    CHECK(back.errors.empty());
    check_same_samples(first.samples(), back.samples());
    // And OpenMetrics written from OpenMetrics is stable.
    CHECK(write_om(middle.events) == om);
  }
}
