#pragma once
// The terminal's style for human-readable reports: ANSI colours when the stream is a terminal
// that wants them (term.hpp: not with NO_COLOR or TERM=dumb), plain text otherwise.
#include "mon/style.hpp"
#include "term.hpp"

namespace monctl {

inline mon::Style ansi_style() {
  return {"\033[32m", "\033[33m", "\033[31m", "\033[35m", "\033[1m", "\033[2m", "\033[0m"};
}

inline mon::Style style_for(int fd) { return color_enabled(fd) ? ansi_style() : mon::Style{}; }

}  // namespace monctl
