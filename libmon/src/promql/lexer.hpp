#pragma once
// PromQL's lexer (Prometheus 3's lex.go, float samples only): it knows whether it is inside braces
// `{...}` (keywords are plain identifiers there) or brackets `[...]` (durations and `:`), as
// Prometheus' does. Errors are thrown as LexError with the byte offset where they occur.
#include "mon/format/go_quote.hpp"
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mon::promql::detail {

enum class Tok {
  eof,
  identifier,         // [a-zA-Z_][a-zA-Z0-9_]* (and keywords, told apart by the parser)
  metric_identifier,  // an identifier with a ':'
  number,
  duration,
  string,  // the raw text with its quotes; see unquote()
  lparen,
  rparen,
  lbrace,
  rbrace,
  lbracket,
  rbracket,
  comma,
  colon,
  at,
  add,
  sub,
  mul,
  div,
  mod,
  pow,
  assign,     // =
  eqlc,       // ==
  neq,        // !=
  gtr,        // >
  lss,        // <
  gte,        // >=
  lte,        // <=
  eql_regex,  // =~
  neq_regex,  // !~
};

struct Token {
  Tok kind = Tok::eof;
  std::size_t pos = 0;  // byte offset of its first character
  std::string_view text;
};

struct LexError : std::runtime_error {
  LexError(std::size_t at, const std::string& message) : std::runtime_error(message), pos(at) {}
  std::size_t pos;
};

class Lexer {
 public:
  explicit Lexer(std::string_view input) : in_(input) {}
  Token next();  // comments and spaces are skipped
  std::string_view input() const { return in_; }

 private:
  Token lex_inside_braces();
  Token lex_number_or_duration(std::size_t start);
  Token lex_string(std::size_t start, char quote);
  Token make(Tok kind, std::size_t start) const { return {kind, start, in_.substr(start, pos_ - start)}; }
  [[noreturn]] void fail(std::size_t at, const std::string& message) const { throw LexError(at, message); }
  bool scan_number();
  void skip_space_and_comments();

  std::string_view in_;
  std::size_t pos_ = 0;
  int paren_depth_ = 0;
  bool brace_open_ = false;
  bool bracket_open_ = false;
  bool got_colon_ = false;
};

bool is_alpha(char c);
bool is_digit(char c);
bool is_alnum(char c);
bool is_space(char c);
// A character as Go's %q shows a rune: 'a', '\x00', '"'.
std::string quote_char(char c);
// Go's %q of a string.
using format::go_quote;  // Go's %q, for messages worded as Prometheus' parser words them

// The value of a string token (Go's escapes in "..." and '...', none in `...`). The lexer has
// already checked the escapes.
std::string unquote(std::string_view token);

// Prometheus' parseNumber (ParseInt with base prefixes, then ParseFloat): nullopt-free, throws
// std::invalid_argument when not a number.
double parse_number(std::string_view text);
// Prometheus' duration syntax (1h30m, 5m, 1y2w3d, 100ms): milliseconds; throws
// std::invalid_argument with Prometheus' message.
std::int64_t parse_duration_ms(std::string_view text);

}  // namespace mon::promql::detail
