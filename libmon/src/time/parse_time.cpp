#include "mon/time/parse_time.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

#include "mon/error.hpp"

namespace mon::time {

namespace {

[[noreturn]] void bad(std::string_view text, std::string_view why) {
  throw Error(fmt::format("invalid time \"{}\": {} (expected RFC 3339 such as 2026-12-03T10:00:00Z, or Unix seconds)",
                          text, why));
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<unsigned>(c - '0');
  }
  pos += n;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::int64_t parse_rfc3339_ms(std::string_view s) {
  std::size_t pos = 0;
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(s, pos, 4, year) || !expect(s, pos, '-') || !digits(s, pos, 2, month) || !expect(s, pos, '-') ||
      !digits(s, pos, 2, day))
    bad(s, "the date is not YYYY-MM-DD");
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) bad(s, "expected 'T' after the date");
  ++pos;
  if (!digits(s, pos, 2, hour) || !expect(s, pos, ':') || !digits(s, pos, 2, minute) || !expect(s, pos, ':') ||
      !digits(s, pos, 2, second))
    bad(s, "the time of day is not HH:MM:SS");
  if (month < 1 || month > 12 || day < 1 || day > days_in(year, month)) bad(s, "no such date");
  if (hour > 23 || minute > 59 || second > 60) bad(s, "no such time of day");
  std::int64_t ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    std::int64_t scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) bad(s, "no digits after the decimal point");
  }
  std::int64_t offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    unsigned oh = 0, om = 0;
    if (!digits(s, pos, 2, oh) || !expect(s, pos, ':') || !digits(s, pos, 2, om) || oh > 23 || om > 59)
      bad(s, "the offset is not +HH:MM");
    offset_min = sign * static_cast<std::int64_t>(oh * 60 + om);
  } else {
    bad(s, "expected Z or an offset such as +01:00 after the time");
  }
  if (pos != s.size()) bad(s, "unexpected text after the time");
  std::int64_t secs = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_min * 60;
  return secs * 1000 + ms;
}

std::int64_t parse_time_ms(std::string_view text) {
  if (text.empty()) bad(text, "empty");
  if (text.size() > 10 && text[4] == '-') return parse_rfc3339_ms(text);
  double secs = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), secs);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(secs)) bad(text, "not a number");
  // Beyond what int64 milliseconds hold (year 292 million) is surely a mistake.
  if (std::fabs(secs) > 9.2e15) bad(text, "out of range");
  return static_cast<std::int64_t>(std::llround(secs * 1000.0));  // as Prometheus' API: to the millisecond
}

}  // namespace mon::time
