#pragma once
// Relative speed of two commands with its uncertainty, as hyperfine reports it: the ratio of the
// means, and its standard deviation by first-order propagation of uncertainty for independent
// variables (https://en.wikipedia.org/wiki/Propagation_of_uncertainty#Example_formulae):
//   r = a / b,  sigma_r = r sqrt((sigma_a / a)^2 + (sigma_b / b)^2).
namespace mon::stats {

struct Ratio {
  double value = 0;
  double stddev = 0;  // NaN when either standard deviation is unknown (a single run)
};

// How many times slower `mean` is than `reference_mean` (>= 1 when it is slower). A zero
// reference mean gives +infinity.
Ratio ratio(double mean, double stddev, double reference_mean, double reference_stddev);

}  // namespace mon::stats
