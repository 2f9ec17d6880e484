// Mounted filesystems as node_exporter's filesystem collector names them: the mounts of
// PID 1 (/proc/1/mounts, so that a containerised monctl sees the host's when it can), minus
// the pseudo filesystems and mount points node_exporter leaves out by default, each measured
// with statfs(2). Octal escapes in mount points ("\040" for a space) are decoded.
#include <sys/statvfs.h>

#include <regex>

#include "collect.hpp"

namespace mon::host::detail {

namespace {
std::string unescape_mount(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' &&
        s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}
}  // namespace

void collect_filesystems(const std::string& root, Emitter& out) {
  static const std::regex kMountExclude("^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");
  static const std::regex kTypeExclude(
      "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|"
      "proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$");
  std::string text = read_proc(root + "/1/mounts");
  if (text.empty()) text = read_proc(root + "/self/mounts");
  struct Fs {
    model::Labels labels;
    struct statvfs st;
    bool readonly;
  };
  std::vector<Fs> filesystems;
  std::vector<std::string> seen;
  for (auto line : lines(text)) {
    auto f = fields(line);
    if (f.size() < 4) continue;
    std::string device(f[0]), mountpoint = unescape_mount(f[1]), fstype(f[2]);
    if (std::regex_search(mountpoint, kMountExclude) || std::regex_match(fstype, kTypeExclude)) continue;
    std::string key = device + '\0' + mountpoint;
    bool dup = false;
    for (const auto& s : seen) dup = dup || s == key;
    if (dup) continue;
    seen.push_back(key);
    Fs fs{{{"device", device}, {"fstype", fstype}, {"mountpoint", mountpoint}}, {}, false};
    if (::statvfs(mountpoint.c_str(), &fs.st) != 0) continue;
    std::string options(f[3]);
    fs.readonly = options == "ro" || options.starts_with("ro,");
    filesystems.push_back(std::move(fs));
  }
  struct Metric {
    const char* name;
    const char* help;
    double (*value)(const Fs&);
  };
  static const Metric kMetrics[] = {
      {"node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.",
       [](const Fs& f) { return static_cast<double>(f.st.f_bavail) * static_cast<double>(f.st.f_frsize); }},
      {"node_filesystem_files", "Filesystem total file nodes.", [](const Fs& f) { return static_cast<double>(f.st.f_files); }},
      {"node_filesystem_files_free", "Filesystem total free file nodes.",
       [](const Fs& f) { return static_cast<double>(f.st.f_ffree); }},
      {"node_filesystem_free_bytes", "Filesystem free space in bytes.",
       [](const Fs& f) { return static_cast<double>(f.st.f_bfree) * static_cast<double>(f.st.f_frsize); }},
      {"node_filesystem_readonly", "Filesystem read-only status.", [](const Fs& f) { return f.readonly ? 1.0 : 0.0; }},
      {"node_filesystem_size_bytes", "Filesystem size in bytes.",
       [](const Fs& f) { return static_cast<double>(f.st.f_blocks) * static_cast<double>(f.st.f_frsize); }},
  };
  for (const auto& m : kMetrics) {
    if (filesystems.empty()) break;
    out.family(m.name, model::MetricType::gauge, m.help);
    for (const auto& fs : filesystems) out.sample(fs.labels, m.value(fs));
  }
}

}  // namespace mon::host::detail
