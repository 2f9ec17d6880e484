// Prometheus' humanize functions, formatted as its template.go and prometheus/common do.
#include <cmath>

#include "gostr.hpp"
#include "mon/tmpl/prometheus.hpp"

namespace mon::tmpl {

namespace {
std::string g4(double v) { return format_float_g(v, 4, false); }
}  // namespace

std::string humanize(double v) {
  if (v == 0 || std::isnan(v) || std::isinf(v)) return g4(v);
  if (std::fabs(v) >= 1) {
    const char* prefix = "";
    for (const char* p : {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
      if (std::fabs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v) + prefix;
  }
  const char* prefix = "";
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix;
}

std::string humanize1024(double v) {
  if (std::fabs(v) <= 1 || std::isnan(v) || std::isinf(v)) return g4(v);
  const char* prefix = "";
  for (const char* p : {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
    if (std::fabs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v) + prefix;
}

std::string humanize_duration(double v) {
  if (std::isnan(v) || std::isinf(v)) return g4(v);
  if (v == 0) return g4(v) + "s";
  if (std::fabs(v) >= 1) {
    std::string sign;
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    auto d = static_cast<long long>(v);
    long long seconds = d % 60, minutes = d / 60 % 60, hours = d / 3600 % 24, days = d / 86400;
    auto s = [](long long x) { return std::to_string(x); };
    if (days != 0) return sign + s(days) + "d " + s(hours) + "h " + s(minutes) + "m " + s(seconds) + "s";
    if (hours != 0) return sign + s(hours) + "h " + s(minutes) + "m " + s(seconds) + "s";
    if (minutes != 0) return sign + s(minutes) + "m " + s(seconds) + "s";
    return sign + g4(v) + "s";
  }
  const char* prefix = "";
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix + "s";
}

std::string humanize_percentage(double ratio) { return g4(ratio * 100) + "%"; }

std::string humanize_timestamp(double v) {
  if (std::isnan(v) || std::isinf(v)) return g4(v);
  double ns = v * 1e9;
  if (ns >= 9.223372036854775808e18 || ns < -9.223372036854775808e18)
    throw Error(format_float(v) + " cannot be represented as a nanoseconds timestamp since it overflows int64");
  auto n = static_cast<long long>(ns);
  return format_go_time(Time::from_unix_ms(n / 1000000), "2006-01-02 15:04:05.999999999 -0700 MST");
}

}  // namespace mon::tmpl
