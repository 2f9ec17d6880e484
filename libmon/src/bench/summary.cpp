// Summaries and warnings of benchmark results; see mon/bench/summary.hpp.
#include "mon/bench/summary.hpp"

#include <algorithm>
#include <cmath>


namespace mon::bench {

Summary summarize(const Result& r) {
  Summary s;
  s.wall = stats::summarize(r.wall);
  s.user_mean = stats::mean(r.user);
  s.system_mean = stats::mean(r.system);
  std::vector<double> rss(r.max_rss.begin(), r.max_rss.end());
  s.rss_mean_bytes = stats::mean(rss);
  s.rss_median_bytes = stats::median(rss);
  s.rss_max_bytes = r.max_rss.empty() ? 0 : *std::max_element(r.max_rss.begin(), r.max_rss.end());
  return s;
}

std::vector<std::string> warnings(const Result& r, const WarningOptions& options) {
  std::vector<std::string> out;
  if (r.failures > 0) {
    std::string w = std::to_string(r.failures) + " of " + std::to_string(r.wall.size()) + " runs failed";
    if (r.timeouts > 0) w += " (" + std::to_string(r.timeouts) + " timed out)";
    out.push_back(w + "; their times are included");
  }
  if (r.wall.size() < 3) return out;
  auto scores = stats::modified_zscores(r.wall);
  std::string hint;
  if (!options.warmup_used) hint = " Consider --warmup to fill caches before measuring.";
  if (scores[0] > stats::kOutlierThreshold) {
    out.push_back("the first run was much slower than the rest (modified Z-score " +
                  (std::isinf(scores[0]) ? std::string("inf") : std::to_string(static_cast<int>(scores[0]))) +
                  "): caches were probably cold." + hint);
    return out;
  }
  std::size_t n = 0;
  for (double z : scores)
    if (std::fabs(z) > stats::kOutlierThreshold) ++n;
  if (n > 0) {
    std::string w = std::to_string(n) + " statistical outlier" + (n > 1 ? "s" : "") +
                    " (modified Z-score above 3.5): other programs or the system may have interfered.";
    if (!options.prepare_used) w += " Run on a quiet system, or use --interleave so that drift hits every command alike.";
    out.push_back(w);
  }
  return out;
}

std::vector<stats::Ratio> relative_speeds(const std::vector<Summary>& summaries, std::size_t& fastest) {
  fastest = 0;
  for (std::size_t i = 1; i < summaries.size(); ++i)
    if (summaries[i].wall.mean < summaries[fastest].wall.mean) fastest = i;
  std::vector<stats::Ratio> out;
  const auto& ref = summaries[fastest].wall;
  for (const auto& s : summaries) {
    double sd = std::isnan(s.wall.stddev) ? 0 : s.wall.stddev;
    double ref_sd = std::isnan(ref.stddev) ? 0 : ref.stddev;
    auto r = stats::ratio(s.wall.mean, sd, ref.mean, ref_sd);
    if (std::isnan(s.wall.stddev) || std::isnan(ref.stddev)) r.stddev = std::nan("");
    out.push_back(r);
  }
  return out;
}

}  // namespace mon::bench
