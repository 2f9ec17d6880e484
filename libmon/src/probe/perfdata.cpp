#include "perfdata.hpp"

#include <cctype>
#include <string>

#include "mon/format/number.hpp"

namespace mon::probe::detail {

namespace {
std::optional<double> number_or_empty(std::string_view s, bool& bad) {
  if (s.empty()) return std::nullopt;
  auto v = format::parse_double(s);
  if (!v) bad = true;
  return v;
}
}  // namespace

std::vector<Perf> parse_perfdata(std::string_view text) {
  std::vector<Perf> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    Perf p;
    if (text[i] == '\'') {
      ++i;
      for (;;) {
        if (i >= text.size()) return out;  // unterminated quote: nothing more can be trusted
        if (text[i] == '\'') {
          if (i + 1 < text.size() && text[i + 1] == '\'') {
            p.label += '\'';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        p.label += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i])))
        p.label += text[i++];
    }
    std::size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string_view item = text.substr(i, end - i);
    i = end;
    if (p.label.empty() || item.empty() || item.front() != '=') continue;
    item.remove_prefix(1);
    std::string_view fields[5];
    for (int f = 0; f < 5; ++f) {
      auto semi = item.find(';');
      fields[f] = item.substr(0, semi);
      if (semi == std::string_view::npos) {
        item = {};
        break;
      }
      item.remove_prefix(semi + 1);
    }
    // value[UOM]: the number, then letters or '%'.
    std::string_view v = fields[0];
    std::size_t u = v.size();
    while (u > 0 && (std::isalpha(static_cast<unsigned char>(v[u - 1])) || v[u - 1] == '%')) --u;
    auto value = format::parse_double(v.substr(0, u));
    if (!value) continue;  // "U" (unknown) or garbage
    p.value = *value;
    p.uom = std::string(v.substr(u));
    p.warn = std::string(fields[1]);
    p.crit = std::string(fields[2]);
    bool bad = false;
    p.min = number_or_empty(fields[3], bad);
    p.max = number_or_empty(fields[4], bad);
    if (bad) p.min = p.max = std::nullopt;
    out.push_back(std::move(p));
  }
  return out;
}

PluginOutput parse_plugin_output(std::string_view output) {
  PluginOutput r;
  auto eol = output.find('\n');
  std::string_view first = output.substr(0, eol);
  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : output.substr(eol + 1);
  auto bar = first.find('|');
  std::string_view text = first.substr(0, bar);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  r.message = std::string(text);
  if (bar != std::string_view::npos) r.perf = parse_perfdata(first.substr(bar + 1));
  if (auto bar2 = rest.find('|'); bar2 != std::string_view::npos) {
    auto more = parse_perfdata(rest.substr(bar2 + 1));
    r.perf.insert(r.perf.end(), more.begin(), more.end());
  }
  return r;
}

}  // namespace mon::probe::detail
