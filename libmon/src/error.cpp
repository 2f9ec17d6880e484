#include "mon/error.hpp"

namespace mon {

std::string to_string(const Location& loc) {
  std::string out = loc.file.empty() ? std::string("<input>") : loc.file;
  if (loc.line != 0) {
    out += ':';
    out += std::to_string(loc.line);
    if (loc.column != 0) {
      out += ':';
      out += std::to_string(loc.column);
    }
  }
  return out;
}

ParseError::ParseError(Location loc, std::string message)
    : Error(to_string(loc) + ": " + message), loc_(std::move(loc)), message_(std::move(message)) {}

}  // namespace mon
