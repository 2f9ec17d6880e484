// The human summary of a run, printed on stderr by default: one aligned "what  value" line
// per measurement, with units, in the order a reader asks the questions (did it work, how
// long, how much CPU, how much memory, how much I/O, when).
#include <cstdio>
#include <string>

#include "mon/job/report.hpp"
#include "mon/time/duration.hpp"

namespace mon::job {

namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string seconds(double s) {
  if (s < 60) return fmt("%.3f s", s);
  int total = static_cast<int>(s);
  char buf[64];
  if (total < 3600)
    std::snprintf(buf, sizeof buf, "%.3f s (%dm%02ds)", s, total / 60, total % 60);
  else
    std::snprintf(buf, sizeof buf, "%.3f s (%dh%02dm%02ds)", s, total / 3600, total / 60 % 60, total % 60);
  return buf;
}

void line(std::string& out, const char* what, const std::string& value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "  %-18s", what);
  out += buf;
  out += value;
  out += '\n';
}

std::string outcome(const Record& r) {
  if (!r.start_error.empty())
    return "could not start (" + r.start_error + "); exit status " + std::to_string(r.status());
  std::string s;
  if (r.exit_code) {
    s = "exited with code " + std::to_string(*r.exit_code);
  } else {
    s = "killed by " + r.signal_name() + " (signal " + std::to_string(r.signal) + ")";
    if (r.core_dumped) s += ", core dumped";
  }
  if (r.timed_out)
    s = "timed out, then " + s + (r.killed ? " (SIGTERM was not enough)" : "") + "; exit status 124";
  else if (!r.exit_code)
    s += "; exit status " + std::to_string(r.status());
  return s;
}

}  // namespace

std::string human_bytes(std::int64_t bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  if (u == 0) return std::to_string(bytes) + " B";
  return fmt(v < 10 ? "%.2f " : v < 100 ? "%.1f " : "%.0f ", v) + units[u];
}

std::string text_summary(const Record& r) {
  std::string out = "monctl time: " + r.name;
  for (const auto& l : r.labels) out += " " + l.name + "=" + l.value;
  out += ": " + shell_quote(r.command) + "\n";
  line(out, "outcome", outcome(r));
  line(out, "wall time", seconds(r.wall_seconds));
  line(out, "user CPU", seconds(r.usage.user_seconds));
  line(out, "system CPU", seconds(r.usage.system_seconds));
  if (r.wall_seconds > 0)
    line(out, "CPU use", fmt("%.0f %%", 100 * (r.usage.user_seconds + r.usage.system_seconds) / r.wall_seconds));
  line(out, "max RSS", human_bytes(r.usage.max_rss_bytes) + " (" + std::to_string(r.usage.max_rss_bytes) +
                           " bytes, largest single process)");
  if (r.sampled)
    line(out, "tree peak RSS", human_bytes(r.tree_peak_rss_bytes) + " (" + std::to_string(r.tree_peak_rss_bytes) +
                                   " bytes, " + std::to_string(r.timeline.size()) + " samples every " +
                                   time::format_duration(std::chrono::nanoseconds(static_cast<std::int64_t>(
                                       r.sample_every_seconds * 1e9))) + ")");
  line(out, "page faults", std::to_string(r.usage.minor_faults) + " minor, " + std::to_string(r.usage.major_faults) +
                               " major (I/O)");
  line(out, "context switches", std::to_string(r.usage.voluntary_switches) + " voluntary, " +
                                    std::to_string(r.usage.involuntary_switches) + " involuntary");
  line(out, "block I/O", std::to_string(r.usage.block_inputs) + " in, " + std::to_string(r.usage.block_outputs) +
                             " out (operations)");
  line(out, "started", time::format_rfc3339(r.start, 3));
  line(out, "ended", time::format_rfc3339(r.end, 3));
  return out;
}

}  // namespace mon::job
