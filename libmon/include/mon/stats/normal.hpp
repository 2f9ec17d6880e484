#pragma once
// The standard normal distribution, for the large-sample approximations of the rank tests.
namespace mon::stats {

// P(Z <= z), through erfc for accuracy in the tails.
double normal_cdf(double z);
// P(Z > z).
double normal_sf(double z);
// The z with normal_cdf(z) = p, for 0 < p < 1 (bisection on normal_cdf to full double precision;
// only called a few times per comparison, so speed does not matter).
double normal_quantile(double p);

}  // namespace mon::stats
