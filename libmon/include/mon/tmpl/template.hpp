#pragma once
// Go's text/template: parsing and execution with Go's output formatting and Go's error wording.
//
// Syntax: {{ }} actions with trim markers {{- -}}, comments {{/* */}}, pipelines with |, variables
// ($x := ..., $x = ...), if / else if / else / end, range (with $i, $v := ..., else, break,
// continue), with / else with / else, define / template / block, parenthesised pipelines, field
// chains (.A.B, $x.A, (pipeline).A), literals (strings, raw strings, chars, numbers, true, false,
// nil). Built-in functions: and or not eq ne lt le gt ge len index slice print printf println html
// js urlquery call.
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "mon/tmpl/value.hpp"

namespace mon::tmpl {

// Go's Option("missingkey=..."): what a missing map key gives.
enum class MissingKey {
  invalid,  // default: an invalid value, printed "<no value>"
  zero,     // the map element type's zero (TypeInfo::elem_zero; "<no value>" when nil)
  error,    // execution stops: "map has no entry for key \"K\""
};

struct Options {
  MissingKey missing_key = MissingKey::invalid;
  std::size_t max_depth = 1000;          // nested {{template}} calls (Go allows 100000)
  std::size_t max_output = 64u << 20;    // bytes of output before execution stops
};

// A template that does not parse. location() names the template, the line and the 1-based byte
// column of the offending token; what() is Go's text, "template: NAME:LINE: MESSAGE" (Go gives no
// column in parse errors), message() the MESSAGE alone.
class TemplateParseError : public ParseError {
 public:
  TemplateParseError(Location loc, std::string message);
  const char* what() const noexcept override { return go_text_.c_str(); }

 private:
  std::string go_text_;
};

namespace detail {
struct TreeSet;  // the parsed templates
}

class Template {
 public:
  // Parses `text` as the template `name` (plus its {{define}}s). Functions named in the text must
  // be built-in or in `funcs` (Go checks at parse time). Throws TemplateParseError (a
  // mon::ParseError) with Go's message, e.g. what() = "template: NAME:3: unexpected EOF".
  static Template parse(std::string_view name, std::string_view text, const FuncMap& funcs, Options options = {});

  // Executes the main template on `dot`. Throws mon::Error with Go's wording:
  // "template: NAME:LINE:COL: executing \"NAME\" at <CMD>: MESSAGE".
  std::string execute(const Value& dot) const;
  // Executes the named template (a {{define}} of this one or of an added one).
  std::string execute_named(std::string_view name, const Value& dot) const;
  bool has_template(std::string_view name) const;

  // Adds the named templates ({{define}}s, and the main template of `other` under its name unless
  // it is empty) of `other`; later definitions replace earlier ones of the same name, as Go's
  // AddParseTree does. The functions of `other` are added too (replacing ours of the same name).
  void add_definitions(const Template& other);

  const std::string& name() const;

 private:
  std::shared_ptr<detail::TreeSet> set_;
  std::string name_;
};

}  // namespace mon::tmpl
