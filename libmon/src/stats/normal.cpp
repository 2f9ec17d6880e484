// The standard normal distribution through the C library's erfc: Phi(z) = erfc(-z / sqrt 2) / 2,
// which keeps its relative accuracy far into both tails (p-values of 1e-30 stay meaningful).
#include "mon/stats/normal.hpp"

#include <cmath>
#include <limits>

namespace mon::stats {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double normal_sf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) return std::numeric_limits<double>::quiet_NaN();
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && std::nextafter(lo, hi) < hi; ++i) {
    double mid = lo + (hi - lo) / 2;
    if (normal_cdf(mid) < p)
      lo = mid;
    else
      hi = mid;
  }
  return hi;
}

}  // namespace mon::stats
