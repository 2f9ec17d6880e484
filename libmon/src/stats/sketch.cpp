// DDSketch with a collapsing dense store per sign; the algorithm and its bound are explained in
// mon/stats/sketch.hpp.
#include "mon/stats/sketch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mon/error.hpp"

namespace mon::stats {

namespace {
constexpr std::int32_t kMaxKey = std::numeric_limits<std::int32_t>::max() / 2;
}

Sketch::Sketch(double relative_accuracy, std::size_t max_buckets)
    : alpha_(relative_accuracy),
      max_buckets_(max_buckets),
      min_(std::numeric_limits<double>::infinity()),
      max_(-std::numeric_limits<double>::infinity()) {
  if (!(relative_accuracy > 0 && relative_accuracy < 1))
    throw Error("a sketch's relative accuracy must lie strictly between 0 and 1");
  gamma_ = (1 + alpha_) / (1 - alpha_);
  log_gamma_ = std::log(gamma_);
  inv_log_gamma_ = 1 / log_gamma_;
  if (max_buckets_ == 0) max_buckets_ = static_cast<std::size_t>(std::ceil(18 * std::log(10.0) / log_gamma_));
  max_buckets_ = std::max<std::size_t>(max_buckets_, 8);
  // The smallest positive double whose key still fits; below it a value is counted as zero.
  min_indexable_ = std::max(std::numeric_limits<double>::denorm_min(), std::exp((-kMaxKey + 1) * log_gamma_));
}

std::int32_t Sketch::key_of(double magnitude) const {
  // ⌈t⌉ as truncation plus one when it fell short (no SSE4.1 rounding instruction is assumed).
  // t is finite: magnitude lies in [min_indexable_, +Inf); the clamp holds any α's keys in range.
  const double t = std::clamp(std::log(magnitude) * inv_log_gamma_, static_cast<double>(-kMaxKey),
                              static_cast<double>(kMaxKey));
  auto k = static_cast<std::int32_t>(t);
  return k + (static_cast<double>(k) < t ? 1 : 0);
}

double Sketch::value_of(std::int32_t key) const { return 2 * std::exp(key * log_gamma_) / (1 + gamma_); }

void Sketch::add_to(Store& store, std::int32_t key, double weight) {
  store.total += weight;
  if (store.counts.empty()) {
    store.offset = key;
    store.counts.assign(1, 0.0);
  }
  const auto size = static_cast<std::int64_t>(store.counts.size());
  const auto cap = static_cast<std::int64_t>(max_buckets_);
  std::int64_t index = static_cast<std::int64_t>(key) - store.offset;
  if (index < 0) {
    // Below the lowest bucket: grow downwards as far as the bound allows; what lies below joins
    // the lowest bucket (which then holds everything under it).
    std::int64_t grow = std::min(-index, store.collapsed ? 0 : cap - size);
    if (grow > 0) {
      store.counts.insert(store.counts.begin(), static_cast<std::size_t>(grow), 0.0);
      store.offset -= static_cast<std::int32_t>(grow);
    }
    if (grow < -index) store.collapsed = true;
    index = std::max<std::int64_t>(0, index + grow);
  } else if (index >= size) {
    // Above the highest bucket: grow upwards; past the bound, the lowest buckets fold into one.
    std::int64_t shift = index + 1 - cap;
    if (shift > 0) {
      std::int64_t folded_n = std::min(shift, size);
      double folded = 0;
      for (std::int64_t i = 0; i < folded_n; ++i) folded += store.counts[static_cast<std::size_t>(i)];
      store.counts.erase(store.counts.begin(), store.counts.begin() + folded_n);
      store.offset += static_cast<std::int32_t>(shift);
      if (store.counts.empty()) store.counts.push_back(0);
      store.counts.front() += folded;
      store.collapsed = true;
      index -= shift;
    }
    store.counts.resize(static_cast<std::size_t>(index) + 1, 0.0);
  }
  store.counts[static_cast<std::size_t>(index)] += weight;
}

void Sketch::add(double v, double weight) {
  if (std::isnan(v) || !(weight > 0)) return;
  count_ += weight;
  sum_ += v * weight;
  min_ = std::min(min_, v);
  max_ = std::max(max_, v);
  double magnitude = std::fabs(v);
  if (std::isinf(v))
    (v > 0 ? pos_inf_count_ : neg_inf_count_) += weight;
  else if (magnitude < min_indexable_)
    zero_count_ += weight;
  else if (v > 0)
    add_to(positive_, key_of(magnitude), weight);
  else
    add_to(negative_, key_of(magnitude), weight);
}

void Sketch::add_all(std::span<const double> values) {
  // The common case inline: a positive finite value whose bucket exists already. The rest (zeros,
  // negatives, infinities, a new bucket) through add(). The running figures are kept in locals
  // (the bucket stores could alias members) and written back whenever add() needs them.
  Store& store = positive_;
  double n = 0, sum = sum_, lo = min_, hi = max_;
  auto write_back = [&] {
    store.total += n;
    count_ += n;
    sum_ = sum;
    min_ = lo;
    max_ = hi;
    n = 0;
  };
  for (double v : values) {
    if (v >= min_indexable_ && v < std::numeric_limits<double>::infinity() && !store.counts.empty()) {
      std::int64_t index = static_cast<std::int64_t>(key_of(v)) - store.offset;
      if (index >= 0 && index < static_cast<std::int64_t>(store.counts.size())) {
        store.counts[static_cast<std::size_t>(index)] += 1;
        n += 1;
        sum += v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        continue;
      }
    }
    write_back();
    add(v);
    sum = sum_;
    lo = min_;
    hi = max_;
  }
  write_back();
}

void Sketch::merge(const Sketch& other) {
  if (other.alpha_ != alpha_) throw Error("sketches of different relative accuracy cannot be merged");
  if (other.empty()) return;
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  zero_count_ += other.zero_count_;
  pos_inf_count_ += other.pos_inf_count_;
  neg_inf_count_ += other.neg_inf_count_;
  for (auto [from, to] : {std::pair{&other.positive_, &positive_}, std::pair{&other.negative_, &negative_}}) {
    // Highest keys first, so that a collapse (if any) happens once at the low end.
    for (std::size_t i = from->counts.size(); i-- > 0;)
      if (from->counts[i] > 0) add_to(*to, from->offset + static_cast<std::int32_t>(i), from->counts[i]);
    to->collapsed = to->collapsed || from->collapsed;
  }
}

void Sketch::clear() {
  positive_ = {};
  negative_ = {};
  zero_count_ = pos_inf_count_ = neg_inf_count_ = count_ = sum_ = 0;
  min_ = std::numeric_limits<double>::infinity();
  max_ = -std::numeric_limits<double>::infinity();
}

std::int32_t Sketch::key_at_rank(const Store& store, double rank) {
  double seen = 0;
  for (std::size_t i = 0; i < store.counts.size(); ++i) {
    seen += store.counts[i];
    if (seen > rank) return store.offset + static_cast<std::int32_t>(i);
  }
  return store.offset + static_cast<std::int32_t>(store.counts.size()) - 1;
}

double Sketch::quantile(double q) const {
  if (empty() || !(q >= 0 && q <= 1)) return std::numeric_limits<double>::quiet_NaN();
  if (q == 0) return min_;
  if (q == 1) return max_;
  double rank = q * (count_ - 1);
  double y;
  if (rank < neg_inf_count_) return -std::numeric_limits<double>::infinity();
  rank -= neg_inf_count_;
  if (rank >= negative_.total + zero_count_ + positive_.total) return max_;  // among the +Inf
  if (rank < negative_.total) {
    // The negative store counts magnitudes: the most negative value has the highest key.
    y = -value_of(key_at_rank(negative_, negative_.total - 1 - rank));
  } else if (rank < negative_.total + zero_count_) {
    y = 0;
  } else {
    y = value_of(key_at_rank(positive_, rank - negative_.total - zero_count_));
  }
  return std::clamp(y, min_, max_);
}

}  // namespace mon::stats
