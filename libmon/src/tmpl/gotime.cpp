// Go's time.Time as the templates see it: Format with Go's reference layout, String().
#include <cstdio>
#include <string>

#include "mon/tmpl/value.hpp"

namespace mon::tmpl {

namespace {

constexpr std::int64_t zero_unix_s = -62135596800LL;  // 0001-01-01T00:00:00Z

struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second, weekday, yday;
};

Civil civil(std::int64_t unix_s) {
  std::int64_t days = unix_s >= 0 ? unix_s / 86400 : -((-unix_s + 86399) / 86400);
  std::int64_t secs = unix_s - days * 86400;
  Civil c{};
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  // Howard Hinnant's days_from_civil inverse
  std::int64_t z = days + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = c.month <= 2 ? y + 1 : y;
  static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  bool leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0;
  c.yday = before[c.month - 1] + c.day + (leap && c.month > 2 ? 1 : 0);
  return c;
}

const char* const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
const char* const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

std::string num(std::int64_t v, int width, char fill = '0') {
  std::string s = std::to_string(v < 0 ? -v : v);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), fill);
  return v < 0 ? "-" + s : s;
}

bool starts(std::string_view s, std::size_t i, std::string_view p) { return s.substr(i, p.size()) == p; }

std::string zone_offset(std::int32_t off, bool z, bool colon, bool seconds, bool hours_only) {
  if (z && off == 0) return "Z";
  std::string out = off < 0 ? "-" : "+";
  std::int32_t a = off < 0 ? -off : off;
  out += num(a / 3600, 2);
  if (hours_only) return out;
  if (colon) out += ':';
  out += num(a / 60 % 60, 2);
  if (seconds) {
    if (colon) out += ':';
    out += num(a % 60, 2);
  }
  return out;
}

}  // namespace

Time Time::from_unix_ms(std::int64_t ms) {
  Time t;
  t.unix_s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  t.nanos = static_cast<std::int32_t>((ms - t.unix_s * 1000) * 1000000);
  return t;
}

Time Time::zero_time() {
  Time t;
  t.unix_s = zero_unix_s;
  return t;
}

bool Time::is_zero() const { return unix_s == zero_unix_s && nanos == 0; }

std::string format_go_time(const Time& t, std::string_view layout) {
  Civil c = civil(t.unix_s + t.offset_s);
  std::string out;
  std::size_t i = 0;
  const std::size_t n = layout.size();
  while (i < n) {
    char ch = layout[i];
    auto lit = [&](std::size_t len) {
      i += len;
    };
    if (ch == 'J' && starts(layout, i, "January")) { out += month_names[c.month - 1]; lit(7); continue; }
    if (ch == 'J' && starts(layout, i, "Jan")) { out += std::string(month_names[c.month - 1]).substr(0, 3); lit(3); continue; }
    if (ch == 'M' && starts(layout, i, "Monday")) { out += day_names[c.weekday]; lit(6); continue; }
    if (ch == 'M' && starts(layout, i, "Mon")) { out += std::string(day_names[c.weekday]).substr(0, 3); lit(3); continue; }
    if (ch == 'M' && starts(layout, i, "MST")) {
      if (!t.zone.empty()) out += t.zone;
      else out += zone_offset(t.offset_s, false, false, false, t.offset_s % 3600 == 0);
      lit(3);
      continue;
    }
    if (ch == '0' && i + 1 < n && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
      switch (layout[i + 1]) {
        case '1': out += num(c.month, 2); break;
        case '2': out += num(c.day, 2); break;
        case '3': out += num(c.hour % 12 == 0 ? 12 : c.hour % 12, 2); break;
        case '4': out += num(c.minute, 2); break;
        case '5': out += num(c.second, 2); break;
        case '6': out += num(c.year % 100, 2); break;
      }
      lit(2);
      continue;
    }
    if (ch == '0' && starts(layout, i, "002")) { out += num(c.yday, 3); lit(3); continue; }
    if (ch == '1' && starts(layout, i, "15")) { out += num(c.hour, 2); lit(2); continue; }
    if (ch == '1') { out += std::to_string(c.month); lit(1); continue; }
    if (ch == '2' && starts(layout, i, "2006")) { out += num(c.year, 4); lit(4); continue; }
    if (ch == '2') { out += std::to_string(c.day); lit(1); continue; }
    if (ch == '_' && starts(layout, i, "_2006")) { out += "_" + num(c.year, 4); lit(5); continue; }
    if (ch == '_' && starts(layout, i, "__2")) { out += num(c.yday, 3, ' '); lit(3); continue; }
    if (ch == '_' && starts(layout, i, "_2")) { out += num(c.day, 2, ' '); lit(2); continue; }
    if (ch == '3') { out += std::to_string(c.hour % 12 == 0 ? 12 : c.hour % 12); lit(1); continue; }
    if (ch == '4') { out += std::to_string(c.minute); lit(1); continue; }
    if (ch == '5') { out += std::to_string(c.second); lit(1); continue; }
    if (ch == 'P' && starts(layout, i, "PM")) { out += c.hour >= 12 ? "PM" : "AM"; lit(2); continue; }
    if (ch == 'p' && starts(layout, i, "pm")) { out += c.hour >= 12 ? "pm" : "am"; lit(2); continue; }
    if (ch == '-' || ch == 'Z') {
      bool z = ch == 'Z';
      std::string_view rest = layout.substr(i + 1);
      if (rest.starts_with("070000")) { out += zone_offset(t.offset_s, z, false, true, false); lit(7); continue; }
      if (rest.starts_with("07:00:00")) { out += zone_offset(t.offset_s, z, true, true, false); lit(9); continue; }
      if (rest.starts_with("0700")) { out += zone_offset(t.offset_s, z, false, false, false); lit(5); continue; }
      if (rest.starts_with("07:00")) { out += zone_offset(t.offset_s, z, true, false, false); lit(6); continue; }
      if (rest.starts_with("07")) { out += zone_offset(t.offset_s, z, false, false, true); lit(3); continue; }
    }
    if ((ch == '.' || ch == ',') && i + 1 < n && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
      char d = layout[i + 1];
      std::size_t j = i + 1;
      while (j < n && layout[j] == d) ++j;
      if (j >= n || layout[j] < '0' || layout[j] > '9') {
        std::size_t digits = j - i - 1;
        std::string frac = num(t.nanos, 9).substr(0, digits > 9 ? 9 : digits);
        if (d == '9') {
          while (!frac.empty() && frac.back() == '0') frac.pop_back();
          if (!frac.empty()) out += ch + frac;
        } else {
          out += ch + frac;
        }
        i = j;
        continue;
      }
    }
    out += ch;
    ++i;
  }
  return out;
}

}  // namespace mon::tmpl
