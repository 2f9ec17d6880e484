#pragma once
// The dynamic value Go's text/template works on, as far as Prometheus' and Alertmanager's data and
// function results need: nil, bool, int (Go's int/int64), float64, string, lists (slices), maps
// (string keys, ranged over in sorted key order as Go does), structs (fields in declaration order),
// time.Time, time.Duration and functions (for `call`).
//
// Methods: a list, map or struct may carry a TypeInfo naming its Go type and its methods. A field
// chain `.A.B` looks up a method of that name first, then the struct field or map key — as Go does.
// A method is called with the receiver and the arguments that follow it in the command, so
// `.CommonLabels.Remove .GroupLabels.Names` works as it does in Alertmanager.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mon/error.hpp"

namespace mon::tmpl {

class Value;
struct TypeInfo;

using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;
using Fields = std::vector<std::pair<std::string, Value>>;  // a struct's fields, in order

// A template function: gets the evaluated arguments, returns a value or throws mon::Error (the
// executor reports it as Go does: "error calling NAME: MESSAGE"). For a wrong argument count
// throw ArgCountError; for an argument of the wrong type ArgTypeError.
using Function = std::function<Value(std::span<const Value> args)>;
using FuncMap = std::map<std::string, Function, std::less<>>;
using Method = std::function<Value(const Value& self, std::span<const Value> args)>;

// Time as Go's time.Time: seconds and nanoseconds since the Unix epoch, in a zone (offset east of
// UTC). Go's zero time (year 1) is zero_time().
struct Time {
  std::int64_t unix_s = 0;
  std::int32_t nanos = 0;  // 0..999999999
  std::int32_t offset_s = 0;
  std::string zone = "UTC";
  static Time from_unix_ms(std::int64_t ms);
  static Time zero_time();  // 0001-01-01 00:00:00 +0000 UTC
  bool is_zero() const;
};
// Go's Time.Format(layout) ("2006-01-02 15:04:05.999999999 -0700 MST" is Time.String()).
std::string format_go_time(const Time& t, std::string_view layout);

class Value {
 public:
  enum class Kind { null, boolean, integer, number, string, list, map, structure, time, duration, function };

  Value() = default;  // Go's nil (an invalid value: prints "<no value>")
  Value(bool b);
  Value(int i);
  Value(long i);
  Value(long long i);
  Value(unsigned long i);
  Value(unsigned long long i);
  Value(double d);
  Value(std::string s);
  Value(std::string_view s);
  Value(const char* s);
  static Value list(List items, std::shared_ptr<const TypeInfo> type = {});
  static Value map(Map entries, std::shared_ptr<const TypeInfo> type = {});
  static Value structure(Fields fields, std::shared_ptr<const TypeInfo> type = {});
  static Value time(Time t);
  static Value duration(std::int64_t ns);  // time.Duration
  static Value function(Function f);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool as_bool() const { return b_; }
  std::int64_t as_int() const { return i_; }     // integer, duration (ns)
  double as_number() const { return d_; }        // number
  const std::string& as_string() const;          // string ("" for others)
  const List& as_list() const;                   // list (empty for others)
  const Map& as_map() const;                     // map (empty for others)
  const Fields& as_fields() const;               // structure (empty for others)
  const Time& as_time() const;                   // time
  const Function& as_function() const;           // function
  const TypeInfo* type() const { return type_.get(); }
  std::shared_ptr<const TypeInfo> type_ptr() const { return type_; }

  // Go's %T: "string", "float64", "int", "bool", "[]interface {}", "map[string]interface {}",
  // "time.Time", "time.Duration", or the TypeInfo's name.
  std::string type_name() const;
  // A struct field or map key; nullptr when absent.
  const Value* field(std::string_view name) const;
  // A method of the value's type; nullptr when none.
  const Method* method(std::string_view name) const;
  // Go's truth for if/with/and/or/not: false, 0, nil, "" and empty lists/maps are false.
  bool truth() const;
  // len(): strings (bytes), lists, maps; throws mon::Error "len of type T" otherwise.
  std::int64_t length() const;

  // Equality as Go's eq on basic kinds (bool, int, float, string); false across kinds.
  friend bool operator==(const Value& a, const Value& b);

 private:
  Kind kind_ = Kind::null;
  bool b_ = false;
  std::int64_t i_ = 0;
  double d_ = 0;
  std::shared_ptr<const void> p_;  // string, List, Map, Fields, Time or Function
  std::shared_ptr<const TypeInfo> type_;
};

// A named Go type with methods. `elem_zero` is what a missing map key gives under
// missingkey=zero (Go: the zero value of the map's element type; "" for map[string]string).
struct TypeInfo {
  std::string name;
  std::map<std::string, Method, std::less<>> methods;
  Value elem_zero;
};

// Thrown by a Function for a wrong argument count (Go: "wrong number of args for NAME: want W got G").
class ArgCountError : public Error {
 public:
  ArgCountError(std::size_t want, std::size_t got, bool variadic = false);
  std::size_t want, got;
  bool variadic;
};
// Checks args.size() == n; throws ArgCountError.
void expect_args(std::span<const Value> args, std::size_t n);

// Thrown by a Function for an argument Go would not convert
// (Go: "wrong type for value; expected string; got float64").
class ArgTypeError : public Error {
 public:
  ArgTypeError(std::string expected, std::string got);
};
// The argument as a Go string parameter takes it: strings only (ArgTypeError otherwise).
const std::string& arg_string(const Value& v);
// A float64 parameter: float or int (Go converts untyped constants; typed ints are refused in Go,
// accepted here).
double arg_number(const Value& v);

// fmt.Sprint(v) / %v: floats as strconv 'g' -1 ("1e+06", "0.5"), maps "map[a:1 b:2]", lists
// "[a b]", structs "{f1 f2}", times "2006-01-02 15:04:05.999999999 -0700 MST", durations "1h2m3s",
// nil "<nil>".
std::string to_go_string(const Value& v);
// strconv.FormatFloat(d, 'g', -1, 64).
std::string format_float(double d);
// time.Duration.String(): "1h2m3.5s", "150ms", "0s".
std::string format_go_duration(std::int64_t ns);
// fmt.Sprintf with Go's verbs %v %+v %s %q %d %f %F %e %E %g %G %x %X %o %b %c %t %T %% with flags
// (- + # 0 space), width and precision (also *); wrong or missing arguments as Go prints them
// ("%!d(string=x)", "%!s(MISSING)", "%!(EXTRA string=x)").
std::string sprintf(std::string_view format, std::span<const Value> args);
// fmt.Sprint(args...): spaces between operands when neither is a string.
std::string sprint(std::span<const Value> args);
// fmt.Sprintln(args...): spaces between all operands, a newline at the end.
std::string sprintln(std::span<const Value> args);

}  // namespace mon::tmpl
