// Escaping for the Prometheus text dialects (see text_escape.hpp). The common case -- a value
// with nothing to escape -- is found with one scan and appended in one piece.
#include "text_escape.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

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

namespace {

char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* put_escaped(char* p, std::string_view s) {
  for (char c : s) {
    if (c == '\\' || c == '"' || c == '\n') {
      *p++ = '\\';
      *p++ = c == '\n' ? 'n' : c;
    } else {
      *p++ = c;
    }
  }
  return p;
}

// Room: 32 bytes.
char* put_value(char* p, double v) {
  if (v > -1e15 && v < 1e15) {
    auto i = static_cast<std::int64_t>(v);
    if (static_cast<double>(i) == v && !(i == 0 && std::signbit(v))) return std::to_chars(p, p + 32, i).ptr;
  }
  if (std::isnan(v)) return put(p, "NaN");
  if (std::isinf(v)) return put(p, v > 0 ? "+Inf" : "-Inf");
  return std::to_chars(p, p + 32, v).ptr;
}

}  // namespace

void append_sample(std::string& out, const model::Sample& s, bool openmetrics) {
  std::size_t need = s.name.size() + 2 + 32 + 32 + 2;
  for (const auto& l : s.labels) need += l.name.size() + 2 * l.value.size() + 4;
  std::size_t old = out.size();
  out.resize(old + need);
  char* begin = out.data();
  char* p = put(begin + old, s.name);
  char sep = '{';
  for (const auto& l : s.labels) {
    *p++ = sep;
    p = put(p, l.name);
    *p++ = '=';
    *p++ = '"';
    p = put_escaped(p, l.value);
    *p++ = '"';
    sep = ',';
  }
  if (!s.labels.empty()) *p++ = '}';
  *p++ = ' ';
  p = put_value(p, s.value);
  if (s.timestamp_ms) {
    *p++ = ' ';
    if (openmetrics) {
      std::string ts;
      append_seconds(ts, *s.timestamp_ms);
      p = put(p, ts);
    } else {
      p = std::to_chars(p, p + 24, *s.timestamp_ms).ptr;
    }
  }
  *p++ = '\n';
  out.resize(static_cast<std::size_t>(p - begin));
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
