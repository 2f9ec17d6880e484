// The methods of time.Time and time.Duration values templates call (.StartsAt.Format "...", ...).
#include <map>

#include "exec.hpp"

namespace mon::tmpl::detail {

namespace {

__extension__ typedef __int128 i128;

const Time& time_arg(const Value& v) {
  if (v.kind() != Value::Kind::time) throw ArgTypeError("time.Time", v.type_name());
  return v.as_time();
}

std::int64_t duration_arg(const Value& v) {
  if (v.kind() == Value::Kind::duration || v.kind() == Value::Kind::integer) return v.as_int();
  throw ArgTypeError("time.Duration", v.type_name());
}

i128 nanos_of(const Time& t) { return static_cast<i128>(t.unix_s) * 1000000000 + t.nanos; }

Time add_nanos(Time t, std::int64_t d) {
  i128 n = nanos_of(t) + d;
  std::int64_t s = static_cast<std::int64_t>(n / 1000000000);
  std::int64_t ns = static_cast<std::int64_t>(n % 1000000000);
  if (ns < 0) {
    ns += 1000000000;
    --s;
  }
  t.unix_s = s;
  t.nanos = static_cast<std::int32_t>(ns);
  return t;
}

using Table = std::map<std::string, Method, std::less<>>;

const Table& time_table() {
  static const Table table = {
      {"Format", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 1);
         return Value(format_go_time(self.as_time(), arg_string(a[0])));
       }},
      {"String", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(format_go_time(self.as_time(), "2006-01-02 15:04:05.999999999 -0700 MST"));
       }},
      {"UTC", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         Time t = self.as_time();
         t.offset_s = 0;
         t.zone = "UTC";
         return Value::time(t);
       }},
      {"Local", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         Time t = self.as_time();
         t.offset_s = 0;
         t.zone = "UTC";
         return Value::time(t);
       }},
      {"Unix", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(static_cast<long long>(self.as_time().unix_s));
       }},
      {"UnixMilli", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         const Time& t = self.as_time();
         return Value(static_cast<long long>(t.unix_s * 1000 + t.nanos / 1000000));
       }},
      {"UnixNano", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(static_cast<long long>(nanos_of(self.as_time())));
       }},
      {"IsZero", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(self.as_time().is_zero());
       }},
      {"Add", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 1);
         return Value::time(add_nanos(self.as_time(), duration_arg(a[0])));
       }},
      {"Sub", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 1);
         i128 d = nanos_of(self.as_time()) - nanos_of(time_arg(a[0]));
         if (d > INT64_MAX) d = INT64_MAX;
         if (d < INT64_MIN) d = INT64_MIN;
         return Value::duration(static_cast<std::int64_t>(d));
       }},
      {"Before", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 1);
         return Value(nanos_of(self.as_time()) < nanos_of(time_arg(a[0])));
       }},
      {"After", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 1);
         return Value(nanos_of(self.as_time()) > nanos_of(time_arg(a[0])));
       }},
      {"Equal", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 1);
         return Value(nanos_of(self.as_time()) == nanos_of(time_arg(a[0])));
       }},
  };
  return table;
}

const Table& duration_table() {
  static const Table table = {
      {"String", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(format_go_duration(self.as_int()));
       }},
      {"Seconds", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(static_cast<double>(self.as_int()) / 1e9);
       }},
      {"Minutes", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(static_cast<double>(self.as_int()) / 6e10);
       }},
      {"Hours", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(static_cast<double>(self.as_int()) / 3.6e12);
       }},
      {"Milliseconds", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(static_cast<long long>(self.as_int() / 1000000));
       }},
      {"Nanoseconds", [](const Value& self, std::span<const Value> a) {
         expect_args(a, 0);
         return Value(static_cast<long long>(self.as_int()));
       }},
  };
  return table;
}

}  // namespace

const Method* time_method(const Value& v, std::string_view name) {
  const Table* t = v.kind() == Value::Kind::time ? &time_table() : v.kind() == Value::Kind::duration ? &duration_table() : nullptr;
  if (!t) return nullptr;
  auto it = t->find(name);
  return it == t->end() ? nullptr : &it->second;
}

}  // namespace mon::tmpl::detail
