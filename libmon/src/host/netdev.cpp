// /proc/net/dev as node_exporter's netdev collector names it: one counter family per column,
// node_network_{receive,transmit}_<column>_total{device}.
#include "collect.hpp"

namespace mon::host::detail {

void collect_netdev(const std::string& root, Emitter& out) {
  static const char* kReceive[] = {"bytes", "packets", "errs", "drop", "fifo", "frame", "compressed", "multicast"};
  static const char* kTransmit[] = {"bytes", "packets", "errs", "drop", "fifo", "colls", "carrier", "compressed"};
  struct Device {
    std::string name;
    std::vector<std::string_view> values;
  };
  const std::string text = read_proc(root + "/net/dev");
  std::vector<Device> devices;
  for (auto line : lines(text)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto name = fields(line.substr(0, colon));
    auto values = fields(line.substr(colon + 1));
    if (name.size() != 1 || values.size() < 16) continue;
    devices.push_back({std::string(name[0]), values});
  }
  for (int column = 0; column < 16; ++column) {
    const bool rx = column < 8;
    std::string family = std::string("node_network_") + (rx ? "receive_" : "transmit_") +
                         (rx ? kReceive[column] : kTransmit[column - 8]) + "_total";
    bool announced = false;
    for (const auto& d : devices) {
      double v;
      if (!to_double(d.values[static_cast<std::size_t>(column)], v)) continue;
      if (!announced)
        out.family(family, model::MetricType::counter,
                   std::string("Network device statistic ") + (rx ? "receive_" : "transmit_") +
                       (rx ? kReceive[column] : kTransmit[column - 8]) + ".");
      announced = true;
      out.sample({{"device", d.name}}, v);
    }
  }
}

}  // namespace mon::host::detail
