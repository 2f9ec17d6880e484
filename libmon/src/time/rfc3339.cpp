#include "mon/time/rfc3339.hpp"

#include <ctime>

namespace mon::time {

std::string format_rfc3339(SystemTime t, int fraction_digits) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  std::int64_t secs = ns / 1'000'000'000;
  std::int64_t frac = ns % 1'000'000'000;
  if (frac < 0) {
    frac += 1'000'000'000;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  if (fraction_digits > 0) {
    char f[16];
    std::snprintf(f, sizeof f, ".%09lld", static_cast<long long>(frac));
    out.append(f, 1 + static_cast<std::size_t>(fraction_digits > 9 ? 9 : fraction_digits));
  }
  out += 'Z';
  return out;
}

}  // namespace mon::time
