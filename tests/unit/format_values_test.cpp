// Plain values: one number per line, named by ReadOptions::values_name.
#include <doctest/doctest.h>

#include <cmath>

#include "format_codec_support.hpp"
#include "mon/error.hpp"

using namespace codec_test;

TEST_CASE("plain values are successive readings of one gauge named value: the last one is written") {
  auto r = read_text(mon::format::detail::read_values, "1\n  2.5 \t\n\n-3e2\r\nNaN\n+Inf\n-7");
  CHECK(r.ok);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "value");
  CHECK(r.got[0].family.name == "value");
  CHECK(r.got[0].family.type == mon::model::MetricType::gauge);
  CHECK(r.got[0].sample.value == -7);  // the last line has no newline
  CHECK(r.got[0].sample.labels.empty());
  CHECK_FALSE(r.got[0].sample.timestamp_ms);
}

TEST_CASE("plain values take their metric name from the options") {
  mon::format::ReadOptions options;
  options.values_name = "latency_seconds";
  auto r = read_text(mon::format::detail::read_values, "0.1\n", options);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "latency_seconds");
  options.values_name = "bad name";
  CHECK_THROWS_WITH_AS(read_text(mon::format::detail::read_values, "1\n", options),
                       "invalid metric name \"bad name\" for plain values: a metric name may contain only letters, "
                       "digits, '_' and ':' (got ' ' at position 4)",
                       mon::Error);
}

TEST_CASE("plain values report what is not a number, NUL bytes and long lines, and go on") {
  mon::format::ReadOptions options;
  options.max_line = 64;
  auto r = read_text(mon::format::detail::read_values,
                     std::string("1\n  12 apples\n1,5\n4\0\n", 21) + std::string(100, '9') + "\n5\n", options);
  CHECK_FALSE(r.ok);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.value == 5);
  REQUIRE(r.errors.size() == 4);
  CHECK(r.errors[0] == "in:2:3: expected a number (like 42, -1.5e3, NaN or +Inf)");
  CHECK(r.errors[1] == "in:3:1: expected a number (like 42, -1.5e3, NaN or +Inf)");
  CHECK(r.errors[2] == "in:4:2: unexpected NUL byte (is this a binary file?); line skipped");
  CHECK(r.errors[3] == "in:5:1: line longer than 64 bytes; skipped");
}

TEST_CASE("plain values stop at the first error when the diagnostics say so") {
  auto r = read_text(mon::format::detail::read_values, "x\n1\n", {}, true);
  CHECK(r.errors.size() == 1);
  CHECK(r.got.empty());
}

TEST_CASE("plain values on a stream: every reading passed on, in order, errors at their line, past many batches") {
  mon::format::ReadOptions options;
  options.stream = true;
  std::string text;
  for (int i = 1; i <= 20000; ++i) text += i == 12345 ? "oops\n" : std::to_string(i) + "\n";
  text += "  7 \r\n20002";  // blanks and CRLF, then a last line without its newline
  auto r = read_text(mon::format::detail::read_values, text, options);
  CHECK_FALSE(r.ok);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "in:12345:1: expected a number (like 42, -1.5e3, NaN or +Inf)");
  REQUIRE(r.got.size() == 20001);
  CHECK(r.got[0].sample.value == 1);
  CHECK(r.got[12343].sample.value == 12344);
  CHECK(r.got[12344].sample.value == 12346);
  CHECK(r.got[19998].sample.value == 20000);
  CHECK(r.got[19999].sample.value == 7);
  CHECK(r.got[20000].sample.value == 20002);
}
