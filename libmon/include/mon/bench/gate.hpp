#pragma once
// The CI gate: each command against its namesake in a baseline.
//
// Time: the change is the Hodges-Lehmann shift of the run times (current minus baseline) with its
// 95% distribution-free interval, as a percentage of the baseline median; the evidence is the
// two-sided Mann-Whitney U test. --fail-if-slower PCT fails a command only when the test is
// significant (p < alpha) AND the estimated slowdown exceeds PCT: a ratio alone makes flaky gates,
// significance alone flags 0.1% changes that nobody cares about.
// Memory: --fail-if-rss-grows PCT applies the same rule to the per-run max RSS samples;
// --fail-if-rss-above BYTES fails when any run's max RSS exceeds BYTES (a limit is a ceiling).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mon/bench/baseline.hpp"
#include "mon/bench/runner.hpp"
#include "mon/stats/mann_whitney.hpp"
#include "mon/stats/shift.hpp"

namespace mon::bench {

struct GateOptions {
  std::optional<double> fail_if_slower_pct;
  double alpha = 0.05;
  std::optional<std::int64_t> fail_if_rss_above;
  std::optional<double> fail_if_rss_grows_pct;
};

struct Verdict {
  std::string command;
  std::string label;      // the command's name with the parameters that tell it apart (plan.hpp)
  bool compared = false;  // a baseline entry was found
  double base_median = 0;
  double median = 0;
  double median_change_pct = 0;
  stats::Shift shift;  // seconds, current minus baseline
  double shift_pct = 0, lower_pct = 0, upper_pct = 0;
  stats::MannWhitney test;
  bool significant = false;
  bool slower = false;  // fails --fail-if-slower
  bool rss_compared = false;
  double base_rss_median = 0;
  double rss_median = 0;
  double rss_shift_pct = 0;
  stats::MannWhitney rss_test;
  bool rss_grew = false;  // fails --fail-if-rss-grows
  std::int64_t rss_max = 0;
  bool rss_above = false;  // fails --fail-if-rss-above
  std::vector<std::string> notes;  // e.g. "the baseline has no memory samples"
  // A --fail-if-slower or --fail-if-rss-grows that could not have failed with these run counts,
  // whatever the samples (see gate_unreachable): one sentence each. The caller makes it a usage
  // error - a gate that cannot fail must not pass silently.
  std::vector<std::string> unreachable;
  bool regressed() const { return slower || rss_grew || rss_above; }
};

std::vector<Verdict> evaluate(const std::vector<Result>& results, const Baseline* baseline, const GateOptions& options);

// Throws mon::Error naming the file and the benchmarks (name and parameters) it lacks, or holds
// more than once (checked before any run).
void check_covers(const Baseline& baseline, const std::vector<Benchmark>& benchmarks);

// The fewest runs that, against `other_runs` samples, let the two-sided Mann-Whitney test reach
// p < alpha (stats::mann_whitney_min_p); 0 when no count up to `limit` can (a baseline of one run
// never reaches alpha = 0.05 once the normal approximation takes over).
std::size_t runs_needed(std::size_t other_runs, double alpha, std::size_t limit = 100000);

// Empty when a gate `option` ("--fail-if-slower") comparing `runs` samples of `what` with
// `baseline_runs` baseline samples can fail at level alpha; otherwise the sentence that says why
// not and how many runs it needs.
std::string gate_unreachable(const std::string& what, const char* option, std::size_t baseline_runs, std::size_t runs,
                             double alpha);

// Before any run, when the number of runs is known (--runs N): the gates that could never fail,
// one sentence each (empty: all can).
std::vector<std::string> unreachable_before(const Baseline& baseline, const std::vector<Benchmark>& benchmarks,
                                            std::size_t runs, const GateOptions& options);

// "512MiB", "1.5G", "200000", "64 kB". Binary suffixes K/M/G/T and KiB.., decimal kB/MB/GB.
std::optional<std::int64_t> parse_bytes(std::string_view text);

}  // namespace mon::bench
