// Descriptive statistics against published values (sources cited per case), never against our
// own earlier output.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "mon/stats/descriptive.hpp"
#include "mon/stats/relative.hpp"

using namespace mon::stats;

TEST_CASE("stats: type-7 quantiles match R's documented quantile(1:10)") {
  // R, ?quantile (type = 7, the default): quantile(1:10) = 1.00 3.25 5.50 7.75 10.00.
  std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(quantile_sorted(x, 0.0) == doctest::Approx(1.0));
  CHECK(quantile_sorted(x, 0.25) == doctest::Approx(3.25));
  CHECK(quantile_sorted(x, 0.5) == doctest::Approx(5.5));
  CHECK(quantile_sorted(x, 0.75) == doctest::Approx(7.75));
  CHECK(quantile_sorted(x, 1.0) == doctest::Approx(10.0));
}

TEST_CASE("stats: type-7 quantiles match Wikipedia's worked example (Percentile, C = 1)") {
  // https://en.wikipedia.org/wiki/Percentile, "Second variant, C = 1": for 15, 20, 35, 40, 50 the
  // 40th percentile is 29 and the 75th is 40.
  std::vector<double> x = {15, 20, 35, 40, 50};
  CHECK(quantile_sorted(x, 0.40) == doctest::Approx(29.0));
  CHECK(quantile_sorted(x, 0.75) == doctest::Approx(40.0));
  CHECK(median_sorted(x) == doctest::Approx(35.0));
}

TEST_CASE("stats: MAD matches Wikipedia's example") {
  // https://en.wikipedia.org/wiki/Median_absolute_deviation: for 1, 1, 2, 2, 4, 6, 9 the median is 2,
  // the absolute deviations 1, 1, 0, 0, 2, 4, 7 and their median, the MAD, 1.
  std::vector<double> x = {1, 1, 2, 2, 4, 6, 9};
  CHECK(median(x) == doctest::Approx(2.0));
  CHECK(mad(x) == doctest::Approx(1.0));
}

TEST_CASE("stats: modified Z-scores follow Iglewicz & Hoaglin's formula and 3.5 threshold") {
  // M_i = 0.6745 (x_i - median) / MAD (Iglewicz & Hoaglin 1993, eq. 3.1; also NIST/SEMATECH
  // e-Handbook 1.3.5.17). With the data above (median 2, MAD 1): M(9) = 0.6745 * 7 = 4.7215 > 3.5,
  // M(6) = 0.6745 * 4 = 2.698 < 3.5.
  std::vector<double> x = {1, 1, 2, 2, 4, 6, 9};
  auto z = modified_zscores(x);
  REQUIRE(z.size() == 7);
  CHECK(z[6] == doctest::Approx(4.7215));
  CHECK(z[5] == doctest::Approx(2.698));
  CHECK(z[0] == doctest::Approx(-0.6745));
  auto out = outliers(x);
  REQUIRE(out.size() == 1);
  CHECK(out[0] == 6);
  CHECK(kOutlierThreshold == 3.5);
}

TEST_CASE("stats: mean, sample stddev and median agree with hyperfine's export") {
  // Produced by hyperfine 1.15.0 (`hyperfine -N --runs 5 --export-json`, Debian's package): the times
  // of `true` and the mean, stddev and median hyperfine computed from them.
  std::vector<double> t = {0.0026778400000000003, 0.001766633, 0.0015986140000000002, 0.001556089, 0.00106712};
  auto s = summarize(t);
  CHECK(s.n == 5);
  CHECK(s.mean == doctest::Approx(0.0017332592).epsilon(1e-12));
  CHECK(s.stddev == doctest::Approx(0.0005887713354271759).epsilon(1e-12));
  CHECK(s.median == doctest::Approx(0.0015986140000000002).epsilon(1e-12));
  CHECK(s.min == doctest::Approx(0.00106712));
  CHECK(s.max == doctest::Approx(0.0026778400000000003));
}

TEST_CASE("stats: summary of one value and of none") {
  std::vector<double> one = {0.5};
  auto s = summarize(one);
  CHECK(s.median == 0.5);
  CHECK(std::isnan(s.stddev));  // hyperfine writes null
  auto e = summarize(std::vector<double>{});
  CHECK(std::isnan(e.mean));
}

TEST_CASE("stats: relative speed with hyperfine's uncertainty") {
  // hyperfine 1.15.0 reported "1.92 ± 0.07 times faster" for these means and standard deviations
  // (`hyperfine --runs 3 -P n 1 2 'sleep 0.0{n}'`, JSON export).
  auto r = ratio(0.022136520466666667, 0.0008144561050666465, 0.011500045133333333, 6.890606542484776e-05);
  CHECK(r.value == doctest::Approx(1.92).epsilon(0.005));
  CHECK(r.stddev == doctest::Approx(0.07).epsilon(0.08));
  CHECK(std::round(r.stddev * 100) == 7);
  CHECK(std::round(r.value * 100) == 192);
}
