#pragma once
// Internal: the lexer of Go's text/template (delimiters {{ }}, trim markers, comments, actions).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mon::tmpl::detail {

enum class Tok {
  error, eof, text, left_delim, right_delim, space, boolean, char_constant, number, string, raw_string,
  field, variable, identifier, dot, assign, declare, pipe, left_paren, right_paren, chr,
  // keywords
  kw_block, kw_break, kw_continue, kw_define, kw_else, kw_end, kw_if, kw_nil, kw_range, kw_template, kw_with,
};

struct Token {
  Tok type = Tok::eof;
  std::size_t pos = 0;
  std::string val;
  std::size_t line = 1;
};

// All tokens up to and including EOF or the first error.
std::vector<Token> lex(std::string_view text);

// Go's item.String() for error messages: EOF, the error text, <keyword>, "quoted" (%.10q...).
std::string describe(const Token& t);

}  // namespace mon::tmpl::detail
