// mon::promql's storage and engine: storage order and replacement, staleness, lookback, the range
// functions on point arrays, the families of functions with hand-computed values, and errors.
#include <doctest/doctest.h>


#include <cmath>

#include "mon/error.hpp"
#include "mon/promql/engine.hpp"
#include "mon/promql/parse.hpp"
#include "mon/promql/storage.hpp"
#include "promql/eval.hpp"

using namespace mon;
using namespace mon::promql;

namespace {

model::Labels L(std::initializer_list<model::Label> labels) {
  model::Labels out(labels);
  model::sort_labels(out);
  return out;
}

Result instant(const Storage& s, std::string_view q, std::int64_t t, EngineOptions o = {}) {
  auto expr = parse(q);
  return Engine(s, o).instant(*expr, t);
}

double only_value(const Result& r) {
  REQUIRE(r.value.type == ValueType::vector);
  REQUIRE(r.value.vector.size() == 1);
  return r.value.vector[0].value;
}

}  // namespace

TEST_CASE("promql storage: series by labels, points in order, replaced at the same time") {
  Storage s;
  s.add(L({{"__name__", "a"}, {"x", "1"}}), 2000, 2);
  s.add(L({{"__name__", "a"}, {"x", "1"}}), 1000, 1);
  s.add(L({{"__name__", "a"}, {"x", "1"}}), 2000, 3);
  s.add(L({{"__name__", "b"}}), 5000, 5);
  CHECK(s.series_count() == 2);
  CHECK(s.min_time() == 1000);
  CHECK(s.max_time() == 5000);
  Matcher m{"__name__", MatchOp::equal, "a", nullptr};
  auto found = s.select(std::span<const Matcher>(&m, 1));
  REQUIRE(found.size() == 1);
  REQUIRE(found[0]->points.size() == 2);
  CHECK(found[0]->points[0].t == 1000);
  CHECK(found[0]->points[1].v == 3);
  Matcher none{"__name__", MatchOp::equal, "zzz", nullptr};
  CHECK(s.select(std::span<const Matcher>(&none, 1)).empty());
  s.clear();
  CHECK(s.series_count() == 0);
}

TEST_CASE("promql storage: the staleness marker is one NaN among others") {
  CHECK(std::isnan(stale_marker()));
  CHECK(is_stale(stale_marker()));
  CHECK(!is_stale(std::nan("")));
  CHECK(!is_stale(1.0));
}

TEST_CASE("promql engine: lookback and staleness") {
  Storage s;
  auto m = L({{"__name__", "m"}});
  s.add(m, 0, 1);
  s.add(m, 60000, 2);
  s.add(m, 120000, stale_marker());
  CHECK(only_value(instant(s, "m", 60000)) == 2);
  CHECK(only_value(instant(s, "m", 119999)) == 2);
  CHECK(instant(s, "m", 120000).value.vector.empty());
  Storage t;
  t.add(m, 0, 7);
  CHECK(only_value(instant(t, "m", 299999)) == 7);
  CHECK(instant(t, "m", 300000).value.vector.empty());  // (t-5m, t] leaves out t-5m
  EngineOptions o;
  o.lookback_ms = 1000;
  CHECK(instant(t, "m", 2000, o).value.vector.empty());
}

TEST_CASE("promql engine: range functions on point arrays") {
  using namespace mon::promql::detail::range_fn;
  std::vector<Point> pts{{60000, 10}, {120000, 20}, {180000, 30}, {240000, 40}, {300000, 50}};
  double v = 0;
  REQUIRE(extrapolated_rate(pts, 0, 300000, 300000, true, false, v));
  CHECK(v == doctest::Approx(50));
  REQUIRE(extrapolated_rate(pts, 0, 300000, 300000, true, true, v));
  CHECK(v == doctest::Approx(50.0 / 300));
  CHECK(!extrapolated_rate({{0, 1}}, 0, 1, 1, true, true, v));
  REQUIRE(instant_value(pts, true, v));
  CHECK(v == doctest::Approx(10.0 / 60));
  std::vector<Point> resets_pts{{0, 5}, {1000, 1}, {2000, 1}, {3000, 0}};
  CHECK(resets(resets_pts) == 2);
  CHECK(changes(resets_pts) == 2);
  REQUIRE(deriv(pts, v));
  CHECK(v == doctest::Approx(10.0 / 60));
  REQUIRE(predict_linear(pts, 300000, 60, v));
  CHECK(v == doctest::Approx(60));
  CHECK(avg_over_time(pts) == 30);
  CHECK(sum_over_time(pts) == 150);
  CHECK(stdvar_over_time(pts) == doctest::Approx(200));
  CHECK(quantile(0.5, {3, 1, 2}) == 2);
  CHECK(std::isinf(quantile(-1, {1})));
  CHECK(std::isnan(quantile(0.5, {})));
}

TEST_CASE("promql engine: the families of functions with hand-computed values") {
  Storage s;
  auto c = L({{"__name__", "c_total"}, {"job", "a"}});
  for (int i = 0; i <= 10; ++i) s.add(c, i * 60000, i * 6.0);
  auto g = L({{"__name__", "g"}, {"job", "a"}});
  s.add(g, 0, 4);
  s.add(g, 600000, 4);
  CHECK(only_value(instant(s, "rate(c_total[5m])", 600000)) == doctest::Approx(0.1));
  CHECK(only_value(instant(s, "sum(c_total) by (job)", 600000)) == 60);
  CHECK(only_value(instant(s, "sqrt(g)", 0)) == 2);
  CHECK(only_value(instant(s, "g * on(job) group_left c_total", 600000)) == 240);
  auto r = instant(s, "rate(g[5m])", 60000);
  CHECK(r.value.vector.empty());
  auto labels = instant(s, "rate(c_total[5m])", 600000).value.vector.at(0).labels;
  CHECK(labels == L({{"job", "a"}}));  // the name goes
  auto kept = instant(s, "last_over_time(c_total[5m])", 600000).value.vector.at(0).labels;
  CHECK(kept == c);
}

TEST_CASE("promql engine: range queries give a point per step") {
  Storage s;
  auto m = L({{"__name__", "m"}});
  for (int i = 0; i <= 4; ++i) s.add(m, i * 60000, i);
  auto expr = parse("m * 2");
  auto r = Engine(s).range(*expr, 0, 240000, 60000);
  REQUIRE(r.value.type == ValueType::matrix);
  REQUIRE(r.value.matrix.size() == 1);
  REQUIRE(r.value.matrix[0].points.size() == 5);
  CHECK(r.value.matrix[0].points[4].v == 8);
  auto sc = parse("time()");
  auto rs = Engine(s).range(*sc, 0, 120000, 60000);
  REQUIRE(rs.value.matrix.size() == 1);
  CHECK(rs.value.matrix[0].points[2].v == 120);
  auto mat = parse("m[1m]");
  CHECK_THROWS_AS(Engine(s).range(*mat, 0, 1, 1), mon::Error);
  CHECK_THROWS_AS(Engine(s).range(*sc, 0, 1, 0), mon::Error);
}

TEST_CASE("promql engine: evaluation errors are worded as Prometheus words them") {
  Storage s;
  s.add(L({{"__name__", "a"}, {"x", "1"}}), 0, 1);
  s.add(L({{"__name__", "b"}, {"x", "1"}}), 0, 2);
  s.add(L({{"__name__", "d"}, {"x", "1"}, {"y", "1"}}), 0, 1);
  s.add(L({{"__name__", "d"}, {"x", "1"}, {"y", "2"}}), 0, 1);
  auto error_of = [&](std::string_view q) -> std::string {
    try {
      instant(s, q, 0);
    } catch (const mon::Error& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error_of("{x=\"1\"} * 1") == "vector cannot contain metrics with the same labelset");
  CHECK(error_of("a + on(x) d").find("found duplicate series for the match group {x=\"1\"} on the right") == 0);
  CHECK(error_of("d + on(x) a") ==
        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
  CHECK(error_of("topk(scalar(vector(NaN)), a)") == "Parameter value is NaN");
  CHECK(error_of("a + b") == "");
}
