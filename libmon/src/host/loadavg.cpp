// /proc/loadavg as node_exporter's loadavg collector names it.
#include "collect.hpp"

namespace mon::host::detail {

void collect_loadavg(const std::string& root, Emitter& out) {
  const std::string text = read_proc(root + "/loadavg");
  auto f = fields(lines(text).empty() ? std::string_view() : lines(text).front());
  const char* names[] = {"node_load1", "node_load5", "node_load15"};
  const char* helps[] = {"1m load average.", "5m load average.", "15m load average."};
  for (std::size_t i = 0; i < 3 && i < f.size(); ++i) {
    double v;
    if (!to_double(f[i], v)) continue;
    out.family(names[i], model::MetricType::gauge, helps[i]);
    out.sample({}, v);
  }
}

}  // namespace mon::host::detail
