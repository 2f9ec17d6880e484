#pragma once
// A quantile sketch with a relative-error guarantee: DDSketch (Masson, Rim & Lee, "DDSketch: A
// Fast and Fully-Mergeable Quantile Sketch with Relative-Error Guarantees", VLDB 2019).
//
// Values are counted in logarithmic buckets: with γ = (1+α)/(1−α), a value v > 0 falls into
// bucket k = ⌈log_γ v⌉, and the bucket answers 2γ^k/(1+γ), which is within a factor (1±α) of
// every value in it. So if the true q-quantile is x, quantile(q) returns y with |y−x| ≤ α|x|
// (negative values use a mirrored set of buckets; zeros are counted apart). The rank of the
// q-quantile is q·(n−1), the "lower" quantile of the sorted values, as the reference
// implementations define it. Two sketches with the same α merge exactly (add bucket counts), so
// per-window or per-label sketches can be regrouped without losing the bound.
//
// Memory is bounded: at most `max_buckets` buckets per sign, by default as many as a ratio of
// 10^18 between the smallest and the largest magnitude needs (2,073 for α = 1%: 16 KiB per sign
// at most). When a stream spans more, the buckets of the smallest magnitudes are collapsed into
// one: the bound then still holds for every quantile whose value lies above the collapsed range. count, sum,
// min and max are kept exactly, and quantile() is clamped to [min, max].
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace mon::stats {

class Sketch {
 public:
  // relative_accuracy α in (0, 1): 0.01 bounds the error of every quantile by 1%.
  // max_buckets 0: enough for magnitudes 10^18 apart (see above).
  explicit Sketch(double relative_accuracy = 0.01, std::size_t max_buckets = 0);

  // Adds `weight` (> 0) occurrences of v. NaN is ignored; ±Inf is counted apart (it ranks below
  // or above every finite value) so that it costs no resolution.
  void add(double v, double weight = 1);
  // add(v) for each of values (the same result, faster for a batch).
  void add_all(std::span<const double> values);
  // Adds every value counted by `other`. Throws mon::Error when their α differ.
  void merge(const Sketch& other);
  void clear();

  // The q-quantile, q in [0, 1]; NaN when empty.
  double quantile(double q) const;
  double count() const { return count_; }
  double sum() const { return sum_; }
  double min() const { return min_; }  // +Inf when empty
  double max() const { return max_; }  // -Inf when empty
  bool empty() const { return count_ == 0; }
  double relative_accuracy() const { return alpha_; }
  std::size_t buckets() const { return positive_.size() + negative_.size(); }

  // One sign's buckets: counts for consecutive keys starting at `offset`.
  struct Store {
    std::int32_t offset = 0;
    std::vector<double> counts;
    double total = 0;
    bool collapsed = false;  // the lowest bucket holds everything below it
    std::size_t size() const { return counts.size(); }
  };

 private:
  std::int32_t key_of(double magnitude) const;
  double value_of(std::int32_t key) const;
  void add_to(Store& store, std::int32_t key, double weight);
  static std::int32_t key_at_rank(const Store& store, double rank);

  double alpha_;
  double gamma_;
  double log_gamma_;
  double inv_log_gamma_;  // 1 / log_gamma_: a multiplication per value, not a division
  double min_indexable_;  // magnitudes below this count as zero (no finite key)
  std::size_t max_buckets_;
  Store positive_, negative_;
  double zero_count_ = 0;
  double pos_inf_count_ = 0, neg_inf_count_ = 0;
  double count_ = 0;
  double sum_ = 0;
  double min_;
  double max_;
};

}  // namespace mon::stats
