#pragma once
// Where readers report malformed input. A reader reports a problem, skips the bad line and
// goes on, unless the diagnostics say stop (--strict).
#include <cstdint>
#include <string>
#include <vector>

#include "mon/error.hpp"

namespace mon::format {

class Diagnostics {
 public:
  virtual ~Diagnostics() = default;
  // Returns false when the reader must stop now.
  virtual bool error(const Location& where, const std::string& message) = 0;
  // Something odd but not wrong (a value that lost precision, a regrouped family ...).
  virtual void warning(const Location& where, const std::string& message) { (void)where, (void)message; }
};

// Keeps every report; handy in tests and in libmon callers that want them all.
class CollectingDiagnostics : public Diagnostics {
 public:
  explicit CollectingDiagnostics(bool stop_at_first = false) : stop_(stop_at_first) {}
  bool error(const Location& where, const std::string& message) override {
    errors.push_back(to_string(where) + ": " + message);
    return !stop_;
  }
  void warning(const Location& where, const std::string& message) override {
    warnings.push_back(to_string(where) + ": " + message);
  }
  std::vector<std::string> errors, warnings;

 private:
  bool stop_;
};

}  // namespace mon::format
