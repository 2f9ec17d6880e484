#include "collect.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>

#include "mon/host/sampler.hpp"

namespace mon::host {

namespace detail {

std::string read_proc(const std::string& path) {
  std::string out;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > (16u << 20)) break;  // /proc files are small; never read without bound
  }
  ::close(fd);
  return out;
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

bool to_double(std::string_view text, double& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

void Emitter::family(const std::string& name, model::MetricType type, const std::string& help) {
  if (family_.name == name) return;
  family_ = model::Family{name, type, help, {}, true};
  sink_.family(family_);
}

void Emitter::sample(model::Labels labels, double value) {
  model::Sample s{family_.name, std::move(labels), value, ts_};
  sink_.sample(family_, s);
}

}  // namespace detail

void sample_host(const HostOptions& options, format::Sink& sink, std::int64_t timestamp_ms) {
  detail::Emitter out(sink, timestamp_ms);
  detail::collect_cpu(options.proc_root, out);
  detail::collect_meminfo(options.proc_root, out);
  detail::collect_loadavg(options.proc_root, out);
  detail::collect_diskstats(options.proc_root, out);
  detail::collect_netdev(options.proc_root, out);
  if (options.filesystems) detail::collect_filesystems(options.proc_root, out);
}

}  // namespace mon::host
