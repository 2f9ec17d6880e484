// RE2 syntax (as Prometheus takes it) translated to ECMAScript for std::regex: fully anchored,
// `.` matching a newline, leading flag groups, \z and \A, named groups, POSIX classes.
#include "mon/promql/regex.hpp"

#include "mon/error.hpp"

namespace mon::promql {

namespace {

[[noreturn]] void bad(std::string_view pattern, const std::string& why) {
  throw Error("invalid regular expression \"" + std::string(pattern) + "\": " + why);
}

bool is_name_char(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

Regex::Regex(std::string_view pattern) : pattern_(pattern) {
  std::string out;
  out.reserve(pattern.size() + 16);
  group_names_.push_back("");
  bool icase = false;
  bool dot_nl = true;  // Prometheus 3 matches with (?s)
  std::size_t i = 0;
  const std::size_t n = pattern.size();
  int depth = 0;
  // Flag groups: (?i) (?s) (?is) (?-s) ... at the start, or (?flags:...) anywhere (case-insensitive
  // only as a whole: std::regex has no inline flags).
  auto parse_flags = [&](std::size_t at, std::size_t& end, bool& is_group) {
    // pattern[at] == '(' and pattern[at+1] == '?'
    std::size_t k = at + 2;
    bool negate = false;
    bool any = false;
    bool want_icase = icase, want_dot = dot_nl;
    while (k < n && pattern[k] != ')' && pattern[k] != ':') {
      const char f = pattern[k];
      if (f == '-') {
        if (negate) bad(pattern, "invalid or unsupported Perl syntax");
        negate = true;
      } else if (f == 'i') {
        want_icase = !negate;
      } else if (f == 's') {
        want_dot = !negate;
      } else if (f == 'm' || f == 'U') {
        bad(pattern, std::string("flag (?") + f + ") is not supported");
      } else {
        bad(pattern, "invalid or unsupported Perl syntax: `" + std::string(pattern.substr(at, k - at + 1)) + "`");
      }
      any = true;
      ++k;
    }
    if (k >= n) bad(pattern, "missing closing )");
    if (!any && pattern[k] == ')') bad(pattern, "missing argument to repetition operator");
    is_group = pattern[k] == ':';
    end = k + 1;
    if (want_icase != icase) {
      if (at != 0 && !(is_group && at == 0)) bad(pattern, "case-insensitive matching only for the whole pattern is supported");
      icase = want_icase;
    }
    dot_nl = want_dot;
  };
  while (i < n) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 >= n) bad(pattern, "trailing backslash at end of expression");
      const char e = pattern[i + 1];
      switch (e) {
        case 'z': out += "$"; break;
        case 'A': out += "^"; break;
        case 'p':
        case 'P':
        case 'Q':
        case 'E':
        case 'C': bad(pattern, std::string("escape \\") + e + " is not supported");
        default:
          out += '\\';
          out += e;
      }
      i += 2;
      continue;
    }
    if (c == '[') {
      // A character class, copied as is ([[:alpha:]] is ECMAScript's too).
      std::size_t k = i + 1;
      if (k < n && pattern[k] == '^') ++k;
      if (k < n && pattern[k] == ']') ++k;
      while (k < n && pattern[k] != ']') {
        if (pattern[k] == '\\') {
          if (k + 1 < n && (pattern[k + 1] == 'p' || pattern[k + 1] == 'P'))
            bad(pattern, "escape \\p is not supported");
          k += 2;
          continue;
        }
        if (pattern[k] == '[' && k + 1 < n && pattern[k + 1] == ':') {
          const std::size_t close = pattern.find(":]", k + 2);
          if (close == std::string_view::npos) bad(pattern, "missing closing ]");
          k = close + 2;
          continue;
        }
        ++k;
      }
      if (k >= n) bad(pattern, "missing closing ]: `" + std::string(pattern.substr(i)) + "`");
      std::string cls(pattern.substr(i, k - i + 1));
      out += cls;
      i = k + 1;
      continue;
    }
    if (c == '(') {
      if (i + 1 < n && pattern[i + 1] == '?') {
        if (i + 2 < n && (pattern[i + 2] == 'P' || pattern[i + 2] == '<')) {
          std::size_t k = i + 2 + (pattern[i + 2] == 'P' ? 1 : 0);
          if (k >= n || pattern[k] != '<') bad(pattern, "invalid named capture");
          const std::size_t close = pattern.find('>', k);
          if (close == std::string_view::npos) bad(pattern, "invalid named capture");
          const std::string name(pattern.substr(k + 1, close - k - 1));
          if (name.empty()) bad(pattern, "invalid named capture");
          for (char ch : name)
            if (!is_name_char(ch)) bad(pattern, "invalid named capture: `" + std::string(pattern.substr(i, close - i + 1)) + "`");
          for (const auto& g : group_names_)
            if (g == name) bad(pattern, "duplicate capture group name");
          group_names_.push_back(name);
          out += '(';
          ++depth;
          i = close + 1;
          continue;
        }
        if (i + 2 < n && pattern[i + 2] == ':') {
          out += "(?:";
          ++depth;
          i += 3;
          continue;
        }
        std::size_t end = 0;
        bool is_group = false;
        parse_flags(i, end, is_group);
        if (is_group) {
          out += "(?:";
          ++depth;
        }
        i = end;
        continue;
      }
      group_names_.push_back("");
      out += '(';
      ++depth;
      ++i;
      continue;
    }
    if (c == ')') {
      if (--depth < 0) bad(pattern, "unexpected ): `" + std::string(pattern) + "`");
      out += ')';
      ++i;
      continue;
    }
    if (c == '.') {
      out += dot_nl ? "[\\s\\S]" : "[^\\n]";
      ++i;
      continue;
    }
    out += c;
    ++i;
  }
  if (depth > 0) bad(pattern, "missing closing ): `" + std::string(pattern) + "`");
  auto flags = std::regex::ECMAScript;
  if (icase) flags |= std::regex::icase;
  try {
    re_ = std::regex("^(?:" + out + ")$", flags);
  } catch (const std::regex_error& e) {
    bad(pattern, e.what());
  }
}

bool Regex::full_match(std::string_view text) const {
  return std::regex_match(text.begin(), text.end(), re_);
}

bool Regex::replace(std::string_view text, std::string_view replacement, std::string& out) const {
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, re_)) return false;
  auto group = [&](std::string_view name) -> std::string {
    bool numeric = !name.empty();
    for (char ch : name)
      if (ch < '0' || ch > '9') numeric = false;
    std::size_t index = 0;
    if (numeric) {
      if (name.size() > 9) return "";
      index = std::stoul(std::string(name));
    } else {
      index = group_names_.size();
      for (std::size_t k = 1; k < group_names_.size(); ++k)
        if (group_names_[k] == name) {
          index = k;
          break;
        }
    }
    if (index >= m.size() || !m[index].matched) return "";
    return m[index].str();
  };
  std::string result;
  for (std::size_t i = 0; i < replacement.size();) {
    const char c = replacement[i];
    if (c != '$' || i + 1 >= replacement.size()) {
      result += c;
      ++i;
      continue;
    }
    if (replacement[i + 1] == '$') {
      result += '$';
      i += 2;
      continue;
    }
    if (replacement[i + 1] == '{') {
      const std::size_t close = replacement.find('}', i + 2);
      std::string_view name;
      bool ok = close != std::string_view::npos && close > i + 2;
      if (ok) {
        name = replacement.substr(i + 2, close - i - 2);
        for (char ch : name)
          if (!is_name_char(ch)) ok = false;
      }
      if (!ok) {
        result += c;  // Go's Expand keeps a malformed reference's '$' as text
        ++i;
        continue;
      }
      result += group(name);
      i = close + 1;
      continue;
    }
    std::size_t k = i + 1;
    while (k < replacement.size() && is_name_char(replacement[k])) ++k;
    if (k == i + 1) {
      result += c;
      ++i;
      continue;
    }
    result += group(replacement.substr(i + 1, k - i - 1));
    i = k;
  }
  out = std::move(result);
  return true;
}

}  // namespace mon::promql
