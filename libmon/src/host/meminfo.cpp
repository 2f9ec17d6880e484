// /proc/meminfo as node_exporter's meminfo collector names it: "Active(anon): 12 kB" is
// node_memory_Active_anon_bytes 12288; a field without a unit (HugePages_Total) keeps its
// name without _bytes.
#include "collect.hpp"

namespace mon::host::detail {

void collect_meminfo(const std::string& root, Emitter& out) {
  const std::string text = read_proc(root + "/meminfo");
  for (auto line : lines(text)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string key;
    for (char c : line.substr(0, colon)) {
      if (c == '(' ) key += '_';
      else if (c != ')') key += c;
    }
    auto f = fields(line.substr(colon + 1));
    double v;
    if (f.empty() || !to_double(f[0], v)) continue;
    bool kb = f.size() > 1 && f[1] == "kB";
    std::string name = "node_memory_" + key + (kb ? "_bytes" : "");
    out.family(name, model::MetricType::gauge, "Memory information field " + key + (kb ? "_bytes." : "."));
    out.sample({}, kb ? v * 1024 : v);
  }
}

}  // namespace mon::host::detail
