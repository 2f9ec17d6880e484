// Hodges-Lehmann shift and its distribution-free interval against published values.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "mon/stats/shift.hpp"

using namespace mon::stats;

namespace {
// Permeability constants of the human chorioamnion (Hollander & Wolfe, "Nonparametric Statistical
// Methods", 1973, p. 69f), the example of R's ?wilcox.test.
const std::vector<double> kAt = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
const std::vector<double> kTerm = {1.15, 0.88, 0.90, 0.74, 1.21};
}  // namespace

TEST_CASE("shift: Hodges-Lehmann estimate of Hollander & Wolfe's permeability data") {
  // R: wilcox.test(x, y, conf.int = TRUE) reports "difference in location 0.305" (x minus y).
  auto s = hodges_lehmann(kTerm, kAt);  // y - x with y = at term
  CHECK(s.estimate == doctest::Approx(0.305).epsilon(1e-9));
}

TEST_CASE("shift: the 95% interval uses the order statistics of the published critical value") {
  // For n = 5 and 10 the two-sided 5% critical value of U is 8 (standard U tables), so the
  // interval is [d_(9), d_(42)] of the 50 sorted differences (Hollander & Wolfe sec. 4.3).
  std::vector<double> d;
  for (double a : kAt)
    for (double b : kTerm) d.push_back(a - b);
  std::sort(d.begin(), d.end());
  auto s = hodges_lehmann(kTerm, kAt);
  CHECK(s.lower == d[8]);
  CHECK(s.upper == d[41]);
  CHECK(interval_rank(10, 5, 0, 0.95) == 8);
  CHECK(interval_rank(6, 6, 0, 0.95) == 5);
}

TEST_CASE("shift: k-th difference by bisection equals sorting all differences") {
  std::vector<double> x = {0.0011, 0.0012, 0.00105, 0.0013, 0.0011, 0.0019};
  std::vector<double> y = {0.0021, 0.0011, 0.0025, 0.0022, 0.0024};
  std::vector<double> d;
  for (double a : x)
    for (double b : y) d.push_back(b - a);
  std::sort(d.begin(), d.end());
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  for (std::size_t k = 1; k <= d.size(); ++k) CHECK(kth_difference(x, y, k) == d[k - 1]);
}

TEST_CASE("shift: large samples use the normal approximation and bracket the true shift") {
  // 400 runs each of two deterministic sequences 1 ms apart: the shift is exactly 1 ms.
  std::vector<double> x, y;
  for (int i = 0; i < 400; ++i) {
    double v = 0.010 + 0.001 * std::sin(i * 0.7);
    x.push_back(v);
    y.push_back(v + 0.001);
  }
  auto s = hodges_lehmann(x, y);
  CHECK(s.estimate == doctest::Approx(0.001).epsilon(1e-9));
  CHECK(s.lower <= 0.001);
  CHECK(s.upper >= 0.001);
  CHECK(s.lower > 0);
}
