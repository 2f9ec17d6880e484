// The DDSketch quantile sketch: its relative-error bound on hostile distributions of our own
// (heavy tails, several modes, tiny and huge magnitudes, both signs), exact count/sum/min/max,
// merging, bounded memory; and, when the shared data is there, the 120 accuracy datasets of the
// DDSketch project (derived/accuracy_cases.jsonl) at α = 0.1, 0.01 and 0.001.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "mon/error.hpp"
#include "mon/stats/sketch.hpp"
#include "sample_inputs.hpp"

using mon::stats::Sketch;

namespace {

// The bound as the DDSketch tests state it: with the values sorted, the exact quantile lies
// between v[floor(q(n-1))] and v[ceil(q(n-1))]; the sketch's answer is within α of that range.
bool within_bound(double y, double lower, double upper, double alpha) {
  const double eps = 1e-11;
  double lo = std::min(lower * (1 - alpha), lower * (1 + alpha)) - eps;
  double hi = std::max(upper * (1 - alpha), upper * (1 + alpha)) + eps;
  return y >= lo && y <= hi;
}

// Checks every percentile of `values` against the sketch built from them.
void check_quantiles(std::vector<double> values, double alpha, const std::string& name) {
  Sketch sketch(alpha);
  for (double v : values) sketch.add(v);
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  for (int k = 0; k <= 100; ++k) {
    double q = k / 100.0;
    double rank = q * (n - 1);
    double lower = values[static_cast<std::size_t>(std::floor(rank))];
    double upper = values[static_cast<std::size_t>(std::ceil(rank))];
    double y = sketch.quantile(q);
    INFO(name, ": q=", q, " got ", y, " exact in [", lower, ", ", upper, "], alpha ", alpha);
    CHECK(within_bound(y, lower, upper, alpha));
  }
  CHECK(sketch.count() == n);
  CHECK(sketch.min() == values.front());
  CHECK(sketch.max() == values.back());
}

std::vector<double> generate(const std::string& kind, std::size_t n, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> v;
  v.reserve(n);
  std::uniform_real_distribution<double> u(0, 1);
  for (std::size_t i = 0; i < n; ++i) {
    if (kind == "pareto") {
      v.push_back(1.0 / std::pow(1 - u(rng), 1 / 1.1));  // heavy tail, alpha 1.1
    } else if (kind == "bimodal") {
      std::normal_distribution<double> a(0.005, 0.0005), b(2.5, 0.3);
      v.push_back(u(rng) < 0.7 ? a(rng) : b(rng));
    } else if (kind == "tiny") {
      v.push_back(std::exp(-690 + 20 * u(rng)));  // about 1e-300
    } else if (kind == "huge") {
      v.push_back(std::exp(680 + 25 * u(rng)));  // about 1e300
    } else if (kind == "mixed_signs") {
      std::lognormal_distribution<double> ln(0, 3);
      v.push_back((u(rng) < 0.4 ? -1 : 1) * ln(rng));
    } else if (kind == "with_zeros") {
      v.push_back(u(rng) < 0.3 ? 0.0 : std::exp(10 * u(rng)));
    } else if (kind == "constant") {
      v.push_back(42);
    }
  }
  return v;
}

}  // namespace

TEST_CASE("sketch: every percentile of hostile distributions is within the relative error α") {
  for (double alpha : {0.01, 0.001}) {
    for (const char* kind : {"pareto", "bimodal", "tiny", "huge", "mixed_signs", "with_zeros", "constant"}) {
      check_quantiles(generate(kind, 20000, 7), alpha, kind);
    }
  }
}

TEST_CASE("sketch: count, sum, min and max are exact; an empty sketch answers NaN") {
  Sketch empty;
  CHECK(std::isnan(empty.quantile(0.5)));
  Sketch s;
  for (double v : {3.0, -1.5, 0.0, 10.0}) s.add(v);
  CHECK(s.count() == 4);
  CHECK(s.sum() == 11.5);
  CHECK(s.min() == -1.5);
  CHECK(s.max() == 10.0);
  CHECK(s.quantile(0) == -1.5);
  CHECK(s.quantile(1) == 10.0);
  CHECK(std::isnan(s.quantile(1.5)));
  s.add(std::numeric_limits<double>::quiet_NaN());
  CHECK(s.count() == 4);
}

TEST_CASE("sketch: infinities rank at the ends and cost no resolution") {
  Sketch s(0.01);
  for (int i = 1; i <= 1000; ++i) s.add(i);
  s.add(std::numeric_limits<double>::infinity());
  s.add(-std::numeric_limits<double>::infinity());
  CHECK(s.quantile(1) == std::numeric_limits<double>::infinity());
  CHECK(s.quantile(0) == -std::numeric_limits<double>::infinity());
  CHECK(within_bound(s.quantile(0.5), 500, 501, 0.01));
  CHECK(s.buckets() < 800);
}

TEST_CASE("sketch: merged sketches answer as one sketch of all the values, and α must match") {
  auto a = generate("bimodal", 5000, 1), b = generate("pareto", 5000, 2);
  Sketch sa(0.01), sb(0.01), whole(0.01);
  for (double v : a) sa.add(v), whole.add(v);
  for (double v : b) sb.add(v), whole.add(v);
  sa.merge(sb);
  CHECK(sa.count() == whole.count());
  for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 1.0}) CHECK(sa.quantile(q) == whole.quantile(q));
  Sketch other(0.02);
  CHECK_THROWS_AS(sa.merge(other), mon::Error);
  CHECK_THROWS_AS(Sketch(0), mon::Error);
  CHECK_THROWS_AS(Sketch(1), mon::Error);
}

TEST_CASE("sketch: memory stays bounded whatever the range, and the high quantiles keep the bound") {
  // Magnitudes from e^-700 to e^700 (608 decades): only the top 2048 buckets (about 17.7
  // decades at α = 1%, from e^659 up) are kept, so the quantiles from 0.99 up keep the bound.
  Sketch s(0.01, 2048);
  std::vector<double> values;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-700, 700);
  for (int i = 0; i < 200000; ++i) {
    double v = std::exp(u(rng));
    values.push_back(v);
    s.add(v);
  }
  CHECK(s.buckets() <= 2048);
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  for (double q : {0.99, 0.995, 0.999, 1.0}) {
    double rank = q * (n - 1);
    INFO("q=", q);
    CHECK(within_bound(s.quantile(q), values[static_cast<std::size_t>(std::floor(rank))],
                       values[static_cast<std::size_t>(std::ceil(rank))], 0.01));
  }
}

TEST_CASE("sketch: weighted values (StatsD sample rates) count by their weight") {
  // The DDSketch project's Python test_add_decimal, restated: 0..99 each 1.1 times, 100 110 times.
  Sketch s(0.05);
  for (int i = 0; i < 100; ++i) s.add(i, 1.1);
  s.add(100, 110);
  CHECK(s.count() == doctest::Approx(220));
  CHECK(s.sum() == doctest::Approx(16445));
  CHECK(std::fabs(s.quantile(0.5) - 99) <= 0.05 * 99);
}

TEST_CASE("sketch: the DDSketch project's 120 accuracy datasets are answered within α") {
  if (sample_inputs::skip_without_shared("upstream/ddsketch/derived/accuracy_cases.jsonl")) return;
  std::ifstream in(sample_inputs::shared("upstream/ddsketch/derived/accuracy_cases.jsonl"));
  std::string line;
  int datasets = 0, checks = 0;
  while (std::getline(in, line)) {
    auto c = nlohmann::json::parse(line);
    if (!c.contains("grid_lower")) continue;  // the weighted case has its own test above
    std::vector<std::vector<double>> parts;
    if (c.contains("parts"))
      for (const auto& p : c["parts"]) parts.push_back(p.get<std::vector<double>>());
    else
      parts.push_back(c["values"].get<std::vector<double>>());
    for (double alpha : {0.1, 0.01, 0.001}) {
      // The reference sketch's store is unbounded; some datasets span 43 decades (e^0..e^99).
      constexpr std::size_t kUnbounded = 1 << 17;
      Sketch merged(alpha, kUnbounded);
      for (const auto& p : parts) {
        Sketch part(alpha, kUnbounded);
        for (double v : p) part.add(v);
        merged.merge(part);
      }
      const auto& exact = c["exact"];
      INFO(c["name"].get<std::string>(), " alpha ", alpha);
      REQUIRE(merged.count() == exact["count"].get<double>());
      if (merged.count() == 0) continue;
      CHECK(merged.min() == exact["min"].get<double>());
      CHECK(merged.max() == exact["max"].get<double>());
      CHECK(merged.sum() == doctest::Approx(exact["sum"].get<double>()));
      const auto& lower = c["grid_lower"];
      const auto& upper = c["grid_upper"];
      for (std::size_t k = 0; k < lower.size(); ++k) {
        double y = merged.quantile(static_cast<double>(k) / 100.0);
        INFO("q=", k / 100.0, " got ", y);
        CHECK(within_bound(y, lower[k].get<double>(), upper[k].get<double>(), alpha));
        ++checks;
      }
    }
    ++datasets;
  }
  CHECK(datasets == 120);
  MESSAGE(checks, " quantiles checked");
}

TEST_CASE("sketch: add_all counts a batch exactly as add does value by value") {
  std::mt19937_64 rng(17);
  std::lognormal_distribution<double> lognormal(0, 3);
  std::vector<double> values;
  for (int i = 0; i < 50000; ++i) {
    double v = lognormal(rng);
    switch (i % 97) {
      case 0: v = 0; break;
      case 1: v = -v; break;
      case 2: v = std::numeric_limits<double>::infinity(); break;
      case 3: v = std::numeric_limits<double>::quiet_NaN(); break;
      case 4: v = 1e-300; break;
      default: break;
    }
    values.push_back(v);
  }
  Sketch one, batch;
  for (double v : values) one.add(v);
  for (std::size_t i = 0; i < values.size(); i += 4096)
    batch.add_all(std::span<const double>(values).subspan(i, std::min<std::size_t>(4096, values.size() - i)));
  CHECK(batch.count() == one.count());
  CHECK(batch.sum() == one.sum());
  CHECK(batch.min() == one.min());
  CHECK(batch.max() == one.max());
  CHECK(batch.buckets() == one.buckets());
  for (double q : {0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1.0}) CHECK(batch.quantile(q) == one.quantile(q));
}
