// OpenMetrics 1.0 semantic checks (see openmetrics_checks.hpp). The rules are the spec's
// "Metric Types" and "Text format -> MetricFamily/Metric/MetricPoint" sections; where the spec
// leaves a detail open the OpenMetrics conformance suite decides (every case in
// $MONCTL_SHARED_DIR/data/openmetrics-conformance is a unit test).
#include "openmetrics_checks.hpp"

#include <charconv>
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

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != b[i]) return false;
  return true;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// realnumber = [sign] 1*DIGIT ["." *DIGIT] ["e" [sign] 1*DIGIT] / [sign] *DIGIT "." 1*DIGIT [...]
bool is_real(std::string_view t) {
  std::size_t i = 0, n = t.size();
  if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && digit(t[i])) ++i, ++digits;
  if (i < n && t[i] == '.') {
    ++i;
    while (i < n && digit(t[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    std::size_t exp = 0;
    while (i < n && digit(t[i])) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == n;
}

double to_double(std::string_view t) {
  bool neg = !t.empty() && t[0] == '-';
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.remove_prefix(1);
  double v = 0;
  auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow or underflow: what strtod rounds to.
    std::string copy(t);
    v = std::strtod(copy.c_str(), nullptr);
  }
  return neg ? -v : v;
}

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

std::optional<double> parse_real(std::string_view t) {
  if (!is_real(t)) return std::nullopt;
  return to_double(t);
}

std::optional<double> parse_number(std::string_view t) {
  std::string_view body = t;
  bool neg = false, sign = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    sign = true;
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (iequals(body, "inf") || iequals(body, "infinity")) return neg ? -INFINITY : INFINITY;
  if (!sign && iequals(body, "nan")) return NAN;
  return parse_real(t);
}

std::optional<std::int64_t> seconds_to_ms(std::string_view t, double seconds) {
  // Exact path for plain decimals: integer seconds * 1000 plus the first three fraction
  // digits, the fourth rounding half away from zero. A double would turn 0.001 into 0.000999...
  bool neg = !t.empty() && t[0] == '-';
  std::size_t i = (!t.empty() && (t[0] == '+' || t[0] == '-')) ? 1 : 0;
  while (i + 1 < t.size() && t[i] == '0' && digit(t[i + 1])) ++i;  // leading zeros
  std::size_t int_begin = i;
  while (i < t.size() && digit(t[i])) ++i;
  std::size_t int_digits = i - int_begin;
  bool plain = int_digits <= 15 && (i == t.size() || t[i] == '.');
  for (std::size_t k = i + 1; plain && k < t.size(); ++k) plain = digit(t[k]);
  if (plain) {
    std::int64_t ms = 0;
    for (std::size_t k = int_begin; k < int_begin + int_digits; ++k) ms = ms * 10 + (t[k] - '0');
    std::size_t f = i + 1;
    for (int k = 0; k < 3; ++k, ++f) ms = ms * 10 + ((f < t.size()) ? t[f] - '0' : 0);
    if (f < t.size() && t[f] >= '5') ++ms;
    return neg ? -ms : ms;
  }
  double v = std::round(seconds * 1000.0);
  if (!(std::fabs(v) < 9.2e18)) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

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
