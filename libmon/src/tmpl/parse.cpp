// The parser of Go's text/template: tokens to trees, with Go's checks (functions defined at parse
// time, variables declared, {{break}} inside {{range}}) and Go's error wording.
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "ast.hpp"
#include "gostr.hpp"
#include "lex.hpp"

namespace mon::tmpl::detail {

namespace {

constexpr std::size_t max_nesting = 300;  // nested control structures and parentheses (Go: 10000)

struct ParseFailure {
  std::size_t line;
  std::size_t pos;
  std::string message;
};

bool unquote(const std::string& text, std::string& out);

class Parser {
 public:
  Parser(std::string_view name, std::string_view text, const FuncMap& funcs)
      : name_(name), source_(std::make_shared<const std::string>(text)), funcs_(funcs) {
    toks_ = lex(*source_);
  }

  std::vector<std::shared_ptr<Tree>> run() {
    auto main = new_tree(name_);
    vars_ = {"$"};
    while (peek().type != Tok::eof) {
      if (peek().type == Tok::left_delim) {
        std::size_t save = i_;
        next();
        if (next_non_space().type == Tok::kw_define) {
          parse_definition();
          continue;
        }
        i_ = save;
      }
      Node n;
      int end = text_or_action(n);
      if (end != 0) fail(end == 1 ? "unexpected {{end}}" : "unexpected {{else}}");
      main->root.push_back(std::move(n));
    }
    main->empty = is_empty(main->root);
    add(main);
    return std::move(trees_);
  }

 private:
  std::string name_;
  std::shared_ptr<const std::string> source_;
  const FuncMap& funcs_;
  std::vector<Token> toks_;
  std::size_t i_ = 0;
  std::vector<std::string> vars_;
  int range_depth_ = 0;
  std::size_t depth_ = 0;
  std::size_t action_line_ = 0;
  std::vector<std::shared_ptr<Tree>> trees_;

  std::shared_ptr<Tree> new_tree(std::string name) {
    auto t = std::make_shared<Tree>();
    t->name = std::move(name);
    t->parse_name = name_;
    t->source = source_;
    return t;
  }

  void add(std::shared_ptr<Tree> t) {
    for (auto& existing : trees_)
      if (existing->name == t->name) {
        if (existing->empty) {
          existing = std::move(t);
          return;
        }
        if (!t->empty) fail(fmt::format("template: multiple definition of template {}", go_quote(t->name)));
        return;
      }
    trees_.push_back(std::move(t));
  }

  static bool is_empty(const std::vector<Node>& list) {
    for (const auto& n : list)
      if (n.kind != NodeKind::text || n.text.find_first_not_of(" \t\r\n") != std::string::npos) return false;
    return true;
  }

  const Token& peek() const { return toks_[i_ < toks_.size() ? i_ : toks_.size() - 1]; }
  const Token& next() {
    const Token& t = peek();
    if (i_ < toks_.size()) ++i_;
    return t;
  }
  const Token& next_non_space() {
    while (peek().type == Tok::space) next();
    return next();
  }
  const Token& peek_non_space() {
    while (peek().type == Tok::space) next();
    return peek();
  }
  const Token& current() const { return toks_[std::min(i_ > 0 ? i_ - 1 : 0, toks_.size() - 1)]; }

  [[noreturn]] void fail(std::string message) {
    const Token& t = current();
    throw ParseFailure{t.line, t.pos, std::move(message)};
  }
  [[noreturn]] void fail_at(const Token& t, std::string message) { throw ParseFailure{t.line, t.pos, std::move(message)}; }

  [[noreturn]] void unexpected(const Token& t, std::string_view context) {
    if (t.type == Tok::error) {
      std::string extra;
      if (action_line_ != 0 && action_line_ != t.line) {
        extra = fmt::format(" in action started at {}:{}", name_, action_line_);
        if (t.val.size() >= 7 && t.val.ends_with(" action")) extra = extra.substr(10);
      }
      fail_at(t, t.val + extra);
    }
    fail_at(t, fmt::format("unexpected {} in {}", describe(t), context));
  }

  const Token& expect(Tok type, std::string_view context) {
    const Token& t = next_non_space();
    if (t.type != type) unexpected(t, context);
    return t;
  }

  void enter() {
    if (++depth_ > max_nesting) fail("max expression depth exceeded");
  }

  void parse_definition() {
    const Token& t = next_non_space();
    if (t.type != Tok::string && t.type != Tok::raw_string) unexpected(t, "define clause");
    std::string name;
    if (!unquote(t.val, name)) fail_at(t, "invalid syntax");
    expect(Tok::right_delim, "define clause");
    auto tree = new_tree(name);
    auto saved_vars = vars_;
    vars_ = {"$"};
    Node end;
    int kind = item_list(tree->root, end);
    if (kind != 1) fail(fmt::format("unexpected {} in define clause", kind == 2 ? "{{else}}" : "EOF"));
    vars_ = saved_vars;
    tree->empty = is_empty(tree->root);
    add(tree);
  }

  // Parses nodes until {{end}} (returns 1) or {{else}} (2, `end` holds its position); EOF fails.
  int item_list(std::vector<Node>& list, Node& end) {
    while (peek_non_space().type != Tok::eof) {
      Node n;
      int k = text_or_action(n);
      if (k != 0) {
        end = std::move(n);
        return k;
      }
      list.push_back(std::move(n));
    }
    next();
    fail("unexpected EOF");
  }

  // 0: a node; 1: {{end}}; 2: {{else}} (an `else if`/`else with` leaves the keyword unread)
  int text_or_action(Node& n) {
    const Token& t = next_non_space();
    if (t.type == Tok::text) {
      n.kind = NodeKind::text;
      n.pos = t.pos;
      n.text = t.val;
      return 0;
    }
    if (t.type == Tok::left_delim) {
      std::size_t saved = action_line_;
      action_line_ = t.line;
      int k = action(n);
      action_line_ = saved;
      return k;
    }
    unexpected(t, "input");
  }

  int action(Node& n) {
    const Token& t = next_non_space();
    switch (t.type) {
      case Tok::kw_block: block_control(n, t); return 0;
      case Tok::kw_break:
      case Tok::kw_continue: {
        bool brk = t.type == Tok::kw_break;
        if (range_depth_ == 0) fail(brk ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
        n.kind = brk ? NodeKind::break_ : NodeKind::continue_;
        n.pos = t.pos;
        expect(Tok::right_delim, brk ? "{{break}}" : "{{continue}}");
        return 0;
      }
      case Tok::kw_else: {
        n.pos = t.pos;
        const Token& p = peek_non_space();
        if (p.type == Tok::kw_if || p.type == Tok::kw_with) return 2;
        expect(Tok::right_delim, "else");
        return 2;
      }
      case Tok::kw_end:
        n.pos = t.pos;
        expect(Tok::right_delim, "end");
        return 1;
      case Tok::kw_if: control(n, NodeKind::if_, "if"); return 0;
      case Tok::kw_range: control(n, NodeKind::range, "range"); return 0;
      case Tok::kw_with: control(n, NodeKind::with, "with"); return 0;
      case Tok::kw_template: template_control(n, t); return 0;
      default: break;
    }
    --i_;
    const Token& first = peek_non_space();
    n.kind = NodeKind::action;
    n.pos = first.pos;
    n.pipe = pipeline("command", Tok::right_delim);
    return 0;
  }

  void control(Node& n, NodeKind kind, std::string_view context) {
    enter();
    std::size_t mark = vars_.size();
    n.kind = kind;
    n.pipe = pipeline(context, Tok::right_delim);
    n.pos = n.pipe->pos;
    if (kind == NodeKind::range) ++range_depth_;
    Node end;
    int k = item_list(n.list, end);
    if (kind == NodeKind::range) --range_depth_;
    if (k == 2) {
      n.has_else = true;
      const Token& p = peek_non_space();
      if ((kind == NodeKind::if_ && p.type == Tok::kw_if) || (kind == NodeKind::with && p.type == Tok::kw_with)) {
        next();
        Node inner;
        control(inner, kind, context);
        n.else_list.push_back(std::move(inner));
      } else {
        Node end2;
        int k2 = item_list(n.else_list, end2);
        if (k2 != 1) fail("expected end; found {{else}}");
      }
    }
    vars_.resize(mark);
    --depth_;
  }

  std::string template_name(const Token& t, std::string_view context) {
    if (t.type != Tok::string && t.type != Tok::raw_string) unexpected(t, context);
    std::string name;
    if (!unquote(t.val, name)) fail_at(t, "invalid syntax");
    return name;
  }

  void template_control(Node& n, const Token& kw) {
    const Token& t = next_non_space();
    n.kind = NodeKind::template_;
    n.pos = t.pos;
    (void)kw;
    n.text = template_name(t, "template clause");
    if (next_non_space().type != Tok::right_delim) {
      --i_;
      n.pipe = pipeline("template clause", Tok::right_delim);
    }
  }

  void block_control(Node& n, const Token& kw) {
    enter();
    const Token& t = next_non_space();
    n.kind = NodeKind::template_;
    n.pos = t.pos;
    (void)kw;
    n.text = template_name(t, "block clause");
    if (next_non_space().type != Tok::right_delim) {
      --i_;
      n.pipe = pipeline("block clause", Tok::right_delim);
    }
    auto tree = new_tree(n.text);
    auto saved_vars = vars_;
    int saved_range = range_depth_;
    vars_ = {"$"};
    range_depth_ = 0;
    Node end;
    int k = item_list(tree->root, end);
    if (k != 1) fail("unexpected {{else}} in block clause");
    vars_ = saved_vars;
    range_depth_ = saved_range;
    tree->empty = is_empty(tree->root);
    add(tree);
    --depth_;
  }

  std::shared_ptr<Pipe> pipeline(std::string_view context, Tok end) {
    auto pipe = std::make_shared<Pipe>();
    pipe->pos = peek_non_space().pos;
    while (peek_non_space().type == Tok::variable) {
      std::size_t save = i_;
      const Token& v = next();
      const Token& after = peek();
      const Token& nx = peek_non_space();
      if (nx.type == Tok::assign || nx.type == Tok::declare) {
        pipe->is_assign = nx.type == Tok::assign;
        next();
        pipe->decl.push_back(v.val);
        vars_.push_back(v.val);
        break;
      }
      if (nx.type == Tok::chr && nx.val == ",") {
        next();
        pipe->decl.push_back(v.val);
        vars_.push_back(v.val);
        if (context == "range" && pipe->decl.size() < 2) {
          Tok p = peek_non_space().type;
          if (p == Tok::variable || p == Tok::right_delim || p == Tok::right_paren) continue;
          fail("range can only initialize variables");
        }
        fail(fmt::format("too many declarations in {}", context));
      }
      (void)after;
      i_ = save;
      break;
    }
    while (true) {
      const Token& t = next_non_space();
      if (t.type == end) {
        if (pipe->cmds.empty()) fail(fmt::format("missing value for {}", context));
        for (std::size_t k = 1; k < pipe->cmds.size(); ++k) {
          ArgKind a = pipe->cmds[k].args[0].kind;
          if (a == ArgKind::boolean || a == ArgKind::dot || a == ArgKind::nil || a == ArgKind::number ||
              a == ArgKind::string)
            fail(fmt::format("non executable command in pipeline stage {}", k + 1));
        }
        return pipe;
      }
      switch (t.type) {
        case Tok::boolean: case Tok::char_constant: case Tok::dot: case Tok::field: case Tok::identifier:
        case Tok::number: case Tok::kw_nil: case Tok::raw_string: case Tok::string: case Tok::variable:
        case Tok::left_paren:
          --i_;
          pipe->cmds.push_back(command());
          break;
        default: unexpected(t, context);
      }
    }
  }

  Command command() {
    Command cmd;
    cmd.pos = peek_non_space().pos;
    while (true) {
      peek_non_space();
      Arg a;
      if (operand(a)) cmd.args.push_back(std::move(a));
      const Token& t = next();
      if (t.type == Tok::space) continue;
      if (t.type == Tok::right_delim || t.type == Tok::right_paren) {
        --i_;
      } else if (t.type != Tok::pipe) {
        unexpected(t, "operand");
      }
      break;
    }
    if (cmd.args.empty()) fail("empty command");
    return cmd;
  }

  bool operand(Arg& a) {
    if (!term(a)) return false;
    if (peek().type == Tok::field) {
      std::size_t chain_pos = peek().pos;
      std::vector<std::string> fields;
      while (peek().type == Tok::field) fields.push_back(next().val.substr(1));
      switch (a.kind) {
        case ArgKind::field:
        case ArgKind::variable:
          for (auto& f : fields) a.idents.push_back(std::move(f));
          a.pos = chain_pos;
          a.text.clear();
          break;
        case ArgKind::boolean: case ArgKind::string: case ArgKind::number: case ArgKind::nil: case ArgKind::dot:
          fail(fmt::format("unexpected . after term {}", go_quote(to_string(a))));
        default: {
          Arg chain;
          chain.kind = ArgKind::chain;
          chain.pos = chain_pos;
          chain.base = std::make_shared<Arg>(std::move(a));
          chain.idents = std::move(fields);
          a = std::move(chain);
        }
      }
    }
    return true;
  }

  bool term(Arg& a) {
    const Token& t = next_non_space();
    a.pos = t.pos;
    switch (t.type) {
      case Tok::identifier:
        if (!is_builtin(t.val) && funcs_.find(t.val) == funcs_.end())
          fail(fmt::format("function {} not defined", go_quote(t.val)));
        a.kind = ArgKind::identifier;
        a.text = t.val;
        return true;
      case Tok::dot: a.kind = ArgKind::dot; return true;
      case Tok::kw_nil: a.kind = ArgKind::nil; return true;
      case Tok::variable: {
        a.kind = ArgKind::variable;
        a.idents = {t.val};
        bool found = false;
        for (const auto& v : vars_) found = found || v == t.val;
        if (!found) fail(fmt::format("undefined variable {}", go_quote(t.val)));
        return true;
      }
      case Tok::field: a.kind = ArgKind::field; a.idents = {t.val.substr(1)}; return true;
      case Tok::boolean: a.kind = ArgKind::boolean; a.boolean = t.val == "true"; a.text = t.val; return true;
      case Tok::char_constant:
      case Tok::number: number(a, t); return true;
      case Tok::left_paren: {
        enter();
        a.kind = ArgKind::pipe;
        a.pipe = pipeline("parenthesized pipeline", Tok::right_paren);
        a.pos = a.pipe->pos;
        --depth_;
        return true;
      }
      case Tok::string:
      case Tok::raw_string:
        a.kind = ArgKind::string;
        a.text = t.val;
        if (!unquote(t.val, a.str)) fail("invalid syntax");
        return true;
      default: --i_; return false;
    }
  }

  void number(Arg& a, const Token& t) {
    a.kind = ArgKind::number;
    a.text = t.val;
    if (t.type == Tok::char_constant) {
      std::string s;
      std::string q = "\"" + t.val.substr(1, t.val.size() - 2) + "\"";
      if (t.val == "'\"'") q = "\"\\\"\"";
      std::uint32_t cp = 0;
      if (!unquote(q, s) || s.empty() || utf8_decode(s, 0, cp) != s.size())
        fail(fmt::format("malformed character constant: {}", t.val));
      a.is_int = a.is_float = true;
      a.i = cp;
      a.d = cp;
      return;
    }
    std::string text;
    for (char c : t.val)
      if (c != '_') text += c;
    if (!text.empty() && text.back() == 'i') fail(fmt::format("complex numbers are not supported: {}", t.val));
    // integer?
    {
      const char* s = text.c_str();
      bool neg = *s == '-';
      if (*s == '+' || *s == '-') ++s;
      int base = 10;
      if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s += 2;
      else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) base = 8, s += 2;
      else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) base = 2, s += 2;
      else if (s[0] == '0' && s[1] != '\0' && s[1] != '.' && s[1] != 'e' && s[1] != 'E') base = 8, s += 1;
      char* end = nullptr;
      errno = 0;
      unsigned long long u = std::strtoull(s, &end, base);
      if (*s != '\0' && *end == '\0' && errno == 0 && u <= 0x8000000000000000ULL && (neg || u < 0x8000000000000000ULL)) {
        a.is_int = true;
        a.i = neg ? static_cast<std::int64_t>(0ULL - u) : static_cast<std::int64_t>(u);
        a.is_float = true;
        a.d = static_cast<double>(a.i);
        return;
      }
    }
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0') fail(fmt::format("illegal number syntax: {}", go_quote(t.val)));
    a.is_float = true;
    a.d = d;
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18) {
      a.is_int = true;
      a.i = static_cast<std::int64_t>(d);
    }
  }
};

bool unquote(const std::string& text, std::string& out) {
  out.clear();
  if (text.size() < 2) return false;
  if (text.front() == '`') {
    if (text.back() != '`') return false;
    for (std::size_t k = 1; k + 1 < text.size(); ++k)
      if (text[k] != '\r') out += text[k];
    return true;
  }
  if (text.front() != '"' || text.back() != '"') return false;
  for (std::size_t k = 1; k + 1 < text.size(); ++k) {
    char c = text[k];
    if (c == '\n') return false;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++k + 1 > text.size() - 1) return false;
    char e = text[k];
    auto hexval = [&](std::size_t n, std::uint32_t& v) {
      v = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (k + 1 >= text.size() - 1) return false;
        char h = text[++k];
        int x = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
        if (x < 0) return false;
        v = v * 16 + static_cast<std::uint32_t>(x);
      }
      return k < text.size() - 1;
    };
    std::uint32_t v = 0;
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case '\'': return false;
      case 'x':
        if (!hexval(2, v)) return false;
        out += static_cast<char>(v);
        break;
      case 'u':
        if (!hexval(4, v)) return false;
        utf8_append(out, v);
        break;
      case 'U':
        if (!hexval(8, v) || v > 0x10ffff) return false;
        utf8_append(out, v);
        break;
      default:
        if (e >= '0' && e <= '7') {
          v = static_cast<std::uint32_t>(e - '0');
          for (int j = 0; j < 2; ++j) {
            char o = text[++k];
            if (o < '0' || o > '7' || k >= text.size() - 1) return false;
            v = v * 8 + static_cast<std::uint32_t>(o - '0');
          }
          if (v > 255) return false;
          out += static_cast<char>(v);
          break;
        }
        return false;
    }
  }
  return true;
}

}  // namespace

bool is_builtin(std::string_view name) {
  static const std::string_view names[] = {"and", "call",     "html", "index", "slice", "js", "len", "not",
                                           "or",  "print",    "printf", "println", "urlquery", "eq", "ge",
                                           "gt",  "le",       "lt",   "ne"};
  for (auto n : names)
    if (n == name) return true;
  return false;
}

std::vector<std::shared_ptr<Tree>> parse_trees(std::string_view name, std::string_view text, const FuncMap& funcs) {
  try {
    return Parser(name, text, funcs).run();
  } catch (const ParseFailure& f) {
    // column: 1-based byte column of the token
    std::size_t nl = f.pos == 0 ? std::string_view::npos : text.rfind('\n', f.pos - 1);
    std::size_t col = (nl == std::string_view::npos ? f.pos : f.pos - nl - 1) + 1;
    throw TemplateParseError(Location{std::string(name), f.line, col}, f.message);
  }
}

std::string to_string(const Arg& a) {
  switch (a.kind) {
    case ArgKind::dot: return ".";
    case ArgKind::nil: return "nil";
    case ArgKind::boolean: return a.boolean ? "true" : "false";
    case ArgKind::number: return a.text;
    case ArgKind::string: return a.text;
    case ArgKind::identifier: return a.text;
    case ArgKind::field: {
      std::string s;
      for (const auto& f : a.idents) s += "." + f;
      return s;
    }
    case ArgKind::variable: {
      std::string s;
      for (std::size_t k = 0; k < a.idents.size(); ++k) s += (k ? "." : "") + a.idents[k];
      return s;
    }
    case ArgKind::pipe: return "(" + to_string(*a.pipe) + ")";
    case ArgKind::chain: {
      std::string s = a.base->kind == ArgKind::pipe ? to_string(*a.base) : to_string(*a.base);
      for (const auto& f : a.idents) s += "." + f;
      return s;
    }
  }
  return "";
}

std::string to_string(const Command& c) {
  std::string s;
  for (std::size_t k = 0; k < c.args.size(); ++k) {
    if (k) s += ' ';
    s += to_string(c.args[k]);
  }
  return s;
}

std::string to_string(const Pipe& p) {
  std::string s;
  if (!p.decl.empty()) {
    for (std::size_t k = 0; k < p.decl.size(); ++k) s += (k ? ", " : "") + p.decl[k];
    s += p.is_assign ? " = " : " := ";
  }
  for (std::size_t k = 0; k < p.cmds.size(); ++k) {
    if (k) s += " | ";
    s += to_string(p.cmds[k]);
  }
  return s;
}

}  // namespace mon::tmpl::detail
