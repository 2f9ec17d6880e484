// The regression gate; the rule and why it needs both significance and size is in
// mon/bench/gate.hpp.
#include "mon/bench/gate.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "mon/error.hpp"
#include "mon/stats/descriptive.hpp"

namespace mon::bench {

std::vector<Verdict> evaluate(const std::vector<Result>& results, const Baseline* baseline, const GateOptions& options) {
  std::vector<Verdict> out;
  for (const auto& r : results) {
    Verdict v;
    v.command = r.benchmark.name;
    v.median = stats::median(r.wall);
    v.rss_max = r.max_rss.empty() ? 0 : *std::max_element(r.max_rss.begin(), r.max_rss.end());
    if (options.fail_if_rss_above && v.rss_max > *options.fail_if_rss_above) v.rss_above = true;
    const BaselineEntry* base = baseline ? baseline->find(r.benchmark.name) : nullptr;
    if (base) {
      v.compared = true;
      v.base_median = stats::median(base->times);
      v.median_change_pct = v.base_median > 0 ? 100 * (v.median / v.base_median - 1) : 0;
      v.test = stats::mann_whitney(base->times, r.wall);
      v.shift = stats::hodges_lehmann(base->times, r.wall, 0.95);
      if (v.base_median > 0) {
        v.shift_pct = 100 * v.shift.estimate / v.base_median;
        v.lower_pct = 100 * v.shift.lower / v.base_median;
        v.upper_pct = 100 * v.shift.upper / v.base_median;
      }
      v.significant = v.test.p_value < options.alpha;
      if (options.fail_if_slower_pct && v.significant && v.shift.estimate > 0 && v.shift_pct > *options.fail_if_slower_pct)
        v.slower = true;
      if (!base->memory.empty() && !r.max_rss.empty()) {
        v.rss_compared = true;
        std::vector<double> rss(r.max_rss.begin(), r.max_rss.end());
        v.base_rss_median = stats::median(base->memory);
        v.rss_median = stats::median(rss);
        v.rss_test = stats::mann_whitney(base->memory, rss);
        auto shift = stats::hodges_lehmann(base->memory, rss, 0.95);
        if (v.base_rss_median > 0) v.rss_shift_pct = 100 * shift.estimate / v.base_rss_median;
        // Below the floor the command's own RSS is hidden (mon/bench/spawner.hpp): a change there is
        // monctl's, not the command's.
        bool measurable = v.rss_median > static_cast<double>(r.rss_floor_bytes);
        if (options.fail_if_rss_grows_pct && !measurable)
          v.notes.push_back("its max RSS is at the measurement floor (" + std::to_string(r.rss_floor_bytes) +
                            " bytes, monctl's helper process): growth below it cannot be measured");
        if (options.fail_if_rss_grows_pct && measurable && v.rss_test.p_value < options.alpha && shift.estimate > 0 &&
            v.rss_shift_pct > *options.fail_if_rss_grows_pct)
          v.rss_grew = true;
      } else if (options.fail_if_rss_grows_pct) {
        v.notes.push_back("the baseline has no memory samples for it (hyperfine before 1.18 does not record them): "
                          "--fail-if-rss-grows not checked");
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

void check_covers(const Baseline& baseline, const std::vector<std::string>& names) {
  std::vector<std::string> missing;
  for (const auto& n : names)
    if (!baseline.find(n)) missing.push_back(n);
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "'" : ", '") + m + "'";
  std::string have;
  for (const auto& e : baseline.entries) have += (have.empty() ? "'" : ", '") + e.command + "'";
  throw Error(baseline.path + ": no baseline for " + list + " (it has " + have +
              "); name commands with -n to match, or save a new baseline");
}

std::optional<std::int64_t> parse_bytes(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  std::string number(text.substr(0, i));
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (!end || *end != '\0') return std::nullopt;
  std::string unit(text.substr(i));
  unit.erase(0, unit.find_first_not_of(' '));
  double k = 1;
  if (unit.empty() || unit == "B")
    k = 1;
  else if (unit == "K" || unit == "KiB" || unit == "k")
    k = 1024.0;
  else if (unit == "M" || unit == "MiB")
    k = 1024.0 * 1024;
  else if (unit == "G" || unit == "GiB")
    k = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "TiB")
    k = 1024.0 * 1024 * 1024 * 1024;
  else if (unit == "kB" || unit == "KB")
    k = 1e3;
  else if (unit == "MB")
    k = 1e6;
  else if (unit == "GB")
    k = 1e9;
  else if (unit == "TB")
    k = 1e12;
  else
    return std::nullopt;
  double bytes = value * k;
  if (!std::isfinite(bytes) || bytes > 9e18) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(bytes));
}

}  // namespace mon::bench
