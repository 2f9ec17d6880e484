#pragma once
// Reports malformed input on stderr as "FILE:LINE:COL: message": the first 20, then a count,
// so a file that is not metrics at all does not bury the terminal.
#include <cstdio>
#include <string>

#include "mon/format/diagnostics.hpp"

namespace monctl {

class StderrDiagnostics : public mon::format::Diagnostics {
 public:
  explicit StderrDiagnostics(bool strict, std::size_t shown = 20) : strict_(strict), shown_(shown) {}

  bool error(const mon::Location& where, const std::string& message) override {
    if (errors_++ < shown_) std::fprintf(stderr, "%s: %s\n", mon::to_string(where).c_str(), message.c_str());
    return !strict_;
  }
  void warning(const mon::Location& where, const std::string& message) override {
    if (warnings_++ < shown_)
      std::fprintf(stderr, "%s: warning: %s\n", mon::to_string(where).c_str(), message.c_str());
  }
  // Prints how many reports were not shown. Call once at the end.
  void summarize() const {
    if (errors_ > shown_)
      std::fprintf(stderr, "monctl: %zu more malformed lines not shown (%zu in all)\n", errors_ - shown_, errors_);
    if (warnings_ > shown_) std::fprintf(stderr, "monctl: %zu more warnings not shown\n", warnings_ - shown_);
  }
  std::size_t errors() const { return errors_; }

 private:
  bool strict_;
  std::size_t shown_;
  std::size_t errors_ = 0, warnings_ = 0;
};

}  // namespace monctl
