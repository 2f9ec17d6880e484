// The process prober, after check_procs -C: counts the processes whose command name (the
// kernel's comm, or the base name of argv[0] when comm was cut at 15 bytes) is NAME. The main
// value is the count; without -c a count of 0 is CRITICAL (the default range is "1:").
#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <iterator>
#include <string>

#include "mon/probe/probers.hpp"

namespace mon::probe {

namespace {
std::string read_small(const std::string& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string s;
  s.resize(limit);
  in.read(s.data(), static_cast<std::streamsize>(limit));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

bool matches(const std::string& pid, const std::string& name) {
  std::string comm = read_small("/proc/" + pid + "/comm", 64);
  while (!comm.empty() && comm.back() == '\n') comm.pop_back();
  if (comm == name) return true;
  std::string argv0 = read_small("/proc/" + pid + "/cmdline", 4096);
  argv0 = argv0.substr(0, argv0.find('\0'));
  if (argv0.empty()) return false;
  auto slash = argv0.rfind('/');
  return argv0.substr(slash == std::string::npos ? 0 : slash + 1) == name;
}
}  // namespace

Result probe_process(const Spec& spec) {
  Result r = start_result(spec);
  DIR* d = ::opendir("/proc");
  if (!d) {
    r.message = "cannot list /proc";
    finish(spec, r);
    return r;
  }
  std::string self = std::to_string(::getpid());
  std::size_t count = 0;
  while (dirent* e = ::readdir(d)) {
    std::string pid = e->d_name;
    if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0])) || pid == self) continue;
    if (matches(pid, spec.target)) ++count;
  }
  ::closedir(d);
  r.metrics.push_back({"monctl_probe_process_count", {}, static_cast<double>(count)});
  r.success = true;
  r.value = static_cast<double>(count);
  r.unit = "";
  r.message = std::to_string(count) + (count == 1 ? " process " : " processes ") + "named " + spec.target;
  finish(spec, r);
  return r;
}

}  // namespace mon::probe
