// Process-tree sampling from /proc (proc(5)). Children are found by scanning every
// /proc/PID/stat for its parent pid: /proc/PID/task/TID/children would be cheaper but needs
// CONFIG_PROC_CHILDREN and misses children of threads other than the ones listed, and a
// scan of a few hundred small files takes well under a millisecond.
#include "mon/proc/tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mon::proc {

bool parse_proc_stat(const char* line, std::size_t size, ProcStat& out) {
  std::string_view text(line, size);
  auto open = text.find('(');
  auto close = text.rfind(')');  // the command name may itself contain ')'
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
  out.pid = static_cast<pid_t>(std::strtol(line, nullptr, 10));
  // Fields after the name, numbered as in proc(5): 3 state, 4 ppid, 14 utime, 15 stime,
  // 16 cutime, 17 cstime, 20 num_threads, 24 rss.
  std::string rest(text.substr(close + 1));
  int field = 2;
  char* save = nullptr;
  bool have_rss = false;
  for (char* tok = ::strtok_r(rest.data(), " \n", &save); tok; tok = ::strtok_r(nullptr, " \n", &save)) {
    ++field;
    switch (field) {
      case 3: out.state = tok[0]; break;
      case 4: out.ppid = static_cast<pid_t>(std::strtol(tok, nullptr, 10)); break;
      case 14: out.utime = std::strtoull(tok, nullptr, 10); break;
      case 15: out.stime = std::strtoull(tok, nullptr, 10); break;
      case 16: out.cutime = std::strtoll(tok, nullptr, 10); break;
      case 17: out.cstime = std::strtoll(tok, nullptr, 10); break;
      case 20: out.num_threads = std::strtoll(tok, nullptr, 10); break;
      case 24:
        out.rss_pages = std::strtoll(tok, nullptr, 10);
        have_rss = true;
        break;
      default: break;
    }
    if (have_rss) break;
  }
  return have_rss && out.pid > 0;
}

TreeUsage sample_tree(pid_t root) {
  static const long page = ::sysconf(_SC_PAGESIZE);
  static const long ticks = ::sysconf(_SC_CLK_TCK);
  auto all = all_processes();
  TreeUsage u;
  for (std::size_t i : tree_of(all, root)) {
    const ProcStat& p = all[i];
    if (p.state == 'Z') continue;  // a zombie holds no memory and is about to be counted by its parent
    ++u.processes;
    u.rss_bytes += p.rss_pages * page;
    u.cpu_seconds += static_cast<double>(p.utime + p.stime + static_cast<std::uint64_t>(std::max<std::int64_t>(
                                                                      0, p.cutime + p.cstime))) /
                     static_cast<double>(ticks);
  }
  return u;
}

std::vector<pid_t> descendants(pid_t root) {
  auto all = all_processes();
  std::vector<pid_t> out;
  auto order = tree_of(all, root);
  for (std::size_t k = 1; k < order.size(); ++k) out.push_back(all[order[k]].pid);
  return out;
}

bool read_stat(const std::string& proc_root, pid_t pid, ProcStat& out) {
  const std::string path = proc_root + "/" + std::to_string(pid) + "/stat";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[1024];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return false;
  buf[n] = '\0';
  return parse_proc_stat(buf, static_cast<std::size_t>(n), out);
}

std::vector<ProcStat> all_processes(const std::string& proc_root) {
  std::vector<ProcStat> out;
  DIR* dir = ::opendir(proc_root.c_str());
  if (!dir) return out;
  while (dirent* e = ::readdir(dir)) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (*end != '\0') continue;
    ProcStat st;
    if (read_stat(proc_root, static_cast<pid_t>(pid), st)) out.push_back(st);
  }
  ::closedir(dir);
  return out;
}

// Breadth-first from root over the parent links; returns indexes into `all`, root first.
std::vector<std::size_t> tree_of(const std::vector<ProcStat>& all, pid_t root) {
  std::unordered_multimap<pid_t, std::size_t> children;
  children.reserve(all.size());
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < all.size(); ++i) {
    children.emplace(all[i].ppid, i);
    if (all[i].pid == root) order.push_back(i);
  }
  if (order.empty()) return order;
  for (std::size_t k = 0; k < order.size(); ++k) {
    auto range = children.equal_range(all[order[k]].pid);
    for (auto it = range.first; it != range.second; ++it) order.push_back(it->second);
  }
  return order;
}

}  // namespace mon::proc
