#include <doctest/doctest.h>

#include "mon/format/sink.hpp"
#include "mon/probe/history.hpp"
#include "mon/probe/report.hpp"
#include "mon/probe/state.hpp"
#include "probe/perfdata.hpp"

using namespace mon::probe;

namespace {
Result sample_result(const std::string& name, Status s) {
  Result r;
  r.name = name;
  r.kind = Kind::http;
  r.target = "http://127.0.0.1:1/";
  r.status = s;
  r.success = s == Status::ok;
  r.value = 0.012;
  r.unit = "s";
  r.duration_seconds = 0.012;
  r.attempts = 1;
  r.message = s == Status::ok ? "HTTP 200" : "connection refused";
  r.perf.push_back({name + "_time", 0.012, "s", "1", "2", 0.0, std::nullopt});
  r.metrics.push_back({"probe_http_duration_seconds", {{"phase", "connect"}}, 0.001});
  return r;
}

struct Collect : mon::format::Sink {
  std::vector<std::string> families, samples;
  void family(const mon::model::Family& f) override { families.push_back(f.name); }
  void sample(const mon::model::Family&, const mon::model::Sample& s) override {
    std::string line = s.name + "{";
    for (const auto& l : s.labels) line += l.name + "=" + l.value + ",";
    samples.push_back(line + "}");
  }
};
}  // namespace

TEST_CASE("probe perfdata: written per the guidelines, quotes doubled") {
  CHECK(format_perf({"api_time", 0.012, "s", "1", "2", 0.0, std::nullopt}) == "'api_time'=0.012s;1;2;0;");
  CHECK(format_perf({"it's", 5, "", "", "", std::nullopt, 10.0}) == "'it''s'=5;;;;10");
  CHECK(format_perf({"big", 270553174016.0, "B", "", "", 0.0, std::nullopt}) == "'big'=270553174016B;;;0;");
}

TEST_CASE("probe perfdata: a plugin's output is read, malformed items skipped") {
  auto out = detail::parse_plugin_output(
      "TCP OK - 0.001 second response time | time=0.001s;1;2;0;10 'a b'=5%;;;0;100 junk =3 x=U\n"
      "long text\nmore | 'it''s'=7c\n");
  CHECK(out.message == "TCP OK - 0.001 second response time");
  REQUIRE(out.perf.size() == 3);
  CHECK(out.perf[0].label == "time");
  CHECK(out.perf[0].uom == "s");
  CHECK(out.perf[0].warn == "1");
  CHECK(*out.perf[0].max == 10);
  CHECK(out.perf[1].label == "a b");
  CHECK(out.perf[1].value == 5);
  CHECK(out.perf[2].label == "it's");
  CHECK(out.perf[2].uom == "c");
  CHECK(detail::parse_plugin_output("").message.empty());
  CHECK(detail::parse_perfdata("'unterminated=1").empty());
}

TEST_CASE("probe reports: nagios line, csv quoting, metric families grouped once") {
  std::vector<Result> rs = {sample_result("api", Status::ok), sample_result("db|x", Status::critical)};
  std::string n;
  write_nagios(n, rs);
  CHECK(n ==
        "MONCTL CRITICAL: 1 of 2 probes not OK: db/x: connection refused | 'api_time'=0.012s;1;2;0; "
        "'db|x_time'=0.012s;1;2;0;\nOK: api - HTTP 200\nCRITICAL: db/x - connection refused\n");
  std::string c;
  rs[0].message = "a \"quoted\", message";
  write_csv(c, rs);
  CHECK(c.find("api,http,http://127.0.0.1:1/,OK,1,0.012,s,0.012,1,\"a \"\"quoted\"\", message\"\r\n") !=
        std::string::npos);
  Collect sink;
  rs[0].labels = {{"team", "web"}};
  write_metrics(sink, rs);
  CHECK(sink.families == std::vector<std::string>{"probe_success", "probe_duration_seconds", "monctl_probe_status",
                                                  "monctl_probe_attempts", "probe_http_duration_seconds"});
  CHECK(sink.samples[0] == "probe_success{probe=api,team=web,}");
  CHECK(sink.samples[8] == "probe_http_duration_seconds{phase=connect,probe=api,team=web,}");
}

TEST_CASE("probe state: round trip, escapes, corrupt lines refused") {
  History h;
  h["a\tb"].push_back({1000, Status::ok, 0.5, 0.5, "line\nbreak \\ tab\t"});
  h["c"].push_back({2000, Status::critical, 0.1, std::nullopt, "refused"});
  auto text = serialize_state(h);
  auto back = parse_state(text, "s");
  REQUIRE(back.size() == 2);
  CHECK(back["a\tb"][0].message == "line\nbreak \\ tab\t");
  CHECK(*back["a\tb"][0].value == 0.5);
  CHECK_FALSE(back["c"][0].value);
  CHECK(back["c"][0].status == Status::critical);
  CHECK_THROWS_AS(parse_state("garbage\n", "s"), mon::ParseError);
  CHECK_THROWS_AS(parse_state("# monctl probe state 1\na\t1\tOK\n", "s"), mon::ParseError);
  CHECK_THROWS_AS(parse_state("# monctl probe state 1\na\t1\tFINE\t0\t\tm\n", "s"), mon::ParseError);
  CHECK_THROWS_AS(parse_state(text.substr(0, text.size() - 1), "s"), mon::ParseError);  // cut off
  CHECK_THROWS_AS(parse_state("", "s"), mon::ParseError);
}

TEST_CASE("probe history: uptime, percentiles, streak, flapping") {
  std::vector<Record> rs;
  for (int i = 0; i < 10; ++i) rs.push_back({i * 1000, Status::ok, 0.01 * (i + 1), std::nullopt, ""});
  rs.push_back({10000, Status::critical, 2.0, std::nullopt, "refused"});
  rs.push_back({11000, Status::critical, 2.0, std::nullopt, "timed out"});
  auto s = summarize("x", rs);
  CHECK(s.checks == 12);
  CHECK(s.uptime_percent == doctest::Approx(100.0 * 10 / 12));
  CHECK(*s.p50_seconds == doctest::Approx(0.06));
  CHECK(*s.p95_seconds == doctest::Approx(2.0));
  CHECK_FALSE(s.up);
  CHECK(s.streak == 2);
  CHECK(*s.last_failure_ms == 11000);
  CHECK(s.last_failure_message == "timed out");
  CHECK_FALSE(s.flapping);
  // Alternating states over 21 checks: every transition counts, 100% change.
  std::vector<bool> alt;
  for (int i = 0; i < 21; ++i) alt.push_back(i % 2 == 0);
  CHECK(percent_state_change(alt) == doctest::Approx(100.0));
  CHECK(percent_state_change(std::vector<bool>(21, true)) == 0);
  // One change, newest: weight 1.2 of 20 transitions = 6%.
  std::vector<bool> one(21, true);
  one.back() = false;
  CHECK(percent_state_change(one) == doctest::Approx(6.0));
  CHECK(percentile({}, 0.5) == std::nullopt);
  CHECK(*percentile({3, 1, 2}, 0.5) == 2);
}

TEST_CASE("probe reports: the text tables carry the caller's style and are plain by default") {
  std::vector<Result> results = {sample_result("up", Status::ok), sample_result("down", Status::critical)};
  std::string plain;
  write_text(plain, results);
  CHECK(plain.find('\033') == std::string::npos);
  CHECK(plain.find("OK        up") != std::string::npos);
  mon::Style tags{"<g>", "<w>", "<b>", "<u>", "<s>", "<f>", "</>"};
  std::string styled;
  write_text(styled, results, tags);
  CHECK(styled.find("<g>OK</>        up") != std::string::npos);
  CHECK(styled.find("<b>CRITICAL</>  down") != std::string::npos);
  CHECK(styled.find("STATUS    NAME") != std::string::npos);  // the heading stays as it is

  History h;
  h["up"].push_back({1000, Status::ok, 0.5, 0.5, "fine"});
  h["down"].push_back({1000, Status::critical, 0.5, 0.5, "refused"});
  std::string hist_plain, hist_styled;
  write_history_text(hist_plain, summarize(h));
  write_history_text(hist_styled, summarize(h), tags);
  CHECK(hist_plain.find('\033') == std::string::npos);
  CHECK(hist_styled.find("<b>CRITICAL</>") != std::string::npos);
  CHECK(hist_styled.find("<g>OK</>      ") != std::string::npos);  // padded after the mark, not inside it
}
