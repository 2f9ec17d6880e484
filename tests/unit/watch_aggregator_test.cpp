// mon::watch: windows aligned to the epoch, exact statistics, PromQL's increase and rate,
// regrouping, late samples, the series bound, and the records as each format writes them.
#include <doctest/doctest.h>

#include <cmath>

#include "mon/watch/aggregator.hpp"
#include "mon/watch/rate.hpp"

using namespace mon;
using watch::WindowRecord;

namespace {

struct Collected {
  std::vector<std::vector<WindowRecord>> windows;
};

model::Family family(const std::string& name, model::MetricType type = model::MetricType::gauge) {
  return model::Family{name, type, {}, {}, false};
}

model::Sample sample(const std::string& name, model::Labels labels, double v, std::optional<std::int64_t> ts) {
  return model::Sample{name, std::move(labels), v, ts};
}

watch::AggregateOptions options(std::int64_t window_ms) {
  watch::AggregateOptions o;
  o.window_ms = window_ms;
  return o;
}

}  // namespace

TEST_CASE("watch: increase and rate are PromQL's, with extrapolation and counter resets") {
  // rate(x[5m]) at t=300s over 0+10x10 scraped every 30s: Prometheus' window (0, 300] holds the
  // samples 30s..300s (10..100), and PromQL gives increase 100, rate 1/3.
  watch::CounterTrack t;
  for (int i = 1; i <= 10; ++i) t.add(10.0 * i, i * 30'000);
  auto r = t.over(0, 300'000);
  REQUIRE(r);
  CHECK(r->increase == doctest::Approx(100));
  CHECK(r->rate == doctest::Approx(100.0 / 300));
  // A reset: 0, 10, 20, then 5, 15 -- the increase counts 20 before the reset and 15 after it.
  watch::CounterTrack reset;
  int i = 0;
  for (double v : {0.0, 10.0, 20.0, 5.0, 15.0}) reset.add(v, (i++) * 10'000);
  auto rr = reset.over(0, 40'000);
  REQUIRE(rr);
  CHECK(rr->increase == doctest::Approx(35));
  // One sample is not enough.
  watch::CounterTrack one;
  one.add(5, 1000);
  CHECK_FALSE(one.over(0, 10'000));
}

TEST_CASE("watch: windows are aligned to multiples of their length and hold exact statistics") {
  Collected got;
  watch::Aggregator agg(options(10'000), [&](const auto& w) { got.windows.push_back(w); }, [] { return 0; });
  auto f = family("latency_seconds");
  // 17s..29s fall into [10s, 20s) and [20s, 30s).
  for (int s : {17, 18, 19}) agg.sample(f, sample("latency_seconds", {}, s, s * 1000));
  for (int s : {21, 29}) agg.sample(f, sample("latency_seconds", {}, s, s * 1000));
  agg.finish();
  REQUIRE(got.windows.size() == 2);
  const auto& a = got.windows[0].at(0);
  CHECK(a.start_ms == 10'000);
  CHECK(a.end_ms == 20'000);
  CHECK(a.count == 3);
  CHECK(a.sum == 54);
  CHECK(a.min == 17);
  CHECK(a.max == 19);
  CHECK(a.mean == 18);
  CHECK(a.stddev == doctest::Approx(std::sqrt(2.0 / 3)));
  CHECK(a.first == 17);
  CHECK(a.last == 19);
  CHECK_FALSE(a.rate);  // a gauge has none
  CHECK(got.windows[1].at(0).start_ms == 20'000);
  CHECK(got.windows[1].at(0).count == 2);
}

TEST_CASE("watch: a sample for a window already closed is late: counted, never merged") {
  Collected got;
  watch::Aggregator agg(options(10'000), [&](const auto& w) { got.windows.push_back(w); }, [] { return 0; });
  auto f = family("g");
  agg.sample(f, sample("g", {}, 1, 5'000));
  agg.sample(f, sample("g", {}, 2, 15'000));  // closes [0, 10s)
  agg.sample(f, sample("g", {}, 3, 9'000));   // late
  agg.finish();
  CHECK(agg.late() == 1);
  REQUIRE(got.windows.size() == 2);
  CHECK(got.windows[1].at(0).count == 1);
}

TEST_CASE("watch: --by regroups series: values merge, counters' increases add up") {
  Collected got;
  auto o = options(0);
  o.by = std::vector<std::string>{"route"};
  watch::Aggregator agg(o, [&](const auto& w) { got.windows.push_back(w); }, [] { return 0; });
  auto f = family("requests_total", model::MetricType::counter);
  for (int t = 0; t <= 2; ++t) {
    agg.sample(f, sample("requests_total", {{"instance", "a"}, {"route", "/"}}, 100 + 10 * t, t * 10'000));
    agg.sample(f, sample("requests_total", {{"instance", "b"}, {"route", "/"}}, 5 + 1 * t, t * 10'000));
  }
  agg.finish();
  REQUIRE(got.windows.size() == 1);
  REQUIRE(got.windows[0].size() == 1);
  const auto& r = got.windows[0][0];
  CHECK(r.labels == model::Labels{{"route", "/"}});
  CHECK(r.count == 6);
  REQUIRE(r.increase);
  CHECK(*r.increase == doctest::Approx(22));  // 20 on a, 2 on b: no extrapolation over [0, 20s]
  CHECK(*r.rate == doctest::Approx(22.0 / 20));
}

TEST_CASE("watch: --max-series drops new series and counts them by metric name") {
  Collected got;
  auto o = options(0);
  o.max_series = 2;
  watch::Aggregator agg(o, [&](const auto& w) { got.windows.push_back(w); }, [] { return 0; });
  auto f = family("g");
  for (int i = 0; i < 5; ++i) agg.sample(f, sample("g", {{"id", std::to_string(i)}}, i, 1000));
  agg.finish();
  REQUIRE(got.windows.size() == 1);
  CHECK(got.windows[0].size() == 2);
  CHECK(agg.dropped().at("g") == 3);
}

TEST_CASE("watch: samples without timestamps are placed at their arrival time, and a quiet stream's window closes") {
  Collected got;
  std::int64_t now = 61'500;
  watch::Aggregator agg(options(60'000), [&](const auto& w) { got.windows.push_back(w); }, [&] { return now; });
  auto f = family("g");
  agg.sample(f, sample("g", {}, 1, std::nullopt));
  agg.close_until(100'000);
  CHECK(got.windows.empty());
  agg.close_until(120'000);
  REQUIRE(got.windows.size() == 1);
  CHECK(got.windows[0][0].start_ms == 60'000);
  CHECK(got.windows[0][0].end_ms == 120'000);
}

TEST_CASE("watch: quantiles are reported under the names the user wrote, within 1%") {
  Collected got;
  auto o = options(0);
  o.quantiles = {0.5, 0.99};
  o.quantile_names = {".5", "0.99"};
  watch::Aggregator agg(o, [&](const auto& w) { got.windows.push_back(w); }, [] { return 0; });
  auto f = family("v");
  for (int i = 1; i <= 1000; ++i) agg.sample(f, sample("v", {}, i, 0));
  agg.finish();
  const auto& q = got.windows.at(0).at(0).quantiles;
  REQUIRE(q.size() == 2);
  CHECK(q[0].first == ".5");
  CHECK(std::fabs(q[0].second - 500) <= 0.01 * 501);
  CHECK(std::fabs(q[1].second - 990) <= 0.01 * 991);
}

TEST_CASE("watch: running totals (a StatsD server's counters) have exact increases, from 0 and across windows") {
  Collected got;
  auto o = options(10'000);
  o.running_totals = true;
  std::int64_t now = 0;
  watch::Aggregator agg(o, [&](const auto& w) { got.windows.push_back(w); }, [&] { return now; });
  auto f = family("req", model::MetricType::counter);
  // Running totals 3, 8 in [0, 10s); nothing in [10s, 20s); 9 in [20s, 30s); a new series at 25s.
  now = 1000, agg.sample(f, sample("req_total", {}, 3, std::nullopt));
  now = 2000, agg.sample(f, sample("req_total", {}, 8, std::nullopt));
  now = 21'000, agg.sample(f, sample("req_total", {}, 9, std::nullopt));
  now = 25'000, agg.sample(f, sample("req_total", {{"route", "/b"}}, 4, std::nullopt));
  agg.finish();
  REQUIRE(got.windows.size() == 2);
  REQUIRE(got.windows[0].size() == 1);
  CHECK(got.windows[0][0].increase == 8);  // from 0: the source started the counter there
  CHECK(got.windows[0][0].rate == doctest::Approx(0.8));
  REQUIRE(got.windows[1].size() == 2);
  CHECK(got.windows[1][0].increase == 1);  // 9 - 8: the last value before, a window earlier
  CHECK(got.windows[1][1].increase == 4);  // one sample is enough
}
