// Escaping for the Prometheus text dialects (see text_escape.hpp). The common case -- a value
// with nothing to escape -- is found with one scan and appended in one piece.
#include "text_escape.hpp"

namespace mon::format::detail::text {

namespace {

template <class NeedsEscape>
void append_escaped(std::string& out, std::string_view s, NeedsEscape needs) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!needs(c)) continue;
    out.append(s.data() + start, i - start);
    out += '\\';
    out += c == '\n' ? 'n' : c;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

}  // namespace

void append_label_value(std::string& out, std::string_view value) {
  append_escaped(out, value, [](char c) { return c == '\\' || c == '"' || c == '\n'; });
}

void append_help(std::string& out, std::string_view help, bool openmetrics) {
  if (openmetrics)
    append_escaped(out, help, [](char c) { return c == '\\' || c == '"' || c == '\n'; });
  else
    append_escaped(out, help, [](char c) { return c == '\\' || c == '\n'; });
}

void append_labels(std::string& out, const model::Labels& labels) {
  if (labels.empty()) return;
  char sep = '{';
  for (const auto& l : labels) {
    out += sep;
    out += l.name;
    out += "=\"";
    append_label_value(out, l.value);
    out += '"';
    sep = ',';
  }
  out += '}';
}

void append_seconds(std::string& out, std::int64_t ms) {
  // Work on the magnitude as unsigned so INT64_MIN has one too.
  std::uint64_t mag = ms < 0 ? 0 - static_cast<std::uint64_t>(ms) : static_cast<std::uint64_t>(ms);
  if (ms < 0) out += '-';
  std::uint64_t secs = mag / 1000, frac = mag % 1000;
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + secs % 10);
    secs /= 10;
  } while (secs);
  while (n) out += buf[--n];
  if (frac) {
    out += '.';
    out += static_cast<char>('0' + frac / 100);
    if (frac % 100) {
      out += static_cast<char>('0' + frac / 10 % 10);
      if (frac % 10) out += static_cast<char>('0' + frac % 10);
    }
  }
}

}  // namespace mon::format::detail::text
