// The Mann-Whitney U test against published tables and textbook/library examples.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "mon/stats/mann_whitney.hpp"

using namespace mon::stats;

TEST_CASE("mann-whitney: exact null distribution matches Mann & Whitney (1947), Table I") {
  // Ann. Math. Statist. 18(1), p. 52, n = 3, m = 3: P(U <= 0..4) = .050 .100 .200 .350 .500.
  CHECK(mann_whitney_exact_cdf(3, 3, 0) == doctest::Approx(0.05));
  CHECK(mann_whitney_exact_cdf(3, 3, 1) == doctest::Approx(0.10));
  CHECK(mann_whitney_exact_cdf(3, 3, 2) == doctest::Approx(0.20));
  CHECK(mann_whitney_exact_cdf(3, 3, 3) == doctest::Approx(0.35));
  CHECK(mann_whitney_exact_cdf(3, 3, 4) == doctest::Approx(0.50));
  CHECK(mann_whitney_exact_cdf(3, 3, 9) == doctest::Approx(1.0));
}

TEST_CASE("mann-whitney: critical values of the standard two-sided 5% table") {
  // Critical values of U for a two-tailed test at alpha = 0.05 (e.g. Siegel & Castellan,
  // "Nonparametric Statistics", 2nd ed., table J; Zar, "Biostatistical Analysis", table B.11):
  // n1 = n2 = 6 -> 5; n1 = 5, n2 = 10 -> 8; n1 = n2 = 20 -> 127. The critical value is the largest
  // U with two-sided probability at most 0.05.
  auto check = [](std::size_t m, std::size_t n, double crit) {
    CHECK(2 * mann_whitney_exact_cdf(m, n, crit) <= 0.05);
    CHECK(2 * mann_whitney_exact_cdf(m, n, crit + 1) > 0.05);
  };
  check(6, 6, 5);
  check(5, 10, 8);
  check(20, 20, 127);
}

TEST_CASE("mann-whitney: Conover's example, exact (scipy.stats.mannwhitneyu documentation)") {
  // Ages at diagnosis, from W. J. Conover, "Practical Nonparametric Statistics", as used in the
  // scipy documentation: U1 = 17, exact two-sided p = 0.1111 (= 14/126).
  std::vector<double> males = {19, 22, 16, 29, 24};
  std::vector<double> females = {20, 11, 17, 12};
  auto r = mann_whitney(males, females);
  CHECK(r.u_x == 17);
  CHECK(r.u_y == 3);
  CHECK(r.exact);
  CHECK(r.p_value == doctest::Approx(0.1111111111).epsilon(1e-9));
}

TEST_CASE("mann-whitney: NAG G08AHF example with ties, normal approximation") {
  // NAG Library, G08AHF/g08amc example program (16 and 23 values with ties): U = 86, normal
  // statistic -2.8039, approximate one-tailed probability 0.0025 (two-sided 0.0050).
  std::vector<double> g1 = {13.0, 6.0, 12.0, 7.0, 12.0, 7.0, 10.0, 7.0, 10.0, 7.0, 16.0, 7.0, 10.0, 8.0, 9.0, 8.0};
  std::vector<double> g2 = {17.0, 6.0, 10.0, 8.0, 15.0, 8.0, 15.0, 10.0, 15.0, 10.0, 14.0, 10.0,
                            14.0, 11.0, 14.0, 11.0, 13.0, 12.0, 13.0, 12.0, 13.0, 12.0, 12.0};
  auto r = mann_whitney(g1, g2);
  CHECK(r.u_x == 86);
  CHECK_FALSE(r.exact);
  CHECK(r.z == doctest::Approx(-2.8039).epsilon(1e-4));
  CHECK(r.p_value / 2 == doctest::Approx(0.0025).epsilon(0.03));
}

TEST_CASE("mann-whitney: NAG G08AJF example without ties, exact") {
  // NAG Library, G08AJF example (16 and 23 distinct values): U = 86, exact tail probability 0.0022.
  std::vector<double> g1 = {13.0, 5.8, 11.7, 6.5, 12.3, 6.7, 9.2, 6.9, 10.0, 7.3, 16.0, 7.0, 10.5, 8.5, 9.0, 7.5};
  std::vector<double> g2 = {17.0, 6.2, 10.1, 8.0, 15.3, 8.2, 15.0, 9.6, 14.9, 10.4, 14.2, 9.8,
                            13.8, 11.0, 14.0, 11.1, 12.9, 11.6, 12.8, 12.0, 13.1, 12.4, 11.9};
  auto r = mann_whitney(g1, g2);
  CHECK(r.u_x == 86);
  CHECK(r.exact);
  double one_tail = r.p_value / 2;
  CHECK(one_tail >= 0.00215);
  CHECK(one_tail < 0.00225);
}

TEST_CASE("mann-whitney: R's wilcox.test with ties (continuity and tie correction)") {
  // R: wilcox.test(c(1,5,9,24,56,21,3,7,21,4), c(12,15,5,9,9,14,56,22,3,7,32,5))
  //   -> W = 51.5, p-value = 0.5966 (normal approximation, "cannot compute exact p-value with ties").
  std::vector<double> x = {1, 5, 9, 24, 56, 21, 3, 7, 21, 4};
  std::vector<double> y = {12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5};
  auto r = mann_whitney(x, y);
  CHECK(r.u_x == 51.5);
  CHECK_FALSE(r.exact);
  CHECK(r.p_value == doctest::Approx(0.5966).epsilon(2e-4));
  // Same x against far larger values: W = 0, p-value = 0.001364.
  std::vector<double> big = {1233, 4356, 987, 39999, 1111, 200000};
  auto r2 = mann_whitney(x, big);
  CHECK(r2.u_x == 0);
  CHECK(r2.p_value == doctest::Approx(0.001364).epsilon(1e-3));
}

TEST_CASE("mann-whitney: identical samples and empty input give p = 1") {
  std::vector<double> same(60, 1.0);
  CHECK(mann_whitney(same, same).p_value == 1.0);
  CHECK(mann_whitney(std::vector<double>{}, same).p_value == 1.0);
}

TEST_CASE("mann-whitney: the smallest reachable p-value for given sample sizes") {
  // Exact: 2 / C(m + n, m); 3 vs 3 is the 0.1 of Table I (twice P(U = 0) = 0.05).
  CHECK(mann_whitney_min_p(3, 3) == doctest::Approx(0.1));
  CHECK(mann_whitney_min_p(5, 3) == doctest::Approx(2.0 / 56));
  CHECK(mann_whitney_min_p(1, 1) == doctest::Approx(1.0));
  CHECK(mann_whitney_min_p(0, 5) == 1);
  // It is what the test gives for completely separated samples.
  std::vector<double> x{1, 2, 3, 4}, y{5, 6, 7, 8, 9};
  CHECK(mann_whitney(x, y).p_value == doctest::Approx(mann_whitney_min_p(4, 5)));
  std::vector<double> big_x, big_y;
  for (int i = 0; i < 60; ++i) big_x.push_back(i), big_y.push_back(100 + i);
  CHECK(mann_whitney(big_x, big_y).p_value == doctest::Approx(mann_whitney_min_p(60, 60)));
  // One baseline run against many: the normal approximation tends to 2 Phi(-sqrt 3) = 0.083.
  CHECK(mann_whitney_min_p(1, 100000) > 0.08);
}
