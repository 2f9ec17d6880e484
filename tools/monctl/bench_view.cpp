// Human-readable output of `monctl bench`; see bench_view.hpp.
#include "bench_view.hpp"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <cmath>

namespace monctl::bench_view {

namespace {

// The markup of style.hpp by role; std::string_view, which fmt prints as it is.
std::string_view strong(const Style& st) { return st.markup.strong; }
std::string_view good(const Style& st) { return st.markup.good; }
std::string_view bad(const Style& st) { return st.markup.bad; }
std::string_view warn(const Style& st) { return st.markup.warning; }
std::string_view faint(const Style& st) { return st.markup.faint; }
std::string_view reset(const Style& st) { return st.markup.reset; }

double now_seconds() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string percent(double pct) {
  if (!std::isfinite(pct)) return "n/a";
  if (std::fabs(pct) >= 1000) return fmt::format("{:+.0f}%", pct);
  return fmt::format("{:+.1f}%", pct);
}

// A bound the user gave (a percentage, alpha) as they would write it: at most 6 significant
// digits, no exponent for everyday values.
std::string bound(double v) { return fmt::format("{:.6g}", v); }

std::string p_value(double p) {
  if (p < 1e-4) return fmt::format("p = {:.1e}", p);
  return fmt::format("p = {:.4f}", p);
}

}  // namespace

std::string format_time(double s, mon::bench::TimeUnit unit) {
  if (!std::isfinite(s)) return "n/a";
  if (unit != mon::bench::TimeUnit::automatic)
    return mon::bench::format_in(s, unit) + " " + mon::bench::unit_symbol(unit);
  double a = std::fabs(s);
  if (a < 1e-3) return fmt::format("{:.1f} µs", s * 1e6);
  if (a < 1) return fmt::format("{:.2f} ms", s * 1e3);
  return fmt::format("{:.3f} s", s);
}

std::string format_bytes(double b) {
  if (b < 1024) return fmt::format("{:.0f} B", b);
  if (b < 1024.0 * 1024) return fmt::format("{:.1f} KiB", b / 1024);
  if (b < 1024.0 * 1024 * 1024) return fmt::format("{:.1f} MiB", b / (1024.0 * 1024));
  return fmt::format("{:.2f} GiB", b / (1024.0 * 1024 * 1024));
}

std::string histogram(const std::vector<double>& times, std::size_t bins, bool unicode, mon::bench::TimeUnit unit) {
  if (times.size() < 2 || bins == 0) return {};
  auto st = mon::stats::summarize(times);
  double lo = st.min, hi = st.max;
  bool clipped = false;
  if (st.iqr > 0 && hi > st.q3 + 3 * st.iqr) {
    hi = st.q3 + 3 * st.iqr;
    clipped = true;
  }
  if (!(hi > lo)) return {};
  std::vector<std::size_t> count(bins, 0);
  for (double t : times) {
    auto b = static_cast<std::size_t>((t - lo) / (hi - lo) * static_cast<double>(bins));
    count[std::min(b, bins - 1)]++;
  }
  std::size_t peak = *std::max_element(count.begin(), count.end());
  static const char* const kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  static const char kAscii[] = {'.', '.', ':', ':', '+', '+', '#', '#'};
  std::string out;
  for (std::size_t c : count) {
    if (c == 0) {
      out += ' ';
      continue;
    }
    auto level = static_cast<std::size_t>(std::ceil(8.0 * static_cast<double>(c) / static_cast<double>(peak))) - 1;
    level = std::min<std::size_t>(level, 7);
    if (unicode)
      out += kBlocks[level];
    else
      out += kAscii[level];
  }
  return format_time(lo, unit) + " " + out + " " + format_time(hi, unit) + (clipped ? "+" : "");
}

std::string benchmark_header(std::size_t index, const mon::bench::Result& r, const Style& st) {
  std::string params;
  for (const auto& p : r.benchmark.parameters)
    if (r.benchmark.name.find(p.value) == std::string::npos)
      params += (params.empty() ? " (" : ", ") + p.name + " = " + p.value;
  if (!params.empty()) params += ")";
  return fmt::format("{}Benchmark {}{}: {}{}\n", strong(st), index + 1, reset(st), r.benchmark.name, params);
}

std::string summary_block(const mon::bench::Result& r, const mon::bench::Summary& s, const Style& st) {
  const auto& w = s.wall;
  std::string out;
  auto g = good(st);
  auto z = reset(st);
  auto d = faint(st);
  auto t = [&](double seconds) { return format_time(seconds, st.unit); };
  if (w.n == 1) {
    out += fmt::format("  Time (single run):     {}{:>10}{}   [User: {}, System: {}]\n", g, t(w.mean), z,
                       t(s.user_mean), t(s.system_mean));
  } else {
    out += fmt::format("  Time (mean ± σ):       {}{:>10}{} ± {:>10}   [User: {}, System: {}]\n", g,
                       t(w.mean), z, t(w.stddev), t(s.user_mean),
                       t(s.system_mean));
    out += fmt::format("  Median (p5 … p95):     {:>10}   ({} … {}, IQR {})\n", t(w.median),
                       t(w.p5), t(w.p95), t(w.iqr));
    out += fmt::format("  Range (min … max):     {:>10} … {:>10}   {}{} runs{}\n", t(w.min), t(w.max),
                       d, w.n, z);
  }
  out += fmt::format("  Max RSS:               {:>10}   (mean {}){}\n", format_bytes(static_cast<double>(s.rss_max_bytes)),
                     format_bytes(s.rss_mean_bytes),
                     s.rss_max_bytes <= r.rss_floor_bytes ? fmt::format("{}  at the measurement floor: the command uses at most this{}", d, z) : "");
  std::string h = histogram(r.wall, 24, st.unicode, st.unit);
  if (!h.empty()) out += "  Histogram:             " + h + "\n";
  return out;
}

std::string relative_block(const std::vector<mon::bench::Result>& results, const std::vector<mon::bench::Summary>& sums,
                           const Style& st) {
  if (results.size() < 2) return {};
  std::size_t fastest = 0;
  auto rel = mon::bench::relative_speeds(sums, fastest);
  std::string out = fmt::format("{}Summary{}\n  {}'{}'{} ran\n", strong(st), reset(st), good(st),
                                results[fastest].benchmark.name, reset(st));
  // hyperfine's --sort: by time (the default) or in the order given.
  auto order = mon::bench::table_order(results, st.sort == mon::bench::SortOrder::command ? mon::bench::SortOrder::command
                                                                                           : mon::bench::SortOrder::mean_time);
  for (std::size_t i : order) {
    if (i == fastest) continue;
    std::string ratio = std::isnan(rel[i].stddev) ? fmt::format("{:.2f}", rel[i].value)
                                                  : fmt::format("{:.2f} ± {:.2f}", rel[i].value, rel[i].stddev);
    out += fmt::format("    {}{}{} times faster than '{}'\n", strong(st), ratio, reset(st),
                       results[i].benchmark.name);
  }
  return out;
}

std::string verdict_block(const mon::bench::Baseline& baseline, const std::vector<mon::bench::Verdict>& verdicts,
                          const mon::bench::GateOptions& gate, const Style& st) {
  std::string out = fmt::format("{}Compared with baseline {}{}", strong(st), baseline.path, reset(st));
  if (baseline.from_hyperfine) out += " (hyperfine export)";
  else if (baseline.machine) out += " (" + baseline.created + ", " + mon::bench::to_string(*baseline.machine) + ")";
  out += "\n";
  for (const auto& v : verdicts) {
    out += "  " + (v.label.empty() ? v.command : v.label) + "\n";
    out += fmt::format("    median {} → {} ({}); shift {} [95% CI {} … {}]; Mann-Whitney {}{}\n",
                       format_time(v.base_median), format_time(v.median), percent(v.median_change_pct),
                       percent(v.shift_pct), percent(v.lower_pct), percent(v.upper_pct), p_value(v.test.p_value),
                       v.test.exact ? " (exact)" : "");
    std::string verdict;
    if (v.slower) {
      verdict = fmt::format("{}REGRESSION{}: {} slower (more than {}%) and significant ({} < alpha {})", bad(st),
                            reset(st), percent(v.shift_pct), bound(*gate.fail_if_slower_pct), p_value(v.test.p_value),
                            bound(gate.alpha));
    } else if (v.significant) {
      auto c = v.shift.estimate > 0 ? warn(st) : good(st);
      verdict = fmt::format("{}{}{} ({} at alpha {})", c, v.shift.estimate > 0 ? "slower" : "faster",
                            reset(st), percent(v.shift_pct), bound(gate.alpha));
      if (v.shift.estimate > 0 && gate.fail_if_slower_pct)
        verdict += fmt::format(", within --fail-if-slower {}%", bound(*gate.fail_if_slower_pct));
    } else {
      verdict = fmt::format("no significant change (alpha {})", bound(gate.alpha));
    }
    out += "    time: " + verdict + "\n";
    if (v.rss_compared) {
      out += fmt::format("    max RSS: median {} → {} ({}), Mann-Whitney {}", format_bytes(v.base_rss_median),
                         format_bytes(v.rss_median), percent(v.rss_shift_pct), p_value(v.rss_test.p_value));
      if (v.rss_grew)
        out += fmt::format(" — {}REGRESSION{}: grew more than {}%", bad(st), reset(st),
                           bound(*gate.fail_if_rss_grows_pct));
      out += "\n";
    }
    if (v.rss_above)
      out += fmt::format("    max RSS {} is above the limit {} — {}REGRESSION{}\n", format_bytes(static_cast<double>(v.rss_max)),
                         format_bytes(static_cast<double>(*gate.fail_if_rss_above)), bad(st), reset(st));
    for (const auto& n : v.notes) out += "    note: " + n + "\n";
  }
  return out;
}

std::string limit_block(const std::vector<mon::bench::Verdict>& verdicts, const mon::bench::GateOptions& gate,
                        const Style& st) {
  if (!gate.fail_if_rss_above) return {};
  std::string out;
  for (const auto& v : verdicts) {
    out += fmt::format("  {}: max RSS {} {} the limit {}{}\n", v.command, format_bytes(static_cast<double>(v.rss_max)),
                       v.rss_above ? "is above" : "is within", format_bytes(static_cast<double>(*gate.fail_if_rss_above)),
                       v.rss_above ? fmt::format(" — {}REGRESSION{}", bad(st), reset(st)) : "");
  }
  return out;
}

ProgressBar::ProgressBar(std::vector<std::string> names, mon::Style markup)
    : names_(std::move(names)), markup_(markup) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::clear() {
  if (!shown_) return;
  std::fputs("\r\033[2K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

void ProgressBar::draw(const std::string& label, std::size_t done, std::size_t total, const std::string& extra, bool force) {
  double t = now_seconds();
  if (!force && t - last_draw_ < 0.05) return;
  last_draw_ = t;
  constexpr std::size_t kWidth = 30;
  std::size_t filled = total ? std::min(kWidth, done * kWidth / total) : 0;
  std::string bar(filled, '#');
  bar.append(kWidth - filled, '-');
  // \r and erase-line redraw in place: the bar is only drawn on a terminal.
  std::string line = "\r\033[2K" + std::string(markup_.strong) + label + std::string(markup_.reset) + " [" + bar + "] " +
                     std::to_string(done) + "/" + std::to_string(total) + " " + extra;
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
}

void ProgressBar::calibrating_shell(std::size_t done, std::size_t total) {
  draw("Measuring the shell's spawn time", done, total, "", done == total);
}

void ProgressBar::warmup(std::size_t bench, std::size_t done, std::size_t total) {
  draw(names_[bench] + ": warmup", done, total, "", done == total);
}

void ProgressBar::measured(std::size_t bench, std::size_t done, std::size_t total, double estimate) {
  double left = static_cast<double>(total - std::min(done, total)) * estimate;
  draw(names_[bench], done, total, "estimate " + format_time(estimate) + ", " + fmt::format("{:.0f}", std::ceil(left)) + " s left",
       done == 1);
}

void ProgressBar::finished(std::size_t) { clear(); }

}  // namespace monctl::bench_view
