#pragma once
// The regular expressions of PromQL matchers and label_replace: RE2 syntax as Prometheus takes it
// (fully anchored, `(?i)` and the other flag groups, `.` matching a newline), run here on std::regex
// after translation. Construction throws mon::Error naming the pattern and what is wrong with it.
#include <memory>
#include <regex>
#include <string>
#include <string_view>

namespace mon::promql {

class Regex {
 public:
  explicit Regex(std::string_view pattern);
  const std::string& pattern() const { return pattern_; }
  bool full_match(std::string_view text) const;
  // label_replace: the whole text must match; `replacement` may use $1, ${1}, $name, ${name}.
  // Returns false (and leaves `out` alone) when the text does not match.
  bool replace(std::string_view text, std::string_view replacement, std::string& out) const;

 private:
  std::string pattern_;
  std::regex re_;
  std::vector<std::string> group_names_;  // index = group number; "" for unnamed
};

}  // namespace mon::promql
