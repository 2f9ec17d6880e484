#include "mon/notify/matchers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "mon/model/names.hpp"

namespace mon::notify {

namespace {

std::string_view op_text(MatchType t) {
  switch (t) {
    case MatchType::equal: return "=";
    case MatchType::not_equal: return "!=";
    case MatchType::regex: return "=~";
    case MatchType::not_regex: return "!~";
  }
  return "=";
}

std::string_view label_value(const model::Labels& labels, std::string_view name) {
  for (const auto& l : labels)
    if (l.name == name) return l.value;
  return {};
}

struct Cursor {
  std::string_view text;
  std::size_t pos = 0;
  const Location& where;

  [[noreturn]] void fail(const std::string& what) const {
    Location at = where;
    if (at.line == 0) at.line = 1;
    at.column = (at.column ? at.column : 1) + pos;
    throw ParseError(at, fmt::format("bad matcher \"{}\": {}", text, what));
  }
  void skip_space() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n')) ++pos;
  }
  bool done() const { return pos >= text.size(); }
  char peek() const { return done() ? '\0' : text[pos]; }
};

std::string read_quoted(Cursor& c) {
  ++c.pos;  // the opening quote
  std::string out;
  while (true) {
    if (c.done()) c.fail("unterminated quoted value");
    char ch = c.text[c.pos++];
    if (ch == '"') return out;
    if (ch != '\\') {
      out += ch;
      continue;
    }
    if (c.done()) c.fail("unterminated escape");
    char e = c.text[c.pos++];
    // Alertmanager 0.25 knows \n, \" and \\ and keeps any other backslash as written
    // (regexes such as "db\d+" depend on it).
    switch (e) {
      case 'n': out += '\n'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      default:
        out += '\\';
        out += e;
    }
  }
}

Matcher read_one(Cursor& c, bool in_list) {
  c.skip_space();
  std::size_t start = c.pos;
  std::string name;
  if (c.peek() == '"') {
    name = read_quoted(c);
  } else {
    while (!c.done() && (std::isalnum(static_cast<unsigned char>(c.peek())) || c.peek() == '_' || c.peek() == ':')) ++c.pos;
    name = std::string(c.text.substr(start, c.pos - start));
  }
  if (name.empty()) c.fail("expected a label name");
  c.skip_space();
  MatchType type;
  if (c.text.compare(c.pos, 2, "=~") == 0) {
    type = MatchType::regex;
    c.pos += 2;
  } else if (c.text.compare(c.pos, 2, "!~") == 0) {
    type = MatchType::not_regex;
    c.pos += 2;
  } else if (c.text.compare(c.pos, 2, "!=") == 0) {
    type = MatchType::not_equal;
    c.pos += 2;
  } else if (c.peek() == '=') {
    type = MatchType::equal;
    c.pos += 1;
  } else {
    c.fail("expected one of = != =~ !~ after the label name");
  }
  c.skip_space();
  std::string value;
  if (c.peek() == '"') {
    value = read_quoted(c);
  } else {
    std::size_t vstart = c.pos;
    while (!c.done() && c.peek() != ',' && !(in_list && c.peek() == '}')) ++c.pos;
    std::string_view v = c.text.substr(vstart, c.pos - vstart);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    value = std::string(v);
  }
  try {
    return make_matcher(std::move(name), type, std::move(value));
  } catch (const ParseError&) {
    throw;
  } catch (const Error& e) {
    c.pos = start;
    c.fail(e.what());
  }
}

}  // namespace


bool Matcher::matches(const model::Labels& labels) const {
  std::string_view v = label_value(labels, name);
  switch (type) {
    case MatchType::equal: return v == value;
    case MatchType::not_equal: return v != value;
    case MatchType::regex: return re->full_match(v);
    case MatchType::not_regex: return !re->full_match(v);
  }
  return false;
}

std::string Matcher::text() const { return name + std::string(op_text(type)) + go_quote(value); }

bool matches_all(const Matchers& matchers, const model::Labels& labels) {
  return std::all_of(matchers.begin(), matchers.end(), [&](const Matcher& m) { return m.matches(labels); });
}

std::string text(const Matchers& matchers) {
  std::string out = "{";
  for (std::size_t i = 0; i < matchers.size(); ++i) {
    if (i) out += ',';
    out += matchers[i].text();
  }
  return out + "}";
}

Matcher make_matcher(std::string name, MatchType type, std::string value) {
  // Alertmanager 0.25's matcher names: [a-zA-Z_:][a-zA-Z0-9_:]* (its UTF-8 names came later).
  bool valid = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char ch : name) valid = valid && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == ':');
  if (!valid) throw Error(fmt::format("invalid label name \"{}\"", name));
  Matcher m{std::move(name), type, std::move(value), nullptr};
  if (type == MatchType::regex || type == MatchType::not_regex) {
    m.re = std::make_shared<const promql::Regex>(m.value);  // throws mon::Error naming the pattern
  }
  return m;
}

Matchers parse_matchers(std::string_view text, const Location& where) {
  Cursor c{text, 0, where};
  c.skip_space();
  bool braces = c.peek() == '{';
  if (braces) ++c.pos;
  Matchers out;
  while (true) {
    c.skip_space();
    if (braces && c.peek() == '}') break;
    if (c.done()) break;
    out.push_back(read_one(c, braces));
    c.skip_space();
    if (c.peek() == ',') {
      ++c.pos;
      continue;
    }
    if (braces && c.peek() == '}') break;
    if (!c.done()) c.fail("expected ',' between matchers");
  }
  if (braces) {
    if (c.peek() != '}') c.fail("missing closing '}'");
    ++c.pos;
    c.skip_space();
    if (!c.done()) c.fail("unexpected text after '}'");
  }
  if (out.empty()) c.fail("no matcher");
  return out;
}

void sort_matchers(Matchers& matchers) {
  std::stable_sort(matchers.begin(), matchers.end(), [](const Matcher& a, const Matcher& b) {
    if (a.name != b.name) return a.name < b.name;
    if (a.value != b.value) return a.value < b.value;
    return a.type < b.type;
  });
}

}  // namespace mon::notify
