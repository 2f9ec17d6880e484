// The table people read: one probe a line, columns aligned, worst news easy to spot.
#include <algorithm>
#include <cstdio>

#include "mon/probe/report.hpp"

namespace mon::probe {

namespace {
std::string_view mark(const Style& style, Status s) {
  switch (s) {
    case Status::ok: return style.good;
    case Status::warning: return style.warning;
    case Status::critical: return style.bad;
    case Status::unknown: return style.unknown;
  }
  return {};
}

std::string latency(double s) {
  char buf[32];
  if (s < 1)
    std::snprintf(buf, sizeof buf, "%.1f ms", s * 1000);
  else
    std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

void pad(std::string& out, std::size_t used, std::size_t width) {
  out.append(width > used ? width - used : 0, ' ');
}
}  // namespace

void write_text(std::string& out, const std::vector<Result>& results, const Style& style) {
  std::size_t w_status = 8, w_name = 4, w_value = 5, w_latency = 7;
  std::vector<std::string> values, latencies;
  for (const auto& r : results) {
    values.push_back(format_value(r));
    latencies.push_back(latency(r.duration_seconds));
    w_name = std::max(w_name, r.name.size());
    w_value = std::max(w_value, values.back().size());
    w_latency = std::max(w_latency, latencies.back().size());
  }
  auto row = [&](std::string_view status, Status s, bool paint, const std::string& name, const std::string& value,
                 const std::string& lat, const std::string& message) {
    if (paint) out += mark(style, s);
    out += status;
    if (paint) out += style.reset;
    pad(out, status.size(), w_status + 2);
    out += name;
    pad(out, name.size(), w_name + 2);
    pad(out, value.size(), w_value);  // numbers right-aligned
    out += value;
    out += "  ";
    pad(out, lat.size(), w_latency);
    out += lat;
    out += "  ";
    out += message;
    out += '\n';
  };
  row("STATUS", Status::ok, false, "NAME", "VALUE", "LATENCY", "MESSAGE");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    std::string message = r.message;
    if (r.attempts > 1) message += " [" + std::to_string(r.attempts) + " attempts]";
    if (!r.critical_probe && r.status != counted_status(r)) message += " [not critical: counts as WARNING]";
    row(to_string(r.status), r.status, true, r.name, values[i], latencies[i], message);
  }
}

}  // namespace mon::probe
