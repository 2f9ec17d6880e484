#pragma once
// How a human-readable report marks its words. libmon knows nothing of terminals: the caller
// passes the markup (tools/ puts ANSI colour codes here for a terminal that wants them); the
// default, all empty, is plain text.
#include <string_view>

namespace mon {

struct Style {
  std::string_view good;     // OK, up, faster
  std::string_view warning;  // WARNING, slower within bounds
  std::string_view bad;      // CRITICAL, down, a regression
  std::string_view unknown;  // UNKNOWN
  std::string_view strong;   // headings, names
  std::string_view faint;    // secondary figures
  std::string_view reset;    // ends any of the above

  bool plain() const { return reset.empty(); }
};

}  // namespace mon
