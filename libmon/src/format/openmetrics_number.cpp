// OpenMetrics 1.0 numbers and timestamps, per the spec's ABNF ("number", "realnumber"):
// decimal or exponent forms with optional leading zeros, case-insensitive inf/infinity/nan,
// nothing else (no hex, no '_', no Go-only forms). See openmetrics_number.hpp.
#include "openmetrics_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace mon::format::detail::om {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != b[i]) return false;
  return true;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// realnumber = [sign] 1*DIGIT ["." *DIGIT] ["e" [sign] 1*DIGIT] / [sign] *DIGIT "." 1*DIGIT [...]
bool is_real(std::string_view t) {
  std::size_t i = 0, n = t.size();
  if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && digit(t[i])) ++i, ++digits;
  if (i < n && t[i] == '.') {
    ++i;
    while (i < n && digit(t[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    std::size_t exp = 0;
    while (i < n && digit(t[i])) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == n;
}

double to_double(std::string_view t) {
  bool neg = !t.empty() && t[0] == '-';
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.remove_prefix(1);
  double v = 0;
  auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow or underflow: what strtod rounds to.
    std::string copy(t);
    v = std::strtod(copy.c_str(), nullptr);
  }
  return neg ? -v : v;
}

}  // namespace

std::optional<double> parse_real(std::string_view t) {
  if (!is_real(t)) return std::nullopt;
  return to_double(t);
}

std::optional<double> parse_number(std::string_view t) {
  std::string_view body = t;
  bool neg = false, sign = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    sign = true;
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (iequals(body, "inf") || iequals(body, "infinity")) return neg ? -INFINITY : INFINITY;
  if (!sign && iequals(body, "nan")) return NAN;
  return parse_real(t);
}

std::optional<std::int64_t> seconds_to_ms(std::string_view t, double seconds) {
  // Exact path for plain decimals: integer seconds * 1000 plus the first three fraction
  // digits, the fourth rounding half away from zero. A double would turn 0.001 into 0.000999...
  bool neg = !t.empty() && t[0] == '-';
  std::size_t i = (!t.empty() && (t[0] == '+' || t[0] == '-')) ? 1 : 0;
  while (i + 1 < t.size() && t[i] == '0' && digit(t[i + 1])) ++i;  // leading zeros
  std::size_t int_begin = i;
  while (i < t.size() && digit(t[i])) ++i;
  std::size_t int_digits = i - int_begin;
  bool plain = int_digits <= 15 && (i == t.size() || t[i] == '.');
  for (std::size_t k = i + 1; plain && k < t.size(); ++k) plain = digit(t[k]);
  if (plain) {
    std::int64_t ms = 0;
    for (std::size_t k = int_begin; k < int_begin + int_digits; ++k) ms = ms * 10 + (t[k] - '0');
    std::size_t f = i + 1;
    for (int k = 0; k < 3; ++k, ++f) ms = ms * 10 + ((f < t.size()) ? t[f] - '0' : 0);
    if (f < t.size() && t[f] >= '5') ++ms;
    return neg ? -ms : ms;
  }
  double v = std::round(seconds * 1000.0);
  if (!(std::fabs(v) < 9.2e18)) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

}  // namespace mon::format::detail::om
