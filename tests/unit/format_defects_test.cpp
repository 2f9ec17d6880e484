// Regression tests for the format defects of issue 8: duplicate series (StatsD, plain values,
// any format), OpenMetrics output that our own strict reader rejected, CSV detection, promtool's
// value and escape rules, JSON/CSV type conflicts, CSV formula cells.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "format_codec_support.hpp"
#include "mon/format/csv_field.hpp"
#include "mon/format/number.hpp"
#include "sample_inputs.hpp"

using namespace codec_test;
using mon::model::MetricType;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes events as OpenMetrics and reads the text back with the strict reader.
struct OmRoundTrip {
  std::string text;
  std::vector<std::string> notes;
  ReadResult back;
};
OmRoundTrip om_round_trip(const std::vector<Got>& events) {
  OmRoundTrip r;
  r.text = write_all(mon::format::detail::make_openmetrics_writer, events, &r.notes);
  r.back = read_text(mon::format::detail::read_openmetrics, r.text, {}, true);
  return r;
}

}  // namespace

TEST_CASE("StatsD lines of one counter give one sample, not a running total per line") {
  auto r = read_text(mon::format::detail::read_statsd, "req:1|c\nreq:2|c\n");
  CHECK(r.ok);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "req_total");
  CHECK(r.got[0].sample.value == 3);
  CHECK(r.warnings.empty());
}

TEST_CASE("StatsD aggregates every kind per series: rates, gauge deltas, timer summaries, distinct set members") {
  auto r = read_text(mon::format::detail::read_statsd,
                     "hits:1|c|@0.1|#route:/a\nhits:2|c|#route:/b\nhits:1|c|#route:/a\n"
                     "temp:20|g\ntemp:-5|g\ntemp:+1|g\n"
                     "lat:100|ms\nlat:300|ms\nlat:200|ms\n"
                     "who:ann|s\nwho:bob|s\nwho:ann|s\n");
  CHECK(r.ok);
  REQUIRE(r.got.size() == 2 + 1 + 5 + 1);
  CHECK(r.got[0].sample.value == doctest::Approx(11));  // 1 at 10% counts 10, then 1
  CHECK(r.got[0].sample.labels == mon::model::Labels{{"route", "/a"}});
  CHECK(r.got[1].sample.value == 2);
  CHECK(r.got[2].sample.value == 16);
  CHECK(r.got[3].family.type == MetricType::summary);
  CHECK(r.got[3].sample.name == "lat_seconds");
  CHECK(r.got[3].sample.value == doctest::Approx(0.2));  // the median
  CHECK(r.got[5].sample.labels == mon::model::Labels{{"quantile", "0.99"}});
  CHECK(r.got[5].sample.value == doctest::Approx(0.3));
  CHECK(r.got[6].sample.name == "lat_seconds_sum");
  CHECK(r.got[6].sample.value == doctest::Approx(0.6));
  CHECK(r.got[7].sample.name == "lat_seconds_count");
  CHECK(r.got[7].sample.value == 3);
  CHECK(r.got[8].sample.value == 2);
}

TEST_CASE("StatsD refuses a name reused with another kind and a negative counter increment") {
  auto r = read_text(mon::format::detail::read_statsd, "x:1|g\nx:a|s\nc:-1|c\nx:2|g\n");
  CHECK_FALSE(r.ok);
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0] == "in:2:1: \"x\" is a gauge since line 1, not a set; line skipped");
  CHECK(r.errors[1].rfind("in:3:3: a counter cannot go down", 0) == 0);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.value == 2);
}

TEST_CASE("StatsD timer summaries stay bounded in memory and still count every observation") {
  std::string text;
  for (int i = 1; i <= 5000; ++i) text += "t:" + std::to_string(i) + "|h\n";
  auto r = read_text(mon::format::detail::read_statsd, text);
  REQUIRE(r.got.size() == 5);
  CHECK(r.got[0].sample.value == doctest::Approx(2500).epsilon(0.1));  // a sampled median
  CHECK(r.got[3].sample.value == 5000.0 * 5001 / 2);
  CHECK(r.got[4].sample.value == 5000);
}

TEST_CASE("plain values give one sample, the last reading, not one sample per line") {
  auto r = read_text(mon::format::detail::read_values, "1\n2\n3\n");
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.value == 3);
}

TEST_CASE("every reader warns, with FILE:LINE, about a series that appears twice in one input") {
  using mon::format::detail::read_csv;
  using mon::format::detail::read_influx;
  using mon::format::detail::read_json;
  using mon::format::detail::read_openmetrics;
  using mon::format::detail::read_prom;
  struct Case {
    ReaderFn reader;
    std::string text, where;
  };
  std::vector<Case> cases = {
      {read_prom, "a{x=\"1\"} 1\nb 2\na{x=\"1\"} 3\n", "in:3:"},
      {read_openmetrics, "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 3\n# EOF\n", "in:3:"},
      {read_json, "{\"name\":\"a\",\"labels\":{\"x\":\"1\"},\"value\":1}\n{\"name\":\"a\",\"labels\":{\"x\":\"1\"},\"value\":3}\n",
       "in:2:"},
      {read_csv, "name,labels,value\na,\"x=\"\"1\"\"\",1\na,\"x=\"\"1\"\"\",3\n", "in:3:"},
      {read_influx, "a,x=1 value=1\na,x=1 value=3\n", "in:2:"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto r = read_text(c.reader, c.text);
    CHECK(r.ok);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].rfind(c.where, 0) == 0);
    CHECK(r.warnings[0].find("duplicate series: a{x=\"1\"}") != std::string::npos);
  }
  // The same series at different timestamps is a time series, not a duplicate.
  auto r = read_text(read_prom, "a 1 1000\na 2 2000\n");
  CHECK(r.warnings.empty());
}

TEST_CASE("OpenMetrics output repairs a histogram without +Inf, drops a negative counter, groups families") {
  auto prom = read_text(mon::format::detail::read_prom,
                        "# TYPE c counter\nc_total -1\nc_total{x=\"1\"} 2\n"
                        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 3\nh_count 2\n"
                        "up 1\n# TYPE c counter\n");
  REQUIRE(prom.errors.size() == 1);  // the second TYPE line for c
  std::vector<Got> events = prom.got;
  auto again = read_text(mon::format::detail::read_prom, "# TYPE c counter\nc_total{x=\"2\"} 5\nup{a=\"b\"} 1\n");
  events.insert(events.end(), again.got.begin(), again.got.end());
  auto r = om_round_trip(events);
  CHECK(r.text ==
        "# TYPE c counter\nc_total{x=\"1\"} 2\nc_total{x=\"2\"} 5\n"
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"
        "up 1\nup{a=\"b\"} 1\n# EOF\n");
  CHECK(r.back.errors.empty());
  REQUIRE(r.notes.size() == 2);
  CHECK(r.notes[0] == "openmetrics: added the +Inf bucket from _count to histogram points: 1");
  CHECK(r.notes[1] == "openmetrics: dropped counter samples that are negative or NaN: 1");
}

TEST_CASE("OpenMetrics output of our own cases and of mangled variants always passes our strict reader") {
  namespace fs = std::filesystem;
  std::vector<std::string> texts;
  for (const auto& p : sample_inputs::files_in(sample_inputs::own("metrics"), "")) texts.push_back(slurp(p));
  std::vector<std::string> om_texts;
  for (const auto& p : sample_inputs::files_in(sample_inputs::own("openmetrics/accept"), "")) om_texts.push_back(slurp(p));
  // Mangled variants, as Prometheus text: every input twice (families reappear), each line
  // alone, lines reversed, histogram +Inf buckets and _count lines removed, counters negated,
  // sums made NaN, buckets made non-cumulative, every le rewritten as "Inf".
  std::vector<std::string> variants;
  auto lines_of = [](const std::string& t) {
    std::vector<std::string> v;
    std::stringstream ss(t);
    for (std::string l; std::getline(ss, l);) v.push_back(l);
    return v;
  };
  auto join = [](const std::vector<std::string>& v) {
    std::string t;
    for (const auto& l : v) t += l + "\n";
    return t;
  };
  std::vector<std::string> all = texts;
  for (const auto& t : om_texts) {
    std::string p = t;
    auto eof = p.rfind("# EOF");
    if (eof != std::string::npos) p.erase(eof);
    all.push_back(p);
  }
  for (const auto& t : all) {
    variants.push_back(t);
    variants.push_back(t + t);
    auto v = lines_of(t);
    std::vector<std::string> rev(v.rbegin(), v.rend());
    variants.push_back(join(rev));
    std::vector<std::string> no_inf, neg, nan_sum, bumped, inf_le;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string& l = v[i];
      if (l.find("le=\"+Inf\"") == std::string::npos && l.find("_count") == std::string::npos) no_inf.push_back(l);
      std::string n = l;
      auto sp = n.rfind(' ');
      if (n[0] != '#' && sp != std::string::npos && n.find("_total") != std::string::npos) n.insert(sp + 1, "-");
      neg.push_back(n);
      std::string s = l;
      if (s[0] != '#' && s.find("_sum") != std::string::npos && (sp = s.rfind(' ')) != std::string::npos)
        s = s.substr(0, sp + 1) + "NaN";
      nan_sum.push_back(s);
      std::string b = l;
      if (b[0] != '#' && b.find("_bucket") != std::string::npos && i % 2 && (sp = b.rfind(' ')) != std::string::npos)
        b = b.substr(0, sp + 1) + "999999";
      bumped.push_back(b);
      std::string e = l;
      if (auto at = e.find("le=\"+Inf\""); at != std::string::npos) e.replace(at, 9, "le=\"Inf\"");
      inf_le.push_back(e);
    }
    for (auto* m : {&no_inf, &neg, &nan_sum, &bumped, &inf_le}) variants.push_back(join(*m));
    for (const auto& l : v) variants.push_back(l + "\n");
  }
  std::size_t checked = 0;
  for (const auto& text : variants) {
    auto prom = read_text(mon::format::detail::read_prom, text);
    auto r = om_round_trip(prom.got);
    CAPTURE(text);
    CAPTURE(r.text);
    CHECK(r.back.errors.empty());
    ++checked;
  }
  // The OpenMetrics cases read as OpenMetrics and concatenated with each other too.
  std::vector<Got> everything;
  for (const auto& t : om_texts) {
    auto om = read_text(mon::format::detail::read_openmetrics, t);
    everything.insert(everything.end(), om.got.begin(), om.got.end());
    auto r = om_round_trip(everything);
    CAPTURE(r.text);
    CHECK(r.back.errors.empty());
    ++checked;
  }
  CHECK(checked > 100);
}

TEST_CASE("a CSV input is told by a header naming its columns in any order, or by its .csv name") {
  CHECK(mon::format::detect("value,name\n3,foo\n") == mon::format::Format::csv);
  CHECK(mon::format::detect("\"labels\",\"value\",\"name\"\r\n") == mon::format::Format::csv);
  CHECK(mon::format::detect("name,type,help,unit,labels,value,timestamp\n") == mon::format::Format::csv);
  CHECK(mon::format::detect("foo 1\n") == mon::format::Format::prom);
  CHECK(mon::format::detect_input("data.CSV", "foo 1\n") == mon::format::Format::csv);
  CHECK(mon::format::detect_input("-", "foo 1\n") == mon::format::Format::prom);
  auto r = read_text(mon::format::detail::read_csv, "value,name,labels\n3,foo,\"a=\"\"b\"\"\"\n");
  CHECK(r.ok);
  REQUIRE(r.got.size() == 1);
  CHECK(r.got[0].sample.name == "foo");
  CHECK(r.got[0].sample.value == 3);
}

TEST_CASE("sample values follow promtool: no hex, no overflow to Inf, Inf and NaN in any case, no signed NaN") {
  using mon::format::parse_value;
  CHECK_FALSE(parse_value("1e400"));
  CHECK_FALSE(parse_value("-1e400"));
  CHECK_FALSE(parse_value("0x1F"));
  CHECK_FALSE(parse_value("0x1p4"));
  CHECK_FALSE(parse_value("1_000"));
  CHECK_FALSE(parse_value("+nan"));
  CHECK(parse_value("1e-400") == 0.0);
  CHECK(*parse_value("+inf") == INFINITY);
  CHECK(*parse_value("-Infinity") == -INFINITY);
  CHECK(std::isnan(*parse_value("nAn")));
  CHECK(*parse_value(".5") == 0.5);
  for (ReaderFn reader : {mon::format::detail::read_prom, mon::format::detail::read_values}) {
    auto r = read_text(reader, reader == mon::format::detail::read_prom ? "a 1e400\nb 0x1F\n" : "1e400\n0x1F\n");
    CHECK(r.errors.size() == 2);
    CHECK(r.got.empty());
  }
  auto j = read_text(mon::format::detail::read_json, "{\"name\":\"a\",\"value\":1e400}\n");
  CHECK(j.errors.size() == 1);
}

TEST_CASE("an unknown escape in a Prometheus label value is an error; OpenMetrics keeps it, as its conformance suite wants") {
  auto p = read_text(mon::format::detail::read_prom, "a{x=\"\\q\"} 1\n");
  REQUIRE(p.errors.size() == 1);
  CHECK(p.errors[0] == "in:1:6: invalid escape sequence \"\\q\" in the value of label \"x\" (only \\\\, \\\" and \\n are allowed)");
  auto o = read_text(mon::format::detail::read_openmetrics, "a{x=\"\\q\"} 1\n# EOF\n");
  CHECK(o.errors.empty());
}

TEST_CASE("a JSON or CSV family whose type changes from one record to the next is reported and the record skipped") {
  auto j = read_text(mon::format::detail::read_json,
                     "{\"name\":\"a\",\"type\":\"gauge\",\"value\":1}\n{\"name\":\"b\",\"value\":1}\n"
                     "{\"name\":\"a\",\"type\":\"counter\",\"labels\":{\"x\":\"1\"},\"value\":2}\n");
  CHECK_FALSE(j.ok);
  REQUIRE(j.errors.size() == 1);
  CHECK(j.errors[0] == "in:3:1: family \"a\" has type counter here but gauge on line 1 (a family has one type); record skipped");
  CHECK(j.got.size() == 2);
  auto c = read_text(mon::format::detail::read_csv, "name,type,value\na,gauge,1\na,summary,2\n");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0] == "in:3:3: family \"a\" has type summary here but gauge on line 2 (a family has one type); record skipped");
  // Go's gauge x and counter x_total are two families, not a conflict.
  auto g = read_text(mon::format::detail::read_json,
                     "{\"name\":\"x\",\"type\":\"gauge\",\"value\":1}\n{\"name\":\"x_total\",\"type\":\"counter\",\"value\":1}\n");
  CHECK(g.errors.empty());
}

TEST_CASE("CSV text cells that a spreadsheet would run as formulas are guarded, and read back unchanged") {
  std::vector<std::string> helps = {"=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "'=kept", "''-two", "plain", "'quote"};
  std::vector<Got> events;
  for (const auto& h : helps) {
    Got g = make("m" + std::to_string(events.size()), 1);
    g.family.help = h;
    g.family.has_help = true;
    events.push_back(g);
  }
  std::string csv = write_all(mon::format::detail::make_csv_writer, events);
  CHECK(csv.find(",\"'=HYPERLINK(\"\"x\"\")\",") != std::string::npos);
  CHECK(csv.find(",\"'+1\",") != std::string::npos);
  CHECK(csv.find(",\"''=kept\",") != std::string::npos);
  CHECK(csv.find(",plain,") != std::string::npos);
  CHECK(csv.find(",'quote,") != std::string::npos);
  auto back = read_text(mon::format::detail::read_csv, csv);
  REQUIRE(back.got.size() == helps.size());
  for (std::size_t i = 0; i < helps.size(); ++i) CHECK(back.got[i].family.help == helps[i]);
  CHECK(mon::format::csv_text_value("'-1") == "-1");
}

TEST_CASE("Influx to Influx keeps nanosecond timestamps whole") {
  auto r = read_text(mon::format::detail::read_influx, "m,host=a value=1 1700000000123456789\n");
  REQUIRE(r.ok);
  int fd = ::memfd_create("influx-out", 0);
  {
    mon::io::Output out(fd, "out");
    auto w = mon::format::detail::make_influx_writer(out);
    int in = memory_file("m,host=a value=1 1700000000123456789\n");
    mon::io::LineReader lr(in, "in");
    mon::format::CollectingDiagnostics diag;
    mon::format::detail::read_influx(lr, *w, diag, {});
    ::close(in);
    w->finish();
  }
  std::string text(64, '\0');
  text.resize(static_cast<std::size_t>(::pread(fd, text.data(), text.size(), 0)));
  ::close(fd);
  CHECK(text == "m,host=a value=1 1700000000123456789\n");
}

TEST_CASE("duplicate series are found across a family's blocks (files concatenated), and only those") {
  // Two "scrapes" of three families, the second with one new series per family: every series of
  // the first scrape is repeated once, the new ones are not.
  std::string scrape1, scrape2;
  for (const char* f : {"a", "b", "c"})
    for (int i = 0; i < 300; ++i) scrape1 += std::string(f) + "{i=\"" + std::to_string(i) + "\"} 1\n";
  for (const char* f : {"a", "b", "c"})
    for (int i = 0; i < 301; ++i) scrape2 += std::string(f) + "{i=\"" + std::to_string(i) + "\"} 2\n";
  auto r = read_text(mon::format::detail::read_prom, scrape1 + scrape2);
  CHECK(r.ok);
  CHECK(r.warnings.size() == 900);
  for (const auto& w : r.warnings) CHECK(w.find("i=\"300\"") == std::string::npos);
  auto again = read_text(mon::format::detail::read_prom, scrape1 + scrape1 + scrape1);
  CHECK(again.warnings.size() == 1800);
}
