#pragma once
// The one error type libmon throws. Its text is what the user reads: it names the
// file, line and column where that applies, and what was expected.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace mon {

struct Location {
  std::string file;    // "-" or "<stdin>" for standard input
  std::uint64_t line = 0;    // 1-based; 0 = unknown
  std::uint64_t column = 0;  // 1-based byte column; 0 = unknown
};

// "FILE:LINE:COL" (parts that are unknown are left out).
std::string to_string(const Location& loc);

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An error in some input at a known place. what() is "FILE:LINE:COL: message".
class ParseError : public Error {
 public:
  ParseError(Location loc, std::string message);
  const Location& location() const { return loc_; }
  const std::string& message() const { return message_; }

 private:
  Location loc_;
  std::string message_;
};

}  // namespace mon
