// Guessing an input's format from its first lines. Order matters: JSON and our CSV header are
// unmistakable; StatsD and Influx lines have shapes no Prometheus line has; OpenMetrics is
// told from Prometheus text by what only it has (# UNIT, # EOF, its own types, "x" counters
// with "x_total" samples).
#include <string>

#include "mon/format/codec.hpp"
#include "mon/format/number.hpp"

namespace mon::format {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_statsd(std::string_view line) {
  auto colon = line.find(':');
  auto bar = line.find('|');
  if (colon == std::string_view::npos || bar == std::string_view::npos || colon == 0 || bar < colon) return false;
  if (line.find(' ') != std::string_view::npos && line.find(' ') < bar) return false;
  std::string_view type = line.substr(bar + 1);
  type = type.substr(0, type.find('|'));
  return type == "c" || type == "g" || type == "ms" || type == "h" || type == "s" || type == "d";
}

// "measurement[,tag=v…] field=value[,…] [timestamp]": the second unescaped-space field holds '='.
bool is_influx(std::string_view line) {
  if (line.find('{') != std::string_view::npos) return false;
  std::size_t i = 0;
  while (i < line.size() && line[i] != ' ') i += (line[i] == '\\') ? 2 : 1;
  if (i >= line.size()) return false;
  std::string_view rest = line.substr(i + 1);
  auto eq = rest.find('=');
  auto sp = rest.find(' ');
  return eq != std::string_view::npos && eq > 0 && (sp == std::string_view::npos || eq < sp);
}

// A CSV header row: comma-separated column names (optionally quoted), among them "name" and
// "value", in any order. No line of the other formats looks like that (Prometheus and Influx
// lines need a space, StatsD a '|').
bool is_csv_header(std::string_view line) {
  bool name = false, value = false;
  std::size_t fields = 0;
  for (std::size_t i = 0; i <= line.size();) {
    std::size_t end = line.find(',', i);
    if (end == std::string_view::npos) end = line.size();
    std::string_view f = trim(line.substr(i, end - i));
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    if (f.empty()) return false;
    for (char c : f)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    name = name || f == "name";
    value = value || f == "value";
    ++fields;
    i = end + 1;
  }
  return fields >= 2 && name && value;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((s[i] | 0x20) != suffix[i]) return false;
  return true;
}

}  // namespace

std::optional<Format> detect_input(std::string_view path, std::string_view head) {
  if (path != "-" && ends_with_ci(path, ".csv")) return Format::csv;
  return detect(head);
}

std::optional<Format> detect(std::string_view head) {
  if (starts_with(head, "\xEF\xBB\xBF")) head.remove_prefix(3);  // a UTF-8 byte order mark (spreadsheets)
  std::optional<Format> guess;
  bool om_hint = false, prom_seen = false;
  std::string counter_family;
  std::size_t pos = 0;
  int lines = 0;
  while (pos < head.size() && lines < 64) {
    auto nl = head.find('\n', pos);
    bool complete = nl != std::string_view::npos;
    std::string_view raw = head.substr(pos, complete ? nl - pos : std::string_view::npos);
    pos = complete ? nl + 1 : head.size();
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    ++lines;
    if (lines == 1) {
      if (line[0] == '{' || line[0] == '[') return Format::json;
      if (is_csv_header(line)) return Format::csv;
    }
    if (line == "# EOF" || starts_with(line, "# UNIT ")) return Format::openmetrics;
    if (starts_with(line, "# TYPE ")) {
      prom_seen = true;
      std::string_view rest = line.substr(7);
      auto sp = rest.find(' ');
      std::string_view fam = rest.substr(0, sp);
      std::string_view type = sp == std::string_view::npos ? std::string_view() : trim(rest.substr(sp + 1));
      if (type == "unknown" || type == "info" || type == "stateset" || type == "gaugehistogram")
        return Format::openmetrics;
      counter_family.clear();
      if (type == "counter" && !(fam.size() > 6 && fam.substr(fam.size() - 6) == "_total"))
        counter_family = std::string(fam);
      continue;
    }
    if (line[0] == '#') {
      prom_seen = prom_seen || starts_with(line, "# HELP ");
      continue;
    }
    if (!counter_family.empty() && starts_with(line, counter_family + "_total")) om_hint = true;
    if (prom_seen) continue;
    if (!complete && lines > 1) break;  // a cut-off line says little
    if (is_statsd(line)) return Format::statsd;
    if (parse_value(line)) return Format::values;
    if (is_influx(line)) return Format::influx;
    // A sample line: Prometheus text, unless a later "# EOF" or "# UNIT" says OpenMetrics.
    guess = Format::prom;
    prom_seen = true;
  }
  if (om_hint) return Format::openmetrics;
  if (prom_seen) return Format::prom;
  return guess;
}

}  // namespace mon::format
