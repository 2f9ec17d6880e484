// JSON string escaping (RFC 8259 section 7). The writer spends most of its time here, so the
// common case -- printable ASCII with nothing to escape -- is copied in runs, not byte by byte.
#include "json_escape.hpp"

#include <array>

#include "utf8.hpp"

namespace mon::format::detail {

namespace {

// 1 for bytes that end a plain run: controls, '"', '\', and every non-ASCII byte (validated).
constexpr std::array<unsigned char, 256> make_special() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = (c < 0x20 || c == '"' || c == '\\' || c >= 0x80);
  return t;
}
constexpr auto kSpecial = make_special();

}  // namespace

std::size_t append_json_string(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  std::size_t replaced = 0;
  out.push_back('"');
  std::size_t run = 0, i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!kSpecial[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      std::size_t n = utf8_sequence_length(s, i);
      if (n != 0) {
        i += n;  // valid multi-byte UTF-8 is written as is
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
          ++replaced;
        }
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
  return replaced;
}

}  // namespace mon::format::detail
