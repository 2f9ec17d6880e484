// The StatsD parser against upstream's own cases, from ../shared/data/upstream (skipped, with a
// visible notice, where a plain clone has no shared data):
//  - statsd_exporter's line-parser table (pkg/line/line_test.go, derived/line_cases.json): each
//    line as one datagram into a fresh format::StatsdStream, the samples compared with the
//    events upstream expects (names and tag keys sanitized, counters "_total", timers
//    "_seconds"; a line upstream turns into no event must be reported as malformed);
//  - Etsy StatsD's is_valid_packet cases (derived/statsd_unit_cases.json): valid lines parse,
//    invalid ones are reported.
// Where monctl decides otherwise on purpose, the case is listed below with the reason.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

#include "format_codec_support.hpp"
#include "mon/format/statsd_stream.hpp"
#include "mon/model/names.hpp"
#include "sample_inputs.hpp"

using namespace codec_test;

namespace {

// Lines monctl reads otherwise than statsd_exporter, and why.
const std::set<std::string> kExporterDiffers = {
    // An unusable sample rate or timestamp: statsd_exporter ignores the section, monctl reports the line.
    "foo:1|c|@bar",
    "foo:2|c|@0",
    "foo:100|c|#tag:val|T",
    "foo:100|c|#tag:val|Tnot-a-ts",
    // An empty container id: statsd_exporter drops the line, monctl ignores "|c:" sections.
    "foo:100|c|#tag1:value|c:",
};

// Etsy StatsD lines monctl reads otherwise, and why.
const std::set<std::string> kEtsyDiffers = {
    "x:-10|c",           // a counter cannot go down (statsd_exporter refuses it too)
    "x:345345|ms|@2",    // a sample rate above 1 means nothing: refused
};

// The other tag dialects statsd_exporter knows (InfluxDB "name,k=v", Librato "name#k=v",
// SignalFx "name.[k=v]"): monctl reads DogStatsD's "|#k:v" only, so these lines are not compared.
bool other_dialect(const std::string& line) {
  std::string name = line.substr(0, line.find(':'));
  return name.find_first_of(",#[]=") != std::string::npos;
}

std::string hex_decode(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Parsed {
  std::vector<Got> got;
  std::vector<std::string> errors;
};

Parsed parse(const std::string& line) {
  Parsed p;
  Collect sink;
  format::CollectingDiagnostics diag;
  format::StatsdStream stream(sink, diag);
  stream.packet(line, "udp://127.0.0.1:8125", 1);
  p.got = std::move(sink.got);
  p.errors = std::move(diag.errors);
  return p;
}

// What one of upstream's events is, compared with one sample of ours; "" when they agree.
std::string differs(const nlohmann::json& want, const Got& got, const std::string& line) {
  std::string name = model::sanitize_metric_name(want["name"].get<std::string>());
  const std::string type = want["type"];
  if (type == "counter" && !ends_with(name, "_total")) name += "_total";
  if (type == "observer" && line.find("|ms") != std::string::npos) {
    if (ends_with(name, "_ms")) name.resize(name.size() - 3);
    if (!ends_with(name, "_seconds")) name += "_seconds";
  }
  if (got.sample.name != name) return "name " + got.sample.name + ", expected " + name;
  double value = want["value"];
  if (std::abs(got.sample.value - value) > 1e-9 * std::max(1.0, std::abs(value)))
    return "value " + std::to_string(got.sample.value) + ", expected " + std::to_string(value);
  std::map<std::string, std::string> labels;
  for (const auto& [k, v] : want["labels"].items())
    if (k != "container_id" && !v.get<std::string>().empty()) labels[k] = v;  // monctl ignores "|c:" container ids
  std::map<std::string, std::string> ours;
  for (const auto& l : got.sample.labels) ours[l.name] = l.value;
  if (ours != labels) return "labels differ";
  return "";
}

}  // namespace

TEST_CASE("StatsD parser: statsd_exporter's line cases (DogStatsD dialect)") {
  if (sample_inputs::skip_without_shared("upstream/statsd_exporter/derived/line_cases.json")) return;
  std::ifstream in(sample_inputs::shared("upstream/statsd_exporter/derived/line_cases.json"));
  auto doc = nlohmann::json::parse(in);
  std::size_t compared = 0, other = 0, differ = 0;
  for (const auto& suite : doc["suites"]) {
    if (suite["test_function"] != "TestLineToEvents") continue;  // the others switch dialects off
    for (const auto& c : suite["cases"]) {
      const std::string line = hex_decode(c["in_hex"]);
      Parsed p = parse(line);  // every line, specified or not: none may crash or hang
      if (!c["out_specified"]) continue;
      if (other_dialect(line)) {
        ++other;
        continue;
      }
      if (kExporterDiffers.count(line)) {
        ++differ;
        continue;
      }
      ++compared;
      CAPTURE(c["name"].get<std::string>());
      CAPTURE(line);
      const auto& want = c["out"];
      if (want.empty()) {
        CHECK(p.got.empty());
        CHECK(p.errors.size() == 1);
        continue;
      }
      CHECK(p.errors.empty());
      REQUIRE(p.got.size() == want.size());
      for (std::size_t i = 0; i < want.size(); ++i) CHECK(differs(want[i], p.got[i], line) == "");
    }
  }
  MESSAGE("statsd_exporter: ", compared, " cases compared, ", other, " in other tag dialects, ", differ,
          " where monctl differs on purpose");
  CHECK(compared >= 40);
}

TEST_CASE("StatsD parser: Etsy StatsD's is_valid_packet cases") {
  if (sample_inputs::skip_without_shared("upstream/statsd/derived/statsd_unit_cases.json")) return;
  std::ifstream in(sample_inputs::shared("upstream/statsd/derived/statsd_unit_cases.json"));
  auto doc = nlohmann::json::parse(in);
  std::size_t compared = 0;
  for (const auto& c : doc["is_valid_packet"]) {
    const std::string line = c["line"];
    if (kEtsyDiffers.count(line)) continue;
    ++compared;
    CAPTURE(line);
    Parsed p = parse(line);
    if (c["expected_valid"]) {
      CHECK(p.errors.empty());
      CHECK_FALSE(p.got.empty());  // a sampled timer counts int(1/rate) times
    } else {
      CHECK(p.errors.size() == 1);
      CHECK(p.got.empty());
    }
  }
  CHECK(compared == 41);
}
