// mon/host/process_tree.hpp: the tree's members (from the children files, or one scan of
// PROC/*/stat for the parent links, the walk of mon::proc::sample_tree under a root of our
// choosing), then their stat, fd/ and io. Reading every stat costs about 15 us a process: 150 ms
// a sample on a host of 10000 processes, hence the children files.
#include "mon/host/process_tree.hpp"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "collect.hpp"
#include "mon/proc/tree.hpp"

namespace mon::host {

namespace {

// The pids in PROC/PID/task/*/children; false when the process has no task/ folder.
bool children_of(const std::string& root, pid_t pid, std::vector<pid_t>& out) {
  const std::string tasks = root + "/" + std::to_string(pid) + "/task";
  DIR* dir = ::opendir(tasks.c_str());
  if (!dir) return false;
  while (dirent* e = ::readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    const std::string text = detail::read_proc(tasks + "/" + e->d_name + "/children");
    for (auto f : detail::fields(text)) {
      double child;
      if (detail::to_double(f, child) && child > 0) out.push_back(static_cast<pid_t>(child));
    }
  }
  ::closedir(dir);
  return true;
}

// The root first, then its descendants breadth-first, through the children files; empty when
// the root has none (no CONFIG_PROC_CHILDREN, a fixture without them) or is gone.
std::vector<proc::ProcStat> tree_by_children(const std::string& root, pid_t pid) {
  std::vector<proc::ProcStat> out;
  const std::string main_thread = root + "/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children";
  if (::access(main_thread.c_str(), R_OK) != 0) return out;
  proc::ProcStat st;
  if (!proc::read_stat(root, pid, st)) return out;
  out.push_back(st);
  std::vector<pid_t> children;
  for (std::size_t k = 0; k < out.size(); ++k) {
    children.clear();
    children_of(root, out[k].pid, children);
    for (pid_t c : children)
      if (proc::read_stat(root, c, st) && st.ppid == out[k].pid) out.push_back(st);  // not a reused pid
  }
  return out;
}

std::int64_t count_fds(const std::string& dir_path) {
  DIR* dir = ::opendir(dir_path.c_str());
  if (!dir) return 0;
  std::int64_t n = 0;
  while (dirent* e = ::readdir(dir))
    if (e->d_name[0] != '.') ++n;
  ::closedir(dir);
  return n;
}

// rchar and wchar of /proc/PID/io; false when it cannot be read.
bool read_io(const std::string& path, double& rchar, double& wchar) {
  const std::string text = detail::read_proc(path);
  bool r = false, w = false;
  for (auto line : detail::lines(text)) {
    auto f = detail::fields(line);
    if (f.size() != 2) continue;
    if (f[0] == "rchar:") r = detail::to_double(f[1], rchar);
    if (f[0] == "wchar:") w = detail::to_double(f[1], wchar);
  }
  return r && w;
}

}  // namespace

bool sample_process_tree(const ProcessTreeOptions& options, format::Sink& sink, std::int64_t timestamp_ms) {
  static const double hz = [] {
    long t = ::sysconf(_SC_CLK_TCK);
    return t > 0 ? static_cast<double>(t) : 100.0;
  }();
  static const double page = [] {
    long p = ::sysconf(_SC_PAGESIZE);
    return p > 0 ? static_cast<double>(p) : 4096.0;
  }();
  std::vector<proc::ProcStat> members;
  if (options.children_files) members = tree_by_children(options.proc_root, options.root);
  if (members.empty()) {
    const auto all = proc::all_processes(options.proc_root);
    for (std::size_t i : proc::tree_of(all, options.root)) members.push_back(all[i]);
  }
  if (members.empty() || members.front().state == 'Z') return false;
  double user = 0, system = 0, rss = 0, threads = 0, fds = 0, read = 0, written = 0, count = 0;
  for (const proc::ProcStat& p : members) {
    // A zombie's own times are not yet its parent's cutime/cstime: they still count.
    user += static_cast<double>(p.utime) + static_cast<double>(std::max<std::int64_t>(0, p.cutime));
    system += static_cast<double>(p.stime) + static_cast<double>(std::max<std::int64_t>(0, p.cstime));
    if (p.state == 'Z') continue;
    ++count;
    rss += static_cast<double>(p.rss_pages) * page;
    threads += static_cast<double>(p.num_threads);
    const std::string dir = options.proc_root + "/" + std::to_string(p.pid);
    fds += static_cast<double>(count_fds(dir + "/fd"));
    double r = 0, w = 0;
    if (read_io(dir + "/io", r, w)) {
      read += r;
      written += w;
    }
  }
  detail::Emitter out(sink, timestamp_ms);
  using model::MetricType;
  out.family("process_cpu_seconds_total", MetricType::counter, "Total user and system CPU time spent in seconds.");
  out.sample({{"mode", "user"}}, user / hz);
  out.sample({{"mode", "system"}}, system / hz);
  out.family("process_resident_memory_bytes", MetricType::gauge, "Resident memory size in bytes.");
  out.sample({}, rss);
  out.family("process_threads", MetricType::gauge, "Number of OS threads in the process.");
  out.sample({}, threads);
  out.family("process_open_fds", MetricType::gauge, "Number of open file descriptors.");
  out.sample({}, fds);
  out.family("process_io_read_bytes_total", MetricType::counter, "Bytes read through read(2) and its kin (rchar).");
  out.sample({}, read);
  out.family("process_io_write_bytes_total", MetricType::counter, "Bytes written through write(2) and its kin (wchar).");
  out.sample({}, written);
  out.family("process_count", MetricType::gauge, "Number of live processes in the tree, the root included.");
  out.sample({}, count);
  return true;
}

}  // namespace mon::host
