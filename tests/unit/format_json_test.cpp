// JSON Lines: writer output byte for byte, the reader on good and bad input, round trips.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "format_codec_support.hpp"
#include "sample_inputs.hpp"

using namespace codec_test;
using mon::model::MetricType;

namespace {
ReadResult read_json_text(std::string_view text, const mon::format::ReadOptions& options = {}) {
  return read_text(mon::format::detail::read_json, text, options);
}
std::string write_json(const std::vector<Got>& items, std::vector<std::string>* notes = nullptr) {
  return write_all(mon::format::detail::make_json_writer, items, notes);
}
}  // namespace

TEST_CASE("the JSON writer writes keys in a fixed order and escapes strings per RFC 8259") {
  Got g = make("http_requests_total", 1027, {{"code", "200"}, {"path", "/a \"b\"\n\\"}}, MetricType::counter);
  g.family.help = "Requests \"served\".\n";
  g.family.has_help = true;
  g.sample.timestamp_ms = 1700000000000;
  Got h = make("temp_celsius", -3.5);
  h.family.unit = "celsius";
  CHECK(write_json({g, h}) ==
        "{\"name\":\"http_requests_total\",\"type\":\"counter\",\"help\":\"Requests \\\"served\\\".\\n\","
        "\"labels\":{\"code\":\"200\",\"path\":\"/a \\\"b\\\"\\n\\\\\"},\"value\":1027,\"timestamp\":1700000000000}\n"
        "{\"name\":\"temp_celsius\",\"type\":\"untyped\",\"unit\":\"celsius\",\"labels\":{},\"value\":-3.5}\n");
}

TEST_CASE("the JSON writer writes NaN and infinities as strings and numbers in shortest form") {
  std::vector<Got> in = {make("a", NAN), make("a", INFINITY), make("a", -INFINITY), make("a", 1e6),
                         make("a", 1.5e-05), make("a", 0.1), make("a", -0.0)};
  CHECK(write_json(in) ==
        "{\"name\":\"a\",\"type\":\"untyped\",\"labels\":{},\"value\":\"NaN\"}\n"
        "{\"name\":\"a\",\"type\":\"untyped\",\"labels\":{},\"value\":\"+Inf\"}\n"
        "{\"name\":\"a\",\"type\":\"untyped\",\"labels\":{},\"value\":\"-Inf\"}\n"
        "{\"name\":\"a\",\"type\":\"untyped\",\"labels\":{},\"value\":1e+06}\n"
        "{\"name\":\"a\",\"type\":\"untyped\",\"labels\":{},\"value\":1.5e-05}\n"
        "{\"name\":\"a\",\"type\":\"untyped\",\"labels\":{},\"value\":0.1}\n"
        "{\"name\":\"a\",\"type\":\"untyped\",\"labels\":{},\"value\":-0}\n");
}

TEST_CASE("the JSON writer escapes control characters as \\u00XX and replaces invalid UTF-8 with U+FFFD") {
  std::vector<std::string> notes;
  std::string out = write_json({make("a", 1, {{"v", std::string("x\x01\t\ry\xff\xc3\xa9\xe2\x82\xac")}})}, &notes);
  CHECK(out == "{\"name\":\"a\",\"type\":\"untyped\",\"labels\":{\"v\":\"x\\u0001\\t\\ry\xEF\xBF\xBD\xc3\xa9\xe2\x82\xac\"},"
               "\"value\":1}\n");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("replaced 1 invalid UTF-8") != std::string::npos);
  std::vector<std::string> none;
  write_json({make("a", 1)}, &none);
  CHECK(none.empty());
}

TEST_CASE("the JSON reader reads one object per line with every optional key") {
  auto r = read_json_text(
      "{\"name\":\"http_requests_total\",\"type\":\"counter\",\"help\":\"Requests.\",\"unit\":\"\",\"labels\":"
      "{\"path\":\"/x\",\"code\":\"200\"},\"value\":12,\"timestamp\":1700000000123}\n"
      "{\"value\": 0.5, \"name\": \"up\"}\n"
      "\n"
      "  {\"name\":\"h_bucket\",\"type\":\"histogram\",\"labels\":{\"le\":\"+Inf\"},\"value\":\"+Inf\"}\n");
  CHECK(r.ok);
  CHECK(r.errors.empty());
  REQUIRE(r.got.size() == 3);
  CHECK(r.got[0].family.name == "http_requests");
  CHECK(r.got[0].family.type == MetricType::counter);
  CHECK(r.got[0].family.help == "Requests.");
  CHECK(r.got[0].family.has_help);
  CHECK(r.got[0].sample.name == "http_requests_total");
  CHECK(r.got[0].sample.labels == mon::model::Labels{{"code", "200"}, {"path", "/x"}});
  CHECK(r.got[0].sample.value == 12);
  CHECK(r.got[0].sample.timestamp_ms == 1700000000123);
  CHECK(r.got[1].family.name == "up");
  CHECK(r.got[1].family.type == MetricType::untyped);
  CHECK_FALSE(r.got[1].family.has_help);
  CHECK_FALSE(r.got[1].sample.timestamp_ms);
  CHECK(r.got[2].family.name == "h");
  CHECK(std::isinf(r.got[2].sample.value));
}

TEST_CASE("the JSON reader accepts arrays, pretty printing, unknown keys, nulls and Inf spellings") {
  auto r = read_json_text(
      "[\n"
      "  {\"name\": \"a\", \"value\": \"nan\", \"extra\": {\"deep\": [1, true, null, \"x\"]}},\n"
      "  {\"name\": \"b\", \"type\": \"unknown\", \"help\": null, \"labels\": null, \"timestamp\": null,\n"
      "   \"value\": \"-inf\"}\n"
      "]\n"
      "[{\"name\":\"c\",\"value\":\"Inf\",\"labels\":{\"e\":\"\"}}]");
  CHECK(r.errors.empty());
  REQUIRE(r.got.size() == 3);
  CHECK(std::isnan(r.got[0].sample.value));
  CHECK(r.got[1].family.type == MetricType::untyped);
  CHECK(r.got[1].sample.value == -INFINITY);
  CHECK(r.got[2].sample.value == INFINITY);
  CHECK(r.got[2].sample.labels.empty());  // an empty label value is an absent label
}

TEST_CASE("the JSON reader decodes string escapes including surrogate pairs") {
  auto r = read_json_text(
      "{\"name\":\"a\",\"labels\":{\"v\":\"q\\\" b\\\\ s\\/ n\\n t\\t \\u00e9 \\ud83d\\ude00 \\u0001\"},\"value\":1}\n");
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.labels[0].value == "q\" b\\ s/ n\n t\t \xc3\xa9 \xf0\x9f\x98\x80 \x01");
}

TEST_CASE("the JSON reader names file, line and column of schema errors and goes on") {
  auto r = read_json_text(
      "{\"name\":\"ok\",\"value\":1}\n"
      "{\"name\":\"up\",\"value\":true}\n"
      "{\"name\":\"9up\",\"value\":1}\n"
      "{\"value\":1}\n"
      "{\"name\":\"x\",\"type\":\"countr\",\"value\":1}\n"
      "{\"name\":\"x\",\"value\":1,\"timestamp\":1.5}\n"
      "{\"name\":\"x\",\"value\":1,\"labels\":{\"__a\":\"b\"}}\n"
      "{\"name\":\"x\",\"value\":1,\"labels\":{\"a\":2}}\n"
      "{\"name\":\"x\",\"value\":1,\"value\":2}\n"
      "{\"name\":\"x\"}\n"
      "{\"name\":\"last\",\"value\":2}\n");
  CHECK_FALSE(r.ok);
  REQUIRE(r.got.size() == 2);
  CHECK(r.got[1].sample.name == "last");
  REQUIRE(r.errors.size() == 9);
  CHECK(r.errors[0] == "in:2:22: \"value\" must be a number or one of the strings \"NaN\", \"+Inf\", \"-Inf\"");
  CHECK(r.errors[1] ==
        "in:3:10: \"name\": a metric name must start with a letter, '_' or ':' (got '9')");
  CHECK(r.errors[2] == "in:4:1: the object has no \"name\"");
  CHECK(r.errors[3] ==
        "in:5:20: unknown type \"countr\" (expected counter, gauge, histogram, summary, untyped, unknown, "
        "gaugehistogram, info or stateset)");
  CHECK(r.errors[4] == "in:6:35: \"timestamp\" must be an integer number of milliseconds");
  CHECK(r.errors[5] == "in:7:34: label \"__a\": label names starting with \"__\" are reserved for Prometheus' own use");
  CHECK(r.errors[6] == "in:8:37: the value of label \"a\" must be a string");
  CHECK(r.errors[7] == "in:9:23: key \"value\" appears twice");
  CHECK(r.errors[8] == "in:10:1: the object has no \"value\"");
}

TEST_CASE("the JSON reader reports syntax errors, unterminated strings and cut-off input") {
  auto r = read_json_text(
      "{\"name\":\"a\" \"value\":1}\n"
      "{\"name\":\"b,\"value\":1}\n"
      "{\"name\":\"c\",\"value\":1}\n"
      "hello\n"
      "{\"name\":\"d\",\"value\":1,\"labels\":{\"x\":\"\\q\"}}\n"
      "{\"name\":\"e\",\"value\":1}\n"
      "{\"name\":\"f\",\"value\":");
  CHECK_FALSE(r.ok);
  REQUIRE(r.got.size() == 2);
  CHECK(r.got[0].sample.name == "c");
  CHECK(r.got[1].sample.name == "e");
  REQUIRE(r.errors.size() == 5);
  CHECK(r.errors[0] == "in:1:13: expected ',' or '}' after a value");
  CHECK(r.errors[1] == "in:2:22: expected '\"' closing the string before the end of the line");
  CHECK(r.errors[2] == "in:4:1: expected '{' starting a sample object");
  CHECK(r.errors[3] == "in:5:38: unknown escape '\\q' in a string");
  CHECK(r.errors[4] == "in:7:1: this object is not closed at the end of the input (cut off?)");
}

TEST_CASE("the JSON reader recovers at the next top-level brace after an unclosed object") {
  auto r = read_json_text(
      "{\"name\":\"a\",\"value\":1,\"labels\":{\"x\":\"y\"}\n"
      "{\"name\":\"b\",\"value\":2}\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "in:1:1: this object is not closed before the next object starts");
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "b");
}

TEST_CASE("the JSON reader reports array punctuation errors and a missing closing bracket") {
  auto r = read_json_text("[{\"name\":\"a\",\"value\":1} {\"name\":\"b\",\"value\":2},]\n[{\"name\":\"c\",\"value\":3}");
  CHECK(r.got.size() == 3);
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0] == "in:1:25: expected ',' or ']' after an array element");
  CHECK(r.errors[1] == "in:1:48: expected '{' after ',' in the array");
  CHECK(r.errors[2] == "in:2:24: expected ']' closing the array at the end of the input (cut off?)");
}

TEST_CASE("the JSON reader skips objects larger than the line limit and binary garbage, without stopping") {
  mon::format::ReadOptions options;
  options.max_line = 64;
  std::string big = "{\"name\":\"big\",\"value\":1,\"help\":\"" + std::string(200, 'x') + "\"}\n";
  std::string garbage("\x00\x01\xff\xfe garbage\n", 14);
  auto r = read_json_text(big + garbage + "{\"name\":\"after\",\"value\":1}\n", options);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "after");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0] == "in:1:1: object longer than 64 bytes; skipped");
  CHECK(r.errors[1] == "in:2:1: expected '{' starting a sample object");
}

TEST_CASE("the JSON reader rejects invalid UTF-8 and raw control characters in strings") {
  auto r = read_json_text(std::string("{\"name\":\"a\",\"help\":\"\xff\",\"value\":1}\n") +
                          "{\"name\":\"a\",\"help\":\"\t\",\"value\":1}\n");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0] == "in:1:21: invalid UTF-8 in a string (JSON text must be UTF-8)");
  CHECK(r.errors[1] == "in:2:21: a control character in a string must be escaped (\\n, \\t, \\u00XX)");
}

TEST_CASE("the JSON reader stops when the diagnostics say so") {
  auto r = read_text(mon::format::detail::read_json, "x\n{\"name\":\"a\",\"value\":1}\n", {}, true);
  CHECK_FALSE(r.ok);
  CHECK(r.errors.size() == 1);
  CHECK(r.got.empty());
}

TEST_CASE("a JSON array on one line of several megabytes is read in constant memory, across read chunks") {
  std::string text = "[";
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    if (i) text += ",";
    text += "{\"name\":\"m\",\"labels\":{\"i\":\"" + std::to_string(i) + "\"},\"value\":" + std::to_string(i) + "}";
  }
  text += "]";
  REQUIRE(text.size() > 4u << 20);
  auto r = read_json_text(text);
  CHECK(r.errors.empty());
  REQUIRE(r.got.size() == static_cast<std::size_t>(n));
  CHECK(r.got[n - 1].sample.value == n - 1);
  CHECK(r.got[n - 1].sample.labels[0].value == std::to_string(n - 1));
}

TEST_CASE("JSON writer then reader preserves names, labels with every escape, special values and timestamps") {
  std::vector<Got> in;
  Got a = make("req_total", 3,
               {{"a", "quote\" back\\ nl\n comma, eq= space  utf8 \xc3\xa9\xe2\x82\xac"}, {"b", std::string("nul\0", 4)}},
               MetricType::counter);
  a.family.help = "h\\e\"l\np";
  a.family.has_help = true;
  a.sample.timestamp_ms = -5;
  in.push_back(a);
  Got b = make("g", NAN);
  b.family.has_help = true;  // HELP with empty text
  in.push_back(b);
  in.push_back(make("s_sum", INFINITY, {}, MetricType::summary));
  in.push_back(make("s_count", -INFINITY, {}, MetricType::summary));
  in.push_back(make("x", 0.1 + 0.2));
  Got u = make("t_seconds", 1.5e-300, {}, MetricType::gauge);
  u.family.unit = "seconds";
  u.sample.timestamp_ms = 1700000000000;
  in.push_back(u);

  auto r = read_json_text(write_json(in));
  CHECK(r.errors.empty());
  check_same_events(r.got, in);
}

TEST_CASE("every exposition (ours, and real exporters' when shared data is there) survives prom -> JSON -> model and back to the same prom text") {
  for (const auto& path : sample_inputs::prom_files()) {
    const std::string file = path.string();
    CAPTURE(file);
    auto prom = read_prom_file(file);
    REQUIRE(prom.errors.empty());
    REQUIRE(prom.got.size() > 10);
    auto back = read_json_text(write_json(prom.got));
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
      CHECK(b.family.has_help == a.family.has_help);
      CHECK(b.sample.name == a.sample.name);
      CHECK(b.sample.labels == a.sample.labels);
      CHECK(b.sample.timestamp_ms == a.sample.timestamp_ms);
      CHECK((b.sample.value == a.sample.value || (std::isnan(a.sample.value) && std::isnan(b.sample.value))));
    }
    CHECK(write_all(mon::format::detail::make_prom_writer, back.got) ==
          write_all(mon::format::detail::make_prom_writer, prom.got));
  }
}
