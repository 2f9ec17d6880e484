#pragma once
// Internal: what the host collectors share — reading a small /proc file whole and emitting
// node_exporter-named families.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mon/format/sink.hpp"

namespace mon::host::detail {

// The whole file, or empty when it cannot be read (a missing collector source is not an error).
std::string read_proc(const std::string& path);

// Splits on runs of spaces and tabs.
std::vector<std::string_view> fields(std::string_view line);

// Each line of text, without its '\n'.
std::vector<std::string_view> lines(std::string_view text);

// Parses a decimal number; false if it is not one.
bool to_double(std::string_view text, double& out);

class Emitter {
 public:
  Emitter(format::Sink& sink, std::int64_t timestamp_ms) : sink_(sink), ts_(timestamp_ms) {}
  // Announces a family (once; a second call with the same name is a no-op while it is current).
  void family(const std::string& name, model::MetricType type, const std::string& help);
  void sample(model::Labels labels, double value);

 private:
  format::Sink& sink_;
  std::int64_t ts_;
  model::Family family_;
};

void collect_cpu(const std::string& root, Emitter& out);
void collect_meminfo(const std::string& root, Emitter& out);
void collect_loadavg(const std::string& root, Emitter& out);
void collect_diskstats(const std::string& root, Emitter& out);
void collect_netdev(const std::string& root, Emitter& out);
void collect_filesystems(const std::string& root, Emitter& out);

}  // namespace mon::host::detail
