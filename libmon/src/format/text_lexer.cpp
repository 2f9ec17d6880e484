// Scanning for the Prometheus text dialects (see text_lexer.hpp). The hot path -- quoted
// values -- is a byte loop that takes a whole run at once, so a sample line costs no
// allocation once the label strings have grown to their usual size.
#include "text_lexer.hpp"


namespace mon::format::detail::text {

std::size_t scan_metric_name(std::string_view line, std::size_t pos) {
  if (pos >= line.size() || !is_name_start(line[pos])) return pos;
  ++pos;
  while (pos < line.size() && is_name_char(line[pos])) ++pos;
  return pos;
}

std::size_t scan_label_name(std::string_view line, std::size_t pos) {
  if (pos >= line.size() || !is_label_start(line[pos])) return pos;
  ++pos;
  while (pos < line.size() && is_label_char(line[pos])) ++pos;
  return pos;
}

std::size_t read_quoted(std::string_view line, std::size_t pos, std::string& out, bool& high, bool strict,
                        std::size_t& bad_escape) {
  bad_escape = std::string_view::npos;
  const char* p = line.data();
  const std::size_t n = line.size();
  unsigned acc = 0;
  std::size_t i = pos;
  // Fast path: a value without escapes is one run up to the closing quote.
  while (i < n && !(char_bits(p[i]) & 16)) acc |= static_cast<unsigned char>(p[i++]);
  if (i < n && p[i] == '"') {
    assign_if_changed(out, p + pos, i - pos);
    high = (acc & 0x80) != 0;
    return i + 1;
  }
  out.assign(p + pos, i - pos);
  std::size_t start = i;
  for (; i < n; ++i) {
    char c = p[i];
    acc |= static_cast<unsigned char>(c);
    if (c == '"') {
      out.append(p + start, i - start);
      high = (acc & 0x80) != 0;
      return i + 1;
    }
    if (c == '\\') {
      out.append(p + start, i - start);
      if (i + 1 >= n) return std::string_view::npos;
      char e = p[++i];
      acc |= static_cast<unsigned char>(e);
      if (e == 'n') {
        out += '\n';
      } else if (e == '\\' || e == '"') {
        out += e;
      } else if (strict) {
        bad_escape = i - 1;  // the backslash
        return std::string_view::npos;
      } else {
        out += '\\';
        out += e;
      }
      start = i + 1;
    }
  }
  return std::string_view::npos;
}

std::size_t invalid_utf8_at(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;       // no overlong forms
      else if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      else if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::size_t code_points(std::string_view s) {
  std::size_t count = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

void unescape_help(std::string_view s, bool openmetrics, std::string& out) {
  out.clear();
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) continue;
    char e = s[i + 1];
    if (e != 'n' && e != '\\' && !(openmetrics && e == '"')) continue;
    out.append(s.data() + start, i - start);
    out += e == 'n' ? '\n' : e;
    ++i;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

std::string describe(std::string_view line, std::size_t pos) {
  if (pos >= line.size()) return "the end of the line";
  unsigned char c = static_cast<unsigned char>(line[pos]);
  if (c == '\r') return "a carriage return (CRLF line endings are not allowed)";
  if (c == '\t') return "a tab";
  if (c == ' ') return "a space";
  if (c == 0) return "a NUL byte (is this a binary file?)";
  if (c < 0x20 || c >= 0x7f) {
    static const char hex[] = "0123456789abcdef";
    return std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
  }
  return std::string("'") + static_cast<char>(c) + "'";
}

}  // namespace mon::format::detail::text
