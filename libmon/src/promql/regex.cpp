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

namespace {

char other_case(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  return c;
}
bool is_letter(char c) { return other_case(c) != c; }

// A character class `[...]` (its text from '[' to ']'), made case-insensitive: the other case of
// each letter and of each letter range is added.
std::string fold_class(std::string_view cls) {
  std::string extra;
  std::size_t k = 1;
  if (k < cls.size() && cls[k] == '^') ++k;
  while (k + 1 < cls.size()) {
    const char c = cls[k];
    if (c == '\\') {
      k += 2;
      continue;
    }
    if (c == '[' && k + 1 < cls.size() && cls[k + 1] == ':') {
      const std::size_t close = cls.find(":]", k + 2);
      k = close == std::string_view::npos ? cls.size() : close + 2;
      continue;
    }
    if (k + 2 < cls.size() - 1 && cls[k + 1] == '-' && cls[k + 2] != ']') {
      const char a = c, b = cls[k + 2];
      if (is_letter(a) && is_letter(b) && ((a >= 'a') == (b >= 'a'))) {
        extra += other_case(a);
        extra += '-';
        extra += other_case(b);
      }
      k += 3;
      continue;
    }
    if (is_letter(c)) extra += other_case(c);
    ++k;
  }
  std::string out(cls.substr(0, cls.size() - 1));
  out += extra;
  out += ']';
  return out;
}

}  // namespace

Regex::Regex(std::string_view pattern) : pattern_(pattern) {
  std::string out;
  out.reserve(pattern.size() + 16);
  group_names_.push_back("");
  struct Flags {
    bool icase = false;
    bool dot_nl = true;  // Prometheus 3 matches with (?s)
  };
  std::vector<Flags> stack{Flags{}};
  std::size_t i = 0;
  const std::size_t n = pattern.size();
  // (?flags) or (?flags: at pattern[at]; sets `end` past it, returns the flags and whether it opens a group.
  auto parse_flags = [&](std::size_t at, std::size_t& end, bool& is_group) {
    std::size_t k = at + 2;
    bool negate = false;
    bool any = false;
    Flags f = stack.back();
    while (k < n && pattern[k] != ')' && pattern[k] != ':') {
      const char c = pattern[k];
      if (c == '-') {
        if (negate) bad(pattern, "invalid or unsupported Perl syntax: `" + std::string(pattern.substr(at, k - at + 1)) + "`");
        negate = true;
      } else if (c == 'i') {
        f.icase = !negate;
      } else if (c == 's') {
        f.dot_nl = !negate;
      } else if (c == 'm' || c == 'U') {
        bad(pattern, std::string("flag (?") + c + ") is not supported");
      } else {
        bad(pattern, "invalid or unsupported Perl syntax: `" + std::string(pattern.substr(at, k - at + 1)) + "`");
      }
      any = true;
      ++k;
    }
    if (k >= n) bad(pattern, "missing closing ): `" + std::string(pattern) + "`");
    if (!any) bad(pattern, "missing argument to repetition operator: `?`");
    is_group = pattern[k] == ':';
    end = k + 1;
    return f;
  };
  int repeat = 0;  // 1 after a repetition operator, 2 after a lazy one ('?' added)
  bool have_operand = false;
  while (i < n) {
    const char c = pattern[i];
    const Flags& flags = stack.back();
    std::size_t brace_end = 0;
    if (c == '{') {
      // {n}, {n,}, {n,m} repeat; any other '{' is a literal, as in RE2.
      std::size_t k = i + 1;
      const std::size_t d0 = k;
      while (k < n && pattern[k] >= '0' && pattern[k] <= '9') ++k;
      if (k > d0 && k < n && pattern[k] == ',') {
        ++k;
        while (k < n && pattern[k] >= '0' && pattern[k] <= '9') ++k;
      }
      if (k > d0 && k < n && pattern[k] == '}') brace_end = k + 1;
    }
    if (c == '*' || c == '+' || c == '?' || brace_end != 0) {
      if (c == '?' && repeat == 1) {
        repeat = 2;
        out += '?';
        ++i;
        continue;
      }
      if (repeat != 0)
        bad(pattern, "invalid nested repetition operator: `" + std::string(pattern.substr(i - 1, 2)) + "`");
      if (!have_operand) bad(pattern, "missing argument to repetition operator: `" + std::string(1, c) + "`");
      repeat = 1;
      const std::size_t end = brace_end != 0 ? brace_end : i + 1;
      out += pattern.substr(i, end - i);
      i = end;
      continue;
    }
    repeat = 0;
    have_operand = !(c == '(' || c == '|');
    if (c == '{' || c == '}') {
      out += '\\';
      out += c;
      ++i;
      continue;
    }
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
          if (k + 1 < n && (pattern[k + 1] == 'p' || pattern[k + 1] == 'P')) bad(pattern, "escape \\p is not supported");
          k += 2;
          continue;
        }
        if (pattern[k] == '[' && k + 1 < n && pattern[k + 1] == ':') {
          const std::size_t close = pattern.find(":]", k + 2);
          if (close == std::string_view::npos) bad(pattern, "missing closing ]: `" + std::string(pattern.substr(i)) + "`");
          k = close + 2;
          continue;
        }
        ++k;
      }
      if (k >= n) bad(pattern, "missing closing ]: `" + std::string(pattern.substr(i)) + "`");
      const std::string_view cls = pattern.substr(i, k - i + 1);
      out += flags.icase ? fold_class(cls) : std::string(cls);
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
            if (g == name) bad(pattern, "duplicate capture group name: `" + name + "`");
          group_names_.push_back(name);
          out += '(';
          stack.push_back(stack.back());
          i = close + 1;
          continue;
        }
        if (i + 2 < n && pattern[i + 2] == ':') {
          out += "(?:";
          stack.push_back(stack.back());
          i += 3;
          continue;
        }
        std::size_t end = 0;
        bool is_group = false;
        const Flags f = parse_flags(i, end, is_group);
        if (is_group) {
          out += "(?:";
          stack.push_back(f);
        } else {
          stack.back() = f;
        }
        i = end;
        continue;
      }
      group_names_.push_back("");
      out += '(';
      stack.push_back(stack.back());
      ++i;
      continue;
    }
    if (c == ')') {
      if (stack.size() <= 1) bad(pattern, "unexpected ): `" + std::string(pattern) + "`");
      stack.pop_back();
      out += ')';
      ++i;
      continue;
    }
    if (c == '.') {
      out += flags.dot_nl ? "[\\s\\S]" : "[^\\n]";
      ++i;
      continue;
    }
    if (flags.icase && is_letter(c)) {
      out += '[';
      out += c;
      out += other_case(c);
      out += ']';
      ++i;
      continue;
    }
    out += c;
    ++i;
  }
  if (stack.size() > 1) bad(pattern, "missing closing ): `" + std::string(pattern) + "`");
  try {
    re_ = std::regex("^(?:" + out + ")$", std::regex::ECMAScript);
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
