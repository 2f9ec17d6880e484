#include "regex.hpp"

#include "mon/error.hpp"

namespace mon::probe::detail {

Regex::Regex(const std::string& pattern, const std::string& what) {
  int rc = ::regcomp(&re_, pattern.c_str(), REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
  if (rc != 0) {
    char buf[256];
    ::regerror(rc, &re_, buf, sizeof buf);
    throw Error(what + ": the regular expression \"" + pattern + "\" does not compile: " + buf);
  }
}

Regex::~Regex() { ::regfree(&re_); }

bool Regex::search(std::string_view text) const {
  regmatch_t m[1];
  m[0].rm_so = 0;
  m[0].rm_eo = static_cast<regoff_t>(text.size());
  return ::regexec(&re_, text.data(), 1, m, REG_STARTEND) == 0;
}

}  // namespace mon::probe::detail
