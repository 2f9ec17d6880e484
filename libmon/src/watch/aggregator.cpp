// Windows, groups and their statistics; the contract is in mon/watch/aggregator.hpp.
#include "mon/watch/aggregator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <string_view>

#include "mon/stats/sketch.hpp"
#include "mon/watch/rate.hpp"

namespace mon::watch {

struct Aggregator::Group {
  Group(std::string n, model::Labels l, bool c, double alpha) : name(std::move(n)), labels(std::move(l)), counter(c), sketch(alpha) {}

  std::string name;
  model::Labels labels;
  bool counter;
  double count = 0, sum = 0, mean = 0, m2 = 0;  // Welford's running mean and squared deviations
  double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
  double first = 0, last = 0;
  stats::Sketch sketch;
  CounterTrack track;                                    // the series itself, when not regrouped
  std::string track_key;                                 // its series key
  std::unordered_map<std::string, CounterTrack> members;  // each counter series of a regrouped group

  void add(double v) {
    if (count == 0) first = v;
    last = v;
    if (std::isnan(v)) return;  // NaN has no place in sums or ranks; first/last keep it
    count += 1;
    sum += v;
    double delta = v - mean;
    mean += delta / count;
    m2 += delta * (v - mean);
    min = std::min(min, v);
    max = std::max(max, v);
    sketch.add(v);
  }

  // Many values at once: the same figures, with one division for the batch (its mean and squared
  // deviations merged into the running ones, as Chan, Golub and LeVeque do) instead of one each.
  void add_all(std::span<const double> values) {
    if (values.size() < 2) {
      for (double v : values) add(v);
      return;
    }
    double n = 0, s = 0, lo = min, hi = max;
    for (double v : values) {
      if (count == 0 && n == 0) first = v;
      if (std::isnan(v)) continue;
      n += 1;
      s += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    sketch.add_all(values);  // it leaves NaN out too
    last = values.back();
    if (n == 0) return;
    double batch_mean = s / n, batch_m2 = 0;
    for (double v : values)
      if (!std::isnan(v)) batch_m2 += (v - batch_mean) * (v - batch_mean);
    double total = count + n, delta = batch_mean - mean;
    mean += delta * n / total;
    m2 += batch_m2 + delta * delta * count * n / total;
    count = total;
    sum += s;
    min = lo;
    max = hi;
  }
};

namespace {

bool is_counter(const model::Family& family, const model::Sample& sample) {
  if (family.type == model::MetricType::counter) return true;
  return family.type == model::MetricType::untyped && std::string_view(sample.name).ends_with("_total");
}

void append_key(std::string& key, std::string_view name, const model::Labels& labels) {
  key.assign(name);
  for (const auto& l : labels) {
    key.push_back('\0');
    key += l.name;
    key.push_back('\0');
    key += l.value;
  }
}

bool keep_label(const AggregateOptions& o, const std::string& name) {
  if (o.by) return std::find(o.by->begin(), o.by->end(), name) != o.by->end();
  if (o.without) return std::find(o.without->begin(), o.without->end(), name) == o.without->end();
  return true;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

Aggregator::Aggregator(AggregateOptions options, Emit emit, Clock clock)
    : options_(std::move(options)), emit_(std::move(emit)), clock_(std::move(clock)) {}

Aggregator::~Aggregator() = default;

Aggregator::Group* Aggregator::group_for(const model::Family& family, const model::Sample& sample, std::size_t n) {
  const bool regrouped = options_.by || options_.without;
  model::Labels kept;
  const model::Labels* labels = &sample.labels;
  if (regrouped) {
    for (const auto& l : sample.labels)
      if (keep_label(options_, l.name)) kept.push_back(l);
    labels = &kept;
  }
  append_key(key_, sample.name, *labels);
  auto it = groups_.find(key_);
  if (it != groups_.end()) return it->second.get();
  if (groups_.size() >= options_.max_series) {
    dropped_[sample.name] += n;
    return nullptr;
  }
  auto group = std::make_unique<Group>(sample.name, *labels, is_counter(family, sample), options_.relative_accuracy);
  Group* g = group.get();
  g->track_key = key_;
  groups_.emplace(key_, std::move(group));
  order_.push_back(g);
  return g;
}

void Aggregator::sample(const model::Family& family, const model::Sample& sample) {
  add(family, sample, std::span<const double>(&sample.value, 1));
}

void Aggregator::values(const model::Family& family, const model::Sample& series, std::span<const double> values) {
  if (!values.empty()) add(family, series, values);
}

// The samples of one series, all at one time: `series`' timestamp or one reading of the clock.
void Aggregator::add(const model::Family& family, const model::Sample& sample, std::span<const double> values) {
  const std::int64_t ts = sample.timestamp_ms ? *sample.timestamp_ms : clock_();
  arrival_ = !sample.timestamp_ms;
  if (options_.window_ms <= 0) {
    if (!open_) {
      open_ = true;
      first_ms_ = last_ms_ = ts;
    }
    first_ms_ = std::min(first_ms_, ts);
    last_ms_ = std::max(last_ms_, ts);
  } else {
    if (open_ && ts < window_start_) {
      late_ += values.size();
      return;
    }
    if (open_ && ts >= window_end_) close_window();
    if (!open_) {
      open_ = true;
      window_start_ = floor_div(ts, options_.window_ms) * options_.window_ms;
      window_end_ = window_start_ + options_.window_ms;
    }
  }
  // A stream of one series (plain values) or of a few repeating ones skips building and
  // hashing a key per sample: the last sample's group and counter track are kept at hand.
  Group* g = last_group_;
  CounterTrack* member = last_track_;
  if (!g || sample.name != last_name_ || sample.labels != last_labels_) {
    g = group_for(family, sample, values.size());
    if (!g) return;
    last_group_ = g;
    last_name_ = sample.name;
    last_labels_ = sample.labels;
    member = last_track_ = nullptr;
  }
  g->add_all(values);
  if (!g->counter) return;
  if (!(options_.by || options_.without)) {
    if (g->track.samples() == 0) seed(g->track_key, g->track);
    for (double v : values)
      if (!std::isnan(v)) g->track.add(v, ts);
    return;
  }
  if (!member) {
    append_key(key_, sample.name, sample.labels);
    auto [it, added] = g->members.try_emplace(key_);
    if (added && ++counter_series_ > options_.max_series) {
      g->members.erase(it);
      --counter_series_;
      dropped_[sample.name] += values.size();
      return;
    }
    if (added) seed(it->first, it->second);
    member = last_track_ = &it->second;
  }
  for (double v : values)
    if (!std::isnan(v)) member->add(v, ts);
}

void Aggregator::seed(const std::string& key, CounterTrack& track) {
  if (!options_.carry_counters && !options_.running_totals) return;
  auto it = carried_.find(key);
  if (it != carried_.end())
    track.add(it->second.value, it->second.ms);
  else if (options_.running_totals)
    track.add(0, window_start_);  // the source started it from 0
}

void Aggregator::close_until(std::int64_t now_ms) {
  // Only windows of arrival-time samples: event time moves with the samples, not the clock.
  if (open_ && arrival_ && options_.window_ms > 0 && now_ms >= window_end_) close_window();
}

void Aggregator::finish() {
  if (open_) close_window();
}

void Aggregator::close_window() {
  const std::int64_t start = options_.window_ms > 0 ? window_start_ : first_ms_;
  const std::int64_t end = options_.window_ms > 0 ? window_end_ : last_ms_;
  std::vector<WindowRecord> records;
  records.reserve(order_.size());
  for (const Group* g : order_) {
    WindowRecord r;
    r.name = g->name;
    r.labels = g->labels;
    r.counter = g->counter;
    r.start_ms = start;
    r.end_ms = end;
    r.count = g->count;
    r.sum = g->sum;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.min = g->count > 0 ? g->min : nan;
    r.max = g->count > 0 ? g->max : nan;
    r.mean = g->count > 0 ? g->mean : nan;
    r.stddev = g->count > 0 ? std::sqrt(g->m2 / g->count) : nan;
    r.first = g->first;
    r.last = g->last;
    if (g->counter) {
      std::optional<CounterTrack::Result> total;
      const double seconds = (end - start) / 1000.0;
      auto fold = [&](const CounterTrack& t) {
        if (options_.running_totals) {
          if (!total) total = CounterTrack::Result{};
          total->increase += t.seen_increase();
          total->rate += seconds > 0 ? t.seen_increase() / seconds : 0;
        } else if (auto one = t.over(start, end)) {
          if (!total) total = CounterTrack::Result{};
          total->increase += one->increase;
          total->rate += one->rate;
        }
      };
      if (g->members.empty())
        fold(g->track);
      else
        for (const auto& m : g->members) fold(m.second);
      if (total) {
        r.increase = total->increase;
        r.rate = total->rate;
      }
    }
    for (std::size_t i = 0; i < options_.quantiles.size(); ++i)
      r.quantiles.emplace_back(options_.quantile_names[i], g->sketch.quantile(options_.quantiles[i]));
    records.push_back(std::move(r));
  }
  if (options_.carry_counters || options_.running_totals) {
    if (!options_.running_totals) carried_.clear();  // running totals: every series' last value is kept
    for (const Group* g : order_) {
      if (!g->counter) continue;
      if (g->track.samples() > 0) carried_[g->track_key] = {g->track.last(), g->track.last_ms()};
      for (const auto& [key, track] : g->members)
        if (track.samples() > 0) carried_[key] = {track.last(), track.last_ms()};
    }
  }
  groups_.clear();
  order_.clear();
  last_group_ = nullptr;
  last_track_ = nullptr;
  counter_series_ = 0;
  open_ = false;
  ++windows_closed_;
  if (!records.empty()) emit_(records);
}

}  // namespace mon::watch
