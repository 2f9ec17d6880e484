// The Mann-Whitney U test. References:
// - H. B. Mann and D. R. Whitney (1947), "On a test of whether one of two random variables is
//   stochastically larger than the other", Ann. Math. Statist. 18(1): definition of U and the exact
//   null distribution.
// - E. F. Harding (1984), "An efficient, minimal-storage procedure for calculating the Mann-Whitney U,
//   generalized Wilcoxon and similar distributions", Appl. Statist. 33(1): the number of arrangements
//   with U = u is the coefficient of q^u in the Gaussian binomial [m+n choose m]_q
//   = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i); multiplying by (1 - q^k) and dividing by (1 - q^i)
//   are each one pass over the coefficient array.
// - Lehmann (1975), "Nonparametrics", ch. 1: normal approximation with the tie correction.
#include "mon/stats/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "mon/stats/normal.hpp"

namespace mon::stats {

namespace {

__extension__ typedef unsigned __int128 Count;  // C(98, 49) ~ 2.5e28 < 2^128

// Ranks of the pooled sample (average ranks for ties); returns the rank sum of the first
// nx values and the tie term sum(t^3 - t).
void rank_sum(std::span<const double> x, std::span<const double> y, double& sum_x, double& ties) {
  struct Item {
    double v;
    bool from_x;
  };
  std::vector<Item> all;
  all.reserve(x.size() + y.size());
  for (double v : x) all.push_back({v, true});
  for (double v : y) all.push_back({v, false});
  std::sort(all.begin(), all.end(), [](const Item& a, const Item& b) { return a.v < b.v; });
  sum_x = 0;
  ties = 0;
  std::size_t i = 0;
  while (i < all.size()) {
    std::size_t j = i;
    while (j < all.size() && all[j].v == all[i].v) ++j;
    double t = static_cast<double>(j - i);
    double avg_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k)
      if (all[k].from_x) sum_x += avg_rank;
    ties += t * t * t - t;
    i = j;
  }
}

}  // namespace

std::vector<double> mann_whitney_exact_distribution(std::size_t m, std::size_t n) {
  std::size_t max_u = m * n;
  std::vector<Count> c(max_u + 1, 0);
  c[0] = 1;
  std::size_t degree = 0;
  for (std::size_t i = 1; i <= m; ++i) {
    // Multiply by (1 - q^(n+i)). Coefficients may go "negative" transiently: the unsigned
    // wrap-around is undone exactly by the division that follows (all arithmetic is mod 2^128 and
    // the true result is a polynomial with small non-negative coefficients).
    std::size_t k = n + i;
    std::size_t new_degree = degree + k;
    for (std::size_t d = std::min(new_degree, max_u); d >= k; --d) c[d] -= c[d - k];
    // Divide by (1 - q^i): running sums with stride i.
    for (std::size_t d = i; d <= max_u; ++d) c[d] += c[d - i];
    degree = new_degree - i;
  }
  Count total = 0;
  for (Count v : c) total += v;
  std::vector<double> cdf(max_u + 1);
  Count below = 0;
  for (std::size_t d = 0; d <= max_u; ++d) {
    below += c[d];
    cdf[d] = static_cast<double>(static_cast<long double>(below) / static_cast<long double>(total));
  }
  return cdf;
}

double mann_whitney_exact_cdf(std::size_t m, std::size_t n, double u) {
  if (u < 0) return 0;
  if (u >= static_cast<double>(m * n)) return 1;
  return mann_whitney_exact_distribution(m, n)[static_cast<std::size_t>(std::floor(u))];
}

double mann_whitney_min_p(std::size_t m, std::size_t n) {
  if (m == 0 || n == 0) return 1;
  if (m < kExactLimit && n < kExactLimit) {
    // C(m + n, m) by the product formula; long double keeps it exact enough for m, n < 50.
    long double c = 1;
    std::size_t k = std::min(m, n);
    for (std::size_t i = 1; i <= k; ++i) c = c * static_cast<long double>(m + n - k + i) / static_cast<long double>(i);
    return static_cast<double>(std::min<long double>(1.0L, 2.0L / c));
  }
  double nx = static_cast<double>(m), ny = static_cast<double>(n);
  double mu = nx * ny / 2;
  double var = nx * ny / 12 * (nx + ny + 1);
  return std::min(1.0, 2 * normal_cdf(std::min(0.0, -mu + 0.5) / std::sqrt(var)));
}

MannWhitney mann_whitney(std::span<const double> x, std::span<const double> y) {
  MannWhitney r;
  if (x.empty() || y.empty()) return r;
  double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  double sum_x = 0, ties = 0;
  rank_sum(x, y, sum_x, ties);
  r.u_x = sum_x - nx * (nx + 1) / 2;
  r.u_y = nx * ny - r.u_x;
  double u = std::min(r.u_x, r.u_y);
  if (ties == 0 && x.size() < kExactLimit && y.size() < kExactLimit) {
    r.exact = true;
    r.p_value = std::min(1.0, 2 * mann_whitney_exact_cdf(x.size(), y.size(), u));
    return r;
  }
  double big_n = nx + ny;
  double mu = nx * ny / 2;
  double var = nx * ny / 12 * ((big_n + 1) - ties / (big_n * (big_n - 1)));
  if (var <= 0) {  // every value equal: no evidence of any difference
    r.p_value = 1;
    return r;
  }
  // u <= mu, so the continuity correction moves it up by 1/2 (but never past the mean).
  double diff = std::min(0.0, u - mu + 0.5);
  r.z = diff / std::sqrt(var);
  r.p_value = std::min(1.0, 2 * normal_cdf(r.z));
  return r;
}

}  // namespace mon::stats
