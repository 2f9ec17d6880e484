#pragma once
// The host's own metrics, read from /proc and statfs(2), under node_exporter's names and labels
// so that a dashboard or alert written for node_exporter works on them unchanged:
//   node_cpu_seconds_total{cpu,mode}, node_context_switches_total, node_boot_time_seconds,
//   node_forks_total, node_intr_total, node_procs_running, node_procs_blocked   (/proc/stat)
//   node_memory_<Field>_bytes (swap included)                                  (/proc/meminfo)
//   node_load1, node_load5, node_load15                                        (/proc/loadavg)
//   node_disk_*{device} (partitions and ram/loop devices left out, as node_exporter does)
//                                                                              (/proc/diskstats)
//   node_network_{receive,transmit}_*_total{device}                           (/proc/net/dev)
//   node_filesystem_{size,free,avail}_bytes, _files, _files_free, _readonly{device,fstype,mountpoint}
//                                                     (/proc/1/mounts, then statfs of each mount)
// Each collector is one file in libmon/src/host/. A file that is missing (a container without
// /proc/diskstats, a fixture tree) yields no samples; a malformed line is skipped.
#include <cstdint>
#include <string>

#include "mon/format/sink.hpp"

namespace mon::host {

struct HostOptions {
  std::string proc_root = "/proc";  // another root for fixtures
  bool filesystems = true;          // statfs the mounts (only meaningful on the live /proc)
};

// Sends one sample of every host metric to sink, each family announced first, all stamped
// timestamp_ms.
void sample_host(const HostOptions& options, format::Sink& sink, std::int64_t timestamp_ms);

}  // namespace mon::host
