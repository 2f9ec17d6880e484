#pragma once
// Internal: helpers shared by Prometheus' and Alertmanager's function sets.
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "mon/tmpl/value.hpp"

namespace mon::tmpl::detail {

// prometheus/common's convertToFloat: float64, ints, strings (strconv.ParseFloat), durations.
double convert_to_float(const Value& v);

// A Go (RE2) regular expression, unanchored as regexp.MatchString and ReplaceAllString take it,
// run on std::regex after translation. Throws mon::Error "error parsing regexp: ..." when bad.
class GoRegex {
 public:
  explicit GoRegex(std::string_view pattern);
  bool search(std::string_view text) const;
  // Regexp.ReplaceAllString: $1, ${1}, $name, ${name}, $$ in `repl`, Go's empty-match rules.
  std::string replace_all(std::string_view text, std::string_view repl) const;

 private:
  std::regex re_;
  std::vector<std::string> names_;  // by group number; "" unnamed
};

// cases.Title: the first letter of each word in upper case; the rest lowered unless `keep_rest`.
std::string title_case(std::string_view s, bool keep_rest);
std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);
std::string trim_space(std::string_view s);
// net.SplitHostPort; false when Go would return an error.
bool split_host_port(std::string_view hostport, std::string& host, std::string& port);

// A map[string]string type (missing keys give "" under missingkey=zero).
std::shared_ptr<const TypeInfo> string_map_type(std::string name = "map[string]string");

}  // namespace mon::tmpl::detail
