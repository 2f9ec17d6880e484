// Human-readable output of `monctl bench`; see bench_view.hpp.
#include "bench_view.hpp"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <cmath>

namespace monctl::bench_view {

namespace {

const char* paint(const Style& st, const char* code) { return st.color ? code : ""; }
constexpr const char* kBold = "\033[1m";
constexpr const char* kGreen = "\033[32m";
constexpr const char* kRed = "\033[31m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

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

std::string p_value(double p) {
  if (p < 1e-4) return fmt::format("p = {:.1e}", p);
  return fmt::format("p = {:.4f}", p);
}

}  // namespace

std::string format_time(double s) {
  if (!std::isfinite(s)) return "n/a";
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

std::string histogram(const std::vector<double>& times, std::size_t bins, bool unicode) {
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
  return format_time(lo) + " " + out + " " + format_time(hi) + (clipped ? "+" : "");
}

std::string benchmark_header(std::size_t index, const mon::bench::Result& r, const Style& st) {
  std::string params;
  for (const auto& p : r.benchmark.parameters)
    if (r.benchmark.name.find(p.value) == std::string::npos)
      params += (params.empty() ? " (" : ", ") + p.name + " = " + p.value;
  if (!params.empty()) params += ")";
  return fmt::format("{}Benchmark {}{}: {}{}\n", paint(st, kBold), index + 1, paint(st, kReset), r.benchmark.name, params);
}

std::string summary_block(const mon::bench::Result& r, const mon::bench::Summary& s, const Style& st) {
  const auto& w = s.wall;
  std::string out;
  const char* g = paint(st, kGreen);
  const char* z = paint(st, kReset);
  const char* d = paint(st, kDim);
  if (w.n == 1) {
    out += fmt::format("  Time (single run):     {}{:>10}{}   [User: {}, System: {}]\n", g, format_time(w.mean), z,
                       format_time(s.user_mean), format_time(s.system_mean));
  } else {
    out += fmt::format("  Time (mean ± σ):       {}{:>10}{} ± {:>10}   [User: {}, System: {}]\n", g,
                       format_time(w.mean), z, format_time(w.stddev), format_time(s.user_mean),
                       format_time(s.system_mean));
    out += fmt::format("  Median (p5 … p95):     {:>10}   ({} … {}, IQR {})\n", format_time(w.median),
                       format_time(w.p5), format_time(w.p95), format_time(w.iqr));
    out += fmt::format("  Range (min … max):     {:>10} … {:>10}   {}{} runs{}\n", format_time(w.min), format_time(w.max),
                       d, w.n, z);
  }
  out += fmt::format("  Max RSS:               {:>10}   (mean {}){}\n", format_bytes(static_cast<double>(s.rss_max_bytes)),
                     format_bytes(s.rss_mean_bytes),
                     s.rss_max_bytes <= r.rss_floor_bytes ? fmt::format("{}  at the measurement floor: the command uses at most this{}", d, z) : "");
  std::string h = histogram(r.wall, 24, st.unicode);
  if (!h.empty()) out += "  Histogram:             " + h + "\n";
  return out;
}

std::string relative_block(const std::vector<mon::bench::Result>& results, const std::vector<mon::bench::Summary>& sums,
                           const Style& st) {
  if (results.size() < 2) return {};
  std::size_t fastest = 0;
  auto rel = mon::bench::relative_speeds(sums, fastest);
  std::string out = fmt::format("{}Summary{}\n  {}'{}'{} ran\n", paint(st, kBold), paint(st, kReset), paint(st, kGreen),
                                results[fastest].benchmark.name, paint(st, kReset));
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (i == fastest) continue;
    std::string ratio = std::isnan(rel[i].stddev) ? fmt::format("{:.2f}", rel[i].value)
                                                  : fmt::format("{:.2f} ± {:.2f}", rel[i].value, rel[i].stddev);
    out += fmt::format("    {}{}{} times faster than '{}'\n", paint(st, kBold), ratio, paint(st, kReset),
                       results[i].benchmark.name);
  }
  return out;
}

std::string verdict_block(const mon::bench::Baseline& baseline, const std::vector<mon::bench::Verdict>& verdicts,
                          const mon::bench::GateOptions& gate, const Style& st) {
  std::string out = fmt::format("{}Compared with baseline {}{}", paint(st, kBold), baseline.path, paint(st, kReset));
  if (baseline.from_hyperfine) out += " (hyperfine export)";
  else if (baseline.machine) out += " (" + baseline.created + ", " + mon::bench::to_string(*baseline.machine) + ")";
  out += "\n";
  for (const auto& v : verdicts) {
    out += "  " + v.command + "\n";
    out += fmt::format("    median {} → {} ({}); shift {} [95% CI {} … {}]; Mann-Whitney {}{}\n",
                       format_time(v.base_median), format_time(v.median), percent(v.median_change_pct),
                       percent(v.shift_pct), percent(v.lower_pct), percent(v.upper_pct), p_value(v.test.p_value),
                       v.test.exact ? " (exact)" : "");
    std::string verdict;
    if (v.slower) {
      verdict = fmt::format("{}REGRESSION{}: {} slower (more than {}%) and significant ({} < alpha {})", paint(st, kRed),
                            paint(st, kReset), percent(v.shift_pct), *gate.fail_if_slower_pct, p_value(v.test.p_value),
                            gate.alpha);
    } else if (v.significant) {
      const char* c = v.shift.estimate > 0 ? kYellow : kGreen;
      verdict = fmt::format("{}{}{} ({} at alpha {})", paint(st, c), v.shift.estimate > 0 ? "slower" : "faster",
                            paint(st, kReset), percent(v.shift_pct), gate.alpha);
      if (v.shift.estimate > 0 && gate.fail_if_slower_pct)
        verdict += fmt::format(", within --fail-if-slower {}%", *gate.fail_if_slower_pct);
    } else {
      verdict = fmt::format("no significant change (alpha {})", gate.alpha);
    }
    out += "    time: " + verdict + "\n";
    if (v.rss_compared) {
      out += fmt::format("    max RSS: median {} → {} ({}), Mann-Whitney {}", format_bytes(v.base_rss_median),
                         format_bytes(v.rss_median), percent(v.rss_shift_pct), p_value(v.rss_test.p_value));
      if (v.rss_grew)
        out += fmt::format(" — {}REGRESSION{}: grew more than {}%", paint(st, kRed), paint(st, kReset),
                           *gate.fail_if_rss_grows_pct);
      out += "\n";
    }
    if (v.rss_above)
      out += fmt::format("    max RSS {} is above the limit {} — {}REGRESSION{}\n", format_bytes(static_cast<double>(v.rss_max)),
                         format_bytes(static_cast<double>(*gate.fail_if_rss_above)), paint(st, kRed), paint(st, kReset));
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
                       v.rss_above ? fmt::format(" — {}REGRESSION{}", paint(st, kRed), paint(st, kReset)) : "");
  }
  return out;
}

ProgressBar::ProgressBar(std::vector<std::string> names, bool color)
    : names_(std::move(names)), color_(color) {}

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
  std::fprintf(stderr, "\r\033[2K%s%s%s [%s] %zu/%zu %s", color_ ? "\033[1m" : "", label.c_str(), color_ ? "\033[0m" : "",
               bar.c_str(), done, total, extra.c_str());
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
