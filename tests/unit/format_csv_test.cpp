// CSV: writer output byte for byte (RFC 4180 quoting), the reader on good and bad input, round trips.
#include <doctest/doctest.h>

#include <cmath>

#include "format_codec_support.hpp"
#include "sample_inputs.hpp"

using namespace codec_test;
using mon::model::MetricType;

namespace {
ReadResult read_csv_text(std::string_view text, const mon::format::ReadOptions& options = {}) {
  return read_text(mon::format::detail::read_csv, text, options);
}
std::string write_csv(const std::vector<Got>& items) { return write_all(mon::format::detail::make_csv_writer, items); }
const char* kHeader = "name,type,help,unit,labels,value,timestamp\r\n";
}  // namespace

TEST_CASE("the CSV writer quotes fields per RFC 4180 and keeps labels in Prometheus syntax") {
  Got g = make("http_requests_total", 1027, {{"code", "200"}, {"path", "/a \"b\"\n\\"}}, MetricType::counter);
  g.family.help = "Requests, \"served\"\nall";
  g.family.has_help = true;
  g.sample.timestamp_ms = 1700000000000;
  Got h = make("temp_celsius", NAN);
  h.family.unit = "celsius";
  Got i = make("plain", -INFINITY, {{"a", "b"}});
  CHECK(write_csv({g, h, i}) == std::string(kHeader) +
                                    "http_requests_total,counter,\"Requests, \"\"served\"\"\nall\",,"
                                    "\"code=\"\"200\"\",path=\"\"/a \\\"\"b\\\"\"\\n\\\\\"\"\",1027,1700000000000\r\n"
                                    "temp_celsius,untyped,,celsius,,NaN,\r\n"
                                    "plain,untyped,,,\"a=\"\"b\"\"\",-Inf,\r\n");
}

TEST_CASE("the CSV writer writes the header even when there are no samples") {
  CHECK(write_csv({}) == kHeader);
}

TEST_CASE("the CSV reader reads columns in any order, ignores unknown ones, accepts LF and CRLF") {
  auto r = read_csv_text(
      "value,extra,name,labels\n"
      "1.5,whatever,up,\"job=\"\"node\"\",instance=\"\"a:9100\"\"\"\r\n"
      "\n"
      "+Inf,,down,\n"
      "2,\"multi\nline\",x,");
  CHECK(r.ok);
  CHECK(r.errors.empty());
  REQUIRE(r.got.size() == 3);
  CHECK(r.got[0].sample.name == "up");
  CHECK(r.got[0].sample.value == 1.5);
  CHECK(r.got[0].sample.labels == mon::model::Labels{{"instance", "a:9100"}, {"job", "node"}});
  CHECK(r.got[0].family.type == MetricType::untyped);
  CHECK_FALSE(r.got[0].family.has_help);
  CHECK_FALSE(r.got[0].sample.timestamp_ms);
  CHECK(r.got[1].sample.value == INFINITY);
  CHECK(r.got[2].sample.name == "x");
}

TEST_CASE("the CSV reader takes types, help, units and timestamps and finds each sample's family") {
  auto r = read_csv_text(std::string(kHeader) +
                         "rpc_seconds_sum,summary,\"RPC \"\"latency\"\"\",seconds,,12.5,1700000000000\r\n"
                         "rpc_seconds_count,summary,,,,3,\r\n"
                         "om_total,unknown,,,,1,\r\n");
  CHECK(r.errors.empty());
  REQUIRE(r.got.size() == 3);
  CHECK(r.got[0].family.name == "rpc_seconds");
  CHECK(r.got[0].family.type == MetricType::summary);
  CHECK(r.got[0].family.help == "RPC \"latency\"");
  CHECK(r.got[0].family.has_help);
  CHECK(r.got[0].family.unit == "seconds");
  CHECK(r.got[0].sample.timestamp_ms == 1700000000000);
  CHECK(r.got[1].family.name == "rpc_seconds");
  CHECK(r.got[2].family.type == MetricType::untyped);
}

TEST_CASE("the CSV reader requires a header naming name and value") {
  auto r = read_csv_text("up,1\ndown,0\n");
  CHECK_FALSE(r.ok);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] ==
        "in:1:1: expected a header row naming the columns, at least name and value "
        "(monctl writes name,type,help,unit,labels,value,timestamp)");
  CHECK(r.got.empty());
  auto twice = read_csv_text("name,value,name\n");
  REQUIRE(twice.errors.size() == 1);
  CHECK(twice.errors[0] == "in:1:12: column \"name\" appears twice in the header");
  auto empty = read_csv_text("");
  CHECK(empty.ok);
  CHECK(empty.errors.empty());
}

TEST_CASE("the CSV reader reports wrong field counts and bad fields with line and column, and goes on") {
  auto r = read_csv_text(
      "name,labels,value,timestamp\n"
      "a,,1\n"
      "b,,1,,extra\n"
      "9c,,1,\n"
      "d,,one,\n"
      "e,,1,yesterday\n"
      "f,\"x=\"\"1\"\",x=\"\"2\"\"\",1,\n"
      "g,\"a=1\",1,\n"
      "h,x\"y,1,\n"
      "i,\"x\"y,1,\n"
      "ok,,1,\n");
  CHECK_FALSE(r.ok);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "ok");
  REQUIRE(r.errors.size() == 9);
  CHECK(r.errors[0] == "in:2:5: expected 4 fields as in the header, got 3; record skipped");
  CHECK(r.errors[1] == "in:3:7: expected 4 fields as in the header, got 5; record skipped");
  CHECK(r.errors[2] == "in:4:1: name: a metric name must start with a letter, '_' or ':' (got '9')");
  CHECK(r.errors[3] == "in:5:4: expected a number in the value column (like 42, 1.5e-3, NaN, +Inf)");
  CHECK(r.errors[4] == "in:6:6: expected a timestamp in milliseconds (an integer) or nothing");
  CHECK(r.errors[5] == "in:7:4: labels: label \"x\" appears twice");
  CHECK(r.errors[6] == "in:8:6: labels: expected '\"' starting the value of label \"a\"");
  CHECK(r.errors[7] == "in:9:4: a '\"' inside an unquoted field (quote the whole field and double its quotes); record skipped");
  CHECK(r.errors[8] == "in:10:6: expected ',' or the end of the record after the closing '\"'; record skipped");
}

TEST_CASE("the CSV reader points into a quoted labels field that spans lines") {
  auto r = read_csv_text(
      "name,labels,value\n"
      "a,\"x=\"\"line\n"
      "two\"\",y=\"\"bad\\q\"\"\",1\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "in:3:14: labels: unknown escape '\\q' (expected \\\\, \\\" or \\n)");
}

TEST_CASE("the CSV reader reports an unclosed quote at the end, over-long records, NUL bytes") {
  auto cut = read_csv_text("name,value\na,1\n\"b,2\nc,3\n");
  REQUIRE(cut.got.size() == 1);
  REQUIRE(cut.errors.size() == 1);
  CHECK(cut.errors[0] == "in:3:1: this quoted field is not closed at the end of the input (cut off?)");

  mon::format::ReadOptions options;
  options.max_line = 32;
  std::string lines;
  for (int i = 0; i < 10; ++i) lines += "aaaaaaaaaa\n";
  auto runaway = read_csv_text("name,value\n\"x" + lines + "\na,1\n", options);
  REQUIRE(runaway.errors.size() >= 1);
  CHECK(runaway.errors[0] == "in:2:1: a quoted field runs past 32 bytes (is its closing '\"' missing?); record skipped");

  auto toolong = read_csv_text("name,value\n" + std::string(100, 'x') + "\nb,2\n", options);
  REQUIRE(toolong.errors.size() == 1);
  CHECK(toolong.errors[0] == "in:2:1: line longer than 32 bytes; skipped");
  REQUIRE(toolong.got.size() == 1);

  auto nul = read_csv_text(std::string("name,value\na\0,1\nb,2\n", 19));
  REQUIRE(nul.errors.size() == 1);
  CHECK(nul.errors[0] == "in:2:2: unexpected NUL byte outside a quoted field (is this a binary file?); record skipped");
  REQUIRE(nul.got.size() == 1);
  CHECK(nul.got[0].sample.name == "b");
}

TEST_CASE("the CSV reader survives binary garbage") {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) & 0xff));
  auto r = read_csv_text("name,value\n" + garbage + "\nok,1\n");
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.errors.empty());
}

TEST_CASE("CSV writer then reader preserves names, labels with every escape, special values and timestamps") {
  std::vector<Got> in;
  Got a = make("req_total", 3,
               {{"a", "quote\" back\\ nl\n comma, eq= space  crlf\r\n utf8 \xc3\xa9\xe2\x82\xac"},
                {"b", std::string("nul\0byte", 8)}},
               MetricType::counter);
  a.family.help = "h\\e\"l\np, with comma";
  a.family.has_help = true;
  a.sample.timestamp_ms = -5;
  in.push_back(a);
  in.push_back(make("g", NAN));
  in.push_back(make("s_sum", INFINITY, {}, MetricType::summary));
  in.push_back(make("s_count", -INFINITY, {}, MetricType::summary));
  in.push_back(make("x", 0.1 + 0.2, {{"le", "+Inf"}}, MetricType::histogram));
  Got u = make("t_seconds", 1.5e-300, {}, MetricType::gauge);
  u.family.unit = "seconds";
  u.sample.timestamp_ms = 1700000000000;
  in.push_back(u);

  auto r = read_csv_text(write_csv(in));
  CHECK(r.errors.empty());
  check_same_events(r.got, in);
}

TEST_CASE("every exposition (ours, and real exporters' when shared data is there) survives prom -> CSV -> model and back to the same prom text") {
  for (const auto& path : sample_inputs::prom_files()) {
    const std::string file = path.string();
    CAPTURE(file);
    auto prom = read_prom_file(file);
    REQUIRE(prom.errors.empty());
    REQUIRE(prom.got.size() > 10);
    auto back = read_csv_text(write_csv(prom.got));
    CHECK(back.errors.empty());
    REQUIRE(back.got.size() == prom.got.size());
    for (std::size_t i = 0; i < prom.got.size(); ++i) {
      const auto& a = prom.got[i];
      const auto& b = back.got[i];
      CAPTURE(a.sample.name);
      // Prometheus text names a counter family "x_total", the model's derivation (OpenMetrics
      // style) "x": both writers accept either, see the text comparison below.
      CHECK(b.family.name == mon::model::family_name_of(a.family.name, a.family.type));
      CHECK(b.family.type == a.family.type);
      CHECK(b.family.help == a.family.help);
      CHECK(b.family.has_help == !a.family.help.empty());  // CSV cannot tell empty HELP from none
      CHECK(b.sample.name == a.sample.name);
      CHECK(b.sample.labels == a.sample.labels);
      CHECK(b.sample.timestamp_ms == a.sample.timestamp_ms);
      CHECK((b.sample.value == a.sample.value || (std::isnan(a.sample.value) && std::isnan(b.sample.value))));
    }
    CHECK(write_all(mon::format::detail::make_prom_writer, back.got) ==
          write_all(mon::format::detail::make_prom_writer, prom.got));
  }
}
