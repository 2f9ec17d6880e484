// Values that go into protocol lines. libcurl copies a header, a method or a URL into the request
// as given, and getaddrinfo and the Nagios plugin line are line-based too: a CR or LF inside a
// value ends its line early and the rest arrives as a line of its own (`--header $'X: v\r\nX-Evil:
// 1'` sends two headers). Such values are refused before anything runs, never cleaned up.
#include <cstdio>

#include "mon/probe/spec.hpp"

namespace mon::probe {

std::optional<std::string> breaks_line(std::string_view value) {
  for (char c : value) {
    if (c == '\r') return "it contains a carriage return (\\r): a value sent in a protocol line must be one line";
    if (c == '\n') return "it contains a line feed (\\n): a value sent in a protocol line must be one line";
    if (c == '\0') return "it contains a NUL byte (\\0)";
  }
  return std::nullopt;
}

std::optional<std::string> not_a_token(std::string_view value) {
  if (value.empty()) return "it is empty";
  if (auto broken = breaks_line(value)) return broken;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    bool alnum = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos)
      return "the character " + quoted(std::string_view(&c, 1)) +
             " is not allowed here (letters, digits and !#$%&'*+-.^_`|~ are)";
  }
  return std::nullopt;
}

std::string printable(std::string_view value, std::size_t limit) {
  std::string out;
  for (unsigned char ch : value) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    switch (ch) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\0': out += "\\0"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (ch < 0x20 || ch >= 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", ch);
          out += buf;
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  return out;
}

std::string quoted(std::string_view value, std::size_t limit) { return "\"" + printable(value, limit) + "\""; }

}  // namespace mon::probe
