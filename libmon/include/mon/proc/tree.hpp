#pragma once
// What a whole process tree uses right now, read from /proc. wait4 reports one process's own
// peak RSS; a shell script's children are invisible to it, so `monctl time --sample` adds up
// the tree itself: every live descendant of the root (found through the parent pid in
// /proc/PID/stat, see proc(5)), its resident set and its CPU time.
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mon::proc {

struct TreeUsage {
  int processes = 0;            // live processes in the tree, the root included
  std::int64_t rss_bytes = 0;   // sum of their resident sets
  // Sum of their user+system time, plus what their reaped children used (cutime/cstime):
  // grows monotonically while the tree runs.
  double cpu_seconds = 0;
};

// The root and its descendants now. A root that has gone gives processes == 0.
TreeUsage sample_tree(pid_t root);

// The pids of root's live descendants (not root itself), parents before children.
std::vector<pid_t> descendants(pid_t root);

// One /proc/PID/stat line taken apart (fields of proc(5); comm may hold spaces and ')').
struct ProcStat {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';
  std::uint64_t utime = 0, stime = 0;   // clock ticks
  std::int64_t cutime = 0, cstime = 0;  // clock ticks
  std::int64_t num_threads = 0;
  std::int64_t rss_pages = 0;
};
// False when the line is not a stat line.
bool parse_proc_stat(const char* line, std::size_t size, ProcStat& out);

// The pieces of sample_tree, under a /proc root of the caller's choosing (a fixture tree):
// PROC/PID/stat read and parsed (false when the process is gone or the file is not a stat
// line); every process's stat; and the tree of root among them, breadth-first, root first
// (indexes into `all`; empty when root is not there).
bool read_stat(const std::string& proc_root, pid_t pid, ProcStat& out);
std::vector<ProcStat> all_processes(const std::string& proc_root = "/proc");
std::vector<std::size_t> tree_of(const std::vector<ProcStat>& all, pid_t root);

}  // namespace mon::proc
