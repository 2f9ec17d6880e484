// Functions over instant vectors and scalars: math, rounding, clamping, trigonometry, dates (UTC),
// timestamp/time/vector/scalar, absent, sort/sort_desc, label_replace and label_join.
#include <algorithm>
#include <cmath>
#include <ctime>
#include <numbers>

#include "mon/promql/regex.hpp"
#include "eval.hpp"

namespace mon::promql::detail {

namespace {

// Go's math.Max and math.Min (NaN wins, then the infinities), unlike std::fmax.
double go_max(double x, double y) {
  if (std::isinf(x) && x > 0) return x;
  if (std::isinf(y) && y > 0) return y;
  if (std::isnan(x) || std::isnan(y)) return std::nan("");
  if (x == 0 && x == y) return std::signbit(x) ? y : x;
  return x > y ? x : y;
}
double go_min(double x, double y) {
  if (std::isinf(x) && x < 0) return x;
  if (std::isinf(y) && y < 0) return y;
  if (std::isnan(x) || std::isnan(y)) return std::nan("");
  if (x == 0 && x == y) return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

using Unary = double (*)(double);

struct MathEntry {
  std::string_view name;
  Unary fn;
};

double sgn(double v) { return v < 0 ? -1 : v > 0 ? 1 : v; }
double deg(double v) { return v * 180 / std::numbers::pi; }
double rad(double v) { return v * std::numbers::pi / 180; }
double f_abs(double v) { return std::fabs(v); }
double f_ceil(double v) { return std::ceil(v); }
double f_floor(double v) { return std::floor(v); }
double f_exp(double v) { return std::exp(v); }
double f_sqrt(double v) { return std::sqrt(v); }
double f_ln(double v) { return std::log(v); }
double f_log2(double v) { return std::log2(v); }
double f_log10(double v) { return std::log10(v); }
double f_acos(double v) { return std::acos(v); }
double f_acosh(double v) { return std::acosh(v); }
double f_asin(double v) { return std::asin(v); }
double f_asinh(double v) { return std::asinh(v); }
double f_atan(double v) { return std::atan(v); }
double f_atanh(double v) { return std::atanh(v); }
double f_cos(double v) { return std::cos(v); }
double f_cosh(double v) { return std::cosh(v); }
double f_sin(double v) { return std::sin(v); }
double f_sinh(double v) { return std::sinh(v); }
double f_tan(double v) { return std::tan(v); }
double f_tanh(double v) { return std::tanh(v); }

constexpr MathEntry math_fns[] = {
    {"abs", f_abs},     {"ceil", f_ceil},   {"floor", f_floor}, {"exp", f_exp},     {"sqrt", f_sqrt},
    {"ln", f_ln},       {"log2", f_log2},   {"log10", f_log10}, {"acos", f_acos},   {"acosh", f_acosh},
    {"asin", f_asin},   {"asinh", f_asinh}, {"atan", f_atan},   {"atanh", f_atanh}, {"cos", f_cos},
    {"cosh", f_cosh},   {"sin", f_sin},     {"sinh", f_sinh},   {"tan", f_tan},     {"tanh", f_tanh},
    {"sgn", sgn},       {"deg", deg},       {"rad", rad},
};

struct Civil {
  std::tm tm{};
  bool leap = false;
};

Civil civil_of(double seconds) {
  std::time_t tt = static_cast<std::time_t>(static_cast<std::int64_t>(seconds));
  Civil c;
  gmtime_r(&tt, &c.tm);
  int y = c.tm.tm_year + 1900;
  c.leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return c;
}

bool date_function(std::string_view name, double seconds, double& out) {
  Civil c = civil_of(seconds);
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (name == "day_of_month") out = c.tm.tm_mday;
  else if (name == "day_of_week") out = c.tm.tm_wday;
  else if (name == "day_of_year") out = c.tm.tm_yday + 1;
  else if (name == "days_in_month") out = days[c.tm.tm_mon] + (c.tm.tm_mon == 1 && c.leap ? 1 : 0);
  else if (name == "hour") out = c.tm.tm_hour;
  else if (name == "minute") out = c.tm.tm_min;
  else if (name == "month") out = c.tm.tm_mon + 1;
  else if (name == "year") out = c.tm.tm_year + 1900;
  else return false;
  return true;
}

const Expr* unwrap(const Expr* e) {
  while (const auto* p = std::get_if<Paren>(&e->node)) e = p->expr.get();
  return e;
}

std::string string_arg(Evaluator& ev, const Expr& e, std::int64_t t) {
  EValue v = ev.eval(e, t);
  return v.string;
}

void finish_relabel(EVector& v, bool delayed) {
  if (delayed) {
    // Series that became one after name removal are merged by the caller's final check.
    return;
  }
  check_unique(v);
}

}  // namespace

Labels absent_labels(const Expr& arg) {
  Labels out;
  const VectorSelector* vs = nullptr;
  if (const auto* v = std::get_if<VectorSelector>(&arg.node)) vs = v;
  if (const auto* m = std::get_if<MatrixSelector>(&arg.node)) vs = &m->selector;
  if (!vs) return out;
  std::vector<std::string> has;
  for (const auto& m : vs->matchers) {
    if (m.name == "__name__") continue;
    if (m.op == MatchOp::equal && std::find(has.begin(), has.end(), m.name) == has.end()) {
      set_label(out, m.name, m.value);
      has.push_back(m.name);
    } else {
      del_label(out, m.name);
    }
  }
  return out;
}

bool call_instant_function(Evaluator& ev, std::string_view name, const Call& c, const Expr& expr, std::int64_t t,
                           EValue& out) {
  out.type = ValueType::vector;
  for (const auto& m : math_fns)
    if (m.name == name) {
      out.vector = ev.eval_vector(*c.args[0], t);
      for (auto& s : out.vector) {
        s.v = m.fn(s.v);
        ev.drop_name(s);
      }
      return true;
    }
  if (name == "pi") {
    out.type = ValueType::scalar;
    out.scalar = std::numbers::pi;
    return true;
  }
  if (name == "time") {
    out.type = ValueType::scalar;
    out.scalar = static_cast<double>(t) / 1000;
    return true;
  }
  if (name == "vector") {
    out.vector.push_back(ESample{{}, ev.eval_scalar(*c.args[0], t), t, false});
    return true;
  }
  if (name == "scalar") {
    EVector v = ev.eval_vector(*c.args[0], t);
    out.type = ValueType::scalar;
    out.scalar = v.size() == 1 ? v[0].v : std::nan("");
    return true;
  }
  if (name == "round") {
    double to_nearest = c.args.size() > 1 ? ev.eval_scalar(*c.args[1], t) : 1;
    out.vector = ev.eval_vector(*c.args[0], t);
    double inverse = 1.0 / to_nearest;
    for (auto& s : out.vector) {
      s.v = std::floor(s.v * inverse + 0.5) / inverse;
      ev.drop_name(s);
    }
    return true;
  }
  if (name == "clamp" || name == "clamp_min" || name == "clamp_max") {
    EVector v = ev.eval_vector(*c.args[0], t);
    double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
    if (name == "clamp") {
      lo = ev.eval_scalar(*c.args[1], t);
      hi = ev.eval_scalar(*c.args[2], t);
      if (hi < lo) return true;
    } else if (name == "clamp_min") {
      lo = ev.eval_scalar(*c.args[1], t);
    } else {
      hi = ev.eval_scalar(*c.args[1], t);
    }
    for (auto& s : v) {
      if (name == "clamp") s.v = go_max(lo, go_min(hi, s.v));
      else if (name == "clamp_min") s.v = go_max(lo, s.v);
      else s.v = go_min(hi, s.v);
      ev.drop_name(s);
    }
    out.vector = std::move(v);
    return true;
  }
  double probe = 0;
  if (date_function(name, 0, probe)) {
    if (c.args.empty()) {
      double v = 0;
      date_function(name, static_cast<double>(t / 1000), v);
      out.vector.push_back(ESample{{}, v, t, false});
      return true;
    }
    out.vector = ev.eval_vector(*c.args[0], t);
    for (auto& s : out.vector) {
      double v = 0;
      date_function(name, s.v, v);
      s.v = v;
      ev.drop_name(s);
    }
    return true;
  }
  if (name == "timestamp") {
    const Expr* arg = unwrap(c.args[0].get());
    EVector v;
    if (const auto* vs = std::get_if<VectorSelector>(&arg->node))
      v = ev.select_vector(*vs, t, true);
    else
      v = ev.eval_vector(*c.args[0], t);
    for (auto& s : v) {
      s.v = static_cast<double>(s.t) / 1000;
      s.t = t;
      ev.drop_name(s);
    }
    out.vector = std::move(v);
    return true;
  }
  if (name == "absent") {
    EVector v = ev.eval_vector(*c.args[0], t);
    if (v.empty()) out.vector.push_back(ESample{absent_labels(*c.args[0]), 1, t, false});
    return true;
  }
  if (name == "sort" || name == "sort_desc") {
    if (ev.start() != ev.end())
      ev.annotations().warn(
          "PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:" +
          std::to_string(expr.position + 1) + ")");
    out.vector = ev.eval_vector(*c.args[0], t);
    const bool desc = name == "sort_desc";
    std::stable_sort(out.vector.begin(), out.vector.end(), [desc](const ESample& a, const ESample& b) {
      if (std::isnan(a.v)) return false;
      if (std::isnan(b.v)) return true;
      return desc ? a.v > b.v : a.v < b.v;
    });
    return true;
  }
  if (name == "label_replace") {
    const std::string dst = string_arg(ev, *c.args[1], t);
    const std::string repl = string_arg(ev, *c.args[2], t);
    const std::string src = string_arg(ev, *c.args[3], t);
    const std::string pattern = string_arg(ev, *c.args[4], t);
    std::optional<Regex> re;
    try {
      re.emplace(pattern);
    } catch (const Error&) {
      fail("invalid regular expression in label_replace(): " + pattern);
    }
    if (!valid_label_name(dst)) fail("invalid destination label name in label_replace(): " + dst);
    out.vector = ev.eval_vector(*c.args[0], t);
    for (auto& s : out.vector) {
      std::string res;
      if (!re->replace(label_value(s.labels, src), repl, res)) continue;
      set_label(s.labels, dst, res);
      if (dst == "__name__") s.drop_name = false;
    }
    finish_relabel(out.vector, ev.delayed());
    return true;
  }
  if (name == "label_join") {
    const std::string dst = string_arg(ev, *c.args[1], t);
    const std::string sep = string_arg(ev, *c.args[2], t);
    std::vector<std::string> srcs;
    for (std::size_t i = 3; i < c.args.size(); ++i) {
      srcs.push_back(string_arg(ev, *c.args[i], t));
      if (!valid_label_name(srcs.back())) fail("invalid source label name in label_join(): " + srcs.back());
    }
    if (!valid_label_name(dst)) fail("invalid destination label name in label_join(): " + dst);
    out.vector = ev.eval_vector(*c.args[0], t);
    for (auto& s : out.vector) {
      std::string joined;
      for (std::size_t i = 0; i < srcs.size(); ++i) {
        if (i) joined += sep;
        joined += label_value(s.labels, srcs[i]);
      }
      set_label(s.labels, dst, joined);
      if (dst == "__name__") s.drop_name = false;
    }
    finish_relabel(out.vector, ev.delayed());
    return true;
  }
  return false;
}

}  // namespace mon::promql::detail
