// The load prober: the 1-, 5- and 15-minute load averages (/proc/loadavg) divided by the online
// CPUs, so that one threshold fits machines of any size (check_load -r). The main value is the
// 1-minute load per core.
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "mon/probe/probers.hpp"

namespace mon::probe {

Result probe_load(const Spec& spec) {
  Result r = start_result(spec);
  std::ifstream in("/proc/loadavg");
  double l1 = 0, l5 = 0, l15 = 0;
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (!(in >> l1 >> l5 >> l15) || cpus < 1) {
    r.message = "cannot read the load average from /proc/loadavg";
    finish(spec, r);
    return r;
  }
  double n = static_cast<double>(cpus);
  r.metrics.push_back({"monctl_probe_load_per_core", {{"window", "1m"}}, l1 / n});
  r.metrics.push_back({"monctl_probe_load_per_core", {{"window", "5m"}}, l5 / n});
  r.metrics.push_back({"monctl_probe_load_per_core", {{"window", "15m"}}, l15 / n});
  r.metrics.push_back({"monctl_probe_cpus", {}, n});
  r.success = true;
  r.value = l1 / n;
  r.unit = "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "load %.2f %.2f %.2f on %ld CPUs (%.2f %.2f %.2f per core)", l1, l5, l15, cpus,
                l1 / n, l5 / n, l15 / n);
  r.message = buf;
  finish(spec, r);
  r.perf.push_back({r.name + "_load5_per_core", l5 / n, "", "", "", 0.0, std::nullopt});
  r.perf.push_back({r.name + "_load15_per_core", l15 / n, "", "", "", 0.0, std::nullopt});
  return r;
}

}  // namespace mon::probe
