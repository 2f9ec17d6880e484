// The Nagios plugin output (Monitoring Plugins guidelines, "Plugin Output for Nagios" and
// "Performance data"): one status line with every probe's perfdata after '|', then one line
// per probe as the plugin's long text. '|' never appears in the text parts, where it would start
// perfdata.
#include <cstdio>

#include "mon/probe/report.hpp"

namespace mon::probe {

namespace {
std::string clean(std::string s) {
  for (auto& c : s)
    if (c == '|') c = '/';
    else if (c == '\n' || c == '\r') c = ' ';
  return s;
}

// Fixed notation, trailing zeros trimmed: perfdata readers do not all take exponents.
std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}
}  // namespace

std::string format_perf(const Perf& p) {
  std::string out = "'";
  for (char c : p.label) {
    if (c == '\'') out += '\'';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  out += "'=" + number(p.value) + p.uom + ";" + p.warn + ";" + p.crit + ";";
  if (p.min) out += number(*p.min);
  out += ";";
  if (p.max) out += number(*p.max);
  return out;
}

void write_nagios(std::string& out, const std::vector<Result>& results) {
  Status overall = overall_status(results);
  out += "MONCTL ";
  out += to_string(overall);
  out += ": ";
  if (results.size() == 1) {
    out += clean(results[0].name + " - " + results[0].message);
  } else {
    std::size_t bad = 0;
    std::string failing;
    for (const auto& r : results)
      if (r.status != Status::ok) {
        ++bad;
        if (failing.size() < 400) failing += (failing.empty() ? "" : "; ") + r.name + ": " + r.message;
      }
    if (bad == 0)
      out += "all " + std::to_string(results.size()) + " probes OK";
    else
      out += std::to_string(bad) + " of " + std::to_string(results.size()) + " probes not OK: " + clean(failing);
  }
  std::string perf;
  for (const auto& r : results)
    for (const auto& p : r.perf) perf += (perf.empty() ? "" : " ") + format_perf(p);
  if (!perf.empty()) out += " | " + perf;
  out += '\n';
  if (results.size() > 1)
    for (const auto& r : results) {
      out += to_string(r.status);
      out += ": " + clean(r.name + " - " + r.message) + '\n';
    }
}

}  // namespace mon::probe
