// The memory prober: used memory as the kernel counts what is really available
// (100 - MemAvailable/MemTotal, see proc(5); MemFree alone ignores reclaimable cache) and swap
// used. The main value is the memory used percentage.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>

#include "mon/probe/probers.hpp"

namespace mon::probe {

Result probe_memory(const Spec& spec) {
  Result r = start_result(spec);
  std::ifstream in("/proc/meminfo");
  std::map<std::string, double> kb;
  std::string key;
  double value = 0;
  std::string unit;
  while (in >> key >> value) {
    std::getline(in, unit);
    if (!key.empty() && key.back() == ':') key.pop_back();
    kb[key] = value;
  }
  if (!kb.count("MemTotal") || !kb.count("MemAvailable") || kb["MemTotal"] <= 0) {
    r.message = "cannot read MemTotal and MemAvailable from /proc/meminfo";
    finish(spec, r);
    return r;
  }
  double total = kb["MemTotal"] * 1024, avail = kb["MemAvailable"] * 1024;
  double used_pct = (1 - avail / total) * 100;
  r.metrics.push_back({"monctl_probe_memory_total_bytes", {}, total});
  r.metrics.push_back({"monctl_probe_memory_available_bytes", {}, avail});
  r.metrics.push_back({"monctl_probe_memory_used_ratio", {}, used_pct / 100});
  double swap_total = kb.count("SwapTotal") ? kb["SwapTotal"] * 1024 : 0;
  double swap_free = kb.count("SwapFree") ? kb["SwapFree"] * 1024 : 0;
  double swap_pct = swap_total > 0 ? (1 - swap_free / swap_total) * 100 : 0;
  r.metrics.push_back({"monctl_probe_swap_total_bytes", {}, swap_total});
  r.metrics.push_back({"monctl_probe_swap_used_ratio", {}, swap_pct / 100});
  r.success = true;
  r.value = used_pct;
  r.unit = "%";
  char buf[200];
  std::snprintf(buf, sizeof buf, "%.1f%% used, %.1f GiB available of %.1f GiB", used_pct, avail / (1 << 30),
                total / (1 << 30));
  r.message = buf;
  if (swap_total > 0) {
    std::snprintf(buf, sizeof buf, ", swap %.1f%% used", swap_pct);
    r.message += buf;
  } else {
    r.message += ", no swap";
  }
  finish(spec, r);
  r.perf.push_back({r.name + "_available", avail, "B", "", "", 0.0, total});
  r.perf.push_back({r.name + "_swap_used", swap_pct, "%", "", "", 0.0, 100.0});
  return r;
}

}  // namespace mon::probe
