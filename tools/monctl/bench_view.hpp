#pragma once
// What `monctl bench` shows a person: the progress bar (stderr, terminals only), the per-command
// summary with a small histogram, the relative speeds and the baseline verdicts (stdout).
#include <cstdio>
#include <string>
#include <vector>

#include "mon/bench/export.hpp"
#include "mon/bench/gate.hpp"
#include "mon/bench/runner.hpp"
#include "mon/bench/summary.hpp"
#include "mon/style.hpp"

namespace monctl::bench_view {

// "1.23 ms", "456.7 µs", "2.345 s"; in a fixed unit when one is asked for (-u/--time-unit).
std::string format_time(double seconds, mon::bench::TimeUnit unit = mon::bench::TimeUnit::automatic);
std::string format_bytes(double bytes);

// A one-line histogram of the run times: bins from the fastest run to the slowest (runs far above
// the upper quartile are gathered in the last bin, marked with '+').
std::string histogram(const std::vector<double>& times, std::size_t bins, bool unicode,
                      mon::bench::TimeUnit unit = mon::bench::TimeUnit::automatic);

// How the report looks: markup from style.hpp (style_for), block characters or ASCII, the time
// unit and the order of the relative speeds (hyperfine's --time-unit and --sort).
struct Style {
  mon::Style markup;
  bool unicode = true;
  mon::bench::TimeUnit unit = mon::bench::TimeUnit::automatic;
  mon::bench::SortOrder sort = mon::bench::SortOrder::automatic;
};

std::string benchmark_header(std::size_t index, const mon::bench::Result& r, const Style& st);
std::string summary_block(const mon::bench::Result& r, const mon::bench::Summary& s, const Style& st);
std::string relative_block(const std::vector<mon::bench::Result>& results, const std::vector<mon::bench::Summary>& sums,
                           const Style& st);
std::string verdict_block(const mon::bench::Baseline& baseline, const std::vector<mon::bench::Verdict>& verdicts,
                          const mon::bench::GateOptions& gate, const Style& st);
// The rss-above verdicts when no baseline was given.
std::string limit_block(const std::vector<mon::bench::Verdict>& verdicts, const mon::bench::GateOptions& gate,
                        const Style& st);

// Progress bar with the current estimate, redrawn at most 20 times a second on stderr.
class ProgressBar : public mon::bench::Progress {
 public:
  ProgressBar(std::vector<std::string> names, mon::Style markup);
  ~ProgressBar() override;
  void calibrating_shell(std::size_t done, std::size_t total) override;
  void warmup(std::size_t bench, std::size_t done, std::size_t total) override;
  void measured(std::size_t bench, std::size_t done, std::size_t total, double estimate) override;
  void finished(std::size_t bench) override;
  void clear();

 private:
  void draw(const std::string& label, std::size_t done, std::size_t total, const std::string& extra, bool force);
  std::vector<std::string> names_;
  mon::Style markup_;
  double last_draw_ = 0;
  bool shown_ = false;
};

}  // namespace monctl::bench_view
