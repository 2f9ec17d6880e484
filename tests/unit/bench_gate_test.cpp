// The regression gate, baselines and exports of monctl bench, on constructed samples (no timing).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mon/bench/baseline.hpp"
#include "mon/bench/export.hpp"
#include "mon/bench/gate.hpp"
#include "mon/error.hpp"

using namespace mon::bench;

namespace {

Result make_result(const std::string& name, double base, double step, std::size_t n, std::int64_t rss = 4 << 20) {
  Result r;
  r.benchmark.name = name;
  r.benchmark.command = name;
  for (std::size_t i = 0; i < n; ++i) {
    double t = base + step * static_cast<double>(i % 7);
    r.wall.push_back(t);
    r.user.push_back(t / 2);
    r.system.push_back(t / 4);
    r.max_rss.push_back(rss + static_cast<std::int64_t>(i % 3) * 4096);
    mon::proc::ExitStatus e;
    e.exited = true;
    r.exits.push_back(e);
  }
  return r;
}

Baseline baseline_of(const std::vector<Result>& results) {
  return parse_baseline("base.json", baseline_json(results, Machine{"host", "Linux 6", "cpu", 2, 1 << 30}, "2026-01-01T00:00:00Z"));
}

}  // namespace

TEST_CASE("gate: a large significant slowdown fails, a small one does not") {
  auto base = baseline_of({make_result("job", 0.010, 0.0001, 30)});
  GateOptions g;
  g.fail_if_slower_pct = 10;
  auto slow = evaluate({make_result("job", 0.012, 0.0001, 30)}, &base, g);  // +20%
  REQUIRE(slow.size() == 1);
  CHECK(slow[0].compared);
  CHECK(slow[0].significant);
  CHECK(slow[0].slower);
  CHECK(slow[0].regressed());
  CHECK(slow[0].shift_pct > 10);
  CHECK(slow[0].lower_pct > 0);
  auto slight = evaluate({make_result("job", 0.0105, 0.0001, 30)}, &base, g);  // +5%: significant, too small
  CHECK(slight[0].significant);
  CHECK_FALSE(slight[0].slower);
  auto faster = evaluate({make_result("job", 0.008, 0.0001, 30)}, &base, g);
  CHECK(faster[0].significant);
  CHECK_FALSE(faster[0].regressed());
}

TEST_CASE("gate: a big ratio on too few runs is not significant, so it does not fail") {
  auto base = baseline_of({make_result("job", 0.010, 0.004, 3)});
  GateOptions g;
  g.fail_if_slower_pct = 10;
  auto v = evaluate({make_result("job", 0.013, 0.004, 3)}, &base, g);
  CHECK(v[0].median_change_pct > 10);
  CHECK_FALSE(v[0].significant);
  CHECK_FALSE(v[0].slower);
}

TEST_CASE("gate: memory limits and growth") {
  auto base = baseline_of({make_result("job", 0.010, 0.0001, 20, 10 << 20)});
  GateOptions g;
  g.fail_if_rss_grows_pct = 10;
  g.fail_if_rss_above = 15 << 20;
  auto grown = make_result("job", 0.010, 0.0001, 20, 20 << 20);
  auto v = evaluate({grown}, &base, g);
  CHECK(v[0].rss_compared);
  CHECK(v[0].rss_grew);
  CHECK(v[0].rss_above);
  grown.rss_floor_bytes = 30 << 20;  // under the helper's floor: growth cannot be measured
  auto hidden = evaluate({grown}, &base, g);
  CHECK_FALSE(hidden[0].rss_grew);
  CHECK_FALSE(hidden[0].notes.empty());
}

TEST_CASE("gate: parse_bytes") {
  CHECK(parse_bytes("200000") == 200000);
  CHECK(parse_bytes("64KiB") == 65536);
  CHECK(parse_bytes("1.5M") == 1572864);
  CHECK(parse_bytes("1G") == 1073741824);
  CHECK(parse_bytes("300MB") == 300000000);
  CHECK(parse_bytes("12 kB") == 12000);
  CHECK_FALSE(parse_bytes("lots"));
  CHECK_FALSE(parse_bytes("5 parsecs"));
  CHECK_FALSE(parse_bytes(""));
}

TEST_CASE("baseline: round trip, and every way a file can be wrong") {
  auto b = baseline_of({make_result("a", 0.01, 0.001, 5), make_result("b", 0.02, 0.001, 5)});
  CHECK_FALSE(b.from_hyperfine);
  REQUIRE(b.machine);
  CHECK(b.machine->cpus == 2);
  REQUIRE(b.find("b"));
  CHECK(b.find("b")->times.size() == 5);
  CHECK(b.find("b")->memory.size() == 5);
  CHECK_THROWS_WITH_AS(check_covers(b, {"a", "c"}),
                       "base.json: no baseline for 'c' (it has 'a', 'b'); name commands with -n to match, or save a "
                       "new baseline",
                       mon::Error);

  CHECK_THROWS_WITH_AS(parse_baseline("f.json", "{\n  \"results\": [1,\n"), doctest::Contains("f.json:3:1: not a valid JSON"),
                       mon::ParseError);
  CHECK_THROWS_WITH_AS(parse_baseline("f.json", R"({"schema":"monctl-bench-baseline","version":2,"results":[]})"),
                       doctest::Contains("f.json: baseline schema 'monctl-bench-baseline' version 2 is not supported"),
                       mon::Error);
  CHECK_THROWS_WITH_AS(parse_baseline("f.json", R"({"schema":"other","version":1})"),
                       doctest::Contains("schema 'other'"), mon::Error);
  CHECK_THROWS_WITH_AS(parse_baseline("f.json", R"({"benchmarks":[]})"), doctest::Contains("no 'results' array"),
                       mon::Error);
  CHECK_THROWS_WITH_AS(parse_baseline("f.json", R"({"results":[{"command":"x","mean":1}]})"),
                       doctest::Contains("results[0] ('x') has no 'times' array"), mon::Error);
  CHECK_THROWS_WITH_AS(parse_baseline("f.json", R"({"results":[{"command":"x","times":[0.1,"y"]}]})"),
                       doctest::Contains("results[0] ('x').times[1] is not a number"), mon::Error);
  CHECK_THROWS_AS(parse_baseline("f.json", "[]"), mon::Error);
  CHECK_THROWS_AS(parse_baseline("f.json", ""), mon::ParseError);
}

TEST_CASE("baseline: a hyperfine 1.15 export reads as a baseline (no memory samples)") {
  // Shape of `hyperfine --export-json` (1.15.0): stddev may be null, exit_codes null for signals.
  auto b = parse_baseline("hf.json", R"({"results":[{"command":"true","mean":0.0017,"stddev":null,"median":0.0016,
    "user":0.0012,"system":0.0003,"min":0.001,"max":0.002,"times":[0.0026,0.0017],"exit_codes":[0,null]}]})");
  CHECK(b.from_hyperfine);
  REQUIRE(b.find("true"));
  CHECK(b.find("true")->times.size() == 2);
  CHECK(b.find("true")->memory.empty());
}

TEST_CASE("export: JSON has hyperfine's field names and shape") {
  auto r = make_result("sleep {t}", 0.01, 0.001, 3);
  r.benchmark.parameters = {{"t", "1"}};
  r.exits[1].exited = false;
  r.exits[1].signal = 9;
  auto doc = nlohmann::json::parse(to_json({r}));
  const auto& o = doc["results"][0];
  for (const char* key : {"command", "mean", "stddev", "median", "user", "system", "min", "max", "times", "exit_codes",
                          "memory_usage_byte", "parameters"})
    CHECK_MESSAGE(o.contains(key), key);
  CHECK(o["times"].size() == 3);
  CHECK(o["exit_codes"][0] == 0);
  CHECK(o["exit_codes"][1].is_null());
  CHECK(o["parameters"]["t"] == "1");
  CHECK(o["median"].get<double>() == doctest::Approx(0.011));
  auto single = nlohmann::json::parse(to_json({make_result("one", 0.01, 0, 1)}));
  CHECK(single["results"][0]["stddev"].is_null());
  CHECK_FALSE(single["results"][0].contains("parameters"));
}

TEST_CASE("export: CSV quotes per RFC 4180 and ends lines with CRLF") {
  auto csv = to_csv({make_result("echo \"a,b\"", 0.01, 0.001, 3)});
  CHECK(csv.rfind("command,mean,stddev,median,user,system,min,max,p5,p95,iqr,max_rss_bytes\r\n", 0) == 0);
  CHECK(csv.find("\r\n\"echo \"\"a,b\"\"\",0.011") != std::string::npos);
  auto md = to_markdown({make_result("a|b", 0.01, 0.001, 3)});
  CHECK(md.find("`a\\|b`") != std::string::npos);
}
