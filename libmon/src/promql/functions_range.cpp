// Functions over range vectors: the rate family with Prometheus 3's extrapolation, irate/idelta,
// deriv/predict_linear (Kahan-summed least squares), resets/changes and the *_over_time family.
#include <algorithm>
#include <cmath>
#include <limits>

#include "eval.hpp"

namespace mon::promql::detail {

namespace range_fn {

bool extrapolated_rate(const std::vector<Point>& pts, std::int64_t range_start, std::int64_t range_end,
                       std::int64_t range_ms, bool is_counter, bool is_rate, double& out) {
  if (pts.size() < 2) return false;
  const auto n1 = pts.size() - 1;
  double result = pts.back().v - pts.front().v;
  if (is_counter)
    for (std::size_t i = 1; i < pts.size(); ++i)
      if (pts[i].v < pts[i - 1].v) result += pts[i - 1].v;
  double to_start = static_cast<double>(pts.front().t - range_start) / 1000;
  double to_end = static_cast<double>(range_end - pts.back().t) / 1000;
  double sampled = static_cast<double>(pts.back().t - pts.front().t) / 1000;
  double average = sampled / static_cast<double>(n1);
  double threshold = average * 1.1;
  if (to_start >= threshold) to_start = average / 2;
  if (is_counter) {
    double to_zero = to_start;
    if (result > 0 && pts.front().v >= 0) to_zero = sampled * (pts.front().v / result);
    if (to_zero < to_start) to_start = to_zero;
  }
  if (to_end >= threshold) to_end = average / 2;
  double factor = (sampled + to_start + to_end) / sampled;
  if (is_rate) factor /= static_cast<double>(range_ms) / 1000;
  out = result * factor;
  return true;
}

bool instant_value(const std::vector<Point>& pts, bool is_rate, double& out) {
  if (pts.size() < 2) return false;
  const Point& last = pts.back();
  const Point& prev = pts[pts.size() - 2];
  double result = (is_rate && last.v < prev.v) ? last.v : last.v - prev.v;
  std::int64_t interval = last.t - prev.t;
  if (interval == 0) return false;
  if (is_rate) result /= static_cast<double>(interval) / 1000;
  out = result;
  return true;
}

namespace {
void linear_regression(const std::vector<Point>& pts, std::int64_t intercept_time, double& slope, double& intercept) {
  double n = 0, sx = 0, cx = 0, sy = 0, cy = 0, sxy = 0, cxy = 0, sx2 = 0, cx2 = 0;
  const double init_y = pts[0].v;
  bool const_y = true;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (const_y && i > 0 && pts[i].v != init_y) const_y = false;
    n += 1;
    double x = static_cast<double>(pts[i].t - intercept_time) / 1e3;
    sx = kahan_inc(x, sx, cx);
    sy = kahan_inc(pts[i].v, sy, cy);
    sxy = kahan_inc(x * pts[i].v, sxy, cxy);
    sx2 = kahan_inc(x * x, sx2, cx2);
  }
  if (const_y) {
    if (std::isinf(init_y)) {
      slope = intercept = std::nan("");
    } else {
      slope = 0;
      intercept = init_y;
    }
    return;
  }
  sx += cx;
  sy += cy;
  sxy += cxy;
  sx2 += cx2;
  double cov = sxy - sx * sy / n;
  double var = sx2 - sx * sx / n;
  slope = cov / var;
  intercept = sy / n - slope * sx / n;
}
}  // namespace

bool deriv(const std::vector<Point>& pts, double& out) {
  if (pts.size() < 2) return false;
  double intercept = 0;
  linear_regression(pts, pts[0].t, out, intercept);
  return true;
}

bool predict_linear(const std::vector<Point>& pts, std::int64_t t, double duration_s, double& out) {
  if (pts.size() < 2) return false;
  double slope = 0, intercept = 0;
  linear_regression(pts, t, slope, intercept);
  out = slope * duration_s + intercept;
  return true;
}

double resets(const std::vector<Point>& pts) {
  double n = 0;
  for (std::size_t i = 1; i < pts.size(); ++i)
    if (pts[i].v < pts[i - 1].v) n++;
  return n;
}

double changes(const std::vector<Point>& pts) {
  double n = 0;
  for (std::size_t i = 1; i < pts.size(); ++i)
    if (pts[i].v != pts[i - 1].v && !(std::isnan(pts[i].v) && std::isnan(pts[i - 1].v))) n++;
  return n;
}

double sum_over_time(const std::vector<Point>& pts) {
  double sum = 0, c = 0;
  for (const auto& p : pts) sum = kahan_inc(p.v, sum, c);
  return sum + c;
}

double avg_over_time(const std::vector<Point>& pts) {
  double sum = 0, mean = 0, count = 0, c = 0;
  bool incremental = false;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    count = static_cast<double>(i + 1);
    const double f = pts[i].v;
    if (!incremental) {
      double nc = c;
      double ns = kahan_inc(f, sum, nc);
      if (count == 1 || !std::isinf(ns)) {
        sum = ns;
        c = nc;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    double q = (count - 1) / count;
    double nc = q * c;
    mean = kahan_inc(f / count, q * mean, nc);
    c = nc;
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

double stdvar_over_time(const std::vector<Point>& pts) {
  double count = 0, mean = 0, cmean = 0, aux = 0, caux = 0;
  for (const auto& p : pts) {
    count++;
    double delta = p.v - (mean + cmean);
    mean = kahan_inc(delta / count, mean, cmean);
    aux = kahan_inc(delta * (p.v - (mean + cmean)), aux, caux);
  }
  return (aux + caux) / count;
}

double quantile(double q, std::vector<double> values) {
  if (values.empty() || std::isnan(q)) return std::nan("");
  if (q < 0) return -std::numeric_limits<double>::infinity();
  if (q > 1) return std::numeric_limits<double>::infinity();
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return !std::isnan(b);
    if (std::isnan(b)) return false;
    return a < b;
  });
  const double n = static_cast<double>(values.size());
  const double rank = q * (n - 1);
  const double lower = std::max(0.0, std::floor(rank));
  const double upper = std::min(n - 1, lower + 1);
  const double weight = rank - std::floor(rank);
  return values[static_cast<std::size_t>(lower)] * (1 - weight) + values[static_cast<std::size_t>(upper)] * weight;
}

}  // namespace range_fn

namespace {

enum class Kind {
  rate, increase, delta, irate, idelta, deriv, predict_linear, resets, changes, avg, min, max, sum, count,
  quantile, first, last, stddev, stdvar, present, absent
};

struct Entry {
  std::string_view name;
  Kind kind;
};

constexpr Entry entries[] = {
    {"rate", Kind::rate}, {"increase", Kind::increase}, {"delta", Kind::delta}, {"irate", Kind::irate},
    {"idelta", Kind::idelta}, {"deriv", Kind::deriv}, {"predict_linear", Kind::predict_linear},
    {"resets", Kind::resets}, {"changes", Kind::changes}, {"avg_over_time", Kind::avg},
    {"min_over_time", Kind::min}, {"max_over_time", Kind::max}, {"sum_over_time", Kind::sum},
    {"count_over_time", Kind::count}, {"quantile_over_time", Kind::quantile}, {"last_over_time", Kind::last}, {"first_over_time", Kind::first},
    {"stddev_over_time", Kind::stddev}, {"stdvar_over_time", Kind::stdvar}, {"present_over_time", Kind::present},
    {"absent_over_time", Kind::absent},
};

const Expr* unwrap(const Expr* e) {
  while (const auto* p = std::get_if<Paren>(&e->node)) e = p->expr.get();
  return e;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Labels absent_labels(const Expr& arg);  // functions_instant.cpp

bool call_range_function(Evaluator& ev, std::string_view name, const Call& c, std::int64_t t, EValue& out) {
  const Entry* entry = nullptr;
  for (const auto& e : entries)
    if (e.name == name) entry = &e;
  if (!entry) return false;
  const Kind kind = entry->kind;
  const std::size_t matrix_arg = kind == Kind::quantile ? 1 : 0;
  double scalar_arg = 0;
  if (kind == Kind::quantile) scalar_arg = ev.eval_scalar(*c.args[0], t);
  if (kind == Kind::predict_linear) scalar_arg = ev.eval_scalar(*c.args[1], t);
  const Expr& marg = *c.args[matrix_arg];
  EMatrix m = ev.eval_matrix(marg, t);
  out.type = ValueType::vector;

  if (kind == Kind::quantile && (std::isnan(scalar_arg) || scalar_arg < 0 || scalar_arg > 1))
    ev.annotations().warn("PromQL warning: quantile value should be between 0 and 1, got " + format_g(scalar_arg) +
                          " (1:" + std::to_string(c.args[0]->position + 1) + ")");
  if (kind == Kind::absent) {
    if (m.series.empty()) {
      const Expr* inner = unwrap(&marg);
      Labels labels;
      if (const auto* ms = std::get_if<MatrixSelector>(&inner->node)) {
        Expr tmp;
        tmp.node = VectorSelector{ms->selector.name, ms->selector.matchers, ms->selector.time};
        labels = absent_labels(tmp);
      }
      out.vector.push_back(ESample{std::move(labels), 1, t, true});
    }
    return true;
  }

  const bool from_selector = std::holds_alternative<MatrixSelector>(unwrap(&marg)->node);
  // predict_linear's intercept is at the evaluation time, also under @ (Prometheus evaluates a
  // step-invariant call at the query's time and moves only the selector).
  const std::int64_t eval_t = t;

  for (auto& s : m.series) {
    if ((kind == Kind::rate || kind == Kind::increase) && from_selector) {
      auto metric = label_value(s.labels, "__name__");
      if (!metric.empty() && !ends_with(metric, "_total") && !ends_with(metric, "_sum") &&
          !ends_with(metric, "_count") && !ends_with(metric, "_bucket"))
        ev.annotations().info(
            "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: " +
            quote(metric) + " (1:" + std::to_string(marg.position + 1) + ")");
    }
    const auto& pts = s.points;
    double v = 0;
    bool ok = true;
    switch (kind) {
      case Kind::rate: ok = range_fn::extrapolated_rate(pts, m.range_start, m.range_end, m.range_ms, true, true, v); break;
      case Kind::increase:
        ok = range_fn::extrapolated_rate(pts, m.range_start, m.range_end, m.range_ms, true, false, v);
        break;
      case Kind::delta:
        ok = range_fn::extrapolated_rate(pts, m.range_start, m.range_end, m.range_ms, false, false, v);
        break;
      case Kind::irate: ok = range_fn::instant_value(pts, true, v); break;
      case Kind::idelta: ok = range_fn::instant_value(pts, false, v); break;
      case Kind::deriv: ok = range_fn::deriv(pts, v); break;
      case Kind::predict_linear: ok = range_fn::predict_linear(pts, eval_t, scalar_arg, v); break;
      case Kind::resets: v = range_fn::resets(pts); break;
      case Kind::changes: v = range_fn::changes(pts); break;
      case Kind::avg: v = range_fn::avg_over_time(pts); break;
      case Kind::min:
      case Kind::max: {
        v = pts[0].v;
        for (const auto& p : pts) {
          bool take = kind == Kind::max ? (p.v > v) : (p.v < v);
          if (take || std::isnan(v)) v = p.v;
        }
        break;
      }
      case Kind::sum: v = range_fn::sum_over_time(pts); break;
      case Kind::count: v = static_cast<double>(pts.size()); break;
      case Kind::quantile: {
        std::vector<double> values;
        values.reserve(pts.size());
        for (const auto& p : pts) values.push_back(p.v);
        v = range_fn::quantile(scalar_arg, std::move(values));
        break;
      }
      case Kind::first: v = pts.front().v; break;
      case Kind::last: v = pts.back().v; break;
      case Kind::stddev: v = std::sqrt(range_fn::stdvar_over_time(pts)); break;
      case Kind::stdvar: v = range_fn::stdvar_over_time(pts); break;
      case Kind::present: v = 1; break;
      case Kind::absent: break;
    }
    if (!ok) continue;
    ESample sample{std::move(s.labels), v, t, s.drop_name};
    if (kind != Kind::last && kind != Kind::first) ev.drop_name(sample);
    out.vector.push_back(std::move(sample));
  }
  return true;
}

}  // namespace mon::promql::detail
