// text/template's built-in functions with Go's semantics and error texts: eq ne lt le gt ge not len
// index slice print printf println html js urlquery call.
#include "builtins.hpp"

#include <fmt/format.h>

#include "gostr.hpp"

namespace mon::tmpl::detail {

namespace {

enum class BK { invalid, boolean, integer, number, string, other };

BK basic_kind(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::null: return BK::invalid;
    case Value::Kind::boolean: return BK::boolean;
    case Value::Kind::integer:
    case Value::Kind::duration: return BK::integer;
    case Value::Kind::number: return BK::number;
    case Value::Kind::string: return BK::string;
    default: return BK::other;
  }
}

bool eq(std::span<const Value> args) {
  if (args.empty()) throw ArgCountError(1, 0, true);
  if (args.size() == 1) throw Error("missing argument for comparison");
  const Value& a = args[0];
  BK k1 = basic_kind(a);
  for (std::size_t i = 1; i < args.size(); ++i) {
    const Value& b = args[i];
    BK k2 = basic_kind(b);
    bool truth = false;
    if (k1 != k2) {
      if (k1 != BK::invalid && k2 != BK::invalid) throw Error("incompatible types for comparison");
    } else {
      switch (k1) {
        case BK::boolean: truth = a.as_bool() == b.as_bool(); break;
        case BK::integer: truth = a.as_int() == b.as_int(); break;
        case BK::number: truth = a.as_number() == b.as_number(); break;
        case BK::string: truth = a.as_string() == b.as_string(); break;
        case BK::invalid: truth = true; break;
        case BK::other:
          if (a.kind() != b.kind() || a.kind() == Value::Kind::list || a.kind() == Value::Kind::map ||
              a.kind() == Value::Kind::function)
            throw Error(fmt::format("non-comparable types {}: {}, {}: {}", to_go_string(a), a.type_name(),
                                    b.type_name(), to_go_string(b)));
          truth = a == b;
      }
    }
    if (truth) return true;
  }
  return false;
}

bool lt(const Value& a, const Value& b) {
  BK k1 = basic_kind(a), k2 = basic_kind(b);
  if (k1 == BK::invalid || k1 == BK::other || k2 == BK::invalid || k2 == BK::other)
    throw Error("invalid type for comparison");
  if (k1 != k2) throw Error("incompatible types for comparison");
  switch (k1) {
    case BK::boolean: throw Error("invalid type for comparison");
    case BK::integer: return a.as_int() < b.as_int();
    case BK::number: return a.as_number() < b.as_number();
    case BK::string: return a.as_string() < b.as_string();
    default: break;
  }
  return false;
}

std::int64_t index_arg(const Value& index, std::size_t cap) {
  if (index.is_null()) throw Error("cannot index slice/array with nil");
  if (index.kind() != Value::Kind::integer) throw Error("cannot index slice/array with type " + index.type_name());
  std::int64_t x = index.as_int();
  if (x < 0 || static_cast<std::uint64_t>(x) >= cap) throw Error(fmt::format("index out of range: {}", x));
  return x;
}

Value index(std::span<const Value> args) {
  if (args.empty()) throw ArgCountError(1, 0, true);
  Value item = args[0];
  if (item.is_null()) throw Error("index of untyped nil");
  for (std::size_t i = 1; i < args.size(); ++i) {
    const Value& ix = args[i];
    switch (item.kind()) {
      case Value::Kind::list: {
        std::int64_t x = index_arg(ix, item.as_list().size());
        Value next = item.as_list()[static_cast<std::size_t>(x)];
        item = next;
        break;
      }
      case Value::Kind::string: {
        std::int64_t x = index_arg(ix, item.as_string().size());
        item = Value(static_cast<int>(static_cast<unsigned char>(item.as_string()[static_cast<std::size_t>(x)])));
        break;
      }
      case Value::Kind::map: {
        if (ix.kind() != Value::Kind::string) {
          if (ix.is_null()) throw Error("value is nil; should be of type string");
          throw Error("value has type " + ix.type_name() + "; should be string");
        }
        if (const Value* v = item.field(ix.as_string())) {
          Value next = *v;
          item = next;
        } else {
          item = item.type() ? item.type()->elem_zero : Value();
        }
        break;
      }
      case Value::Kind::null: throw Error("index of untyped nil");
      default: throw Error("can't index item of type " + item.type_name());
    }
  }
  return item;
}

Value slice(std::span<const Value> args) {
  if (args.empty()) throw ArgCountError(1, 0, true);
  const Value& item = args[0];
  if (item.is_null()) throw Error("slice of untyped nil");
  if (args.size() > 4) throw Error(fmt::format("too many slice indexes: {}", args.size() - 1));
  std::size_t len = 0;
  if (item.kind() == Value::Kind::string) {
    if (args.size() == 4) throw Error("cannot 3-index slice a string");
    len = item.as_string().size();
  } else if (item.kind() == Value::Kind::list) {
    len = item.as_list().size();
  } else {
    throw Error("can't slice item of type " + item.type_name());
  }
  std::int64_t idx[3] = {0, static_cast<std::int64_t>(len), static_cast<std::int64_t>(len)};
  for (std::size_t i = 1; i < args.size(); ++i) idx[i - 1] = index_arg(args[i], len + 1);
  if (idx[0] > idx[1]) throw Error(fmt::format("invalid slice index: {} > {}", idx[0], idx[1]));
  if (item.kind() == Value::Kind::string)
    return Value(item.as_string().substr(static_cast<std::size_t>(idx[0]), static_cast<std::size_t>(idx[1] - idx[0])));
  const List& l = item.as_list();
  return Value::list(List(l.begin() + idx[0], l.begin() + idx[1]), item.type_ptr());
}

std::string eval_args(std::span<const Value> args) {
  if (args.size() == 1 && args[0].kind() == Value::Kind::string) return args[0].as_string();
  return sprint(args);
}

}  // namespace

Value call_builtin(std::string_view name, std::span<const Value> args) {
  if (name == "eq") return Value(eq(args));
  if (name == "ne") {
    expect_args(args, 2);
    return Value(!eq(args));
  }
  if (name == "lt" || name == "le" || name == "gt" || name == "ge") {
    expect_args(args, 2);
    if (name == "lt") return Value(lt(args[0], args[1]));
    if (name == "ge") return Value(!lt(args[0], args[1]));
    bool le = lt(args[0], args[1]) || eq(args);
    return Value(name == "le" ? le : !le);
  }
  if (name == "not") {
    expect_args(args, 1);
    return Value(!args[0].truth());
  }
  if (name == "len") {
    expect_args(args, 1);
    if (args[0].is_null()) throw Error("len of nil pointer");
    return Value(static_cast<long long>(args[0].length()));
  }
  if (name == "index") return index(args);
  if (name == "slice") return slice(args);
  if (name == "print") return Value(sprint(args));
  if (name == "println") return Value(sprintln(args));
  if (name == "printf") {
    if (args.empty()) throw ArgCountError(1, 0, true);
    if (args[0].kind() != Value::Kind::string) throw ArgTypeError("string", args[0].type_name());
    return Value(sprintf(args[0].as_string(), args.subspan(1)));
  }
  if (name == "html") return Value(html_escape(eval_args(args)));
  if (name == "js") return Value(js_escape(eval_args(args)));
  if (name == "urlquery") return Value(query_escape(eval_args(args)));
  if (name == "call") {
    if (args.empty()) throw ArgCountError(1, 0, true);
    if (args[0].is_null()) throw Error("call of nil");
    if (args[0].kind() != Value::Kind::function) throw Error("non-function of type " + args[0].type_name());
    return args[0].as_function()(args.subspan(1));
  }
  throw Error(fmt::format("{} is not a defined function", go_quote(name)));
}

}  // namespace mon::tmpl::detail
