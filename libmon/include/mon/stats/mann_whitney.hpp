#pragma once
// The two-sided Mann-Whitney U test (Wilcoxon rank-sum test) of two independent samples.
//
// U_x counts the pairs (x_i, y_j) with x_i > y_j, ties counting one half (Mann & Whitney 1947);
// U_x + U_y = n_x n_y. The p-value is two-sided: 2 P(U <= min(U_x, U_y)), capped at 1.
//
// Exact or approximate: as R's wilcox.test does, the exact null distribution is used when both
// samples have fewer than 50 values and there are no ties (the exact distribution assumes
// distinct values). Otherwise the normal approximation with mean n_x n_y / 2, the tie-corrected
// variance n_x n_y / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))), and a continuity correction of 1/2
// towards the mean. (The exact distribution is computed with Harding's 1984 generating-function
// recursion in 128-bit integers, exact for these sizes.)
#include <cstddef>
#include <span>
#include <vector>

namespace mon::stats {

struct MannWhitney {
  double u_x = 0;    // pairs where the x value is larger (ties count 1/2)
  double u_y = 0;    // n_x n_y - u_x
  double z = 0;      // normal statistic (0 when the exact distribution was used)
  double p_value = 1;  // two-sided
  bool exact = false;
};

// NaN values must not be passed. Samples of size 0 give p = 1.
MannWhitney mann_whitney(std::span<const double> x, std::span<const double> y);

// P(U <= u) under the null hypothesis for sample sizes m and n without ties (m, n < 50).
double mann_whitney_exact_cdf(std::size_t m, std::size_t n, double u);
// The same for every u = 0 .. m n at once: element u is P(U <= u).
std::vector<double> mann_whitney_exact_distribution(std::size_t m, std::size_t n);

// Sizes below which the exact distribution is used (both samples, no ties).
inline constexpr std::size_t kExactLimit = 50;

// The smallest two-sided p-value mann_whitney can give for samples of sizes m and n without
// ties (every x below every y): 2 / C(m + n, m) with the exact distribution, the normal
// approximation's value at U = 0 otherwise; 1 when either sample is empty. A test at level alpha
// can only ever reject when this is below alpha: 3 runs against 3 give at best p = 0.1.
// (Ties move the normal approximation's variance; they never make a gate possible that this
// bound rules out for untied data in practice, and run times are not tied.)
double mann_whitney_min_p(std::size_t m, std::size_t n);

}  // namespace mon::stats
