// Influx line protocol: writer output byte for byte, the reader on good and bad input, round trips.
#include <doctest/doctest.h>

#include <cmath>

#include "format_codec_support.hpp"

using namespace codec_test;
using mon::model::MetricType;

namespace {
ReadResult read_influx_text(std::string_view text) { return read_text(mon::format::detail::read_influx, text); }
std::string write_influx(const std::vector<Got>& items, std::vector<std::string>* notes = nullptr) {
  return write_all(mon::format::detail::make_influx_writer, items, notes);
}
}  // namespace

TEST_CASE("the Influx writer escapes measurement, tag keys and values and scales timestamps to nanoseconds") {
  Got g = make("http_requests_total", 1027, {{"code", "200"}, {"path", "/a b,c=d\\"}}, MetricType::counter);
  g.sample.timestamp_ms = 1700000000123;
  Got h = make("temp", -3.5, {{"empty", ""}, {"q", "say \"hi\""}});
  Got i = make("big", 1e21);
  std::vector<std::string> notes;
  CHECK(write_influx({g, h, i}, &notes) ==
        "http_requests_total,code=200,path=/a\\ b\\,c\\=d\\\\ value=1027 1700000000123000000\n"
        "temp,q=say\\ \"hi\" value=-3.5\n"
        "big value=1e+21\n");
  CHECK(notes.empty());
}

TEST_CASE("the Influx writer skips what line protocol cannot hold and says how many") {
  Got late = make("a", 1);
  late.sample.timestamp_ms = 9300000000000;  // after 2262
  std::vector<std::string> notes;
  std::string out = write_influx({make("a", NAN), make("a", INFINITY), make("a", -INFINITY),
                                  make("a", 1, {{"l", "two\nlines"}}), make("a", 1, {{"l", std::string("n\0l", 3)}}), late, make("kept", 2)},
                                 &notes);
  CHECK(out == "kept value=2\n");
  REQUIRE(notes.size() == 3);
  CHECK(notes[0] == "influx: skipped 3 sample(s) whose value is NaN or ±Inf (line protocol has no such floats)");
  CHECK(notes[1] == "influx: skipped 2 sample(s) with a line break or NUL byte in a label (line protocol cannot hold one in a tag)");
  CHECK(notes[2] ==
        "influx: skipped 1 sample(s) whose timestamp does not fit in int64 nanoseconds (before 1678 or after 2262)");
}

TEST_CASE("the Influx reader reads every numeric field type, tags and timestamps") {
  auto r = read_influx_text(
      "# a comment\n"
      "\n"
      "cpu,host=a,region=eu value=0.5,user=12i,idle=3u,up=t,down=FALSE,msg=\"x, y=z\" 1700000000123456789\n"
      "disk\\ io,dev\\,x=sd\\=a\\ 1 value=-1.5e3\r\n"
      "mem value=1 -1\n");
  CHECK(r.ok);
  CHECK(r.errors.empty());
  REQUIRE(r.got.size() == 7);
  CHECK(r.got[0].sample.name == "cpu");
  CHECK(r.got[0].sample.value == 0.5);
  CHECK(r.got[0].sample.labels == mon::model::Labels{{"host", "a"}, {"region", "eu"}});
  CHECK(r.got[0].sample.timestamp_ms == 1700000000123);
  CHECK(r.got[0].family.name == "cpu");
  CHECK(r.got[0].family.type == MetricType::untyped);
  CHECK(r.got[1].sample.name == "cpu_user");
  CHECK(r.got[1].sample.value == 12);
  CHECK(r.got[2].sample.name == "cpu_idle");
  CHECK(r.got[2].sample.value == 3);
  CHECK(r.got[3].sample.value == 1);
  CHECK(r.got[4].sample.value == 0);
  CHECK(r.got[5].sample.name == "disk_io");
  CHECK(r.got[5].sample.labels == mon::model::Labels{{"dev_x", "sd=a 1"}});
  CHECK(r.got[5].sample.value == -1500);
  CHECK_FALSE(r.got[5].sample.timestamp_ms);
  CHECK(r.got[6].sample.timestamp_ms == -1);  // -1 ns is in the millisecond before the epoch
  REQUIRE(r.warnings.size() == 3);
  CHECK(r.warnings[0] == "in:3:69: field \"msg\" of \"cpu\" is a string: skipped (only numeric fields become samples)");
  CHECK(r.warnings[1] == "in:4:10: tag key \"dev,x\" renamed to label \"dev_x\"");
  CHECK(r.warnings[2] == "in:4:1: \"disk io\" renamed to \"disk_io\" (a valid metric name)");
}

TEST_CASE("the Influx reader reports malformed lines with line and column and keeps reading") {
  auto r = read_influx_text(
      "cpu\n"
      "cpu value\n"
      "cpu,host value=1\n"
      "cpu,host= value=1\n"
      "cpu value=abc\n"
      "cpu value=1 12:00\n"
      "cpu value=\"open\n"
      ",host=a value=1\n"
      "cpu value=1 1 extra\n"
      "cpu value=NaN\n"
      "ok value=1\n");
  CHECK_FALSE(r.ok);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "ok");
  REQUIRE(r.errors.size() == 10);
  CHECK(r.errors[0] == "in:1:4: expected a space and a field set (like value=1) after the measurement and tags");
  CHECK(r.errors[1] == "in:2:10: expected '=' after field key \"value\"");
  CHECK(r.errors[2] == "in:3:9: expected '=' after tag key \"host\"");
  CHECK(r.errors[3] == "in:4:10: expected a value for tag \"host\" (empty tag values are not allowed)");
  CHECK(r.errors[4] ==
        "in:5:11: expected a value for field \"value\": a float, an integer (1i), an unsigned integer (1u), a boolean "
        "or a \"string\"");
  CHECK(r.errors[5] == "in:6:13: expected a timestamp in nanoseconds (an integer)");
  CHECK(r.errors[6] == "in:7:11: expected '\"' closing the string value of field \"value\"");
  CHECK(r.errors[7] == "in:8:1: expected a measurement name");
  CHECK(r.errors[8] == "in:9:15: unexpected text after the timestamp");
  CHECK(r.errors[9].substr(0, 9) == "in:10:11:");
}

TEST_CASE("the Influx reader reports NUL bytes and survives binary garbage") {
  auto r = read_influx_text(std::string("cpu value=1\nc\0u value=2\nok value=3", 34));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "in:2:2: unexpected NUL byte (is this a binary file?); line skipped");
  REQUIRE(r.got.size() == 2);
  CHECK(r.got[1].sample.name == "ok");  // the last line has no newline

  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) & 0xff));
  auto g = read_influx_text(garbage);
  CHECK_FALSE(g.ok);
}

TEST_CASE("Influx writer then reader preserves names, labels with every escape and timestamps") {
  std::vector<Got> in;
  Got a = make("req_total", 3,
               {{"a", "quote\" back\\ comma, eq= space  utf8 \xc3\xa9\xe2\x82\xac"}, {"b", "trailing\\"}, {"c", "x"}});
  a.sample.timestamp_ms = -5;
  in.push_back(a);
  Got b = make("x", 0.1 + 0.2);
  b.sample.timestamp_ms = 1700000000000;
  in.push_back(b);
  in.push_back(make("tiny", 1.5e-300));
  in.push_back(make("neg", -42));
  auto r = read_influx_text(write_influx(in));
  CHECK(r.errors.empty());
  CHECK(r.warnings.empty());
  REQUIRE(r.got.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    CAPTURE(i);
    CHECK(r.got[i].sample.name == in[i].sample.name);
    CHECK(r.got[i].sample.labels == in[i].sample.labels);
    CHECK(r.got[i].sample.timestamp_ms == in[i].sample.timestamp_ms);
    CHECK(r.got[i].sample.value == in[i].sample.value);
  }
}
