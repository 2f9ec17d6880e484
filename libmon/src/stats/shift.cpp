// Hodges-Lehmann shift and its distribution-free interval; the method and references are in
// mon/stats/shift.hpp.
#include "mon/stats/shift.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "mon/stats/mann_whitney.hpp"
#include "mon/stats/normal.hpp"

namespace mon::stats {

namespace {

// Number of pairs with y_j - x_i <= d. Floating subtraction is monotone in both operands, so a
// two-pointer walk over the sorted samples counts exactly what sorting the differences would.
std::size_t count_at_most(std::span<const double> x, std::span<const double> y, double d) {
  std::size_t count = 0;
  // For ascending y_j, the x_i with y_j - x_i <= d form a suffix of x whose start only moves right.
  std::size_t first = 0;
  for (double yj : y) {
    while (first < x.size() && yj - x[first] > d) ++first;
    count += x.size() - first;
  }
  return count;
}

double ties_term(std::span<const double> x, std::span<const double> y) {
  std::map<double, double> counts;
  for (double v : x) counts[v] += 1;
  for (double v : y) counts[v] += 1;
  double t = 0;
  for (const auto& [v, c] : counts) t += c * c * c - c;
  return t;
}

}  // namespace

double kth_difference(std::span<const double> x, std::span<const double> y, std::size_t k) {
  if (x.empty() || y.empty() || k == 0 || k > x.size() * y.size())
    return std::numeric_limits<double>::quiet_NaN();
  double lo = y.front() - x.back();  // the smallest difference
  double hi = y.back() - x.front();  // the largest
  if (count_at_most(x, y, lo) >= k) return lo;
  // Invariant: count(lo) < k <= count(hi). Stop when no double lies between them: hi is then the
  // smallest value with count >= k, which is the k-th difference itself.
  for (int i = 0; i < 2100 && std::nextafter(lo, hi) < hi; ++i) {
    double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) mid = std::nextafter(lo, hi);
    if (count_at_most(x, y, mid) >= k)
      hi = mid;
    else
      lo = mid;
  }
  return hi;
}

std::size_t interval_rank(std::size_t nx, std::size_t ny, double ties, double level) {
  double alpha = 1 - level;
  std::size_t mn = nx * ny;
  if (ties == 0 && nx < kExactLimit && ny < kExactLimit) {
    std::size_t c = 0;
    bool any = false;
    auto cdf = mann_whitney_exact_distribution(nx, ny);
    for (std::size_t u = 0; u <= mn / 2; ++u) {
      if (2 * cdf[u] <= alpha) {
        c = u;
        any = true;
      } else {
        break;
      }
    }
    // c is the critical value; the interval drops c differences from each end. Without any
    // critical value (tiny samples) the interval is the whole range of differences.
    return any ? c : 0;
  }
  double big_n = static_cast<double>(nx + ny);
  double var = static_cast<double>(mn) / 12 * ((big_n + 1) - ties / (big_n * (big_n - 1)));
  if (var <= 0) return 0;
  double z = normal_quantile(1 - alpha / 2);
  double c = std::floor(static_cast<double>(mn) / 2 - z * std::sqrt(var));
  return c < 0 ? 0 : static_cast<std::size_t>(c);
}

Shift hodges_lehmann(std::span<const double> x_in, std::span<const double> y_in, double level) {
  Shift s;
  s.level = level;
  if (x_in.empty() || y_in.empty()) {
    s.estimate = s.lower = s.upper = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  std::vector<double> x(x_in.begin(), x_in.end()), y(y_in.begin(), y_in.end());
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  std::size_t mn = x.size() * y.size();
  if (mn % 2 == 1)
    s.estimate = kth_difference(x, y, mn / 2 + 1);
  else
    s.estimate = (kth_difference(x, y, mn / 2) + kth_difference(x, y, mn / 2 + 1)) / 2;
  std::size_t c = interval_rank(x.size(), y.size(), ties_term(x, y), level);
  s.lower = kth_difference(x, y, c + 1);
  s.upper = kth_difference(x, y, mn - c);
  return s;
}

}  // namespace mon::stats
