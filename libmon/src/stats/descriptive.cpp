// Descriptive statistics; definitions and references in mon/stats/descriptive.hpp.
#include "mon/stats/descriptive.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mon::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double mean(std::span<const double> values) {
  if (values.empty()) return kNaN;
  // Kahan summation: thousands of similar small values must not lose their last digits.
  double sum = 0, carry = 0;
  for (double v : values) {
    double y = v - carry;
    double t = sum + y;
    carry = (t - sum) - y;
    sum = t;
  }
  return sum / static_cast<double>(values.size());
}

double stddev(std::span<const double> values) {
  if (values.size() < 2) return kNaN;
  double m = mean(values);
  double ss = 0;
  for (double v : values) ss += (v - m) * (v - m);  // two-pass: no catastrophic cancellation
  return std::sqrt(ss / static_cast<double>(values.size() - 1));
}

double quantile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) return kNaN;
  if (p <= 0) return sorted.front();
  if (p >= 1) return sorted.back();
  double h = static_cast<double>(sorted.size() - 1) * p;
  auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  double frac = h - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

double median_sorted(std::span<const double> sorted) { return quantile_sorted(sorted, 0.5); }

double median(std::span<const double> values) {
  std::vector<double> copy(values.begin(), values.end());
  std::sort(copy.begin(), copy.end());
  return median_sorted(copy);
}

double mad(std::span<const double> values) {
  if (values.empty()) return kNaN;
  double med = median(values);
  std::vector<double> dev;
  dev.reserve(values.size());
  for (double v : values) dev.push_back(std::fabs(v - med));
  return median(dev);
}

Summary summarize(std::span<const double> values) {
  Summary s;
  s.n = values.size();
  if (values.empty()) {
    s.mean = s.stddev = s.median = s.min = s.max = s.p5 = s.p95 = s.q1 = s.q3 = s.iqr = s.mad = kNaN;
    return s;
  }
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  s.mean = mean(values);
  s.stddev = stddev(values);
  s.median = median_sorted(sorted);
  s.min = sorted.front();
  s.max = sorted.back();
  s.p5 = quantile_sorted(sorted, 0.05);
  s.p95 = quantile_sorted(sorted, 0.95);
  s.q1 = quantile_sorted(sorted, 0.25);
  s.q3 = quantile_sorted(sorted, 0.75);
  s.iqr = s.q3 - s.q1;
  s.mad = mad(values);
  return s;
}

std::vector<double> modified_zscores(std::span<const double> values) {
  std::vector<double> scores;
  scores.reserve(values.size());
  if (values.empty()) return scores;
  double med = median(values);
  double m = mad(values);
  for (double v : values) {
    double d = v - med;
    if (m > 0)
      scores.push_back(0.6745 * d / m);
    else
      scores.push_back(d == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), d));
  }
  return scores;
}

std::vector<std::size_t> outliers(std::span<const double> values) {
  std::vector<std::size_t> out;
  auto scores = modified_zscores(values);
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (std::fabs(scores[i]) > kOutlierThreshold) out.push_back(i);
  return out;
}

}  // namespace mon::stats
