#pragma once
// Internal: the parse tree of a template, as Go's text/template/parse builds it.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mon/tmpl/template.hpp"

namespace mon::tmpl::detail {

struct Pipe;

enum class ArgKind { dot, nil, boolean, number, string, field, variable, identifier, pipe, chain };

struct Arg {
  ArgKind kind = ArgKind::dot;
  std::size_t pos = 0;
  std::string text;                 // source text (numbers, strings quoted), identifier name
  std::string str;                  // string literal value
  bool boolean = false;
  bool is_int = false, is_float = false;
  std::int64_t i = 0;
  double d = 0;
  std::vector<std::string> idents;  // field: A,B for .A.B; variable: $x,A,B; chain: the fields
  std::shared_ptr<Pipe> pipe;       // pipe
  std::shared_ptr<Arg> base;        // chain: the operand the fields apply to
};

struct Command {
  std::size_t pos = 0;
  std::vector<Arg> args;
};

struct Pipe {
  std::size_t pos = 0;
  bool is_assign = false;
  std::vector<std::string> decl;
  std::vector<Command> cmds;
};

enum class NodeKind { text, action, if_, range, with, template_, break_, continue_ };

struct Node {
  NodeKind kind = NodeKind::text;
  std::size_t pos = 0;
  std::string text;  // text; template name
  std::shared_ptr<Pipe> pipe;
  std::vector<Node> list, else_list;
  bool has_else = false;
};

struct Tree {
  std::string name;        // the template's name (define's name)
  std::string parse_name;  // the name of the top-level template it was parsed with (for errors)
  std::shared_ptr<const std::string> source;
  std::vector<Node> root;
  bool empty = true;       // only whitespace/comments (Go: IsEmptyTree)
};

struct TreeSet {
  std::map<std::string, std::shared_ptr<const Tree>, std::less<>> trees;
  FuncMap funcs;
  Options options;
};

// Parses `text` into the main tree and its {{define}}d trees.
std::vector<std::shared_ptr<Tree>> parse_trees(std::string_view name, std::string_view text, const FuncMap& funcs);

// Go's String() of a node (for error context).
std::string to_string(const Arg& a);
std::string to_string(const Command& c);
std::string to_string(const Pipe& p);

bool is_builtin(std::string_view name);

}  // namespace mon::tmpl::detail
