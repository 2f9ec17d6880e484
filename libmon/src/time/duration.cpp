#include "mon/time/duration.hpp"

#include <array>
#include <cstdint>
#include <limits>

#include "mon/error.hpp"

namespace mon::time {

namespace {
struct Unit {
  std::string_view name;
  std::int64_t ns;
};
// Order matters: Prometheus requires units from largest to smallest.
constexpr std::int64_t kMs = 1'000'000, kS = 1000 * kMs, kM = 60 * kS, kH = 60 * kM, kD = 24 * kH;
constexpr std::array<Unit, 7> kUnits = {{{"y", 365 * kD}, {"w", 7 * kD}, {"d", kD}, {"h", kH}, {"m", kM}, {"s", kS}, {"ms", kMs}}};

[[noreturn]] void fail(std::string_view text, const std::string& why) {
  throw Error("invalid duration \"" + std::string(text) + "\": " + why +
              " (expected a number and a unit, e.g. 250ms, 10s, 1m30s, 2h, 7d)");
}
}  // namespace

Duration parse_duration(std::string_view text) {
  if (text.empty()) fail(text, "it is empty");
  if (text == "0") return Duration::zero();
  std::int64_t total = 0;
  std::size_t i = 0, last_unit = 0;
  bool any = false;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') fail(text, "expected a digit at position " + std::to_string(i + 1));
    std::int64_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (n > std::numeric_limits<std::int64_t>::max() / 10) fail(text, "the number is too large");
      n = n * 10 + (text[i++] - '0');
    }
    std::size_t u = 0;
    for (; u < kUnits.size(); ++u) {
      auto name = kUnits[u].name;
      // "m" must not swallow the "m" of "ms".
      if (text.substr(i, name.size()) == name && !(name == "m" && text.substr(i, 2) == "ms")) break;
    }
    if (u == kUnits.size()) fail(text, "expected a unit (ms, s, m, h, d, w, y) at position " + std::to_string(i + 1));
    if (any && u <= last_unit) fail(text, "units must go from largest to smallest, each once");
    if (n > std::numeric_limits<std::int64_t>::max() / kUnits[u].ns ||
        total > std::numeric_limits<std::int64_t>::max() - n * kUnits[u].ns)
      fail(text, "it is too long");
    total += n * kUnits[u].ns;
    i += kUnits[u].name.size();
    last_unit = u;
    any = true;
  }
  return Duration(total);
}

std::string format_duration(Duration d) {
  std::int64_t ns = d.count();
  if (ns == 0) return "0s";
  std::string out;
  if (ns < 0) {
    out = "-";
    ns = -ns;
  }
  for (const auto& u : kUnits) {
    if (ns >= u.ns) {
      out += std::to_string(ns / u.ns);
      out += u.name;
      ns %= u.ns;
    }
  }
  if (ns > 0) {  // below a millisecond: Prometheus cannot say it; keep it readable
    if (ns % 1000 == 0)
      out += std::to_string(ns / 1000) + "us";
    else
      out += std::to_string(ns) + "ns";
  }
  return out;
}

double to_seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

Duration parse_cli_duration(std::string_view text) {
  // timeout(1)'s form first: digits, an optional fraction, an optional single unit.
  std::size_t i = 0;
  std::int64_t whole = 0;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (whole > 1'000'000'000'000LL) fail(text, "it is too long");
    whole = whole * 10 + (text[i++] - '0');
    digits = true;
  }
  std::int64_t frac_ns = 0;  // the fraction, in nanoseconds of the unit
  bool has_fraction = false;
  if (i < text.size() && text[i] == '.') {
    has_fraction = true;
    ++i;
    std::int64_t scale = 100'000'000;
    bool frac_digits = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      frac_ns += (text[i++] - '0') * scale;
      scale /= 10;
      frac_digits = true;
    }
    digits = digits || frac_digits;
  }
  std::int64_t unit = 0;
  if (digits && i == text.size()) {
    unit = kS;
  } else if (digits && i + 1 == text.size()) {
    switch (text[i]) {
      case 's': unit = kS; break;
      case 'm': unit = kM; break;
      case 'h': unit = kH; break;
      case 'd': unit = kD; break;
      default: break;
    }
  }
  if (unit == 0) {
    if (has_fraction || (!text.empty() && (text[0] == '-' || text[0] == '+')))
      throw Error("invalid duration \"" + std::string(text) +
                  "\": expected seconds (90, 1.5), a number with a unit s, m, h or d (1.5s, 2m), or a Prometheus "
                  "duration (1m30s, 250ms)");
    return parse_duration(text);
  }
  std::int64_t per_unit = unit / kS;  // seconds in the unit
  if (whole > std::numeric_limits<std::int64_t>::max() / unit) fail(text, "it is too long");
  std::int64_t total = whole * unit;
  // frac_ns is nanoseconds of one second scaled by the unit: frac * unit.
  total += frac_ns * per_unit;
  return Duration(total);
}

}  // namespace mon::time
