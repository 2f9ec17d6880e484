// /proc/diskstats as node_exporter's diskstats collector names it (Documentation/admin-guide/
// iostats.rst gives the fields). Sectors are 512 bytes whatever the device; times are in ms.
// Partitions and ram, loop and floppy devices are left out, as node_exporter's default
// --collector.diskstats.device-exclude does.
#include <regex>

#include "collect.hpp"

namespace mon::host::detail {

namespace {
struct Field {
  const char* name;
  model::MetricType type;
  double scale;
  const char* help;
};
constexpr Field kFields[] = {
    {"node_disk_reads_completed_total", model::MetricType::counter, 1, "The total number of reads completed successfully."},
    {"node_disk_reads_merged_total", model::MetricType::counter, 1, "The total number of reads merged."},
    {"node_disk_read_bytes_total", model::MetricType::counter, 512, "The total number of bytes read successfully."},
    {"node_disk_read_time_seconds_total", model::MetricType::counter, 0.001, "The total number of seconds spent by all reads."},
    {"node_disk_writes_completed_total", model::MetricType::counter, 1, "The total number of writes completed successfully."},
    {"node_disk_writes_merged_total", model::MetricType::counter, 1, "The number of writes merged."},
    {"node_disk_written_bytes_total", model::MetricType::counter, 512, "The total number of bytes written successfully."},
    {"node_disk_write_time_seconds_total", model::MetricType::counter, 0.001, "The total number of seconds spent by all writes."},
    {"node_disk_io_now", model::MetricType::gauge, 1, "The number of I/Os currently in progress."},
    {"node_disk_io_time_seconds_total", model::MetricType::counter, 0.001, "Total seconds spent doing I/Os."},
    {"node_disk_io_time_weighted_seconds_total", model::MetricType::counter, 0.001, "The weighted number of seconds spent doing I/Os."},
    {"node_disk_discards_completed_total", model::MetricType::counter, 1, "The total number of discards completed successfully."},
    {"node_disk_discards_merged_total", model::MetricType::counter, 1, "The total number of discards merged."},
    {"node_disk_discarded_sectors_total", model::MetricType::counter, 1, "The total number of sectors discarded successfully."},
    {"node_disk_discard_time_seconds_total", model::MetricType::counter, 0.001, "This is the total number of seconds spent by all discards."},
    {"node_disk_flush_requests_total", model::MetricType::counter, 1, "The total number of flush requests completed successfully."},
    {"node_disk_flush_requests_time_seconds_total", model::MetricType::counter, 0.001, "This is the total number of seconds spent by all flush requests."},
};
}  // namespace

void collect_diskstats(const std::string& root, Emitter& out) {
  static const std::regex kExclude("^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");
  struct Disk {
    std::string device;
    std::vector<std::string_view> values;
  };
  const std::string text = read_proc(root + "/diskstats");
  std::vector<Disk> disks;
  for (auto line : lines(text)) {
    auto f = fields(line);
    if (f.size() < 14) continue;
    std::string device(f[2]);
    if (std::regex_match(device, kExclude)) continue;
    disks.push_back({device, std::vector<std::string_view>(f.begin() + 3, f.end())});
  }
  for (std::size_t i = 0; i < std::size(kFields); ++i) {
    bool announced = false;
    for (const auto& d : disks) {
      double v;
      if (i >= d.values.size() || !to_double(d.values[i], v)) continue;
      if (!announced) out.family(kFields[i].name, kFields[i].type, kFields[i].help);
      announced = true;
      out.sample({{"device", d.device}}, v * kFields[i].scale);
    }
  }
}

}  // namespace mon::host::detail
