// The disk prober, after check_disk and df(1): used space as df counts it, used / (used +
// available to unprivileged users), so the root reserve does not hide a full disk; free bytes
// and inodes used. The main value is the used percentage.
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "mon/probe/probers.hpp"

namespace mon::probe {

Result probe_disk(const Spec& spec) {
  Result r = start_result(spec);
  struct statvfs st {};
  if (::statvfs(spec.target.c_str(), &st) != 0) {
    r.message = "cannot read " + spec.target + ": " + std::strerror(errno);
    finish(spec, r);
    return r;
  }
  double frsize = static_cast<double>(st.f_frsize ? st.f_frsize : st.f_bsize);
  double size = static_cast<double>(st.f_blocks) * frsize;
  double used = static_cast<double>(st.f_blocks - st.f_bfree) * frsize;
  double avail = static_cast<double>(st.f_bavail) * frsize;
  double used_pct = used + avail > 0 ? used / (used + avail) * 100 : 0;
  r.metrics.push_back({"monctl_probe_disk_size_bytes", {}, size});
  r.metrics.push_back({"monctl_probe_disk_free_bytes", {}, avail});
  r.metrics.push_back({"monctl_probe_disk_used_ratio", {}, used_pct / 100});
  std::optional<double> inodes_pct;
  if (st.f_files > 0) {
    inodes_pct = static_cast<double>(st.f_files - st.f_ffree) / static_cast<double>(st.f_files) * 100;
    r.metrics.push_back({"monctl_probe_disk_inodes_used_ratio", {}, *inodes_pct / 100});
  }
  r.success = true;
  r.value = used_pct;
  r.unit = "%";
  char buf[200];
  std::snprintf(buf, sizeof buf, "%.1f%% used, %.1f GiB free of %.1f GiB", used_pct, avail / (1 << 30),
                size / (1 << 30));
  r.message = buf;
  if (inodes_pct) {
    std::snprintf(buf, sizeof buf, ", inodes %.1f%% used", *inodes_pct);
    r.message += buf;
  }
  finish(spec, r);
  r.perf.push_back({r.name + "_free", avail, "B", "", "", 0.0, size});
  if (inodes_pct) r.perf.push_back({r.name + "_inodes_used", *inodes_pct, "%", "", "", 0.0, 100.0});
  return r;
}

}  // namespace mon::probe
