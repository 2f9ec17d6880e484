#pragma once
// What a benchmark's runs add up to: time statistics, CPU means, memory, and the warnings a
// careful reader wants (outliers, a slow first run, failed runs).
#include <cstdint>
#include <string>
#include <vector>

#include "mon/bench/runner.hpp"
#include "mon/stats/descriptive.hpp"
#include "mon/stats/relative.hpp"

namespace mon::bench {

struct Summary {
  stats::Summary wall;
  double user_mean = 0;
  double system_mean = 0;
  double rss_mean_bytes = 0;
  std::int64_t rss_max_bytes = 0;
  double rss_median_bytes = 0;
};

Summary summarize(const Result& result);

struct WarningOptions {
  bool warmup_used = false;
  bool prepare_used = false;
};

// Human sentences, empty when all is well. Outliers: |modified Z-score| > 3.5 (Iglewicz &
// Hoaglin); the first run is singled out when it is the slow outlier (hyperfine's rule).
std::vector<std::string> warnings(const Result& result, const WarningOptions& options);

// Relative speeds against the fastest command by mean (hyperfine's summary): ratio >= 1, with
// the propagated uncertainty. Index of the fastest in `fastest`.
std::vector<stats::Ratio> relative_speeds(const std::vector<Summary>& summaries, std::size_t& fastest);

}  // namespace mon::bench
