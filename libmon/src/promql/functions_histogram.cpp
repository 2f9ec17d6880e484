// histogram_quantile and histogram_fraction over classic `le` buckets: buckets grouped by their
// labels without `le`, coalesced, made monotonic as Prometheus does (with its info), interpolated.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>

#include "eval.hpp"

namespace mon::promql::detail {

namespace {

struct Bucket {
  double upper = 0;
  double count = 0;
};

constexpr double inf = std::numeric_limits<double>::infinity();

// Go's strconv.ParseFloat for the values `le` holds.
bool parse_float(std::string_view s, double& out) {
  if (s.empty()) return false;
  std::string lower;
  for (char c : s) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  bool neg = false;
  std::string_view body = lower;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "inf" || body == "infinity") {
    out = neg ? -inf : inf;
    return true;
  }
  if (body == "nan") {
    out = std::nan("");
    return true;
  }
  if (body.empty() || body[0] == '+' || body[0] == '-') return false;
  double v = 0;
  auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  if (r.ec != std::errc() || r.ptr != body.data() + body.size()) return false;
  out = neg ? -v : v;
  return true;
}

bool almost_equal(double a, double b, double epsilon) {
  if (a == b) return true;
  double absSum = std::fabs(a) + std::fabs(b);
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || absSum < std::numeric_limits<double>::min()) return diff < epsilon * std::numeric_limits<double>::min();
  return diff / std::min(absSum, std::numeric_limits<double>::max()) < epsilon;
}

void sort_coalesce(std::vector<Bucket>& b) {
  std::stable_sort(b.begin(), b.end(), [](const Bucket& x, const Bucket& y) { return x.upper < y.upper; });
  std::size_t i = 0;
  Bucket last = b[0];
  for (std::size_t k = 1; k < b.size(); ++k) {
    if (b[k].upper == last.upper) {
      last.count += b[k].count;
    } else {
      b[i++] = last;
      last = b[k];
    }
  }
  b[i] = last;
  b.resize(i + 1);
}

struct Monotonic {
  bool forced = false;
  double min_bucket = inf, max_bucket = -inf, max_diff = 0;
};

Monotonic ensure_monotonic(std::vector<Bucket>& b) {
  Monotonic m;
  double prev = b[0].count;
  for (std::size_t i = 1; i < b.size(); ++i) {
    double curr = b[i].count;
    if (curr == prev) continue;
    if (almost_equal(prev, curr, 1e-12)) {
      b[i].count = prev;
      continue;
    }
    if (curr < prev) {
      b[i].count = prev;
      m.forced = true;
      m.min_bucket = std::min(m.min_bucket, b[i].upper);
      m.max_bucket = std::max(m.max_bucket, b[i].upper);
      m.max_diff = std::max(m.max_diff, prev - curr);
      continue;
    }
    prev = curr;
  }
  return m;
}

double bucket_quantile(double q, std::vector<Bucket> b, Monotonic& mono) {
  if (std::isnan(q)) return std::nan("");
  if (q < 0) return -inf;
  if (q > 1) return inf;
  std::stable_sort(b.begin(), b.end(), [](const Bucket& x, const Bucket& y) { return x.upper < y.upper; });
  if (!(std::isinf(b.back().upper) && b.back().upper > 0)) return std::nan("");
  sort_coalesce(b);
  mono = ensure_monotonic(b);
  if (b.size() < 2) return std::nan("");
  double observations = b.back().count;
  if (observations == 0) return std::nan("");
  double rank = q * observations;
  std::size_t idx = 0;
  while (idx < b.size() - 1 && !(b[idx].count >= rank)) ++idx;
  if (idx == b.size() - 1) return b[b.size() - 2].upper;
  if (idx == 0 && b[0].upper <= 0) return b[0].upper;
  double start = 0, end = b[idx].upper, count = b[idx].count;
  if (idx > 0) {
    start = b[idx - 1].upper;
    count -= b[idx - 1].count;
    rank -= b[idx - 1].count;
  }
  return start + (end - start) * (rank / count);
}

double bucket_fraction(double lower, double upper, std::vector<Bucket> b) {
  std::stable_sort(b.begin(), b.end(), [](const Bucket& x, const Bucket& y) { return x.upper < y.upper; });
  if (!(std::isinf(b.back().upper) && b.back().upper > 0)) return std::nan("");
  sort_coalesce(b);
  double count = b.back().count;
  if (count == 0 || std::isnan(lower) || std::isnan(upper)) return std::nan("");
  if (lower >= upper) return 0;
  double rank = 0, lower_rank = 0, upper_rank = 0;
  bool lower_set = false, upper_set = false;
  double lower_bound = b[0].upper <= 0 ? -inf : 0.0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i > 0) lower_bound = b[i - 1].upper;
    const double upper_bound = b[i].upper;
    auto interpolate = [&](double v) {
      if (lower_bound == -inf) return b[i].count;
      return rank + (b[i].count - rank) * (v - lower_bound) / (upper_bound - lower_bound);
    };
    if (!lower_set && lower_bound >= lower) {
      lower_rank = rank;
      lower_set = true;
    }
    if (!upper_set && lower_bound >= upper) {
      upper_rank = rank;
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    if (!lower_set && lower_bound < lower && upper_bound > lower) {
      lower_rank = interpolate(lower);
      lower_set = true;
    }
    if (!upper_set && lower_bound < upper && upper_bound > upper) {
      upper_rank = interpolate(upper);
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    rank = b[i].count;
  }
  if (!lower_set || lower_rank > count) lower_rank = count;
  if (!upper_set || upper_rank > count) upper_rank = count;
  return (upper_rank - lower_rank) / count;
}

std::string pos(const Expr& e) { return " (1:" + std::to_string(e.position + 1) + ")"; }

std::string rfc3339(std::int64_t ms) {
  std::time_t tt = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string go_2g(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

}  // namespace

bool call_histogram_function(Evaluator& ev, std::string_view name, const Call& c, std::int64_t t, EValue& out) {
  out.type = ValueType::vector;
  if (name == "histogram_count" || name == "histogram_sum" || name == "histogram_avg" || name == "histogram_stddev" ||
      name == "histogram_stdvar") {
    // These read native histograms only: float samples give nothing, as in Prometheus.
    ev.eval_vector(*c.args[0], t);
    return true;
  }
  const bool is_quantile = name == "histogram_quantile";
  if (!is_quantile && name != "histogram_fraction") return false;
  double q = 0, lower = 0, upper = 0;
  const Expr* varg = nullptr;
  if (is_quantile) {
    q = ev.eval_scalar(*c.args[0], t);
    varg = c.args[1].get();
  } else {
    lower = ev.eval_scalar(*c.args[0], t);
    upper = ev.eval_scalar(*c.args[1], t);
    varg = c.args[2].get();
  }
  EVector input = ev.eval_vector(*varg, t);
  if (is_quantile && (std::isnan(q) || q < 0 || q > 1))
    ev.annotations().warn("PromQL warning: quantile value should be between 0 and 1, got " + format_g(q) +
                          pos(*c.args[0]));
  if (input.empty()) return true;
  struct Group {
    ESample sample;
    std::vector<Bucket> buckets;
  };
  std::vector<Group> groups;
  std::map<std::string, std::size_t> index;
  for (auto& s : input) {
    double le = 0;
    auto le_text = label_value(s.labels, "le");
    if (!parse_float(le_text, le)) {
      std::string text = "PromQL warning: bucket label \"le\" is missing or has a malformed value of " + quote(le_text);
      if (ev.delayed()) {
        auto metric = label_value(s.labels, "__name__");
        if (!metric.empty()) text += " for metric name " + quote(metric);
      }
      ev.annotations().warn(text + pos(*varg));
      continue;
    }
    Labels key_labels = s.labels;
    del_label(key_labels, "le");
    auto [it, fresh] = index.emplace(full_key(key_labels), groups.size());
    if (fresh) groups.push_back(Group{ESample{std::move(key_labels), 0, t, s.drop_name}, {}});
    groups[it->second].buckets.push_back(Bucket{le, s.v});
  }
  for (auto& g : groups) {
    Monotonic mono;
    double v = is_quantile ? bucket_quantile(q, g.buckets, mono) : bucket_fraction(lower, upper, g.buckets);
    if (mono.forced) {
      std::string text =
          "PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see "
          "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)";
      if (ev.delayed()) {
        auto metric = label_value(g.sample.labels, "__name__");
        if (!metric.empty()) text += " for metric name " + quote(metric);
      }
      text += ", from buckets " + format_g(mono.min_bucket) + " to " + format_g(mono.max_bucket) +
              ", with a max diff of " + go_2g(mono.max_diff) + ", over 1 samples from " + rfc3339(t) + " to " +
              rfc3339(t) + pos(*varg);
      ev.annotations().info(text);
    }
    g.sample.v = v;
    ev.drop_name(g.sample);
    out.vector.push_back(std::move(g.sample));
  }
  return true;
}

}  // namespace mon::promql::detail
