#pragma once
// Descriptive statistics of a sample of measurements: the numbers a benchmark summary shows.
//
// Definitions (so that two tools reading the same samples agree):
// - stddev is the sample standard deviation (divisor n-1), as hyperfine reports it; NaN for n < 2.
// - quantile(p) is Hyndman & Fan (1996) type 7, the default of R and NumPy: with the sorted sample
//   x[0..n-1], h = (n-1)p, q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
//   The median is quantile(0.5) (the usual middle value or mean of the two middle values).
// - IQR = quantile(0.75) - quantile(0.25).
// - MAD is the raw median absolute deviation median(|x - median(x)|), without the 1.4826 factor:
//   the modified Z-score below scales it itself.
#include <cstddef>
#include <span>
#include <vector>

namespace mon::stats {

double mean(std::span<const double> values);              // NaN when empty
double stddev(std::span<const double> values);            // sample (n-1); NaN when n < 2
double quantile_sorted(std::span<const double> sorted, double p);  // type 7; sorted ascending; NaN if empty
double median_sorted(std::span<const double> sorted);
double median(std::span<const double> values);            // copies and sorts
double mad(std::span<const double> values);               // raw median absolute deviation

struct Summary {
  std::size_t n = 0;
  double mean = 0;
  double stddev = 0;  // NaN when n < 2
  double median = 0;
  double min = 0;
  double max = 0;
  double p5 = 0;
  double p95 = 0;
  double q1 = 0;
  double q3 = 0;
  double iqr = 0;
  double mad = 0;
};

// Everything above in one pass over a sorted copy. All fields NaN for an empty sample.
Summary summarize(std::span<const double> values);

// Modified Z-scores of Iglewicz & Hoaglin (1993), "How to Detect and Handle Outliers", p. 11-12:
// M_i = 0.6745 (x_i - median) / MAD. 0.6745 is the 0.75 quantile of the standard normal, which
// makes M comparable to a Z-score for normal data. When MAD is 0 (more than half the values equal)
// the scores are 0 for values at the median and +/-infinity for the others.
std::vector<double> modified_zscores(std::span<const double> values);

// Iglewicz & Hoaglin recommend labelling |M_i| > 3.5 as potential outliers.
inline constexpr double kOutlierThreshold = 3.5;

// Indexes of the values whose |modified Z-score| exceeds kOutlierThreshold.
std::vector<std::size_t> outliers(std::span<const double> values);

}  // namespace mon::stats
