// The regression gate, baselines and exports of monctl bench, on constructed samples (no timing).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mon/bench/baseline.hpp"
#include "mon/bench/export.hpp"
#include "mon/bench/gate.hpp"
#include "mon/bench/plan.hpp"
#include "mon/stats/mann_whitney.hpp"
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
  REQUIRE(b.find("b", {}));
  CHECK(b.find("b", {})->times.size() == 5);
  CHECK(b.find("b", {})->memory.size() == 5);
  CHECK_THROWS_WITH_AS(check_covers(b, expand({"a", "c"}, {}, std::nullopt, {})),
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
  REQUIRE(b.find("true", {}));
  CHECK(b.find("true", {})->times.size() == 2);
  CHECK(b.find("true", {})->memory.empty());
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

TEST_CASE("gate: with too few runs for alpha, --fail-if-slower says it cannot fail instead of passing") {
  // 3 runs against 3: the smallest two-sided exact p is 2 / C(6, 3) = 0.1, never below 0.05,
  // so even a 40-fold slowdown could not fail the gate.
  auto base = baseline_of({make_result("job", 0.001, 0.0001, 3)});
  GateOptions g;
  g.fail_if_slower_pct = 10;
  auto v = evaluate({make_result("job", 0.040, 0.0001, 3)}, &base, g);
  REQUIRE(v[0].unreachable.size() == 1);
  CHECK(v[0].unreachable[0].find("--fail-if-slower cannot fail for 'job'") != std::string::npos);
  CHECK(v[0].unreachable[0].find("p-value is 0.1,") != std::string::npos);
  CHECK(v[0].unreachable[0].find("use at least 5 runs") != std::string::npos);
  // Known before any run when the count is fixed (-r 3); 5 runs can fail.
  auto plan = expand({"x"}, {"job"}, std::nullopt, {});
  CHECK(unreachable_before(base, plan, 3, g).size() == 1);
  CHECK(unreachable_before(base, plan, 5, g).empty());
  CHECK(evaluate({make_result("job", 0.040, 0.0001, 5)}, &base, g)[0].unreachable.empty());
  // The memory gate the same way; a gate that is not asked for is never "unreachable".
  GateOptions rss;
  rss.fail_if_rss_grows_pct = 10;
  auto m = evaluate({make_result("job", 0.001, 0.0001, 3)}, &base, rss);
  REQUIRE(m[0].unreachable.size() == 1);
  CHECK(m[0].unreachable[0].find("--fail-if-rss-grows") != std::string::npos);
  CHECK(evaluate({make_result("job", 0.001, 0.0001, 3)}, &base, GateOptions{})[0].unreachable.empty());
}

TEST_CASE("gate: a baseline of one run can never reach alpha 0.01, and the message says to save more") {
  auto base = baseline_of({make_result("job", 0.001, 0.0001, 1)});
  CHECK(runs_needed(1, 0.01) == 0);
  CHECK(runs_needed(1, 0.05) == 40);  // 2 / (n + 1) < 0.05 while the exact test applies
  CHECK(runs_needed(3, 0.05) == 5);
  GateOptions g;
  g.fail_if_slower_pct = 10;
  g.alpha = 0.01;
  auto v = evaluate({make_result("job", 0.040, 0.0001, 30)}, &base, g);
  REQUIRE(v[0].unreachable.size() == 1);
  CHECK(v[0].unreachable[0].find("save it again with at least") != std::string::npos);
}

TEST_CASE("baseline: a parameter scan's entries are matched by name and parameters") {
  // -n s 'sleep {x}' -L x 0.01,0.02: two benchmarks named "s"; the second is 10x slower.
  auto plan = expand({"sleep {x}"}, {"s"}, std::nullopt, {{"x", {"0.01", "0.02"}}});
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].name == plan[1].name);
  auto fast = make_result("s", 0.010, 0.0001, 20);
  fast.benchmark = plan[0];
  auto slow = make_result("s", 0.100, 0.0001, 20);
  slow.benchmark = plan[1];
  auto base = baseline_of({fast, slow});
  REQUIRE(base.entries.size() == 2);
  CHECK(base.entries[1].parameters.size() == 1);
  CHECK(base.find("s", {{"x", "0.02"}}) == &base.entries[1]);
  CHECK(base.find("s", {}) == nullptr);
  CHECK_NOTHROW(check_covers(base, plan));
  // The same runs again: each compared with its own entry, so nothing changed and nothing fails.
  GateOptions g;
  g.fail_if_slower_pct = 10;
  auto v = evaluate({fast, slow}, &base, g);
  CHECK_FALSE(v[1].significant);
  CHECK_FALSE(v[1].regressed());
  CHECK(v[1].label == "'s' (x = 0.02)");
  // A value that the baseline lacks is named with its parameters.
  auto other = expand({"sleep {x}"}, {"s"}, std::nullopt, {{"x", {"0.03"}}});
  CHECK_THROWS_WITH_AS(check_covers(base, other), doctest::Contains("no baseline for 's' (x = 0.03)"), mon::Error);
}

TEST_CASE("baseline: duplicate names with the same parameters are refused when saving and when read") {
  auto plan = expand({"true", "false"}, {"job"}, std::nullopt, {});
  CHECK_THROWS_WITH_AS(check_distinct(plan), doctest::Contains("benchmarks 1 and 2 are both 'job'"), mon::Error);
  auto a = make_result("job", 0.01, 0.001, 3);
  auto b = make_result("job", 0.02, 0.001, 3);
  CHECK_THROWS_AS(baseline_json({a, b}, Machine{}, "2026-01-01T00:00:00Z"), mon::Error);
  // A hyperfine export may hold one command twice: comparing with it is ambiguous.
  auto hf = parse_baseline("hf.json", R"({"results":[{"command":"job","times":[0.1]},{"command":"job","times":[0.2]}]})");
  CHECK_THROWS_WITH_AS(check_covers(hf, expand({"job"}, {}, std::nullopt, {})),
                       doctest::Contains("hf.json: 2 results for 'job': the baseline is ambiguous"), mon::Error);
  // Distinct parameters under one name are fine.
  CHECK_NOTHROW(check_distinct(expand({"sleep {x}"}, {"s"}, std::nullopt, {{"x", {"1", "2"}}})));
}

TEST_CASE("export: AsciiDoc and Org mode tables have hyperfine's markup, in the chosen unit and order") {
  std::vector<Result> rs{make_result("slow", 0.020, 0.0, 3), make_result("fast", 0.010, 0.0, 3)};
  auto adoc = to_asciidoc(rs, TableOptions{TimeUnit::microsecond, SortOrder::automatic});
  CHECK(adoc.rfind("[cols=\"<,>,>,>,>,>,>\"]\n|===\n| Command \n| Mean [µs] \n", 0) == 0);
  CHECK(adoc.find("\n| `slow` \n| 20000.0 ± 0.0 \n") != std::string::npos);
  CHECK(adoc.size() > 5);
  CHECK(adoc.substr(adoc.size() - 5) == "|===\n");
  auto org = to_orgmode(rs, TableOptions{TimeUnit::second, SortOrder::mean_time});
  CHECK(org.rfind("| Command | Mean [s] | Median [s] |", 0) == 0);
  CHECK(org.find("\n|--+--+--+--+--+--+--|\n| =fast= | 0.010 ± 0.000 |") != std::string::npos);
  CHECK(org.find("=fast=") < org.find("=slow="));  // mean-time: fastest first
  auto md = to_markdown(rs, TableOptions{TimeUnit::millisecond, SortOrder::command});
  CHECK(md.find("`slow`") < md.find("`fast`"));  // the order given
  CHECK(parse_time_unit("millisecond") == TimeUnit::millisecond);
  CHECK_FALSE(parse_time_unit("ms"));
  CHECK(parse_sort_order("mean-time") == SortOrder::mean_time);
  CHECK_FALSE(parse_sort_order("name"));
}
