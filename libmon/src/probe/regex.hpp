#pragma once
// POSIX extended regular expressions (regcomp/regexec) for --expect-body and friends. Unlike
// std::regex, glibc's matcher does not recurse per character, so a 1 MiB body cannot overflow
// the stack; REG_STARTEND lets it search bytes that contain NULs.
#include <regex.h>

#include <memory>
#include <string>
#include <string_view>

namespace mon::probe::detail {

class Regex {
 public:
  // Throws mon::Error naming `what` (the option) and the pattern.
  Regex(const std::string& pattern, const std::string& what);
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;
  ~Regex();
  bool search(std::string_view text) const;

 private:
  regex_t re_{};
};

}  // namespace mon::probe::detail
