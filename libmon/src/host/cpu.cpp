// /proc/stat as node_exporter's cpu and stat collectors name it. Times are in USER_HZ ticks.
#include <unistd.h>

#include <array>

#include "collect.hpp"

namespace mon::host::detail {

void collect_cpu(const std::string& root, Emitter& out) {
  const std::string text = read_proc(root + "/stat");
  if (text.empty()) return;
  static const double hz = [] {
    long t = ::sysconf(_SC_CLK_TCK);
    return t > 0 ? static_cast<double>(t) : 100.0;
  }();
  // Fields after "cpuN", in /proc/stat's order; guest and guest_nice are node_cpu_guest_seconds_total.
  static constexpr std::array<const char*, 8> kModes = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
  struct Scalar {
    const char* key;
    const char* name;
    model::MetricType type;
    const char* help;
  };
  static constexpr std::array<Scalar, 6> kScalars = {{
      {"ctxt", "node_context_switches_total", model::MetricType::counter, "Total number of context switches."},
      {"btime", "node_boot_time_seconds", model::MetricType::gauge, "Node boot time, in unixtime."},
      {"processes", "node_forks_total", model::MetricType::counter, "Total number of forks."},
      {"intr", "node_intr_total", model::MetricType::counter, "Total number of interrupts serviced."},
      {"procs_running", "node_procs_running", model::MetricType::gauge, "Number of processes in runnable state."},
      {"procs_blocked", "node_procs_blocked", model::MetricType::gauge, "Number of processes blocked waiting for I/O to complete."},
  }};
  // One pass over the file: the per-CPU rows, and the scalar lines by their key.
  std::vector<std::vector<std::string_view>> cpus;
  std::array<std::string_view, kScalars.size()> scalar_text{};
  for (auto line : lines(text)) {
    auto f = fields(line);
    if (f.size() >= 9 && f[0].starts_with("cpu") && f[0] != "cpu") {
      cpus.push_back(std::move(f));
      continue;
    }
    for (std::size_t i = 0; i < kScalars.size(); ++i)
      if (f.size() >= 2 && f[0] == kScalars[i].key && scalar_text[i].empty()) scalar_text[i] = f[1];
  }
  if (!cpus.empty()) out.family("node_cpu_seconds_total", model::MetricType::counter, "Seconds the CPUs spent in each mode.");
  for (const auto& f : cpus) {
    std::string cpu(f[0].substr(3));
    for (std::size_t m = 0; m < kModes.size() && m + 1 < f.size(); ++m) {
      double ticks;
      if (to_double(f[m + 1], ticks)) out.sample({{"cpu", cpu}, {"mode", kModes[m]}}, ticks / hz);
    }
  }
  bool announced = false;
  for (const auto& f : cpus) {
    if (f.size() < 11) continue;
    if (!announced)
      out.family("node_cpu_guest_seconds_total", model::MetricType::counter,
                 "Seconds the CPUs spent in guests (VMs) for each mode.");
    announced = true;
    std::string cpu(f[0].substr(3));
    double guest, guest_nice;
    if (to_double(f[9], guest)) out.sample({{"cpu", cpu}, {"mode", "user"}}, guest / hz);
    if (to_double(f[10], guest_nice)) out.sample({{"cpu", cpu}, {"mode", "nice"}}, guest_nice / hz);
  }
  for (std::size_t i = 0; i < kScalars.size(); ++i) {
    double v;
    if (!to_double(scalar_text[i], v)) continue;
    out.family(kScalars[i].name, kScalars[i].type, kScalars[i].help);
    out.sample({}, v);
  }
}

}  // namespace mon::host::detail
