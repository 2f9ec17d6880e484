// Turning what the user typed into bytes: --body @FILE and the C escapes of --send.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "mon/probe/spec.hpp"

namespace mon::probe {

std::string load_body(const std::string& value, const std::string& base_dir) {
  if (value.empty() || value.front() != '@') return value;
  std::string path = value.substr(1);
  if (!base_dir.empty() && !path.empty() && path.front() != '/') path = base_dir + "/" + path;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the body file " + path + ": " + std::strerror(errno));
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error("cannot read the body file " + path);
  return body;
}

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i >= text.size()) throw Error("\"" + std::string(text) + "\" ends with a lone backslash");
    switch (text[i]) {
      case 'r': out += '\r'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case '\\': out += '\\'; break;
      case 'x': {
        auto hex = [](char c) -> int {
          if (c >= '0' && c <= '9') return c - '0';
          if (c >= 'a' && c <= 'f') return c - 'a' + 10;
          if (c >= 'A' && c <= 'F') return c - 'A' + 10;
          return -1;
        };
        int hi = i + 1 < text.size() ? hex(text[i + 1]) : -1, lo = i + 2 < text.size() ? hex(text[i + 2]) : -1;
        if (hi < 0 || lo < 0) throw Error("\"" + std::string(text) + "\": \\x needs two hex digits");
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        break;
      }
      default:
        throw Error("\"" + std::string(text) + "\": unknown escape \\" + std::string(1, text[i]) +
                    " (known: \\r \\n \\t \\0 \\\\ \\xHH)");
    }
  }
  return out;
}

}  // namespace mon::probe
