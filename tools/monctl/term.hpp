#pragma once
// Terminal conventions shared by the subcommands: colour only on a terminal and never when
// NO_COLOR is set (https://no-color.org); progress output and full-screen views only on a terminal.
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace monctl {

inline bool is_tty(int fd) { return ::isatty(fd) == 1; }

// A terminal that can move its cursor, for a full-screen view: any but TERM=dumb.
inline bool is_screen(int fd) {
  const char* term = std::getenv("TERM");
  return is_tty(fd) && !(term && std::strcmp(term, "dumb") == 0);
}

inline bool color_enabled(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return is_tty(fd);
}

}  // namespace monctl
