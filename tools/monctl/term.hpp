#pragma once
// Terminal conventions shared by the subcommands: colour only on a terminal and never when
// NO_COLOR is set (https://no-color.org); progress output only on a terminal.
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace monctl {

inline bool is_tty(int fd) { return ::isatty(fd) == 1; }

inline bool color_enabled(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return is_tty(fd);
}

}  // namespace monctl
