#pragma once
// One process tree's metrics -- a process and every live descendant (proc(5)) -- summed under the Prometheus client libraries'
// process_* names, so that `monctl watch --pid` reads like a scrape of the process itself:
//   process_cpu_seconds_total{mode="user"|"system"}  utime/stime of the tree, plus what the
//                                                   children they reaped used (cutime/cstime)
//   process_resident_memory_bytes                   the sum of the resident sets
//   process_threads                                 the sum of num_threads
//   process_open_fds                                entries of /proc/PID/fd
//   process_io_read_bytes_total, _write_bytes_total  rchar/wchar of /proc/PID/io: what read(2),
//                                                   write(2) and their kin passed, files, pipes
//                                                   and sockets alike, cache hit or not
//   process_count                                   the processes in the tree (zombies left out)
// No pid label: a tree per watch, and a series that keeps its name when the command restarts.
// The fds and I/O of a process we may not read (another user's) are left out of the sums.
#include <sys/types.h>

#include <cstdint>
#include <string>

#include "mon/format/sink.hpp"

namespace mon::host {

struct ProcessTreeOptions {
  std::string proc_root = "/proc";  // another root for fixtures
  pid_t root = 0;
  // Find descendants through PROC/PID/task/TID/children (CONFIG_PROC_CHILDREN): only the tree's
  // own files are read, whatever the number of processes on the host. When the root's main
  // thread has no such file (or this is false), every PROC/*/stat is read for its parent pid.
  bool children_files = true;
};

// Sends one sample of every process_* metric of the tree to sink, stamped timestamp_ms. Returns
// false, sending nothing, when the root process is gone (or is a zombie).
bool sample_process_tree(const ProcessTreeOptions& options, format::Sink& sink, std::int64_t timestamp_ms);

}  // namespace mon::host
