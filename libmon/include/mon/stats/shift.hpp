#pragma once
// The change in location between two samples with a distribution-free confidence interval:
// the Hodges-Lehmann estimator and the interval that inverts the Mann-Whitney test.
//
// Why this and not a bootstrap: it is the interval that belongs to the Mann-Whitney test the gate
// uses (the interval excludes 0 exactly when the test rejects at the same level), it needs no random
// numbers, and its coverage is guaranteed (at least the nominal level) for any continuous
// distribution - benchmark times are skewed and often multi-modal, where a bootstrap of the
// median is known to be unreliable.
//
// With the n_x n_y differences d = y_j - x_i sorted:
//   estimate  = their median (Hodges & Lehmann 1963);
//   interval  = [d_(c+1), d_(n_x n_y - c)] where c is the largest u with 2 P(U <= u) <= 1 - level
//               (exact distribution under the same conditions as the test; the same order
//               statistics as R's wilcox.test(conf.int = TRUE) and Hollander & Wolfe,
//               "Nonparametric Statistical Methods", sec. 4.3), or, otherwise, its normal
//               approximation c = floor(n_x n_y / 2 - z_(1-(1-level)/2) sigma_U) with the
//               tie-corrected sigma_U of the test.
// The k-th difference is found by bisection on the value with an O(n_x + n_y) count per step, so
// memory stays O(n) even for 10,000 runs per side (10^8 differences are never stored).
#include <cstddef>
#include <span>

namespace mon::stats {

struct Shift {
  double estimate = 0;  // y minus x
  double lower = 0;
  double upper = 0;
  double level = 0.95;  // requested confidence level
};

// Location shift of y relative to x. NaN fields when either sample is empty.
Shift hodges_lehmann(std::span<const double> x, std::span<const double> y, double level = 0.95);

// The k-th smallest (1-based) of the differences y_j - x_i, for sorted x and y.
double kth_difference(std::span<const double> sorted_x, std::span<const double> sorted_y, std::size_t k);

// The c of the interval above (0 when the samples are too small for any interval at that level).
std::size_t interval_rank(std::size_t nx, std::size_t ny, double ties_term, double level);

}  // namespace mon::stats
