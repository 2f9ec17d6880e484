// StatsD: streaming semantics per metric type, tags, sanitized names, bad lines.
#include <doctest/doctest.h>

#include "format_codec_support.hpp"

using namespace codec_test;
using mon::model::MetricType;

namespace {
ReadResult read_statsd_text(std::string_view text) { return read_text(mon::format::detail::read_statsd, text); }
}  // namespace

TEST_CASE("StatsD counters are summed per series, sampled lines scaled, into one name_total sample each") {
  auto r = read_statsd_text(
      "page.views:1|c\n"
      "page.views:2|c|#env:prod\n"
      "page.views:3|c\n"
      "page.views:1|c|@0.1\n"
      "jobs_total:5|c\n");
  CHECK(r.ok);
  REQUIRE(r.got.size() == 3);
  CHECK(r.got[0].sample.name == "page_views_total");
  CHECK(r.got[0].family.name == "page_views");
  CHECK(r.got[0].family.type == MetricType::counter);
  CHECK(r.got[0].sample.value == doctest::Approx(14));  // 1 + 3 + 1 sampled at 10% (counts as 10)
  CHECK(r.got[1].sample.value == 2);
  CHECK(r.got[1].sample.labels == mon::model::Labels{{"env", "prod"}});
  CHECK(r.got[2].sample.name == "jobs_total");
}

TEST_CASE("StatsD gauges end at their last value, signed deltas applied") {
  auto r = read_statsd_text("temp:10|g\ntemp:+5|g\ntemp:-20|g\nother:-3|g\nload:7|g\nload:+1|g\n");
  REQUIRE(r.got.size() == 3);
  CHECK(r.got[0].family.type == MetricType::gauge);
  CHECK(r.got[0].sample.value == -5);
  CHECK(r.got[1].sample.value == -3);  // a delta on a new gauge starts from 0
  CHECK(r.got[2].sample.value == 8);
}

TEST_CASE("StatsD timers become summaries in seconds, histograms and distributions summaries as observed") {
  auto r = read_statsd_text("api.latency_ms:320|ms\nrender:1500|ms|@0.5\nsize:42|h\nsize:7|d|#a:b,c:d\n");
  REQUIRE(r.got.size() == 20);  // 4 series x (3 quantiles, _sum, _count)
  CHECK(r.got[0].sample.name == "api_latency_seconds");
  CHECK(r.got[0].family.type == MetricType::summary);
  CHECK(r.got[0].sample.labels == mon::model::Labels{{"quantile", "0.5"}});
  CHECK(r.got[0].sample.value == doctest::Approx(0.32));
  CHECK(r.got[5].sample.name == "render_seconds");
  CHECK(r.got[8].sample.name == "render_seconds_sum");
  CHECK(r.got[8].sample.value == 3);  // sampled at 50%: counted twice
  CHECK(r.got[9].sample.value == 2);
  CHECK(r.got[10].sample.name == "size");
  CHECK(r.got[10].sample.value == 42);
  CHECK(r.got[15].sample.labels == mon::model::Labels{{"a", "b"}, {"c", "d"}, {"quantile", "0.5"}});
}

TEST_CASE("StatsD: DogStatsD's several values a line count each, '#' before each tag key is dropped") {
  auto r = read_statsd_text("t:1:2:3|h|#a:b,#c:d\nt:4|h|#a:b,c:d\n");
  REQUIRE(r.got.size() == 5);
  CHECK(r.got[3].sample.name == "t_sum");
  CHECK(r.got[3].sample.value == 10);
  CHECK(r.got[4].sample.value == 4);
  CHECK(r.got[4].sample.labels == mon::model::Labels{{"a", "b"}, {"c", "d"}});
}

TEST_CASE("StatsD sets count distinct values per series") {
  auto r = read_statsd_text("users:alice|s\nusers:bob|s\nusers:alice|s\nusers:carol|s|#site:x\n");
  REQUIRE(r.got.size() == 2);
  CHECK(r.got[0].family.type == MetricType::gauge);
  CHECK(r.got[0].sample.value == 2);
  CHECK(r.got[1].sample.value == 1);
}

TEST_CASE("StatsD tags become labels with valid names, value-less tags are absent, T sets the timestamp") {
  auto r = read_statsd_text("req:1|c|#host-name:web-1,canary,9x:y|T1700000000|c:abc123\n");
  CHECK(r.errors.empty());
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.labels == mon::model::Labels{{"_9x", "y"}, {"host_name", "web-1"}});
  CHECK(r.got[0].sample.timestamp_ms == 1700000000000);
}

TEST_CASE("StatsD bad lines are reported with their column and skipped") {
  auto r = read_statsd_text(
      "novalue\n"
      "x:1\n"
      "x:1|q\n"
      "x:abc|c\n"
      ":1|c\n"
      "x:1|c|@2\n"
      "x:1|c|#a:1,a:2\n"
      "x:1|c|zz\n"
      "x:1|c|#:v\n"
      "ok:1|c\n");
  CHECK_FALSE(r.ok);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "ok_total");
  REQUIRE(r.errors.size() == 9);
  CHECK(r.errors[0] == "in:1:8: expected ':' after the metric name (name:value|type)");
  CHECK(r.errors[1] == "in:2:4: expected '|' and a type (c, g, ms, h, d or s) after the value");
  CHECK(r.errors[2] == "in:3:5: expected a metric type: c, g, ms, h, d or s");
  CHECK(r.errors[3] == "in:4:3: expected a number as the value (like 1, -2.5, 3e3)");
  CHECK(r.errors[4] == "in:5:1: expected a metric name before ':'");
  CHECK(r.errors[5] == "in:6:7: expected a sample rate after '@', above 0 and at most 1");
  CHECK(r.errors[6] == "in:7:8: tag \"a\" appears twice");
  CHECK(r.errors[7] == "in:8:7: expected '@rate', '#tags' or 'T<timestamp>' after '|'");
  CHECK(r.errors[8] == "in:9:8: expected a tag name before ':'");
}

TEST_CASE("StatsD reports NUL bytes and over-long lines and survives garbage") {
  mon::format::ReadOptions options;
  options.max_line = 100;
  std::string text = std::string("a:1|c\nb\0:1|c\n", 14) + std::string(300, 'z') + "\nc:1|c";
  auto r = read_text(mon::format::detail::read_statsd, text, options);
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0] == "in:2:2: unexpected NUL byte (is this a binary file?); line skipped");
  CHECK(r.errors[1] == "in:3:1: line longer than 100 bytes; skipped");
  REQUIRE(r.got.size() == 2);
  CHECK(r.got[1].sample.name == "c_total");

  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage.push_back(static_cast<char>((i * 37 + 11) & 0xff));
  auto g = read_statsd_text(garbage);
  CHECK_FALSE(g.ok);
}
