#pragma once
// What `monctl watch` emits: the statistics of one series (or one group of series, --by) over
// one window. count, sum, min, max and mean are exact; quantiles come from the series' sketch
// (mon/stats/sketch.hpp) with the window's relative accuracy; rate and increase only for
// counters, as PromQL computes them (mon/watch/rate.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mon/model/metric.hpp"

namespace mon::watch {

struct WindowRecord {
  std::string name;
  model::Labels labels;
  bool counter = false;
  std::int64_t start_ms = 0, end_ms = 0;
  double count = 0, sum = 0, min = 0, max = 0, mean = 0;
  double stddev = 0;  // population standard deviation, as StatsD and Telegraf's basicstats report it; 0 for one value
  double first = 0, last = 0;
  std::optional<double> rate, increase;
  // (the quantile as the user wrote it, its value), in the order asked.
  std::vector<std::pair<std::string, double>> quantiles;
};

}  // namespace mon::watch
