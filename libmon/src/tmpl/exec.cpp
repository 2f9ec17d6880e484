// Execution of Go templates: walking the tree, evaluating pipelines, fields, methods and function
// calls with Go's rules and error wording.
#include "exec.hpp"

#include <fmt/format.h>

#include "builtins.hpp"
#include "gostr.hpp"

namespace mon::tmpl::detail {

namespace {

enum class Flow { normal, brk, cont };

struct Var {
  std::string name;
  Value value;
};

// The node an error is reported at.
struct At {
  std::size_t pos = 0;
  const Arg* arg = nullptr;
  const Command* cmd = nullptr;
  const Pipe* pipe = nullptr;
  const Node* node = nullptr;
};

std::string node_string(const Node& n) {
  switch (n.kind) {
    case NodeKind::text: return n.text;
    case NodeKind::action: return "{{" + to_string(*n.pipe) + "}}";
    case NodeKind::if_: return "{{if " + to_string(*n.pipe) + "}}";
    case NodeKind::range: return "{{range " + to_string(*n.pipe) + "}}";
    case NodeKind::with: return "{{with " + to_string(*n.pipe) + "}}";
    case NodeKind::template_:
      return "{{template " + go_quote(n.text) + (n.pipe ? " " + to_string(*n.pipe) : "") + "}}";
    case NodeKind::break_: return "{{break}}";
    case NodeKind::continue_: return "{{continue}}";
  }
  return "";
}

class Exec {
 public:
  Exec(const TreeSet& set, const Tree& tree, std::string& out, std::size_t depth)
      : set_(set), tree_(&tree), out_(out), depth_(depth) {}

  void run(const Value& dot) {
    vars_.push_back({"$", dot});
    walk_list(dot, tree_->root);
  }

 private:
  const TreeSet& set_;
  const Tree* tree_;
  std::string& out_;
  std::size_t depth_;
  std::vector<Var> vars_;
  At at_;

  void at(const Arg& a) { at_ = At{a.pos, &a, nullptr, nullptr, nullptr}; }
  void at(const Command& c) { at_ = At{c.pos, nullptr, &c, nullptr, nullptr}; }
  void at(const Pipe& p) { at_ = At{p.pos, nullptr, nullptr, &p, nullptr}; }
  void at(const Node& n) { at_ = At{n.pos, nullptr, nullptr, nullptr, &n}; }

  [[noreturn]] void fail(const std::string& message) const {
    std::string context;
    if (at_.arg) context = to_string(*at_.arg);
    else if (at_.cmd) context = to_string(*at_.cmd);
    else if (at_.pipe) context = to_string(*at_.pipe);
    else if (at_.node) context = node_string(*at_.node);
    if (utf8_length(context) > 20) context = utf8_prefix(context, 20) + "...";
    const std::string& text = *tree_->source;
    std::size_t pos = std::min(at_.pos, text.size());
    std::size_t nl = pos == 0 ? std::string::npos : text.rfind('\n', pos - 1);
    std::size_t col = nl == std::string::npos ? pos : pos - nl - 1;
    std::size_t line = 1;
    for (std::size_t k = 0; k < pos; ++k) line += text[k] == '\n';
    throw Error(fmt::format("template: {}:{}:{}: executing {} at <{}>: {}", tree_->parse_name, line, col,
                            go_quote(tree_->name), context, message));
  }

  void write(std::string_view s) {
    if (out_.size() + s.size() > set_.options.max_output)
      fail(fmt::format("output exceeds the limit of {} bytes", set_.options.max_output));
    out_.append(s);
  }

  Value var_value(const std::string& name) {
    for (std::size_t k = vars_.size(); k-- > 0;)
      if (vars_[k].name == name) return vars_[k].value;
    fail("undefined variable: " + name);
  }
  void set_var(const std::string& name, const Value& v) {
    for (std::size_t k = vars_.size(); k-- > 0;)
      if (vars_[k].name == name) {
        vars_[k].value = v;
        return;
      }
    fail("undefined variable: " + name);
  }

  Flow walk_list(const Value& dot, const std::vector<Node>& list) {
    for (const auto& n : list) {
      Flow f = walk(dot, n);
      if (f != Flow::normal) return f;
    }
    return Flow::normal;
  }

  Flow walk(const Value& dot, const Node& n) {
    at(n);
    switch (n.kind) {
      case NodeKind::text: write(n.text); return Flow::normal;
      case NodeKind::action: {
        Value v = eval_pipeline(dot, *n.pipe);
        if (n.pipe->decl.empty()) print_value(n, v);
        return Flow::normal;
      }
      case NodeKind::if_:
      case NodeKind::with: {
        std::size_t mark = vars_.size();
        Value v = eval_pipeline(dot, *n.pipe);
        Flow f = Flow::normal;
        if (v.truth()) f = walk_list(n.kind == NodeKind::with ? v : dot, n.list);
        else if (n.has_else) f = walk_list(dot, n.else_list);
        vars_.resize(mark);
        return f;
      }
      case NodeKind::range: return walk_range(dot, n);
      case NodeKind::template_: walk_template(dot, n); return Flow::normal;
      case NodeKind::break_: return Flow::brk;
      case NodeKind::continue_: return Flow::cont;
    }
    return Flow::normal;
  }

  void print_value(const Node& n, const Value& v) {
    at(n);
    if (v.is_null()) {
      write("<no value>");
      return;
    }
    if (v.kind() == Value::Kind::function) fail(fmt::format("can't print {} of type {}", node_string(n), v.type_name()));
    write(to_go_string(v));
  }

  Flow walk_range(const Value& dot, const Node& n) {
    at(n);
    std::size_t outer = vars_.size();
    Value v = eval_pipeline(dot, *n.pipe);
    std::size_t mark = vars_.size();
    const std::size_t ndecl = n.pipe->decl.size();
    auto one = [&](const Value& index, const Value& elem) {
      if (ndecl > 0) vars_[mark - 1].value = elem;
      if (ndecl > 1) vars_[mark - 2].value = index;
      Flow f = walk_list(elem, n.list);
      vars_.resize(mark);
      return f;
    };
    bool ran = false;
    switch (v.kind()) {
      case Value::Kind::list: {
        const List& l = v.as_list();
        for (std::size_t k = 0; k < l.size(); ++k) {
          ran = true;
          if (one(Value(static_cast<long long>(k)), l[k]) == Flow::brk) break;
        }
        break;
      }
      case Value::Kind::map:
        for (const auto& [key, elem] : v.as_map()) {
          ran = true;
          if (one(Value(key), elem) == Flow::brk) break;
        }
        break;
      case Value::Kind::integer:
        if (ndecl > 1) {
          at(n);
          fail("can't use " + to_go_string(v) + " to iterate over more than one variable");
        }
        for (std::int64_t k = 0; k < v.as_int(); ++k) {
          ran = true;
          if (one(Value(static_cast<long long>(k)), Value(static_cast<long long>(k))) == Flow::brk) break;
        }
        break;
      case Value::Kind::null: break;
      default:
        at(n);
        fail("range can't iterate over " + to_go_string(v));
    }
    if (!ran && n.has_else) {
      Flow f = walk_list(dot, n.else_list);
      vars_.resize(outer);
      return f;
    }
    vars_.resize(outer);
    return Flow::normal;
  }

  void walk_template(const Value& dot, const Node& n) {
    at(n);
    auto it = set_.trees.find(n.text);
    if (it == set_.trees.end()) fail(fmt::format("template {} not defined", go_quote(n.text)));
    if (depth_ >= set_.options.max_depth)
      fail(fmt::format("exceeded maximum template depth ({})", set_.options.max_depth));
    Value new_dot = n.pipe ? eval_pipeline(dot, *n.pipe) : Value();
    Exec inner(set_, *it->second, out_, depth_ + 1);
    inner.run(new_dot);
  }

  Value eval_pipeline(const Value& dot, const Pipe& p) {
    at(p);
    Value v;
    bool has_final = false;
    for (const auto& cmd : p.cmds) {
      v = eval_command(dot, cmd, has_final ? &v : nullptr);
      has_final = true;
    }
    for (const auto& name : p.decl) {
      if (p.is_assign) set_var(name, v);
      else vars_.push_back({name, v});
    }
    return v;
  }

  void not_a_function(const Command& cmd, const Value* final_value) {
    if (cmd.args.size() > 1 || final_value)
      fail("can't give argument to non-function " + to_string(cmd.args[0]));
  }

  Value eval_command(const Value& dot, const Command& cmd, const Value* final_value) {
    const Arg& first = cmd.args[0];
    switch (first.kind) {
      case ArgKind::field: at(first); return eval_chain(dot, dot, first, first.idents, 0, cmd, final_value);
      case ArgKind::chain: {
        at(first);
        if (first.base->kind == ArgKind::nil) fail("indirection through explicit nil in " + to_string(first));
        Value base = eval_arg(dot, *first.base);
        at(first);
        return eval_chain(dot, base, first, first.idents, 0, cmd, final_value);
      }
      case ArgKind::identifier: return eval_function(dot, first, &cmd, final_value);
      case ArgKind::pipe:
        not_a_function(cmd, final_value);
        return eval_pipeline(dot, *first.pipe);
      case ArgKind::variable: {
        at(first);
        Value v = var_value(first.idents[0]);
        if (first.idents.size() == 1) {
          not_a_function(cmd, final_value);
          return v;
        }
        return eval_chain(dot, v, first, first.idents, 1, cmd, final_value);
      }
      default: break;
    }
    at(first);
    not_a_function(cmd, final_value);
    switch (first.kind) {
      case ArgKind::boolean: return Value(first.boolean);
      case ArgKind::dot: return dot;
      case ArgKind::nil: fail("nil is not a command");
      case ArgKind::number: return ideal_constant(first);
      case ArgKind::string: return Value(first.str);
      default: break;
    }
    fail("can't evaluate command " + go_quote(to_string(first)));
  }

  Value ideal_constant(const Arg& a) {
    at(a);
    bool floaty = a.text.find_first_of(".eEpP") != std::string::npos && !(a.text.size() > 2 && a.text[0] == '0' && (a.text[1] == 'x' || a.text[1] == 'X') && a.text.find_first_of("pP") == std::string::npos) && a.text[0] != '\'';
    if (a.is_float && floaty) return Value(a.d);
    if (a.is_int) return Value(static_cast<long long>(a.i));
    if (a.is_float) return Value(a.d);
    fail(a.text + " overflows int");
  }

  // Walks .A.B.C from `receiver` (idents from `from`); the last gets the command's arguments.
  Value eval_chain(const Value& dot, Value receiver, const Arg& node, const std::vector<std::string>& idents,
                   std::size_t from, const Command& cmd, const Value* final_value) {
    for (std::size_t k = from; k + 1 < idents.size(); ++k) receiver = eval_field(dot, idents[k], node, nullptr, nullptr, receiver);
    return eval_field(dot, idents.back(), node, &cmd, final_value, receiver);
  }

  Value eval_field(const Value& dot, const std::string& name, const Arg& node, const Command* cmd,
                   const Value* final_value, const Value& receiver) {
    if (receiver.is_null()) {
      if (set_.options.missing_key == MissingKey::error) fail(fmt::format("nil data; no entry for key {}", go_quote(name)));
      return Value();
    }
    const Method* m = receiver.method(name);
    if (!m) m = time_method(receiver, name);
    if (m) {
      std::vector<Value> args;
      if (cmd)
        for (std::size_t k = 1; k < cmd->args.size(); ++k) args.push_back(eval_arg(dot, cmd->args[k]));
      if (final_value) args.push_back(*final_value);
      at(node);
      try {
        return (*m)(receiver, args);
      } catch (const ArgCountError& e) {
        fail(fmt::format("wrong number of args for {}: want {}{} got {}", name, e.variadic ? "at least " : "", e.want, e.got));
      } catch (const ArgTypeError& e) {
        fail(e.what());
      } catch (const Error& e) {
        fail(fmt::format("error calling {}: {}", name, e.what()));
      }
    }
    bool has_args = (cmd && cmd->args.size() > 1) || final_value;
    if (receiver.kind() == Value::Kind::structure) {
      if (const Value* f = receiver.field(name)) {
        if (has_args) fail(name + " has arguments but cannot be invoked as function");
        return *f;
      }
    } else if (receiver.kind() == Value::Kind::map) {
      if (has_args) fail(name + " is not a method but has arguments");
      if (const Value* f = receiver.field(name)) return *f;
      switch (set_.options.missing_key) {
        case MissingKey::invalid: return Value();
        case MissingKey::zero: return receiver.type() ? receiver.type()->elem_zero : Value();
        case MissingKey::error: fail(fmt::format("map has no entry for key {}", go_quote(name)));
      }
    }
    fail(fmt::format("can't evaluate field {} in type {}", name, receiver.type_name()));
  }

  Value eval_arg(const Value& dot, const Arg& a) {
    at(a);
    switch (a.kind) {
      case ArgKind::dot: return dot;
      case ArgKind::nil: return Value();
      case ArgKind::field: return eval_chain(dot, dot, a, a.idents, 0, Command{a.pos, {a}}, nullptr);
      case ArgKind::variable: {
        Value v = var_value(a.idents[0]);
        if (a.idents.size() == 1) return v;
        return eval_chain(dot, v, a, a.idents, 1, Command{a.pos, {a}}, nullptr);
      }
      case ArgKind::pipe: return eval_pipeline(dot, *a.pipe);
      case ArgKind::identifier: return eval_function(dot, a, nullptr, nullptr);
      case ArgKind::chain: {
        if (a.base->kind == ArgKind::nil) fail("indirection through explicit nil in " + to_string(a));
        Value base = eval_arg(dot, *a.base);
        return eval_chain(dot, base, a, a.idents, 0, Command{a.pos, {a}}, nullptr);
      }
      case ArgKind::boolean: return Value(a.boolean);
      case ArgKind::number: return ideal_constant(a);
      case ArgKind::string: return Value(a.str);
    }
    return Value();
  }

  // A function call: `ident` names it, `cmd` holds its arguments (nullptr: none, as an operand).
  Value eval_function(const Value& dot, const Arg& ident, const Command* cmd, const Value* final_value) {
    at(ident);
    const std::string& name = ident.text;
    std::size_t nargs = (cmd ? cmd->args.size() - 1 : 0) + (final_value ? 1 : 0);
    auto arg_at = [&](std::size_t k) -> Value {
      if (cmd && k + 1 < cmd->args.size()) return eval_arg(dot, cmd->args[k + 1]);
      return *final_value;
    };
    auto report_at = [&]() {
      if (cmd) at(*cmd);
      else at(ident);
    };
    if (name == "and" || name == "or") {
      if (nargs < 1) fail(fmt::format("wrong number of args for {}: want at least 1 got 0", name));
      Value v;
      for (std::size_t k = 0; k < nargs; ++k) {
        v = arg_at(k);
        if ((name == "and") != v.truth()) break;
      }
      return v;
    }
    Function f;
    if (auto it = set_.funcs.find(name); it != set_.funcs.end()) f = it->second;
    bool builtin = !f && is_builtin(name);
    if (!f && !builtin) fail(fmt::format("{} is not a defined function", go_quote(name)));
    std::vector<Value> args;
    args.reserve(nargs);
    for (std::size_t k = 0; k < nargs; ++k) args.push_back(arg_at(k));
    try {
      if (builtin) return call_builtin(name, args);
      return f(args);
    } catch (const ArgCountError& e) {
      at(ident);
      fail(fmt::format("wrong number of args for {}: want {}{} got {}", name, e.variadic ? "at least " : "", e.want, e.got));
    } catch (const ArgTypeError& e) {
      report_at();
      fail(e.what());
    } catch (const Error& e) {
      report_at();
      fail(fmt::format("error calling {}: {}", name, e.what()));
    }
  }
};

}  // namespace

void execute_tree(const TreeSet& set, const Tree& tree, const Value& dot, std::string& out) {
  Exec e(set, tree, out, 0);
  e.run(dot);
}

}  // namespace mon::tmpl::detail
