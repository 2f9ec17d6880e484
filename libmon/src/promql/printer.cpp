// Expressions written back as Prometheus' String() writes them (promql/parser/printer.go).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "lexer.hpp"
#include "mon/promql/parse.hpp"

namespace mon::promql {

namespace {

// strconv.FormatFloat(v, 'f', -1, 64).
std::string format_float(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

// model.Duration's String(): 1y, 2w, 1d3h, 1m30s, 1s500ms, 0s.
std::string format_duration(std::int64_t ms) {
  if (ms == 0) return "0s";
  std::string r;
  auto unit = [&](const char* name, std::int64_t mult, bool exact) {
    if (exact && ms % mult != 0) return;
    if (const std::int64_t v = ms / mult; v > 0) {
      r += std::to_string(v) + name;
      ms -= v * mult;
    }
  };
  unit("y", 1000LL * 60 * 60 * 24 * 365, true);
  unit("w", 1000LL * 60 * 60 * 24 * 7, true);
  unit("d", 1000LL * 60 * 60 * 24, false);
  unit("h", 1000LL * 60 * 60, false);
  unit("m", 1000LL * 60, false);
  unit("s", 1000, false);
  unit("ms", 1, false);
  return r;
}

bool legacy_label_name(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!(detail::is_alpha(s[i]) || (i > 0 && detail::is_digit(s[i])))) return false;
  return true;
}

std::string label_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += legacy_label_name(names[i]) ? names[i] : detail::go_quote(names[i]);
  }
  return out;
}

std::string at_suffix(const TimeModifiers& t) {
  switch (t.at) {
    case AtKind::timestamp: {
      char buf[64];
      std::snprintf(buf, sizeof buf, " @ %.3f", static_cast<double>(t.at_ms) / 1000.0);
      return buf;
    }
    case AtKind::start: return " @ start()";
    case AtKind::end: return " @ end()";
    case AtKind::none: break;
  }
  return "";
}

std::string offset_suffix(const TimeModifiers& t) {
  if (t.offset_ms > 0) return " offset " + format_duration(t.offset_ms);
  if (t.offset_ms < 0) return " offset -" + format_duration(-t.offset_ms);
  return "";
}

std::string matcher_string(const Matcher& m) {
  static const char* ops[] = {"=", "!=", "=~", "!~"};
  const std::string name = legacy_label_name(m.name) ? m.name : detail::go_quote(m.name);
  return name + ops[static_cast<int>(m.op)] + detail::go_quote(m.value);
}

std::string selector_base(const VectorSelector& vs) {
  std::vector<std::string> parts;
  for (const Matcher& m : vs.matchers) {
    if (m.name == "__name__" && m.op == MatchOp::equal && m.value == vs.name && !m.value.empty()) continue;
    parts.push_back(matcher_string(m));
  }
  std::string out = vs.name;
  if (!parts.empty()) {
    std::sort(parts.begin(), parts.end());
    out += '{';
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out += ',';
      out += parts[i];
    }
    out += '}';
  }
  return out;
}

struct Printer {
  std::string operator()(const NumberLiteral& n) const { return format_float(n.value); }
  std::string operator()(const StringLiteral& s) const { return detail::go_quote(s.value); }
  std::string operator()(const VectorSelector& vs) const {
    return selector_base(vs) + at_suffix(vs.time) + offset_suffix(vs.time);
  }
  std::string operator()(const MatrixSelector& m) const {
    return selector_base(m.selector) + "[" + format_duration(m.range_ms) + "]" + at_suffix(m.selector.time) +
           offset_suffix(m.selector.time);
  }
  std::string operator()(const Subquery& sq) const {
    return to_string(*sq.expr) + "[" + format_duration(sq.range_ms) + ":" +
           (sq.step_ms != 0 ? format_duration(sq.step_ms) : std::string()) + "]" + at_suffix(sq.time) +
           offset_suffix(sq.time);
  }
  std::string operator()(const Unary& u) const { return (u.op == UnaryOp::minus ? "-" : "+") + to_string(*u.expr); }
  std::string operator()(const Binary& b) const {
    std::string m;
    if (b.matching) {
      const VectorMatching& vm = *b.matching;
      const bool grouped = vm.card == Cardinality::many_to_one || vm.card == Cardinality::one_to_many;
      if (!vm.labels.empty() || vm.on || grouped)
        m += std::string(vm.on ? " on (" : " ignoring (") + label_list(vm.labels) + ")";
      if (grouped)
        m += std::string(vm.card == Cardinality::many_to_one ? " group_left (" : " group_right (") +
             label_list(vm.include) + ")";
    }
    return to_string(*b.lhs) + " " + std::string(to_string(b.op)) + (b.return_bool ? " bool" : "") + m + " " +
           to_string(*b.rhs);
  }
  std::string operator()(const Aggregate& a) const {
    std::string out(to_string(a.op));
    if (a.without)
      out += " without (" + label_list(a.grouping) + ") ";
    else if (!a.grouping.empty())
      out += " by (" + label_list(a.grouping) + ") ";
    out += '(';
    if (a.param) out += to_string(*a.param) + ", ";
    out += to_string(*a.expr) + ")";
    return out;
  }
  std::string operator()(const Call& c) const {
    std::string out(c.func ? c.func->name : std::string_view("?"));
    out += '(';
    for (std::size_t i = 0; i < c.args.size(); ++i) {
      if (i > 0) out += ", ";
      out += to_string(*c.args[i]);
    }
    return out + ")";
  }
  std::string operator()(const Paren& p) const { return "(" + to_string(*p.expr) + ")"; }
};

}  // namespace

std::string to_string(const Expr& expr) { return std::visit(Printer{}, expr.node); }

}  // namespace mon::promql
