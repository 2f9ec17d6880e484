// Aggregation operators with by/without: Prometheus' Kahan sum and its mean that turns
// incremental on overflow, Welford's variance, quantile, topk/bottomk, count_values, group.
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "eval.hpp"

namespace mon::promql::detail {

namespace {

struct Group {
  Labels labels;
  double value = 0, mean = 0, kahan = 0, count = 0;
  bool incremental_mean = false;
  bool drop_name = false;
  std::vector<double> values;    // quantile
  std::vector<ESample> samples;  // topk, bottomk
};

Labels grouping_labels(const Labels& metric, const Aggregate& a) {
  Labels out;
  for (const auto& l : metric) {
    bool listed = std::find(a.grouping.begin(), a.grouping.end(), l.name) != a.grouping.end();
    if (a.without ? (!listed && l.name != "__name__") : listed) out.push_back(l);
  }
  return out;
}

std::string position_suffix(const Expr& e) { return " (1:" + std::to_string(e.position + 1) + ")"; }

// topk keeps the largest; NaN counts as the smallest for both (it is only kept when nothing else is).
bool better(double a, double b, bool top) {
  if (std::isnan(b)) return !std::isnan(a);
  if (std::isnan(a)) return false;
  return top ? a > b : a < b;
}

}  // namespace

EValue Evaluator::aggregate(const Aggregate& a, std::int64_t t) {
  double param = 0;
  std::string label_param;
  if (a.op == AggregateOp::count_values) {
    EValue p = eval(*a.param, t);
    label_param = p.string;
    if (!valid_label_name(label_param)) fail("invalid label name " + quote(label_param));
  } else if (a.param) {
    param = eval_scalar(*a.param, t);
  }
  EVector input = eval_vector(*a.expr, t);
  EValue out;
  out.type = ValueType::vector;

  if (a.op == AggregateOp::quantile) {
    if (std::isnan(param) || param < 0 || param > 1)
      ann_.warn("PromQL warning: quantile value should be between 0 and 1, got " + format_g(param) +
                position_suffix(*a.param));
  }
  std::int64_t k = 0;
  if (a.op == AggregateOp::topk || a.op == AggregateOp::bottomk) {
    if (param < 1) return out;
    if (std::isnan(param)) fail("Parameter value is NaN");
    if (param >= 9.2233720368547758e18) fail("Scalar value " + format_g(param) + " overflows int64");
    k = static_cast<std::int64_t>(param);
    if (k > static_cast<std::int64_t>(input.size())) k = static_cast<std::int64_t>(input.size());
    if (k < 1) return out;
  }

  std::vector<Group> groups;
  std::unordered_map<std::string, std::size_t> index;
  for (auto& s : input) {
    Labels key_labels = grouping_labels(s.labels, a);
    if (a.op == AggregateOp::count_values) set_label(key_labels, label_param, format_float(s.v));
    auto key = full_key(key_labels);
    auto [it, fresh] = index.emplace(std::move(key), groups.size());
    const double f = s.v;
    if (fresh) {
      Group g;
      g.labels = std::move(key_labels);
      g.value = f;
      g.mean = f;
      g.count = 1;
      g.drop_name = s.drop_name;
      switch (a.op) {
        case AggregateOp::stddev:
        case AggregateOp::stdvar: g.value = (std::isnan(f) || std::isinf(f)) ? std::nan("") : 0; break;
        case AggregateOp::quantile: g.values.push_back(f); break;
        case AggregateOp::group: g.value = 1; break;
        case AggregateOp::topk:
        case AggregateOp::bottomk: g.samples.push_back(std::move(s)); break;
        default: break;
      }
      groups.push_back(std::move(g));
      continue;
    }
    Group& g = groups[it->second];
    if (s.drop_name) g.drop_name = true;
    switch (a.op) {
      case AggregateOp::sum: g.value = kahan_inc(f, g.value, g.kahan); break;
      case AggregateOp::avg: {
        g.count++;
        if (!g.incremental_mean) {
          double c = g.kahan;
          double nv = kahan_inc(f, g.value, c);
          if (!std::isinf(nv)) {
            g.value = nv;
            g.kahan = c;
            break;
          }
          g.incremental_mean = true;
          g.mean = g.value / (g.count - 1);
          g.kahan /= g.count - 1;
        }
        double q = (g.count - 1) / g.count;
        double c = q * g.kahan;
        g.mean = kahan_inc(f / g.count, q * g.mean, c);
        g.kahan = c;
        break;
      }
      case AggregateOp::max:
        if (g.value < f || std::isnan(g.value)) g.value = f;
        break;
      case AggregateOp::min:
        if (g.value > f || std::isnan(g.value)) g.value = f;
        break;
      case AggregateOp::count:
      case AggregateOp::count_values: g.count++; break;
      case AggregateOp::stddev:
      case AggregateOp::stdvar: {
        g.count++;
        double delta = f - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (f - g.mean);
        break;
      }
      case AggregateOp::quantile: g.values.push_back(f); break;
      case AggregateOp::group: break;
      case AggregateOp::topk:
      case AggregateOp::bottomk: {
        const bool top = a.op == AggregateOp::topk;
        if (static_cast<std::int64_t>(g.samples.size()) < k) {
          g.samples.push_back(std::move(s));
          break;
        }
        // Replace the worst kept sample when this one is better.
        std::size_t worst = 0;
        for (std::size_t i = 1; i < g.samples.size(); ++i)
          if (better(g.samples[worst].v, g.samples[i].v, top)) worst = i;
        if (better(f, g.samples[worst].v, top)) g.samples[worst] = std::move(s);
        break;
      }
    }
  }

  for (auto& g : groups) {
    double v = g.value;
    switch (a.op) {
      case AggregateOp::sum: v = g.value + g.kahan; break;
      case AggregateOp::avg:
        v = g.incremental_mean ? g.mean + g.kahan : g.value / g.count + g.kahan / g.count;
        break;
      case AggregateOp::count:
      case AggregateOp::count_values: v = g.count; break;
      case AggregateOp::stdvar: v = g.value / g.count; break;
      case AggregateOp::stddev: v = std::sqrt(g.value / g.count); break;
      case AggregateOp::quantile: v = range_fn::quantile(param, std::move(g.values)); break;
      case AggregateOp::topk:
      case AggregateOp::bottomk: {
        const bool top = a.op == AggregateOp::topk;
        std::stable_sort(g.samples.begin(), g.samples.end(),
                         [&](const ESample& x, const ESample& y) { return better(x.v, y.v, top); });
        for (auto& s : g.samples) {
          s.t = t;
          out.vector.push_back(std::move(s));
        }
        continue;
      }
      default: break;
    }
    out.vector.push_back(ESample{std::move(g.labels), v, t, g.drop_name});
  }
  return out;
}

}  // namespace mon::promql::detail
