// Go's string helpers: UTF-8, strconv quoting, html/js/url escaping as text/template and net/url do.
#include "gostr.hpp"

#include <cstdio>

namespace mon::tmpl {

std::size_t utf8_decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t len = 0;
  std::uint32_t min = 0;
  if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1fu, min = 0x80;
  else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0fu, min = 0x800;
  else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07u, min = 0x10000;
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3fu);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

void utf8_append(std::string& out, std::uint32_t cp) {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    std::uint32_t cp;
    std::size_t len = utf8_decode(s, i, cp);
    i += len == 0 ? 1 : len;
  }
  return n;
}

std::string utf8_prefix(std::string_view s, std::size_t runes) {
  std::size_t i = 0;
  for (std::size_t n = 0; i < s.size() && n < runes; ++n) {
    std::uint32_t cp;
    std::size_t len = utf8_decode(s, i, cp);
    i += len == 0 ? 1 : len;
  }
  return std::string(s.substr(0, i));
}

std::string fmt_hex_escape(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  return buf;
}

bool is_printable(std::uint32_t cp) {
  if (cp < 0x20 || cp == 0x7f) return false;
  if (cp >= 0x80 && cp < 0xa0) return false;
  if (cp == 0xad) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp == 0xfeff || cp == 0xfffe || cp == 0xffff) return false;
  if (cp >= 0x2028 && cp <= 0x202e) return false;
  if (cp >= 0x200b && cp <= 0x200f) return false;
  if (cp >= 0x2060 && cp <= 0x206f) return false;
  if (cp >= 0xe000 && cp <= 0xf8ff) return false;  // private use
  return cp <= 0x10ffff;
}

bool is_backquotable(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    std::size_t len = utf8_decode(s, i, cp);
    if (len == 0) return false;
    i += len;
    if (cp == '`' || cp == 0xfeff) return false;
    if (cp < 0x20 && cp != '\t') return false;
    if (cp == 0x7f) return false;
  }
  return true;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\'': out += "&#39;"; break;
      case '"': out += "&#34;"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      default: out += c;
    }
  }
  return out;
}

std::string js_escape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    std::size_t len = utf8_decode(s, i, cp);
    if (len == 0) {
      out += "\\uFFFD";
      ++i;
      continue;
    }
    char buf[16];
    switch (cp) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      case '<': out += "\\u003C"; break;
      case '>': out += "\\u003E"; break;
      case '&': out += "\\u0026"; break;
      case '=': out += "\\u003D"; break;
      default:
        if (cp < ' ') {
          std::snprintf(buf, sizeof buf, "\\u%04X", cp);
          out += buf;
        } else if (cp < 0x80 || is_printable(cp)) {
          out.append(s.substr(i, len));
        } else {
          std::snprintf(buf, sizeof buf, "\\u%04X", cp);
          out += buf;
        }
    }
    i += len;
  }
  return out;
}

namespace {
bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}
const char* hexd = "0123456789ABCDEF";
int unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string query_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (unreserved(c)) out += ch;
    else if (c == ' ') out += '+';
    else {
      out += '%';
      out += hexd[c >> 4];
      out += hexd[c & 15];
    }
  }
  return out;
}

std::string path_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (unreserved(c) || c == '$' || c == '&' || c == '+' || c == ',' || c == ':' || c == ';' || c == '=' || c == '@')
      out += ch;
    else {
      out += '%';
      out += hexd[c >> 4];
      out += hexd[c & 15];
    }
  }
  return out;
}

bool query_unescape(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) return false;
      int h = unhex(s[i + 1]), l = unhex(s[i + 2]);
      if (h < 0 || l < 0) return false;
      out += static_cast<char>(h * 16 + l);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace mon::tmpl
