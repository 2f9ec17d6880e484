// The tree walk: each node evaluated at one instant; a range query is the instant evaluation at
// every step, its vectors gathered into series. Delayed __name__ removal happens at the end.
#include "mon/promql/engine.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "eval.hpp"

namespace mon::promql {

using namespace detail;

namespace detail {

void Evaluator::drop_name(ESample& s) const {
  s.drop_name = true;
  if (!delayed()) drop_metric_name(s.labels);
}
void Evaluator::drop_name(ESeries& s) const {
  s.drop_name = true;
  if (!delayed()) drop_metric_name(s.labels);
}

std::int64_t Evaluator::reference_time(const TimeModifiers& m, std::int64_t t) const {
  std::int64_t base = t;
  switch (m.at) {
    case AtKind::none: break;
    case AtKind::timestamp: base = m.at_ms; break;
    case AtKind::start: base = start_; break;
    case AtKind::end: base = end_; break;
  }
  return base - m.offset_ms;
}

EVector Evaluator::select_vector(const VectorSelector& vs, std::int64_t t, bool keep_timestamps) {
  const std::int64_t ref = reference_time(vs.time, t);
  EVector out;
  for (const Series* s : storage_.select(vs.matchers)) {
    const auto& pts = s->points;
    auto it = std::upper_bound(pts.begin(), pts.end(), ref, [](std::int64_t r, const Point& p) { return r < p.t; });
    if (it == pts.begin()) continue;
    --it;
    if (it->t <= ref - options_.lookback_ms || is_stale(it->v)) continue;
    out.push_back(ESample{s->labels, it->v, keep_timestamps ? it->t : t, false});
  }
  return out;
}

EMatrix Evaluator::select_matrix(const MatrixSelector& ms, std::int64_t t) {
  const std::int64_t ref = reference_time(ms.selector.time, t);
  EMatrix out;
  out.range_end = ref;
  out.range_start = ref - ms.range_ms;
  out.range_ms = ms.range_ms;
  for (const Series* s : storage_.select(ms.selector.matchers)) {
    const auto& pts = s->points;
    auto lo = std::upper_bound(pts.begin(), pts.end(), out.range_start,
                               [](std::int64_t r, const Point& p) { return r < p.t; });
    auto hi = std::upper_bound(lo, pts.end(), ref, [](std::int64_t r, const Point& p) { return r < p.t; });
    ESeries series;
    for (auto it = lo; it != hi; ++it)
      if (!is_stale(it->v)) series.points.push_back(*it);
    if (series.points.empty()) continue;
    series.labels = s->labels;
    out.series.push_back(std::move(series));
  }
  return out;
}

EMatrix Evaluator::subquery(const Subquery& sq, std::int64_t t) {
  const std::int64_t ref = reference_time(sq.time, t);
  const std::int64_t step = sq.step_ms > 0 ? sq.step_ms : options_.default_subquery_step_ms;
  const std::int64_t lower = ref - sq.range_ms;
  std::int64_t first = step * (lower / step);  // Go's truncating division, as Prometheus
  if (first <= lower) first += step;
  EMatrix out;
  out.range_end = ref;
  out.range_start = lower;
  out.range_ms = sq.range_ms;
  std::unordered_map<std::string, std::size_t> index;
  for (std::int64_t ts = first; ts <= ref; ts += step) {
    EValue v = eval(*sq.expr, ts);
    if (v.type == ValueType::scalar) {
      if (out.series.empty()) out.series.push_back(ESeries{});
      out.series[0].points.push_back(Point{ts, v.scalar});
      continue;
    }
    for (auto& s : v.vector) {
      auto key = full_key(s.labels);
      if (s.drop_name) key += "\x01";
      auto [it, fresh] = index.emplace(std::move(key), out.series.size());
      if (fresh) out.series.push_back(ESeries{s.labels, {}, s.drop_name});
      out.series[it->second].points.push_back(Point{ts, s.v});
    }
  }
  return out;
}

EMatrix Evaluator::eval_matrix(const Expr& expr, std::int64_t t) {
  if (const auto* p = std::get_if<Paren>(&expr.node)) return eval_matrix(*p->expr, t);
  if (const auto* ms = std::get_if<MatrixSelector>(&expr.node)) return select_matrix(*ms, t);
  if (const auto* sq = std::get_if<Subquery>(&expr.node)) return subquery(*sq, t);
  fail("expected a range vector");
}

EVector Evaluator::eval_vector(const Expr& expr, std::int64_t t) {
  EValue v = eval(expr, t);
  if (v.type != ValueType::vector) fail("expected an instant vector, got " + std::string(to_string(v.type)));
  return std::move(v.vector);
}

double Evaluator::eval_scalar(const Expr& expr, std::int64_t t) {
  EValue v = eval(expr, t);
  if (v.type != ValueType::scalar) fail("expected a scalar, got " + std::string(to_string(v.type)));
  return v.scalar;
}

EValue Evaluator::eval(const Expr& expr, std::int64_t t) {
  EValue out;
  if (const auto* n = std::get_if<NumberLiteral>(&expr.node)) {
    out.type = ValueType::scalar;
    out.scalar = n->value;
  } else if (const auto* s = std::get_if<StringLiteral>(&expr.node)) {
    out.type = ValueType::string;
    out.string = s->value;
  } else if (const auto* vs = std::get_if<VectorSelector>(&expr.node)) {
    out.type = ValueType::vector;
    out.vector = select_vector(*vs, t);
  } else if (const auto* ms = std::get_if<MatrixSelector>(&expr.node)) {
    out.type = ValueType::matrix;
    out.matrix = select_matrix(*ms, t);
  } else if (const auto* sq = std::get_if<Subquery>(&expr.node)) {
    out.type = ValueType::matrix;
    out.matrix = subquery(*sq, t);
  } else if (const auto* p = std::get_if<Paren>(&expr.node)) {
    return eval(*p->expr, t);
  } else if (const auto* u = std::get_if<Unary>(&expr.node)) {
    out = eval(*u->expr, t);
    if (u->op == UnaryOp::minus) {
      if (out.type == ValueType::scalar) out.scalar = -out.scalar;
      for (auto& x : out.vector) {
        x.v = -x.v;
        drop_name(x);
      }
      if (out.type == ValueType::vector && !delayed()) check_unique(out.vector);
    }
  } else if (const auto* b = std::get_if<Binary>(&expr.node)) {
    out = binary(*b, t);
  } else if (const auto* a = std::get_if<Aggregate>(&expr.node)) {
    out = aggregate(*a, t);
  } else if (const auto* c = std::get_if<Call>(&expr.node)) {
    out = call(*c, expr, t);
    if (out.type == ValueType::vector && !delayed()) check_unique(out.vector);
  }
  return out;
}

EValue Evaluator::call(const Call& c, const Expr& expr, std::int64_t t) {
  if (!c.func) fail("unknown function");
  EValue out;
  const std::string_view name = c.func->name;
  if (call_range_function(*this, name, c, t, out)) return out;
  if (call_instant_function(*this, name, c, expr, t, out)) return out;
  if (call_histogram_function(*this, name, c, t, out)) return out;
  fail("function \"" + std::string(name) + "\" is not supported");
}

}  // namespace detail

namespace {

model::Labels final_labels(const ESample& s, bool delayed) {
  model::Labels l = s.labels;
  if (delayed && s.drop_name) drop_metric_name(l);
  return l;
}

Matrix to_matrix(EMatrix&& m) {
  Matrix out;
  for (auto& s : m.series) out.push_back(SeriesPoints{std::move(s.labels), std::move(s.points)});
  return out;
}

void sort_matrix(Matrix& m) {
  std::sort(m.begin(), m.end(), [](const SeriesPoints& a, const SeriesPoints& b) {
    return std::lexicographical_compare(a.labels.begin(), a.labels.end(), b.labels.begin(), b.labels.end(),
                                        [](const model::Label& x, const model::Label& y) {
                                          if (x.name != y.name) return x.name < y.name;
                                          return x.value < y.value;
                                        });
  });
}

// Delayed name removal may make two series of a matrix one: their points are merged.
void merge_same_labels(Matrix& m) {
  std::map<std::string, std::size_t> index;
  Matrix out;
  for (auto& s : m) {
    auto [it, fresh] = index.emplace(full_key(s.labels), out.size());
    if (fresh) {
      out.push_back(std::move(s));
      continue;
    }
    auto& base = out[it->second].points;
    base.insert(base.end(), s.points.begin(), s.points.end());
    std::stable_sort(base.begin(), base.end(), [](const Point& a, const Point& b) { return a.t < b.t; });
    for (std::size_t i = 1; i < base.size(); ++i)
      if (base[i].t == base[i - 1].t) fail("vector cannot contain metrics with the same labelset");
  }
  m = std::move(out);
}

}  // namespace

Engine::Engine(const Storage& storage, EngineOptions options) : storage_(storage), options_(options) {}

Result Engine::instant(const Expr& expr, std::int64_t t_ms) const {
  Result result;
  Annotations ann;
  Evaluator ev(storage_, options_, t_ms, t_ms, ann);
  EValue v = ev.eval(expr, t_ms);
  result.value.type = v.type;
  result.value.scalar = v.scalar;
  result.value.string = std::move(v.string);
  if (v.type == ValueType::vector) {
    if (options_.delayed_name_removal) {
      for (auto& s : v.vector)
        if (s.drop_name) drop_metric_name(s.labels);
      check_unique(v.vector);
    }
    for (auto& s : v.vector) result.value.vector.push_back(Sample{std::move(s.labels), s.v});
  } else if (v.type == ValueType::matrix) {
    if (options_.delayed_name_removal)
      for (auto& s : v.matrix.series)
        if (s.drop_name) drop_metric_name(s.labels);
    result.value.matrix = to_matrix(std::move(v.matrix));
    if (options_.delayed_name_removal) merge_same_labels(result.value.matrix);
  }
  result.warnings = std::move(ann.warnings);
  result.infos = std::move(ann.infos);
  return result;
}

Result Engine::range(const Expr& expr, std::int64_t start_ms, std::int64_t end_ms, std::int64_t step_ms) const {
  if (step_ms <= 0) throw Error("zero or negative query resolution step widths are not accepted");
  if (end_ms < start_ms) throw Error("end timestamp must not be before start time");
  const ValueType type = expr.type();
  if (type != ValueType::scalar && type != ValueType::vector)
    throw Error("invalid expression type \"" + std::string(to_string(type)) +
                "\" for range query, must be Scalar or instant Vector");
  Result result;
  Annotations ann;
  Evaluator ev(storage_, options_, start_ms, end_ms, ann);
  Matrix m;
  std::unordered_map<std::string, std::size_t> index;
  for (std::int64_t t = start_ms; t <= end_ms; t += step_ms) {
    EValue v = ev.eval(expr, t);
    if (v.type == ValueType::scalar) {
      if (m.empty()) m.push_back(SeriesPoints{});
      m[0].points.push_back(Point{t, v.scalar});
      continue;
    }
    for (auto& s : v.vector) {
      auto labels = final_labels(s, options_.delayed_name_removal);
      auto key = full_key(s.labels);
      if (s.drop_name) key += "\x01";
      auto [it, fresh] = index.emplace(std::move(key), m.size());
      if (fresh) m.push_back(SeriesPoints{std::move(labels), {}});
      m[it->second].points.push_back(Point{t, s.v});
    }
  }
  if (options_.delayed_name_removal) merge_same_labels(m);
  sort_matrix(m);
  result.value.type = ValueType::matrix;
  result.value.matrix = std::move(m);
  result.warnings = std::move(ann.warnings);
  result.infos = std::move(ann.infos);
  return result;
}

}  // namespace mon::promql
