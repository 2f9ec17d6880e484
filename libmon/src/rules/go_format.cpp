#include "go_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "yaml_doc.hpp"

namespace mon::rules::detail {


std::string go_duration(std::int64_t ms) {
  if (ms == 0) return "0s";
  std::string sign;
  std::uint64_t u = ms < 0 ? static_cast<std::uint64_t>(-(ms + 1)) + 1 : static_cast<std::uint64_t>(ms);
  if (ms < 0) sign = "-";
  if (u < 1000) return sign + std::to_string(u) + "ms";
  std::uint64_t h = u / 3600000, m = (u / 60000) % 60, s = (u / 1000) % 60, frac = u % 1000;
  std::string secs = std::to_string(s);
  if (frac) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%03u", static_cast<unsigned>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    secs += f;
  }
  std::string out = sign;
  if (h) out += std::to_string(h) + "h" + std::to_string(m) + "m";
  else if (m) out += std::to_string(m) + "m";
  return out + secs + "s";
}

std::string go_float_E(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  for (auto& ch : s)
    if (ch == 'e') ch = 'E';
  return s;
}

std::string labels_string(const model::Labels& ls) {
  std::string out = "{";
  bool first = true;
  for (const auto& l : ls) {
    if (!first) out += ", ";
    first = false;
    bool legacy = !l.name.empty() && !(l.name[0] >= '0' && l.name[0] <= '9');
    for (char c : l.name)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) legacy = false;
    out += legacy ? l.name : go_quote(l.name);
    out += '=';
    out += go_quote(l.value);
  }
  return out + "}";
}

}  // namespace mon::rules::detail
