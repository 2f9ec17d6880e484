#pragma once
// Alertmanager's label matchers: `name="value"`, `name!=value`, `name=~"regex"`, `name!~regex`,
// a value quoted (with Go's escapes) or not, and lists `{a="b", c=~"d"}` or `a="b",c=~"d"` — as
// route and inhibit rule `matchers:`, silences and amtool take them. Regular expressions are RE2
// as in Alertmanager (translated by mon::promql::Regex) and anchored at both ends.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mon/error.hpp"
#include "mon/format/go_quote.hpp"
#include "mon/model/metric.hpp"
#include "mon/promql/regex.hpp"

namespace mon::notify {

enum class MatchType { equal, not_equal, regex, not_regex };

struct Matcher {
  std::string name;
  MatchType type = MatchType::equal;
  std::string value;
  std::shared_ptr<const promql::Regex> re;  // for regex and not_regex: RE2 syntax, anchored

  // An absent label has the value "", as in Alertmanager.
  bool matches(const model::Labels& labels) const;
  // Alertmanager's form: name, operator, the value quoted as Go's %q ("severity=\"page\"").
  std::string text() const;
};

using Matchers = std::vector<Matcher>;

bool matches_all(const Matchers& matchers, const model::Labels& labels);
// "{a=\"b\",c=~\"d\"}" (Alertmanager's Matchers.String()).
std::string text(const Matchers& matchers);

// Builds a matcher; throws mon::Error for an invalid label name or regular expression.
Matcher make_matcher(std::string name, MatchType type, std::string value);

// One matcher, or a list in braces or separated by commas. Throws mon::ParseError at `where`
// (the column is that of the offending character within the text, added to where.column).
Matchers parse_matchers(std::string_view text, const Location& where = {});

// Go's %q of a string (as Alertmanager prints matcher values and label sets).
using format::go_quote;

// Alertmanager's sort order for a route's matchers (name, value, type), which its route keys use.
void sort_matchers(Matchers& matchers);

}  // namespace mon::notify
