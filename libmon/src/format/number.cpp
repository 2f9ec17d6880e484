#include "mon/format/number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace mon::format {

void append_double(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

std::string format_double(double v) {
  std::string s;
  append_double(s, v);
  return s;
}

// Clinger's fast path: a plain decimal ([+-]digits[.digits][(e|E)[+-]digits]) whose digits fit in
// 53 bits and whose power of ten is at most 22 converts exactly with one IEEE multiplication or
// division (both operands are exact doubles, so the one rounding is the correct one). Most
// metric values are such; anything else gives nullptr and takes from_chars' full algorithm.
const char* parse_decimal_prefix(const char* p, const char* end, double& out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  bool neg = false;
  if (p != end && (*p == '-' || *p == '+')) neg = *p++ == '-';
  std::uint64_t m = 0;
  int digits = 0, exp10 = 0;
  const char* first = p;
  for (; p != end && static_cast<unsigned>(*p - '0') < 10; ++p) m = m * 10 + static_cast<unsigned>(*p - '0');
  if (p == first) return nullptr;
  digits = static_cast<int>(p - first);
  if (p != end && *p == '.') {
    const char* frac = ++p;
    for (; p != end && static_cast<unsigned>(*p - '0') < 10; ++p) m = m * 10 + static_cast<unsigned>(*p - '0');
    if (p == frac) return nullptr;
    exp10 = -static_cast<int>(p - frac);
    digits += static_cast<int>(p - frac);
  }
  // 19 digits cannot overflow 64 bits; m up to 2^53 converts exactly.
  if (digits > 19 || m > (std::uint64_t{1} << 53)) return nullptr;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool eneg = false;
    if (p != end && (*p == '-' || *p == '+')) eneg = *p++ == '-';
    const char* edigits = p;
    int e = 0;
    for (; p != end && static_cast<unsigned>(*p - '0') < 10 && e < 1000; ++p) e = e * 10 + (*p - '0');
    if (p == edigits) return nullptr;
    exp10 += eneg ? -e : e;
  }
  if (exp10 < -22 || exp10 > 22) return nullptr;
  double v = static_cast<double>(m);
  v = exp10 < 0 ? v / kPow10[-exp10] : v * kPow10[exp10];
  out = neg ? -v : v;
  return p;
}

namespace {
bool fast_decimal(std::string_view t, double& out) {
  const char* end = t.data() + t.size();
  return parse_decimal_prefix(t.data(), end, out) == end;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

// parse_double for what the fast path did not take.
std::optional<double> parse_double_slow(std::string_view t) {
  if (t.empty()) return std::nullopt;
  std::string_view body = t;
  bool neg = false;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
    if (body.empty() || body[0] == '+' || body[0] == '-') return std::nullopt;
  }
  if (iequals(body, "inf") || iequals(body, "infinity")) return neg ? -INFINITY : INFINITY;
  if (iequals(body, "nan")) return t[0] == '+' || t[0] == '-' ? std::nullopt : std::optional<double>(NAN);
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    // Hex floats are rare: strtod handles them (needs a terminated copy).
    std::string copy(t);
    char* end = nullptr;
    double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return std::nullopt;
    return v;
  }
  // Go allows '_' between digits only with a base prefix; plain decimals must be digits, '.', 'e'.
  double v = 0;
  auto r = std::from_chars(body.data(), body.data() + body.size(), v, std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow to ±Inf or underflow to 0, as Go's ParseFloat would round.
    std::string copy(body);
    v = std::strtod(copy.c_str(), nullptr);
  } else if (r.ec != std::errc() || r.ptr != body.data() + body.size()) {
    return std::nullopt;
  }
  return neg ? -v : v;
}
}  // namespace

std::optional<double> parse_double(std::string_view t) {
  if (double fast; fast_decimal(t, fast)) return fast;
  return parse_double_slow(t);
}

std::optional<double> parse_value(std::string_view t) {
  if (double fast; fast_decimal(t, fast)) return fast;
  if (t.find_first_of("xX_pP") != std::string_view::npos) return std::nullopt;
  auto v = parse_double_slow(t);
  if (v && std::isinf(*v)) {
    std::string_view body = t;
    if (body[0] == '+' || body[0] == '-') body.remove_prefix(1);
    if (!iequals(body, "inf") && !iequals(body, "infinity")) return std::nullopt;  // overflow
  }
  return v;
}

std::optional<std::int64_t> parse_int64(std::string_view t) {
  if (t.empty()) return std::nullopt;
  std::string_view body = t;
  if (body[0] == '+') body.remove_prefix(1);
  std::int64_t v = 0;
  auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  if (r.ec != std::errc() || r.ptr != body.data() + body.size()) return std::nullopt;
  return v;
}

void append_int64(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

}  // namespace mon::format
