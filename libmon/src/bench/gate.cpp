// The regression gate; the rule and why it needs both significance and size is in
// mon/bench/gate.hpp.
#include "mon/bench/gate.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "mon/error.hpp"
#include "mon/stats/descriptive.hpp"
#include "mon/stats/mann_whitney.hpp"

namespace mon::bench {

namespace {

// Appends a sentence for each gate of `options` that cannot fail for `what` with `runs` time and
// `rss_runs` memory samples against `base` (gate_unreachable); no memory gate without memory samples.
void unreachable_gates(std::vector<std::string>& out, const std::string& what, const BaselineEntry& base,
                       std::size_t runs, std::size_t rss_runs, const GateOptions& options) {
  if (options.fail_if_slower_pct) {
    auto why = gate_unreachable(what, "--fail-if-slower", base.times.size(), runs, options.alpha);
    if (!why.empty()) out.push_back(std::move(why));
  }
  if (options.fail_if_rss_grows_pct && !base.memory.empty() && rss_runs > 0) {
    auto why = gate_unreachable(what, "--fail-if-rss-grows", base.memory.size(), rss_runs, options.alpha);
    if (!why.empty()) out.push_back(std::move(why));
  }
}

}  // namespace

std::vector<Verdict> evaluate(const std::vector<Result>& results, const Baseline* baseline, const GateOptions& options) {
  std::vector<Verdict> out;
  for (const auto& r : results) {
    Verdict v;
    v.command = r.benchmark.name;
    v.label = label(r.benchmark);
    v.median = stats::median(r.wall);
    v.rss_max = r.max_rss.empty() ? 0 : *std::max_element(r.max_rss.begin(), r.max_rss.end());
    if (options.fail_if_rss_above && v.rss_max > *options.fail_if_rss_above) v.rss_above = true;
    const BaselineEntry* base = baseline ? baseline->find(r.benchmark.name, r.benchmark.parameters) : nullptr;
    if (base) {
      unreachable_gates(v.unreachable, v.label, *base, r.wall.size(), r.max_rss.size(), options);
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

void check_covers(const Baseline& baseline, const std::vector<Benchmark>& benchmarks) {
  std::vector<std::string> missing;
  for (const auto& b : benchmarks) {
    std::size_t n = baseline.count(b.name, b.parameters);
    if (n > 1)
      throw Error(baseline.path + ": " + std::to_string(n) + " results for " + label(b) +
                  ": the baseline is ambiguous; save it again with a distinct -n name per benchmark");
    if (n == 0) missing.push_back(label(b));
  }
  if (missing.empty()) return;
  std::string list, have;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  for (const auto& e : baseline.entries) {
    std::string l = label(e.command, e.parameters);
    if (have.find(l) == std::string::npos) have += (have.empty() ? "" : ", ") + l;
  }
  throw Error(baseline.path + ": no baseline for " + list + " (it has " + have +
              "); name commands with -n to match, or save a new baseline");
}

std::size_t runs_needed(std::size_t other_runs, double alpha, std::size_t limit) {
  if (other_runs == 0) return 0;
  for (std::size_t n = 1; n <= limit; ++n)
    if (stats::mann_whitney_min_p(other_runs, n) < alpha) return n;
  return 0;
}

std::string gate_unreachable(const std::string& what, const char* option, std::size_t baseline_runs, std::size_t runs,
                             double alpha) {
  double best = stats::mann_whitney_min_p(baseline_runs, runs);
  if (best < alpha) return {};
  std::string s = std::string(option) + " cannot fail for " + what + ": with " + std::to_string(runs) + " run" +
                  (runs == 1 ? "" : "s") + " against the baseline's " + std::to_string(baseline_runs) +
                  ", the smallest possible Mann-Whitney p-value is " + fmt::format("{:.3g}", best) +
                  ", not below --alpha " + fmt::format("{:g}", alpha);
  std::size_t need = runs_needed(baseline_runs, alpha);
  if (need > 0) return s + "; use at least " + std::to_string(need) + " runs (-r " + std::to_string(need) + ")";
  std::size_t base_need = runs_needed(runs, alpha);
  return s + "; the baseline has too few runs for any count: save it again with at least " +
         std::to_string(std::max<std::size_t>(base_need, 2)) + " runs";
}

std::vector<std::string> unreachable_before(const Baseline& baseline, const std::vector<Benchmark>& benchmarks,
                                            std::size_t runs, const GateOptions& options) {
  std::vector<std::string> out;
  for (const auto& b : benchmarks) {
    if (const BaselineEntry* e = baseline.find(b.name, b.parameters)) unreachable_gates(out, label(b), *e, runs, runs, options);
  }
  return out;
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
