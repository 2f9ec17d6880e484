#include "lexer.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace mon::promql::detail {

bool is_alpha(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

namespace {

using format::utf8_length;

// Length of the UTF-8 sequence at s[i], 0 when it is not valid UTF-8.

bool in(char c, std::string_view set) { return c != '\0' && set.find(c) != std::string_view::npos; }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 16;
}

std::string hex_upper(std::uint32_t v, int width) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  do {
    s.insert(s.begin(), digits[v & 0xf]);
    v >>= 4;
  } while (v != 0);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
  return s;
}

// Go's %#U: U+0041 'A'.
std::string sharp_u(char c) {
  const auto u = static_cast<unsigned char>(c);
  std::string s = "U+" + hex_upper(u, 4);
  if (u >= 0x20 && u < 0x7f) s += std::string(" '") + c + "'";
  return s;
}

}  // namespace

std::string quote_char(char c) {
  switch (c) {
    case '\a': return "'\\a'";
    case '\b': return "'\\b'";
    case '\f': return "'\\f'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    case '\t': return "'\\t'";
    case '\v': return "'\\v'";
    case '\\': return "'\\\\'";
    case '\'': return "'\\''";
    default: break;
  }
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u == 0x7f) return "'\\x" + std::string(1, "0123456789abcdef"[u >> 4]) + "0123456789abcdef"[u & 0xf] + "'";
  if (u >= 0x80) return "'\\u" + std::string("fffd") + "'";
  return std::string("'") + c + "'";
}


void Lexer::skip_space_and_comments() {
  for (;;) {
    while (pos_ < in_.size() && is_space(in_[pos_])) ++pos_;
    if (pos_ < in_.size() && in_[pos_] == '#') {
      while (pos_ < in_.size() && in_[pos_] != '\n' && in_[pos_] != '\r') ++pos_;
      continue;
    }
    return;
  }
}

Token Lexer::next() {
  if (brace_open_) return lex_inside_braces();
  skip_space_and_comments();
  const std::size_t start = pos_;
  if (pos_ >= in_.size()) {
    if (paren_depth_ != 0) fail(start, "unclosed left parenthesis");
    if (bracket_open_) fail(start, "unclosed left bracket");
    return {Tok::eof, start, {}};
  }
  const char c = in_[pos_++];
  const char peek = pos_ < in_.size() ? in_[pos_] : '\0';
  switch (c) {
    case ',': return make(Tok::comma, start);
    case '*': return make(Tok::mul, start);
    case '/': return make(Tok::div, start);
    case '%': return make(Tok::mod, start);
    case '+': return make(Tok::add, start);
    case '-': return make(Tok::sub, start);
    case '^': return make(Tok::pow, start);
    case '@': return make(Tok::at, start);
    case '=':
      if (peek == '=') {
        ++pos_;
        return make(Tok::eqlc, start);
      }
      if (peek == '~') fail(start, "unexpected character after '=': '~'");
      return make(Tok::assign, start);
    case '!':
      if (peek != '=') fail(start, "unexpected character after '!': " + quote_char(peek));
      ++pos_;
      return make(Tok::neq, start);
    case '<':
      if (peek == '=') {
        ++pos_;
        return make(Tok::lte, start);
      }
      return make(Tok::lss, start);
    case '>':
      if (peek == '=') {
        ++pos_;
        return make(Tok::gte, start);
      }
      return make(Tok::gtr, start);
    case '"':
    case '\'':
    case '`': return lex_string(start, c);
    case '(':
      ++paren_depth_;
      return make(Tok::lparen, start);
    case ')':
      if (--paren_depth_ < 0) fail(pos_, "unexpected right parenthesis ')'");
      return make(Tok::rparen, start);
    case '{':
      brace_open_ = true;
      return make(Tok::lbrace, start);
    case '[':
      if (bracket_open_) fail(start, "unexpected left bracket '['");
      got_colon_ = false;
      bracket_open_ = true;
      return make(Tok::lbracket, start);
    case ']':
      if (!bracket_open_) fail(start, "unexpected right bracket ']'");
      bracket_open_ = false;
      return make(Tok::rbracket, start);
    default: break;
  }
  if (is_digit(c) || (c == '.' && is_digit(peek))) {
    --pos_;
    return lex_number_or_duration(start);
  }
  if (is_alpha(c) || c == ':') {
    if (bracket_open_) {
      if (c == ':') {
        if (got_colon_) fail(start, "unexpected colon ':'");
        got_colon_ = true;
        return make(Tok::colon, start);
      }
      fail(start, "unexpected character: " + quote_char(c) + ", expected ':'");
    }
    bool colon = c == ':';
    while (pos_ < in_.size() && (is_alnum(in_[pos_]) || in_[pos_] == ':')) {
      if (in_[pos_] == ':') colon = true;
      ++pos_;
    }
    return make(colon ? Tok::metric_identifier : Tok::identifier, start);
  }
  if (static_cast<unsigned char>(c) >= 0x80) {
    const std::size_t n = utf8_length(in_, start);
    if (n > 1) fail(start, "unexpected character: '" + std::string(in_.substr(start, n)) + "'");
  }
  fail(start, "unexpected character: " + quote_char(c));
}

Token Lexer::lex_inside_braces() {
  skip_space_and_comments();
  const std::size_t start = pos_;
  if (pos_ >= in_.size()) fail(start, "unexpected end of input inside braces");
  const char c = in_[pos_++];
  const char peek = pos_ < in_.size() ? in_[pos_] : '\0';
  if (is_alpha(c)) {
    while (pos_ < in_.size() && is_alnum(in_[pos_])) ++pos_;
    return make(Tok::identifier, start);
  }
  switch (c) {
    case ',': return make(Tok::comma, start);
    case '"':
    case '\'':
    case '`': return lex_string(start, c);
    case '=':
      if (peek == '~') {
        ++pos_;
        return make(Tok::eql_regex, start);
      }
      return make(Tok::assign, start);
    case '!':
      if (peek == '~' || peek == '=') {
        ++pos_;
        return make(peek == '~' ? Tok::neq_regex : Tok::neq, start);
      }
      fail(start, "unexpected character after '!' inside braces: " + quote_char(peek));
    case '{': fail(start, "unexpected left brace '{'");
    case '}':
      brace_open_ = false;
      return make(Tok::rbrace, start);
    default: break;
  }
  if (static_cast<unsigned char>(c) >= 0x80) {
    const std::size_t n = utf8_length(in_, start);
    if (n > 1) fail(start, "unexpected character inside braces: '" + std::string(in_.substr(start, n)) + "'");
  }
  fail(start, "unexpected character inside braces: " + quote_char(c));
}

Token Lexer::lex_string(std::size_t start, char quote) {
  for (;;) {
    if (pos_ >= in_.size()) fail(start, quote == '`' ? "unterminated raw string" : "unterminated quoted string");
    const char c = in_[pos_];
    if (static_cast<unsigned char>(c) >= 0x80) {
      const std::size_t n = utf8_length(in_, pos_);
      if (n == 0) fail(start, "invalid UTF-8 rune");
      pos_ += n;
      continue;
    }
    ++pos_;
    if (c == quote) return make(Tok::string, start);
    if (quote == '`') continue;
    if (c == '\n') fail(start, "unterminated quoted string");
    if (c != '\\') continue;
    // An escape sequence, as Go's scanner checks them.
    if (pos_ >= in_.size()) fail(start, "escape sequence not terminated");
    char e = in_[pos_++];
    int n = 0;
    std::uint32_t base = 0, max = 0;
    switch (e) {
      case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\': continue;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        n = 3, base = 8, max = 255;
        break;
      case 'x': n = 2, base = 16, max = 255; break;
      case 'u': n = 4, base = 16, max = 0x10ffff; break;
      case 'U': n = 8, base = 16, max = 0x10ffff; break;
      default:
        if (e == quote) continue;
        fail(start, "unknown escape sequence " + sharp_u(e));
    }
    if (e == 'x' || e == 'u' || e == 'U') {
      if (pos_ >= in_.size()) fail(start, "escape sequence not terminated");
      e = in_[pos_++];
    }
    std::uint32_t x = 0;
    for (;;) {
      const auto d = static_cast<std::uint32_t>(digit_value(e));
      if (d >= base) {
        if (e == '\n' || pos_ > in_.size()) fail(start, "escape sequence not terminated");
        fail(start, "illegal character " + sharp_u(e) + " in escape sequence");
      }
      x = x * base + d;
      if (--n == 0) break;
      if (pos_ >= in_.size()) fail(start, "escape sequence not terminated");
      e = in_[pos_++];
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) fail(start, "escape sequence is an invalid Unicode code point");
  }
}

bool Lexer::scan_number() {
  auto peek = [&]() -> char { return pos_ < in_.size() ? in_[pos_] : '\0'; };
  auto accept = [&](std::string_view set) {
    if (in(peek(), set)) {
      ++pos_;
      return true;
    }
    return false;
  };
  const std::size_t initial = pos_;
  std::string_view digits = "0123456789";
  if (accept("0")) {
    if (accept("xX")) {
      accept("_");
      digits = "0123456789abcdefABCDEF";
    }
  }
  const bool hex = digits.size() > 10;
  accept(".");
  accept(digits);
  bool dot = false, exponent = false;
  while (in(peek(), digits) || in(peek(), "._eE")) {
    if (peek() == '.' && dot) {
      ++pos_;
      return false;
    }
    if (in(peek(), "eE") && exponent && !hex) {
      ++pos_;
      return false;
    }
    if (accept(".")) {
      dot = true;
      if (accept("_.")) return false;
      if (hex) return false;
      continue;
    }
    if (!hex && accept("eE")) {
      exponent = true;
      accept("+-");
      if (accept("._eE") || pos_ >= in_.size()) return false;
      continue;
    }
    if (accept("_")) {
      if (accept("._eE") || pos_ >= in_.size()) return false;
      continue;
    }
    while (in(peek(), digits)) ++pos_;
  }
  if (pos_ == initial) return false;
  return !is_alnum(peek());
}

Token Lexer::lex_number_or_duration(std::size_t start) {
  if (scan_number()) return make(Tok::number, start);
  auto peek = [&]() -> char { return pos_ < in_.size() ? in_[pos_] : '\0'; };
  auto accept = [&](std::string_view set) {
    if (in(peek(), set)) {
      ++pos_;
      return true;
    }
    return false;
  };
  bool ok = false;
  if (accept("smhdwy")) {
    accept("s");
    ok = true;
    while (ok && accept("0123456789")) {
      while (accept("0123456789")) {
      }
      if (!accept("smhdwy")) {
        ok = false;
        break;
      }
      accept("s");
    }
    if (ok && is_alnum(peek())) {
      ++pos_;
      ok = false;
    }
  }
  if (ok) return make(Tok::duration, start);
  fail(start, "bad number or duration syntax: " + go_quote(in_.substr(start, pos_ - start)));
}

std::string unquote(std::string_view token) {
  if (token.size() < 2) return std::string(token);
  const char quote = token.front();
  const std::string_view body = token.substr(1, token.size() - 2);
  if (quote == '`') return std::string(body);
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i++];
    if (c != '\\' || i >= body.size()) {
      out += c;
      continue;
    }
    const char e = body[i++];
    switch (e) {
      case 'a': out += '\a'; continue;
      case 'b': out += '\b'; continue;
      case 'f': out += '\f'; continue;
      case 'n': out += '\n'; continue;
      case 'r': out += '\r'; continue;
      case 't': out += '\t'; continue;
      case 'v': out += '\v'; continue;
      case '\\': out += '\\'; continue;
      case '\'': out += '\''; continue;
      case '"': out += '"'; continue;
      default: break;
    }
    int n = 0;
    std::uint32_t base = 16;
    if (e >= '0' && e <= '7') {
      n = 3, base = 8;
      --i;
    } else if (e == 'x') {
      n = 2;
    } else if (e == 'u') {
      n = 4;
    } else if (e == 'U') {
      n = 8;
    } else {
      out += e;
      continue;
    }
    std::uint32_t x = 0;
    for (int k = 0; k < n && i < body.size(); ++k) x = x * base + static_cast<std::uint32_t>(digit_value(body[i++]));
    if (e == 'x' || base == 8)
      out += static_cast<char>(x & 0xff);
    else
      append_utf8(out, x);
  }
  return out;
}

double parse_number(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (const char c : text)
    if (c != '_') s += c;
  if (s.empty()) throw std::invalid_argument("invalid syntax");
  // ParseInt(s, 0, 64): 0x hex, a leading 0 octal, else decimal.
  auto as_int = [&](std::string_view digits, int base, double& out) {
    if (digits.empty()) return false;
    std::uint64_t v = 0;
    for (const char c : digits) {
      const int d = digit_value(c);
      if (d >= base) return false;
      const auto ub = static_cast<std::uint64_t>(base);
      if (v > (std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(d)) / ub) return false;
      v = v * ub + static_cast<std::uint64_t>(d);
    }
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
    out = static_cast<double>(v);
    return true;
  };
  double v = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    if (as_int(std::string_view(s).substr(2), 16, v)) return v;
  } else if (s.size() > 1 && s[0] == '0') {
    if (as_int(std::string_view(s).substr(1), 8, v)) return v;
  } else if (as_int(s, 10, v)) {
    return v;
  }
  // ParseFloat: decimal or hexadecimal (with a 'p' exponent), Inf, NaN.
  std::string lower;
  for (const char c : s) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  std::string_view l = lower;
  bool negative = false;
  if (!l.empty() && (l[0] == '+' || l[0] == '-')) {
    negative = l[0] == '-';
    l.remove_prefix(1);
  }
  if (l == "inf" || l == "infinity") return negative ? -HUGE_VAL : HUGE_VAL;
  if (l == "nan") return std::numeric_limits<double>::quiet_NaN();
  const bool hexfloat = l.size() > 2 && l[0] == '0' && l[1] == 'x';
  if (hexfloat && l.find('p') == std::string_view::npos) throw std::invalid_argument("invalid syntax");
  for (const char c : l)
    if (!(is_digit(c) || c == '.' || c == '+' || c == '-' || c == 'e' || (hexfloat && (c == 'x' || c == 'p' || digit_value(c) < 16))))
      throw std::invalid_argument("invalid syntax");
  errno = 0;
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) throw std::invalid_argument("invalid syntax");
  return d;  // overflow gives ±Inf, as ParseFloat's value (Prometheus then reports the range error)
}

std::int64_t parse_duration_ms(std::string_view text) {
  const std::string bad = "not a valid duration string: " + go_quote(text);
  if (text.empty()) throw std::invalid_argument(bad);
  if (text == "0") return 0;
  struct Unit {
    std::string_view name;
    std::int64_t ms;
  };
  static const Unit units[] = {{"y", 365LL * 24 * 3600 * 1000}, {"w", 7LL * 24 * 3600 * 1000}, {"d", 24LL * 3600 * 1000},
                               {"h", 3600LL * 1000},            {"m", 60LL * 1000},           {"s", 1000},
                               {"ms", 1}};
  std::size_t next_unit = 0;
  std::size_t i = 0;
  double total = 0;
  while (i < text.size()) {
    const std::size_t d0 = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == d0) throw std::invalid_argument(bad);
    const std::string_view digits = text.substr(d0, i - d0);
    const std::size_t u0 = i;
    while (i < text.size() && is_alpha(text[i])) ++i;
    const std::string_view unit = text.substr(u0, i - u0);
    std::size_t k = next_unit;
    while (k < std::size(units) && units[k].name != unit) ++k;
    if (k == std::size(units)) {
      bool known = false;
      for (const Unit& u : units) known = known || u.name == unit;
      if (!known && !unit.empty())
        throw std::invalid_argument("unknown unit " + go_quote(unit) + " in duration " + go_quote(text));
      throw std::invalid_argument(bad);
    }
    next_unit = k + 1;
    double n = 0;
    for (const char c : digits) n = n * 10 + (c - '0');
    total += n * static_cast<double>(units[k].ms);
  }
  if (total > static_cast<double>(std::numeric_limits<std::int64_t>::max() / 1000000))  // Go's Duration is ns
    throw std::invalid_argument("duration out of range");
  return static_cast<std::int64_t>(total);
}

}  // namespace mon::promql::detail
