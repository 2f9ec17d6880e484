// Nagios threshold ranges; see range.hpp for the syntax (Monitoring Plugins guidelines, section
// "Threshold and ranges").
#include "mon/probe/range.hpp"

#include <cmath>
#include <limits>

#include "mon/error.hpp"
#include "mon/format/number.hpp"

namespace mon::probe {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

[[noreturn]] void fail(std::string_view text, const std::string& why) {
  throw Error("invalid range \"" + std::string(text) + "\": " + why +
              " (expected [@]START:END as in 10, 10:, ~:10, 10:20, @10:20)");
}

double number(std::string_view whole, std::string_view part, const char* which) {
  auto v = format::parse_double(part);
  if (!v || std::isnan(*v) || std::isinf(*v))
    fail(whole, std::string(which) + " \"" + std::string(part) + "\" is not a number");
  return *v;
}
}  // namespace

bool Range::alerts(double value) const {
  bool in = value >= start && value <= end;
  return inside ? in : !in;
}

std::string Range::why(double value) const {
  auto num = [](double v) { return format::format_double(v); };
  if (!inside) return value < start ? "below " + num(start) : "above " + num(end);
  if (start == -kInf && end == kInf) return "anywhere (" + text + " alerts on every value)";
  if (start == -kInf) return "at or below " + num(end);
  if (end == kInf) return "at or above " + num(start);
  if (start == end) return "equal to " + num(start);
  return "within " + num(start) + ".." + num(end);
}

Range parse_range(std::string_view text) {
  Range r;
  r.text = std::string(text);
  std::string_view s = text;
  if (s.empty()) fail(text, "it is empty");
  if (s.front() == '@') {
    r.inside = true;
    s.remove_prefix(1);
  }
  auto colon = s.find(':');
  if (colon == std::string_view::npos) {
    // "10": alert outside 0..10.
    r.start = 0;
    r.end = number(text, s, "end");
  } else {
    std::string_view a = s.substr(0, colon), b = s.substr(colon + 1);
    if (b.find(':') != std::string_view::npos) fail(text, "it has more than one ':'");
    if (a == "~")
      r.start = -kInf;
    else if (a.empty())
      r.start = 0;
    else
      r.start = number(text, a, "start");
    r.end = b.empty() ? kInf : number(text, b, "end");
  }
  if (r.start > r.end) fail(text, "its start is greater than its end");
  return r;
}

}  // namespace mon::probe
