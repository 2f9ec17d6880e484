// OpenMetrics 1.0 semantic checks (see openmetrics_checks.hpp). The rules are the spec's
// "Metric Types" and "Text format -> MetricFamily/Metric/MetricPoint" sections; where the spec
// leaves a detail open the OpenMetrics conformance suite decides (every case in
// $MONCTL_SHARED_DIR/data/openmetrics-conformance is a unit test).
#include "openmetrics_checks.hpp"

#include <cmath>

namespace mon::format::detail::om {

using model::MetricType;

const std::vector<std::string_view>& suffixes_of(MetricType type) {
  static const std::vector<std::string_view> counter{"_total", "_created"}, summary{"", "_count", "_sum", "_created"},
      histogram{"_count", "_sum", "_bucket", "_created"}, gaugehistogram{"_gcount", "_gsum", "_bucket"},
      info{"_info"}, plain{""};
  switch (type) {
    case MetricType::counter: return counter;
    case MetricType::summary: return summary;
    case MetricType::histogram: return histogram;
    case MetricType::gaugehistogram: return gaugehistogram;
    case MetricType::info: return info;
    default: return plain;
  }
}

bool allowed(std::string_view sample, std::string_view family, MetricType type) {
  if (sample.size() < family.size() || sample.substr(0, family.size()) != family) return false;
  std::string_view suffix = sample.substr(family.size());
  for (auto s : suffixes_of(type))
    if (s == suffix) return true;
  return false;
}

namespace {

bool is_integer(double v) { return std::isfinite(v) && std::floor(v) == v; }

std::uint64_t mix(std::uint64_t h, std::string_view s, char end) {
  h = text::fnv1a(s, h);
  return text::fnv1a(std::string_view(&end, 1), h);
}

const std::string* label(const model::Sample& s, std::string_view name) {
  for (const auto& l : s.labels)
    if (l.name == name) return &l.value;
  return nullptr;
}

}  // namespace

std::optional<std::string> FamilyChecks::register_names(const model::Family& f) {
  std::optional<std::string> clash;
  for (auto suffix : suffixes_of(f.type)) {
    std::uint64_t h = text::fnv1a(suffix, text::fnv1a(f.name));
    if (!names_.insert(h) && !clash) clash = f.name + std::string(suffix);
  }
  if (!suffixes_of(f.type).empty() && suffixes_of(f.type)[0] != "") {
    // The bare name is taken too: another family "x" would clash with counter "x".
    if (!names_.insert(text::fnv1a(f.name)) && !clash) clash = f.name;
  }
  return clash;
}

void FamilyChecks::begin(const model::Family& f) {
  name_ = f.name;
  type_ = f.type;
  groups_.clear();
  have_group_ = false;
  point_ = Point{};
}

std::optional<std::string> FamilyChecks::value_rules(const model::Sample& s, std::string_view suffix) const {
  const double v = s.value;
  const bool histo = type_ == MetricType::histogram || type_ == MetricType::gaugehistogram;
  if (type_ == MetricType::stateset) {
    if (!label(s, name_)) return "a stateset sample needs a label named like its family (\"" + name_ + "\")";
    if (v != 0 && v != 1) return "a stateset sample's value must be 0 or 1";
  }
  if (type_ == MetricType::info && v != 1) return "an info sample's value must be 1";
  if (histo && suffix == "_bucket") {
    const std::string* le = label(s, "le");
    if (!le) return "a histogram bucket needs an \"le\" label";
    auto b = parse_number(*le);
    if (!b || std::isnan(*b)) return "the \"le\" label must be a number, found \"" + *le + "\"";
    if (std::isinf(*b) && *le != "+Inf" && *le != "-Inf")
      return "an infinite \"le\" must be written +Inf, found \"" + *le + "\"";
  }
  if (type_ == MetricType::summary && suffix.empty()) {
    const std::string* q = label(s, "quantile");
    if (!q) return "a summary quantile sample needs a \"quantile\" label";
    auto b = parse_number(*q);
    if (!b || !(*b >= 0 && *b <= 1)) return "the \"quantile\" label must be a number from 0 to 1, found \"" + *q + "\"";
    if (v < 0) return "a quantile's value cannot be negative";
  }
  bool counter_like = suffix == "_total" || suffix == "_sum" || suffix == "_count" || suffix == "_bucket" ||
                      suffix == "_gcount" || suffix == "_gsum";
  if (counter_like && std::isnan(v)) return "a " + std::string(suffix) + " sample cannot be NaN";
  if (counter_like && suffix != "_gsum" && v < 0) return "a " + std::string(suffix) + " sample cannot be negative";
  if ((suffix == "_bucket" || suffix == "_count" || suffix == "_gcount") && histo && !is_integer(v) && !std::isinf(v))
    return "a histogram's " + std::string(suffix) + " must be an integer";
  if (suffix == "_count" && type_ == MetricType::summary && !is_integer(v) && !std::isinf(v))
    return "a summary's _count must be an integer";
  return std::nullopt;
}

// The MetricPoint a sample belongs to: its labels without the per-value one (le, quantile, the
// stateset's state label).
std::uint64_t FamilyChecks::group_of(const model::Sample& s, std::string_view suffix) const {
  std::string_view skip;
  if ((type_ == MetricType::histogram || type_ == MetricType::gaugehistogram) && suffix == "_bucket") skip = "le";
  else if (type_ == MetricType::summary && suffix.empty()) skip = "quantile";
  else if (type_ == MetricType::stateset) skip = name_;
  std::uint64_t h = text::fnv1a({});
  for (const auto& l : s.labels) {
    if (l.name == skip) continue;
    h = mix(mix(h, l.name, '\xff'), l.value, '\xfe');
  }
  return h;
}

void FamilyChecks::sample(const model::Sample& s, bool has_ts, double ts, std::uint64_t line,
                          std::optional<std::string>& own, std::vector<Problem>& points) {
  std::string_view suffix = std::string_view(s.name).substr(name_.size());
  own = value_rules(s, suffix);
  if (own) return;
  std::uint64_t g = group_of(s, suffix);
  if (have_group_ && g == group_) {
    if (has_ts != group_has_ts_) {
      own = "samples of one metric must all have a timestamp or all have none";
      return;
    }
    if (has_ts && ts < group_ts_) {
      own = "timestamps of one metric must not go backwards";
      return;
    }
  } else if (have_group_ && groups_.contains(g)) {
    own = "this label set already appeared earlier in the family: a metric's samples must not be interleaved with "
          "another's";
    return;
  }
  groups_.insert(g);
  have_group_ = true;
  group_ = g;
  group_has_ts_ = has_ts;
  group_ts_ = ts;

  if (type_ != MetricType::histogram && type_ != MetricType::gaugehistogram) return;
  if (point_.active && (point_.group != g || point_.has_ts != has_ts || point_.ts != ts)) finish_point(points);
  if (!point_.active) {
    point_ = Point{};
    point_.active = true;
    point_.group = g;
    point_.has_ts = has_ts;
    point_.ts = ts;
    point_.line = line;
  }
  if (suffix == "_bucket") {
    double le = *parse_number(*label(s, "le"));
    if (le < 0) point_.negative_bucket = true;
    if (point_.bucket && le <= point_.last_le) {
      own = "histogram buckets must come in increasing order of \"le\"";
      return;
    }
    if (point_.bucket && s.value < point_.last_value) {
      own = "histogram buckets are cumulative: this bucket's value is below the previous one's";
      return;
    }
    point_.bucket = true;
    point_.last_le = le;
    point_.last_value = s.value;
  } else if (suffix == "_count" || suffix == "_gcount") {
    point_.count = true;
    point_.count_value = s.value;
  } else if (suffix == "_sum") {
    point_.sum = true;
  } else if (suffix == "_gsum") {
    point_.gsum = true;
    if (s.value < 0) point_.negative_gsum = true;
  }
}

void FamilyChecks::finish_point(std::vector<Problem>& points) {
  Point& p = point_;
  p.active = false;
  auto problem = [&](const std::string& m) { points.push_back({p.line, "histogram \"" + name_ + "\": " + m}); };
  if (!p.bucket || !std::isinf(p.last_le) || p.last_le < 0) return problem("the +Inf bucket is missing");
  if (p.count && p.count_value != p.last_value)
    return problem(std::string(type_ == MetricType::histogram ? "_count" : "_gcount") +
                   " must equal the +Inf bucket's value");
  if (p.sum && !p.count) return problem("_sum needs a _count");
  if (p.gsum && !p.count) return problem("_gsum needs a _gcount");
  if (!p.sum && !p.gsum && p.count) return problem("_count needs a _sum");
  if (p.negative_bucket && p.sum) return problem("with negative buckets there can be no _sum");
  if (!p.negative_bucket && p.negative_gsum) return problem("_gsum can be negative only with negative buckets");
}

void FamilyChecks::end(std::vector<Problem>& points) {
  if (point_.active) finish_point(points);
}

}  // namespace mon::format::detail::om
