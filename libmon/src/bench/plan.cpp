// Expanding commands and parameters into benchmarks. The order is hyperfine's: for a scan, every
// command for the first value, then for the next; for lists, the command varies fastest, then the
// first list, then the next (an odometer).
#include "mon/bench/plan.hpp"

#include <algorithm>
#include <cstdint>
#include <set>

#include "mon/error.hpp"

namespace mon::bench {

namespace {

// A decimal number as an integer count of 10^-scale units.
struct Fixed {
  std::int64_t units = 0;
  int scale = 0;
};

bool parse_fixed(const std::string& text, Fixed& out) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::int64_t units = 0;
  int scale = 0;
  bool digits = false, dot = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    // At most 9 digits before rescaling and 9 decimals: every value then fits in 10^18.
    if (units >= 100000000 || scale >= 9) return false;
    units = units * 10 + (c - '0');
    digits = true;
    if (dot) ++scale;
  }
  if (!digits) return false;
  out.units = negative ? -units : units;
  out.scale = scale;
  return true;
}

std::int64_t rescale(const Fixed& f, int scale) {
  std::int64_t v = f.units;
  for (int s = f.scale; s < scale; ++s) v *= 10;
  return v;
}

std::string format_fixed(std::int64_t units, int scale) {
  bool negative = units < 0;
  std::string digits = std::to_string(negative ? -units : units);
  if (scale > 0) {
    if (digits.size() <= static_cast<std::size_t>(scale)) digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
  }
  return negative ? "-" + digits : digits;
}

}  // namespace

std::string label(const std::string& name, const std::vector<Parameter>& parameters) {
  std::string params;
  for (const auto& p : parameters)
    if (p.value.empty() || name.find(p.value) == std::string::npos)
      params += (params.empty() ? " (" : ", ") + p.name + " = " + p.value;
  if (!params.empty()) params += ")";
  return "'" + name + "'" + params;
}

std::string label(const Benchmark& b) { return label(b.name, b.parameters); }

bool same_parameters(const std::vector<Parameter>& a, const std::vector<Parameter>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& p : a) {
    auto it = std::find_if(b.begin(), b.end(), [&](const Parameter& q) { return q.name == p.name; });
    if (it == b.end() || it->value != p.value) return false;
  }
  return true;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> values;
  std::string cur;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == ',' || text[i + 1] == '\\')) {
      cur.push_back(text[++i]);
    } else if (text[i] == ',') {
      values.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(text[i]);
    }
  }
  values.push_back(std::move(cur));
  return values;
}

std::vector<std::string> scan_values(const ParameterScan& scan) {
  Fixed lo, hi, step{1, 0};
  auto bad = [&](const std::string& what, const std::string& text) {
    throw Error("--parameter-scan " + scan.name + ": " + what + " '" + text + "' is not a decimal number");
  };
  if (!parse_fixed(scan.min, lo)) bad("minimum", scan.min);
  if (!parse_fixed(scan.max, hi)) bad("maximum", scan.max);
  if (!scan.step.empty() && !parse_fixed(scan.step, step)) bad("step", scan.step);
  int scale = std::max({lo.scale, hi.scale, step.scale});
  std::int64_t a = rescale(lo, scale), b = rescale(hi, scale), d = rescale(step, scale);
  if (d <= 0) throw Error("--parameter-step-size must be positive, got '" + scan.step + "'");
  if (a > b)
    throw Error("--parameter-scan " + scan.name + ": minimum " + scan.min + " is larger than maximum " + scan.max);
  if ((b - a) / d >= 100000)
    throw Error("--parameter-scan " + scan.name + ": more than 100000 values; use a larger step");
  std::vector<std::string> values;
  for (std::int64_t v = a; v <= b; v += d) values.push_back(format_fixed(v, scale));
  return values;
}

std::vector<Benchmark> expand(const std::vector<std::string>& commands, const std::vector<std::string>& names,
                              const std::optional<ParameterScan>& scan, const std::vector<ParameterList>& lists) {
  if (commands.empty()) throw Error("no command to benchmark");
  // Each dimension: a parameter name and its values. The command index is the fastest digit.
  std::vector<ParameterList> dims;
  if (scan) dims.push_back({scan->name, scan_values(*scan)});
  for (const auto& l : lists) dims.push_back(l);
  std::set<std::string> seen;
  for (const auto& d : dims) {
    if (!seen.insert(d.name).second) throw Error("parameter '" + d.name + "' is given twice");
    if (d.values.empty()) throw Error("parameter '" + d.name + "' has no values");
  }
  std::size_t total = commands.size();
  for (const auto& d : dims) total *= d.values.size();
  if (names.size() > 1 && names.size() != total)
    throw Error(std::to_string(names.size()) + " command names for " + std::to_string(total) +
                " benchmarks: give one name, or one per benchmark");
  std::vector<Benchmark> out;
  out.reserve(total);
  std::vector<std::size_t> index(dims.size(), 0);
  for (std::size_t n = 0; n < total; ++n) {
    std::size_t ci = n % commands.size();
    std::size_t rest = n / commands.size();
    std::vector<Parameter> params;
    for (std::size_t d = 0; d < dims.size(); ++d) {
      params.push_back({dims[d].name, dims[d].values[rest % dims[d].values.size()]});
      rest /= dims[d].values.size();
    }
    Benchmark b;
    b.command = substitute(commands[ci], params);
    if (names.empty())
      b.name = b.command;
    else
      b.name = substitute(names.size() == 1 ? names[0] : names[n], params);
    b.parameters = std::move(params);
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace mon::bench
