// A rule test's input series: the label set through the PromQL parser (a selector with only `=`
// matchers, as Prometheus' series descriptions are), the values in the expanding notation of
// Prometheus' series descriptions: `a`, `axn`, `a+bxn`, `a-bxn` (n+1 values, b added each step
// as Prometheus adds it), `_` and `_xn` (missing), `stale`.
#include "input_series.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <variant>

#include "mon/promql/parse.hpp"

namespace mon::rules::detail {

namespace {

// A float as a series value: decimal, Inf, NaN, with an optional sign; `s` advanced.
std::optional<double> number(std::string_view& s) {
  std::size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    neg = s[i] == '-';
    ++i;
  }
  auto lower_is = [&](std::string_view word) {
    if (s.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
      if (std::tolower(static_cast<unsigned char>(s[i + k])) != word[k]) return false;
    return true;
  };
  double v = 0;
  if (lower_is("inf")) {
    v = INFINITY;
    i += 3;
  } else if (lower_is("nan")) {
    v = NAN;
    i += 3;
  } else {
    std::size_t start = i;
    {  // no hexadecimal here: "0x5" is 0 repeated (as Prometheus reads it)
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t e = i + 1;
        if (e < s.size() && (s[e] == '+' || s[e] == '-')) ++e;
        if (e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) {
          i = e;
          while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        }
      }
    }
    if (i == start) return std::nullopt;
    std::string text(s.substr(start, i - start));
    char* end = nullptr;
    v = std::strtod(text.c_str(), &end);
    if (!end || *end != '\0') return std::nullopt;
  }
  s.remove_prefix(i);
  return neg ? -v : v;
}

std::optional<std::uint64_t> count(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

}  // namespace

model::Labels parse_metric_labels(const std::string& text, const Location& where) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  promql::ExprPtr e = promql::parse(text, where);
  const auto* sel = std::get_if<promql::VectorSelector>(&e->node);
  if (!sel || sel->time.offset_ms != 0 || sel->time.at != promql::AtKind::none)
    throw ParseError(where, "expected a series such as metric{label=\"value\"}, got \"" + text + "\"");
  model::Labels ls;
  for (const auto& m : sel->matchers) {
    if (m.op != promql::MatchOp::equal)
      throw ParseError(where, "a series takes only label=\"value\" pairs, got a matcher on " + m.name);
    if (!m.value.empty()) ls.push_back({m.name, m.value});
  }
  if (auto dup = model::sort_labels(ls)) throw ParseError(where, "label " + *dup + " is given twice");
  return ls;
}

ExpandedSeries expand_series(const std::string& series, const std::string& values, std::int64_t start_ms,
                             std::int64_t interval_ms, const Location& where) {
  ExpandedSeries out;
  out.labels = parse_metric_labels(series, where);
  if (out.labels.empty()) throw ParseError(where, "a series needs a metric name or labels");
  std::int64_t t = start_ms;
  std::string_view all(values);
  std::size_t pos = 0;
  constexpr std::uint64_t kMaxPoints = 50'000'000;
  while (pos < all.size()) {
    while (pos < all.size() && std::isspace(static_cast<unsigned char>(all[pos]))) ++pos;
    if (pos >= all.size()) break;
    std::size_t end = pos;
    while (end < all.size() && !std::isspace(static_cast<unsigned char>(all[end]))) ++end;
    std::string_view tok = all.substr(pos, end - pos);
    auto bad = [&](const std::string& why) -> ParseError {
      return ParseError(where, "values: " + why + " in \"" + std::string(tok) + "\" (expected a number, a+bxn, a-bxn, axn, _, _xn or stale)");
    };
    if (tok.find("{{") == 0) throw bad("native histograms are not supported");
    if (tok == "stale") {
      out.points.push_back({t, promql::stale_marker()});
      t += interval_ms;
    } else if (tok == "_") {
      t += interval_ms;
    } else if (tok.substr(0, 2) == "_x") {
      auto n = count(tok.substr(2));
      if (!n) throw bad("a bad repetition count");
      t += interval_ms * static_cast<std::int64_t>(*n);
    } else {
      std::string_view rest = tok;
      auto a = number(rest);
      if (!a) throw bad("no number");
      if (rest.empty()) {
        out.points.push_back({t, *a});
        t += interval_ms;
      } else {
        double b = 0;
        if (rest.front() == '+' || rest.front() == '-') {
          bool minus = rest.front() == '-';
          rest.remove_prefix(1);
          auto bv = number(rest);
          if (!bv || std::signbit(*bv) || rest.empty()) throw bad("a bad increment");
          b = minus ? -*bv : *bv;
        }
        if (rest.empty() || rest.front() != 'x') throw bad("unexpected text");
        auto n = count(rest.substr(1));
        if (!n) throw bad("a bad repetition count");
        if (out.points.size() + *n + 1 > kMaxPoints) throw bad("too many values");
        double v = *a;
        for (std::uint64_t k = 0; k <= *n; ++k) {
          out.points.push_back({t, v});
          v += b;
          t += interval_ms;
        }
      }
    }
    pos = end;
  }
  return out;
}

}  // namespace mon::rules::detail
