// The dynamic value of the template engine: construction, access, Go's truth and equality.
#include "mon/tmpl/value.hpp"

#include <fmt/format.h>

namespace mon::tmpl {

namespace {
const std::string empty_string;
const List empty_list;
const Map empty_map;
const Fields empty_fields;
const Time epoch_time;
const Function no_function;
}  // namespace

Value::Value(bool b) : kind_(Kind::boolean), b_(b) {}
Value::Value(int i) : kind_(Kind::integer), i_(i) {}
Value::Value(long i) : kind_(Kind::integer), i_(i) {}
Value::Value(long long i) : kind_(Kind::integer), i_(static_cast<std::int64_t>(i)) {}
Value::Value(unsigned long i) : kind_(Kind::integer), i_(static_cast<std::int64_t>(i)) {}
Value::Value(unsigned long long i) : kind_(Kind::integer), i_(static_cast<std::int64_t>(i)) {}
Value::Value(double d) : kind_(Kind::number), d_(d) {}
Value::Value(std::string s) : kind_(Kind::string), p_(std::make_shared<const std::string>(std::move(s))) {}
Value::Value(std::string_view s) : Value(std::string(s)) {}
Value::Value(const char* s) : Value(std::string(s)) {}

Value Value::list(List items, std::shared_ptr<const TypeInfo> type) {
  Value v;
  v.kind_ = Kind::list;
  v.p_ = std::make_shared<const List>(std::move(items));
  v.type_ = std::move(type);
  return v;
}
Value Value::map(Map entries, std::shared_ptr<const TypeInfo> type) {
  Value v;
  v.kind_ = Kind::map;
  v.p_ = std::make_shared<const Map>(std::move(entries));
  v.type_ = std::move(type);
  return v;
}
Value Value::structure(Fields fields, std::shared_ptr<const TypeInfo> type) {
  Value v;
  v.kind_ = Kind::structure;
  v.p_ = std::make_shared<const Fields>(std::move(fields));
  v.type_ = std::move(type);
  return v;
}
Value Value::time(Time t) {
  Value v;
  v.kind_ = Kind::time;
  v.p_ = std::make_shared<const Time>(std::move(t));
  return v;
}
Value Value::duration(std::int64_t ns) {
  Value v;
  v.kind_ = Kind::duration;
  v.i_ = ns;
  return v;
}
Value Value::function(Function f) {
  Value v;
  v.kind_ = Kind::function;
  v.p_ = std::make_shared<const Function>(std::move(f));
  return v;
}

const std::string& Value::as_string() const {
  return kind_ == Kind::string ? *static_cast<const std::string*>(p_.get()) : empty_string;
}
const List& Value::as_list() const { return kind_ == Kind::list ? *static_cast<const List*>(p_.get()) : empty_list; }
const Map& Value::as_map() const { return kind_ == Kind::map ? *static_cast<const Map*>(p_.get()) : empty_map; }
const Fields& Value::as_fields() const {
  return kind_ == Kind::structure ? *static_cast<const Fields*>(p_.get()) : empty_fields;
}
const Time& Value::as_time() const { return kind_ == Kind::time ? *static_cast<const Time*>(p_.get()) : epoch_time; }
const Function& Value::as_function() const {
  return kind_ == Kind::function ? *static_cast<const Function*>(p_.get()) : no_function;
}

std::string Value::type_name() const {
  if (type_ && !type_->name.empty()) return type_->name;
  switch (kind_) {
    case Kind::null: return "<nil>";
    case Kind::boolean: return "bool";
    case Kind::integer: return "int";
    case Kind::number: return "float64";
    case Kind::string: return "string";
    case Kind::list: return "[]interface {}";
    case Kind::map: return "map[string]interface {}";
    case Kind::structure: return "struct";
    case Kind::time: return "time.Time";
    case Kind::duration: return "time.Duration";
    case Kind::function: return "func(...interface {}) (interface {}, error)";
  }
  return "?";
}

const Value* Value::field(std::string_view name) const {
  if (kind_ == Kind::map) {
    const auto& m = as_map();
    auto it = m.find(name);
    return it == m.end() ? nullptr : &it->second;
  }
  if (kind_ == Kind::structure)
    for (const auto& [n, v] : as_fields())
      if (n == name) return &v;
  return nullptr;
}

const Method* Value::method(std::string_view name) const {
  if (!type_) return nullptr;
  auto it = type_->methods.find(name);
  return it == type_->methods.end() ? nullptr : &it->second;
}

bool Value::truth() const {
  switch (kind_) {
    case Kind::null: return false;
    case Kind::boolean: return b_;
    case Kind::integer:
    case Kind::duration: return i_ != 0;
    case Kind::number: return d_ != 0;
    case Kind::string: return !as_string().empty();
    case Kind::list: return !as_list().empty();
    case Kind::map: return !as_map().empty();
    case Kind::structure:
    case Kind::time: return true;
    case Kind::function: return static_cast<bool>(as_function());
  }
  return false;
}

std::int64_t Value::length() const {
  switch (kind_) {
    case Kind::string: return static_cast<std::int64_t>(as_string().size());
    case Kind::list: return static_cast<std::int64_t>(as_list().size());
    case Kind::map: return static_cast<std::int64_t>(as_map().size());
    default: throw Error("len of type " + type_name());
  }
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::null: return true;
    case Value::Kind::boolean: return a.b_ == b.b_;
    case Value::Kind::integer:
    case Value::Kind::duration: return a.i_ == b.i_;
    case Value::Kind::number: return a.d_ == b.d_;
    case Value::Kind::string: return a.as_string() == b.as_string();
    case Value::Kind::time: {
      const Time &x = a.as_time(), &y = b.as_time();
      return x.unix_s == y.unix_s && x.nanos == y.nanos && x.offset_s == y.offset_s;
    }
    case Value::Kind::list: return a.as_list() == b.as_list();
    case Value::Kind::map: return a.as_map() == b.as_map();
    case Value::Kind::structure: return a.as_fields() == b.as_fields();
    case Value::Kind::function: return a.p_ == b.p_;
  }
  return false;
}

ArgCountError::ArgCountError(std::size_t want_, std::size_t got_, bool variadic_)
    : Error(fmt::format("want {}{} got {}", variadic_ ? "at least " : "", want_, got_)),
      want(want_),
      got(got_),
      variadic(variadic_) {}

void expect_args(std::span<const Value> args, std::size_t n) {
  if (args.size() != n) throw ArgCountError(n, args.size());
}

ArgTypeError::ArgTypeError(std::string expected, std::string got)
    : Error("wrong type for value; expected " + expected + "; got " + got) {}

const std::string& arg_string(const Value& v) {
  if (v.kind() == Value::Kind::string && (!v.type() || v.type()->name.empty() || v.type()->name == "string"))
    return v.as_string();
  if (v.kind() == Value::Kind::string) return v.as_string();
  throw ArgTypeError("string", v.type_name());
}

double arg_number(const Value& v) {
  if (v.kind() == Value::Kind::number) return v.as_number();
  if (v.kind() == Value::Kind::integer) return static_cast<double>(v.as_int());
  throw ArgTypeError("float64", v.type_name());
}

}  // namespace mon::tmpl
