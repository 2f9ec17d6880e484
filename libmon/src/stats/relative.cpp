// Ratio of means with first-order uncertainty propagation; see mon/stats/relative.hpp.
#include "mon/stats/relative.hpp"

#include <cmath>
#include <limits>

namespace mon::stats {

Ratio ratio(double mean, double stddev, double reference_mean, double reference_stddev) {
  Ratio r;
  if (reference_mean == 0) {
    r.value = mean == 0 ? 1 : std::numeric_limits<double>::infinity();
    r.stddev = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  r.value = mean / reference_mean;
  double a = mean == 0 ? 0 : stddev / mean;
  double b = reference_stddev / reference_mean;
  r.stddev = r.value * std::sqrt(a * a + b * b);
  return r;
}

}  // namespace mon::stats
