#include <doctest/doctest.h>

#include <string>

#include "mon/error.hpp"
#include "mon/promql/regex.hpp"

using mon::promql::Regex;

TEST_CASE("promql regex: RE2 patterns as Prometheus matches them") {
  CHECK(Regex("a|b").full_match("a"));
  CHECK_FALSE(Regex("a|b").full_match("ab"));  // fully anchored
  CHECK_FALSE(Regex("b").full_match("abc"));
  CHECK(Regex(".*").full_match(""));
  CHECK(Regex("a.b").full_match("a\nb"));  // '.' matches a newline in Prometheus 3
  CHECK(Regex("(?i)foo").full_match("FoO"));
  CHECK(Regex("(?is)f.o").full_match("F\nO"));
  CHECK(Regex("x(?i:ab)y").full_match("xAby"));
  CHECK_FALSE(Regex("x(?i:ab)y").full_match("XAbY"));
  CHECK(Regex("((?i)pro).*").full_match("PROD"));
  CHECK(Regex("(?i)[a-c]+").full_match("aBC"));
  CHECK(Regex("(?-s)a.b").full_match("axb"));
  CHECK_FALSE(Regex("(?-s)a.b").full_match("a\nb"));
  CHECK(Regex("[[:alpha:]]+").full_match("abc"));
  CHECK_FALSE(Regex("[[:alpha:]]+").full_match("ab1"));
  CHECK(Regex("[[:digit:]]{2}").full_match("42"));
  CHECK(Regex("abc\\z").full_match("abc"));
  CHECK(Regex("\\Aabc").full_match("abc"));
  CHECK(Regex("\\d+\\.\\d+").full_match("1.25"));
  CHECK(Regex("(?P<x>a)b").full_match("ab"));
  CHECK(Regex("(?<x>a)b").full_match("ab"));
  CHECK(Regex("a{2}").full_match("aa"));
  CHECK(Regex("a{2,}b{1,2}").full_match("aaabb"));
  CHECK(Regex("a*?b").full_match("aab"));
  CHECK(Regex("{x}").full_match("{x}"));  // a '{' that is no repetition is a literal, as in RE2
}

TEST_CASE("promql regex: label_replace's replacement expansion as Go's regexp.Expand") {
  std::string out = "untouched";
  const Regex re("(?P<host>[^:]+):(\\d+)");
  CHECK(re.replace("web:80", "$1", out));
  CHECK(out == "web");
  CHECK(re.replace("web:80", "${2}x", out));
  CHECK(out == "80x");
  CHECK(re.replace("web:80", "$host-$2", out));
  CHECK(out == "web-80");
  CHECK(re.replace("web:80", "${host}_", out));
  CHECK(out == "web_");
  CHECK(re.replace("web:80", "$2x", out));  // "$2x" names a group "2x", which does not exist
  CHECK(out == "");
  CHECK(re.replace("web:80", "$$1 costs $", out));
  CHECK(out == "$1 costs $");
  CHECK(re.replace("web:80", "$9", out));
  CHECK(out == "");
  CHECK(re.replace("web:80", "${unclosed", out));
  CHECK(out == "${unclosed");
  out = "kept";
  CHECK_FALSE(re.replace("no port", "$1", out));
  CHECK(out == "kept");
  CHECK(Regex("(a)|(b)").replace("b", "[$1][$2]", out));
  CHECK(out == "[][b]");
}

TEST_CASE("promql regex: invalid patterns are errors naming the pattern") {
  for (const char* p : {"(", ")", "[a", "a\\", "(?P<>a)", "(?x)a", "\\pL", "(?P<n>a)(?P<n>b)", "a**", "a+*", "*a", "a*??", "(|+)"}) {
    CAPTURE(p);
    try {
      Regex r(p);
      FAIL("accepted");
    } catch (const mon::Error& e) {
      CHECK(std::string(e.what()).find("invalid regular expression \"" + std::string(p) + "\"") == 0);
    }
  }
}
