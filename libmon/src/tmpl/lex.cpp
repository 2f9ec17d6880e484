// The lexer of Go's text/template, with Go's error wording.
#include "lex.hpp"

#include <fmt/format.h>

#include "gostr.hpp"

namespace mon::tmpl::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_alnum(unsigned char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string rune_desc(std::string_view s, std::size_t i) {
  // %#U: U+0023 '#'
  std::uint32_t cp = 0;
  std::size_t len = i < s.size() ? utf8_decode(s, i, cp) : 0;
  if (len == 0) cp = i < s.size() ? 0xfffd : 0;
  std::string out = fmt::format("U+{:04X}", cp);
  if (cp >= 0x20 && cp != 0x7f && is_printable(cp)) {
    out += " '";
    utf8_append(out, cp);
    out += "'";
  }
  return out;
}

class Lexer {
 public:
  explicit Lexer(std::string_view in) : in_(in) {}

  std::vector<Token> run() {
    while (!done_) lex_text();
    return std::move(items_);
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0, start_ = 0, line_ = 1, start_line_ = 1;
  int paren_ = 0;
  bool done_ = false;
  std::vector<Token> items_;

  void emit(Tok t) {
    items_.push_back({t, start_, std::string(in_.substr(start_, pos_ - start_)), start_line_});
    advance_start();
  }
  void emit_text(Tok t, std::string val) {
    items_.push_back({t, start_, std::move(val), start_line_});
    advance_start();
  }
  void advance_start() {
    for (std::size_t k = start_; k < pos_; ++k)
      if (in_[k] == '\n') ++line_;
    start_ = pos_;
    start_line_ = line_;
  }
  void ignore() { advance_start(); }
  void error(std::string msg) {
    items_.push_back({Tok::error, start_, std::move(msg), start_line_});
    done_ = true;
  }
  char peek(std::size_t k = 0) const { return pos_ + k < in_.size() ? in_[pos_ + k] : '\0'; }
  bool at_eof(std::size_t k = 0) const { return pos_ + k >= in_.size(); }

  bool has_left_trim(std::size_t at) const {
    return at + 1 < in_.size() && in_[at] == '-' && is_space(in_[at + 1]);
  }
  // At the right delimiter (with or without its trim marker): sets trim; returns true.
  bool at_right_delim(bool& trim) const {
    if (pos_ + 3 < in_.size() + 0 + 1 && pos_ + 4 <= in_.size() && is_space(in_[pos_]) && in_[pos_ + 1] == '-' &&
        in_[pos_ + 2] == '}' && in_[pos_ + 3] == '}') {
      trim = true;
      return true;
    }
    if (pos_ + 2 <= in_.size() && in_[pos_] == '}' && in_[pos_ + 1] == '}') {
      trim = false;
      return true;
    }
    return false;
  }

  void lex_text() {
    std::size_t at = in_.find("{{", pos_);
    if (at == std::string_view::npos) {
      pos_ = in_.size();
      if (pos_ > start_) emit(Tok::text);
      emit(Tok::eof);
      done_ = true;
      return;
    }
    bool trim = has_left_trim(at + 2);
    std::size_t end = at;
    if (trim)
      while (end > start_ && is_space(in_[end - 1])) --end;
    pos_ = end;
    if (pos_ > start_) emit(Tok::text);
    pos_ = at;
    ignore();
    lex_left_delim(trim);
  }

  void lex_left_delim(bool trim) {
    pos_ += 2;
    std::size_t after = pos_ + (trim ? 2 : 0);
    if (in_.substr(after, 2) == "/*") {
      pos_ = after;
      ignore();
      lex_comment();
      return;
    }
    emit(Tok::left_delim);
    pos_ += trim ? 2 : 0;
    ignore();
    paren_ = 0;
    lex_inside_action();
  }

  void skip_trailing_space_after_trim() {
    while (pos_ < in_.size() && is_space(in_[pos_])) ++pos_;
    ignore();
  }

  void lex_comment() {
    std::size_t close = in_.find("*/", pos_ + 2);
    if (close == std::string_view::npos) {
      error("unclosed comment");
      return;
    }
    pos_ = close + 2;
    bool trim = false;
    if (!at_right_delim(trim)) {
      error("comment ends before closing delimiter");
      return;
    }
    pos_ += trim ? 4 : 2;
    ignore();
    if (trim) skip_trailing_space_after_trim();
  }

  void lex_right_delim(bool trim) {
    if (trim) {
      pos_ += 2;  // space and '-'
      ignore();
    }
    pos_ += 2;
    emit(Tok::right_delim);
    if (trim) skip_trailing_space_after_trim();
  }

  bool at_terminator() const {
    if (at_eof()) return true;
    char c = peek();
    if (is_space(c)) return true;
    switch (c) {
      case '.': case ',': case '|': case ':': case ')': case '(': return true;
      default: break;
    }
    return in_.substr(pos_, 2) == "}}";
  }

  void lex_inside_action() {
    while (!done_) {
      bool trim = false;
      if (at_right_delim(trim)) {
        if (paren_ == 0) {
          lex_right_delim(trim);
          return;
        }
        error("unclosed left paren");
        return;
      }
      if (at_eof()) {
        error("unclosed action");
        return;
      }
      char c = in_[pos_];
      if (is_space(c)) {
        while (pos_ < in_.size() && is_space(in_[pos_])) {
          // a space followed by "-}}" belongs to the trim marker
          if (in_.substr(pos_ + 1, 3) == "-}}") break;
          ++pos_;
        }
        if (pos_ > start_) emit(Tok::space);
        if (pos_ < in_.size() && is_space(in_[pos_]) && in_.substr(pos_ + 1, 3) == "-}}") continue;
        continue;
      }
      ++pos_;
      switch (c) {
        case '=': emit(Tok::assign); continue;
        case ':':
          if (peek() != '=') {
            error("expected :=");
            return;
          }
          ++pos_;
          emit(Tok::declare);
          continue;
        case '|': emit(Tok::pipe); continue;
        case '"': lex_quote(); continue;
        case '`': lex_raw_quote(); continue;
        case '$': lex_field_or_variable(Tok::variable); continue;
        case '\'': lex_char(); continue;
        case '.':
          if (is_digit(peek())) {
            --pos_;
            lex_number();
            continue;
          }
          lex_field_or_variable(Tok::field);
          continue;
        case '(':
          ++paren_;
          emit(Tok::left_paren);
          continue;
        case ')':
          --paren_;
          if (paren_ < 0) {
            error("unexpected right paren");
            return;
          }
          emit(Tok::right_paren);
          continue;
        default: break;
      }
      if (c == '+' || c == '-' || is_digit(c)) {
        --pos_;
        lex_number();
        continue;
      }
      if (is_alnum(static_cast<unsigned char>(c))) {
        --pos_;
        lex_identifier();
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x80 && c >= 0x20 && c != 0x7f) {
        emit(Tok::chr);
        continue;
      }
      error("unrecognized character in action: " + rune_desc(in_, pos_ - 1));
      return;
    }
  }

  void lex_identifier() {
    while (pos_ < in_.size() && is_alnum(static_cast<unsigned char>(in_[pos_]))) ++pos_;
    if (!at_terminator()) {
      error("bad character " + rune_desc(in_, pos_));
      return;
    }
    std::string_view word = in_.substr(start_, pos_ - start_);
    static const std::pair<std::string_view, Tok> keys[] = {
        {"block", Tok::kw_block}, {"break", Tok::kw_break}, {"continue", Tok::kw_continue},
        {"define", Tok::kw_define}, {"else", Tok::kw_else}, {"end", Tok::kw_end}, {"if", Tok::kw_if},
        {"nil", Tok::kw_nil}, {"range", Tok::kw_range}, {"template", Tok::kw_template}, {"with", Tok::kw_with}};
    for (const auto& [k, t] : keys)
      if (word == k) {
        emit(t);
        return;
      }
    if (word == "true" || word == "false") emit(Tok::boolean);
    else emit(Tok::identifier);
  }

  void lex_field_or_variable(Tok t) {
    if (at_terminator()) {
      emit(t == Tok::variable ? Tok::variable : Tok::dot);
      return;
    }
    while (pos_ < in_.size() && is_alnum(static_cast<unsigned char>(in_[pos_]))) ++pos_;
    if (!at_terminator()) {
      error("bad character " + rune_desc(in_, pos_));
      return;
    }
    emit(t);
  }

  void lex_char() {
    while (true) {
      if (at_eof() || peek() == '\n') {
        error("unterminated character constant");
        return;
      }
      char c = in_[pos_++];
      if (c == '\\') {
        if (at_eof() || peek() == '\n') {
          error("unterminated character constant");
          return;
        }
        ++pos_;
      } else if (c == '\'') {
        break;
      }
    }
    emit(Tok::char_constant);
  }

  void lex_quote() {
    while (true) {
      if (at_eof() || peek() == '\n') {
        error("unterminated quoted string");
        return;
      }
      char c = in_[pos_++];
      if (c == '\\') {
        if (at_eof() || peek() == '\n') {
          error("unterminated quoted string");
          return;
        }
        ++pos_;
      } else if (c == '"') {
        break;
      }
    }
    emit(Tok::string);
  }

  void lex_raw_quote() {
    std::size_t close = in_.find('`', pos_);
    if (close == std::string_view::npos) {
      error("unterminated raw quoted string");
      return;
    }
    pos_ = close + 1;
    emit(Tok::raw_string);
  }

  void accept_run(std::string_view valid) {
    while (pos_ < in_.size() && valid.find(in_[pos_]) != std::string_view::npos) ++pos_;
  }

  void lex_number() {
    if (peek() == '+' || peek() == '-') ++pos_;
    std::string_view digits = "0123456789_";
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      pos_ += 2;
      digits = "0123456789abcdefABCDEF_";
    } else if (peek() == '0' && (peek(1) == 'o' || peek(1) == 'O')) {
      pos_ += 2;
      digits = "01234567_";
    } else if (peek() == '0' && (peek(1) == 'b' || peek(1) == 'B')) {
      pos_ += 2;
      digits = "01_";
    }
    accept_run(digits);
    if (peek() == '.') {
      ++pos_;
      accept_run(digits);
    }
    if (digits.size() == 11 && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      accept_run("0123456789_");
    }
    if (digits.size() == 23 && (peek() == 'p' || peek() == 'P')) {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      accept_run("0123456789_");
    }
    if (peek() == 'i') ++pos_;
    if (pos_ < in_.size() && is_alnum(static_cast<unsigned char>(in_[pos_]))) {
      ++pos_;
      error(fmt::format("bad number syntax: {}", go_quote(in_.substr(start_, pos_ - start_))));
      return;
    }
    emit(Tok::number);
  }
};

}  // namespace

std::vector<Token> lex(std::string_view text) { return Lexer(text).run(); }

std::string describe(const Token& t) {
  switch (t.type) {
    case Tok::eof: return "EOF";
    case Tok::error: return t.val;
    case Tok::kw_block: case Tok::kw_break: case Tok::kw_continue: case Tok::kw_define: case Tok::kw_else:
    case Tok::kw_end: case Tok::kw_if: case Tok::kw_nil: case Tok::kw_range: case Tok::kw_template: case Tok::kw_with:
      return "<" + t.val + ">";
    default: break;
  }
  if (utf8_length(t.val) > 10) {
    // %.10q: the first ten runes, quoted
    return go_quote(utf8_prefix(t.val, 10)) + "...";
  }
  return go_quote(t.val);
}

}  // namespace mon::tmpl::detail
