// Helpers of the template function sets: float conversion as prometheus/common does it, Go
// regular expressions on std::regex, case mapping, host:port splitting.
#include "funcs_common.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "gostr.hpp"

namespace mon::tmpl::detail {

double convert_to_float(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::number: return v.as_number();
    case Value::Kind::integer: return static_cast<double>(v.as_int());
    case Value::Kind::duration: return static_cast<double>(v.as_int()) / 1e9;
    case Value::Kind::string: {
      const std::string& s = v.as_string();
      std::string t;
      for (char c : s)
        if (c != '_') t += c;
      bool ok = !s.empty() && s.find_first_of(" \t\n\r") == std::string::npos;
      char* end = nullptr;
      errno = 0;
      double d = ok ? std::strtod(t.c_str(), &end) : 0;
      if (ok && (*end != '\0' || end == t.c_str())) ok = false;
      // strtod takes "infinity", "nan(...)" and hex; Go takes "inf", "infinity", "nan" (any case) too
      if (!ok) throw Error(fmt::format("strconv.ParseFloat: parsing {}: invalid syntax", go_quote(s)));
      if (errno == ERANGE && std::isinf(d))
        throw Error(fmt::format("strconv.ParseFloat: parsing {}: value out of range", go_quote(s)));
      return d;
    }
    default: break;
  }
  throw Error("can't convert " + (v.is_null() ? std::string("<nil>") : v.type_name()) + " to float");
}

namespace {

// RE2 syntax to ECMAScript: named groups, \A \z, (?flags) at the start, \Q..\E.
std::string translate(std::string_view p, std::vector<std::string>& names, bool& icase) {
  std::string out;
  names.assign(1, "");
  icase = false;
  std::size_t i = 0;
  while (p.substr(i, 2) == "(?" && i + 2 < p.size() && p[i + 2] != ':' && p[i + 2] != 'P' && p[i + 2] != '<' &&
         p[i + 2] != '=' && p[i + 2] != '!') {
    std::size_t close = p.find(')', i);
    if (close == std::string_view::npos) throw Error("missing closing )");
    std::string_view flags = p.substr(i + 2, close - i - 2);
    for (char f : flags) {
      if (f == 'i') icase = true;
      else if (f != 's' && f != 'm' && f != 'U' && f != '-') throw Error(fmt::format("invalid or unsupported Perl syntax: `(?{}`", flags));
    }
    if (flags.find_first_of("smU") != std::string_view::npos) throw Error(fmt::format("flags (?{}) are not supported here", flags));
    i = close + 1;
  }
  bool in_class = false;
  for (; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      if (e == 'A' && !in_class) out += '^';
      else if (e == 'z' && !in_class) out += '$';
      else if (e == 'Q') {
        std::size_t end = p.find("\\E", i + 2);
        std::string_view lit = p.substr(i + 2, end == std::string_view::npos ? std::string_view::npos : end - i - 2);
        for (char l : lit) {
          if (std::string_view("\\^$.|?*+()[]{}/").find(l) != std::string_view::npos) out += '\\';
          out += l;
        }
        i = end == std::string_view::npos ? p.size() : end + 1;
        continue;
      } else {
        out += c;
        out += e;
      }
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += "\\]", ++i;
      continue;
    }
    if (c == '(') {
      if (p.substr(i, 4) == "(?P<" || (p.substr(i, 3) == "(?<" && p.substr(i, 4) != "(?<=" && p.substr(i, 4) != "(?<!")) {
        std::size_t start = p[i + 2] == 'P' ? i + 4 : i + 3;
        std::size_t close = p.find('>', start);
        if (close == std::string_view::npos) throw Error(fmt::format("invalid named capture: `{}`", p.substr(i)));
        names.emplace_back(p.substr(start, close - start));
        out += '(';
        i = close;
        continue;
      }
      if (p.substr(i, 2) != "(?") names.emplace_back();
      else if (p.substr(i, 3) == "(?=" || p.substr(i, 3) == "(?!" || p.substr(i, 4) == "(?<=" || p.substr(i, 4) == "(?<!")
        throw Error(fmt::format("invalid or unsupported Perl syntax: `{}`", p.substr(i, 3)));
    }
    out += c;
  }
  return out;
}

}  // namespace

GoRegex::GoRegex(std::string_view pattern) {
  try {
    bool icase = false;
    std::string ecma = translate(pattern, names_, icase);
    auto flags = std::regex::ECMAScript;
    if (icase) flags |= std::regex::icase;
    re_ = std::regex(ecma, flags);
  } catch (const std::regex_error& e) {
    throw Error(fmt::format("error parsing regexp: {}: `{}`", e.what(), pattern));
  } catch (const Error& e) {
    throw Error(fmt::format("error parsing regexp: {}", e.what()));
  }
}

bool GoRegex::search(std::string_view text) const {
  try {
    return std::regex_search(text.begin(), text.end(), re_);
  } catch (const std::regex_error& e) {
    throw Error(fmt::format("regexp: {}", e.what()));
  }
}

std::string GoRegex::replace_all(std::string_view text, std::string_view repl) const {
  std::string out;
  auto begin = text.begin();
  auto pos = begin;
  std::ptrdiff_t last_match_end = -1;
  std::match_results<std::string_view::const_iterator> m;
  try {
    while (pos <= text.end()) {
      auto flags = pos == begin ? std::regex_constants::match_default : std::regex_constants::match_prev_avail;
      if (!std::regex_search(pos, text.end(), m, re_, flags)) break;
      auto ms = m[0].first, me = m[0].second;
      std::ptrdiff_t start = ms - begin, end = me - begin;
      out.append(pos, ms);
      if (!(start == end && start == last_match_end)) {
        // expand the template
        for (std::size_t k = 0; k < repl.size(); ++k) {
          char c = repl[k];
          if (c != '$' || k + 1 >= repl.size()) {
            out += c;
            continue;
          }
          if (repl[k + 1] == '$') {
            out += '$';
            ++k;
            continue;
          }
          std::string name;
          std::size_t j = k + 1;
          bool braced = repl[j] == '{';
          if (braced) ++j;
          while (j < repl.size() && (std::isalnum(static_cast<unsigned char>(repl[j])) || repl[j] == '_')) name += repl[j++];
          if (braced) {
            if (j >= repl.size() || repl[j] != '}' || name.empty()) {
              out += c;
              continue;
            }
            ++j;
          } else if (name.empty()) {
            out += c;
            continue;
          }
          k = j - 1;
          // a number names a group by index, otherwise by name
          bool numeric = name.find_first_not_of("0123456789") == std::string::npos;
          std::size_t idx = std::string::npos;
          if (numeric) {
            if (name.size() < 10) idx = std::stoul(name);
          } else {
            for (std::size_t g = 0; g < names_.size(); ++g)
              if (names_[g] == name) {
                idx = g;
                break;
              }
          }
          if (idx != std::string::npos && idx < m.size() && m[idx].matched) out.append(m[idx].first, m[idx].second);
        }
      } else {
        // an empty match right after the previous match is ignored
      }
      last_match_end = end;
      if (start == end) {
        if (me == text.end()) {
          pos = text.end();
          break;
        }
        std::uint32_t cp;
        std::size_t len = utf8_decode(text, static_cast<std::size_t>(end), cp);
        if (len == 0) len = 1;
        out.append(me, me + static_cast<std::ptrdiff_t>(len));
        pos = me + static_cast<std::ptrdiff_t>(len);
      } else {
        pos = me;
      }
    }
  } catch (const std::regex_error& e) {
    throw Error(fmt::format("regexp: {}", e.what()));
  }
  if (pos < text.end()) out.append(pos, text.end());
  return out;
}

namespace {

std::uint32_t upper_cp(std::uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if ((c >= 0xe0 && c <= 0xfe && c != 0xf7)) return c - 32;
  if (c == 0xff) return 0x178;
  if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2) return c - 32;  // Greek
  if (c >= 0x430 && c <= 0x44f) return c - 32;                 // Cyrillic
  if (c >= 0x450 && c <= 0x45f) return c - 80;
  if (c >= 0x100 && c <= 0x17f && (c & 1) == 1 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17f) return c - 1;
  return c;
}
std::uint32_t lower_cp(std::uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xc0 && c <= 0xde && c != 0xd7) return c + 32;
  if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) return c + 32;
  if (c >= 0x410 && c <= 0x42f) return c + 32;
  if (c >= 0x400 && c <= 0x40f) return c + 80;
  if (c >= 0x100 && c <= 0x17f && (c & 1) == 0 && c != 0x130 && c != 0x138) return c + 1;
  return c;
}
bool is_letter(std::uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c != 0xd7 && c != 0xf7);
}
bool is_digit(std::uint32_t c) { return c >= '0' && c <= '9'; }

template <class F>
std::string map_runes(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    std::size_t len = utf8_decode(s, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    utf8_append(out, f(cp));
    i += len;
  }
  return out;
}

}  // namespace

std::string to_upper(std::string_view s) { return map_runes(s, upper_cp); }
std::string to_lower(std::string_view s) { return map_runes(s, lower_cp); }

std::string title_case(std::string_view s, bool keep_rest) {
  std::vector<std::uint32_t> cps;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    std::size_t len = utf8_decode(s, i, cp);
    if (len == 0) cp = 0xfffd, len = 1;
    cps.push_back(cp);
    i += len;
  }
  std::string out;
  bool in_word = false;
  for (std::size_t k = 0; k < cps.size(); ++k) {
    std::uint32_t c = cps[k];
    bool word_char = is_letter(c) || is_digit(c) || c == '_';
    // apostrophes, periods and colons between letters stay inside the word (Unicode word breaks)
    if (!word_char && in_word && (c == '\'' || c == 0x2019 || c == '.' || c == ':') && k + 1 < cps.size() &&
        is_letter(cps[k + 1]) && k > 0 && is_letter(cps[k - 1]))
      word_char = true;
    if (word_char && !in_word) utf8_append(out, upper_cp(c));
    else if (word_char && !keep_rest) utf8_append(out, lower_cp(c));
    else utf8_append(out, c);
    in_word = word_char;
  }
  return out;
}

std::string trim_space(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  std::size_t b = 0, e = s.size();
  while (b < e && sp(s[b])) ++b;
  while (e > b && sp(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

bool split_host_port(std::string_view hp, std::string& host, std::string& port) {
  std::size_t colon = hp.rfind(':');
  if (colon == std::string_view::npos) return false;  // missing port in address
  std::string_view h;
  if (!hp.empty() && hp[0] == '[') {
    std::size_t end = hp.find(']');
    if (end == std::string_view::npos) return false;
    if (end + 1 == hp.size()) return false;
    if (end + 1 != colon) return false;
    h = hp.substr(1, end - 1);
  } else {
    h = hp.substr(0, colon);
    if (h.find(':') != std::string_view::npos) return false;  // too many colons
  }
  std::string_view p = hp.substr(colon + 1);
  if (h.find('[') != std::string_view::npos || h.find(']') != std::string_view::npos) return false;
  if (p.find('[') != std::string_view::npos || p.find(']') != std::string_view::npos) return false;
  host = std::string(h);
  port = std::string(p);
  return true;
}

std::shared_ptr<const TypeInfo> string_map_type(std::string name) {
  auto t = std::make_shared<TypeInfo>();
  t->name = std::move(name);
  t->elem_zero = Value(std::string());
  return t;
}

}  // namespace mon::tmpl::detail
