#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>

#include "mon/promql/parse.hpp"

using namespace mon::promql;

namespace {

std::string values_of(std::string_view text) {
  std::string out;
  for (const auto& v : parse_series_values(text)) {
    if (!out.empty()) out += ' ';
    if (v.kind == SeriesValue::missing)
      out += "_";
    else if (v.kind == SeriesValue::stale)
      out += "stale";
    else {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", v.v);
      out += buf;
    }
  }
  return out;
}

std::string error_of(std::string_view line) {
  try {
    parse_series(line);
  } catch (const mon::ParseError& e) {
    return std::to_string(e.location().column) + ": " + e.message();
  }
  return "no error";
}

}  // namespace

TEST_CASE("promql series: the expanding notation") {
  CHECK(values_of("1+1x3") == "1 2 3 4");
  CHECK(values_of("10-2x2") == "10 8 6");
  CHECK(values_of("5x2") == "5 5 5");
  CHECK(values_of("-2-1x2") == "-2 -3 -4");
  CHECK(values_of("1 _ 3") == "1 _ 3");
  CHECK(values_of("_x3 1") == "_ _ _ 1");
  CHECK(values_of("1 stale 2") == "1 stale 2");
  CHECK(values_of("1e3 .5 -0.25") == "1000 0.5 -0.25");
  CHECK(values_of("0x2") == "0 0 0");  // no hexadecimal numbers in series values, as promtool
  CHECK(values_of("Inf -Inf") == "inf -inf");
  CHECK(values_of("NaN") == "nan");
  CHECK(values_of("1+0x0") == "1");
  CHECK(values_of("") == "");
  CHECK(values_of("  1   2  ") == "1 2");
  const auto v = parse_series_values("stale");
  REQUIRE(v.size() == 1);
  CHECK(std::bit_cast<std::uint64_t>(v[0].v) == 0x7ff0000000000002ULL);
  // The accumulation is a running sum, as promtool's.
  const auto f = parse_series_values("0+0.1x10");
  double acc = 0;
  for (int i = 0; i < 10; ++i) acc += 0.1;
  CHECK(f.back().v == acc);
}

TEST_CASE("promql series: labels, sorted with the metric name") {
  auto d = parse_series("http_requests{job=\"api\", code=\"200\"} 1 2");
  REQUIRE(d.labels.size() == 3);
  CHECK(d.labels[0].name == "__name__");
  CHECK(d.labels[0].value == "http_requests");
  CHECK(d.labels[1].name == "code");
  CHECK(d.labels[2].name == "job");
  CHECK(d.values.size() == 2);
  d = parse_series("{__name__=\"x\", a=\"b\"} 1");
  CHECK(d.labels[0].value == "x");
  d = parse_series("{\"my.metric\", \"a.b\"=\"c\"} 1");
  CHECK(d.labels[0].name == "__name__");
  CHECK(d.labels[0].value == "my.metric");
  CHECK(d.labels[1].name == "a.b");
  d = parse_series("a:b:c 1");
  CHECK(d.labels[0].value == "a:b:c");
  CHECK(parse_series_labels("{}").empty());
  CHECK(parse_series_labels("up").size() == 1);
  CHECK(parse_series_labels("up{job=\"x\"}").size() == 2);
  CHECK(parse_series_labels("up{job=\"\"}").size() == 1);  // an empty value is an absent label
}

TEST_CASE("promql series: bad lines are errors at their column") {
  CHECK(error_of("m {{schema:0 sum:1}}") == "3: native histograms are not supported");
  CHECK(error_of("m 1+1") == "6: unexpected end of input in series values, expected \"x\" after the increment");
  CHECK(error_of("m 1x") .find("expected a repetition count") != std::string::npos);
  CHECK(error_of("m abc") == "3: unexpected 'a' in series values, expected number or \"stale\"");
  CHECK(error_of("m{a=\"b\" 1") != "no error");
  CHECK(error_of("m{a=\"b\",a=\"c\"} 1") == "1: duplicate label name \"a\"");
  CHECK(error_of("m 1x99999999999") .find("too many values") != std::string::npos);
  CHECK(error_of("m 1e999").find("value out of range") != std::string::npos);
  CHECK(error_of("\"unterminated") != "no error");
  CHECK(error_of(std::string("m \0", 3)) != "no error");
  const std::string line = "metric{a=\"b\",c=\"d\"} 1+2x3 _x2 stale -1-1x1 4";
  CHECK(error_of(line) == "no error");
  for (std::size_t n = 0; n < line.size(); ++n) {
    try {
      parse_series(line.substr(0, n));
    } catch (const mon::ParseError& e) {
      CHECK(e.location().column >= 1);
    }
  }
  try {
    parse_series_values("1 x", mon::Location{"t.yml", 7, 20});
    FAIL("no error");
  } catch (const mon::ParseError& e) {
    CHECK(e.location().line == 7);
    CHECK(e.location().column == 22);
  }
}
