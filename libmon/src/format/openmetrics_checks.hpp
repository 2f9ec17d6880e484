#pragma once
// Internal: OpenMetrics 1.0's rules above the line syntax, checked as samples stream by --
// values each type allows (counters never NaN or negative, info always 1, stateset 0 or 1,
// le/quantile labels present and numeric), MetricPoints not interleaved, timestamps of one
// Metric only rising, histogram points complete (+Inf bucket, cumulative buckets, _count equal
// to it, _sum with _count) and family names not clashing through their suffixes.
//
// Memory is bounded: label sets and names are remembered as 64-bit hashes in capped sets.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mon/model/metric.hpp"
#include "name_hash_set.hpp"
#include "openmetrics_number.hpp"

namespace mon::format::detail::om {

// The suffixes a family of `type` gives its sample names ("" = the family name itself).
const std::vector<std::string_view>& suffixes_of(model::MetricType type);
// Is `sample` one of family `family`'s sample names?
bool allowed(std::string_view sample, std::string_view family, model::MetricType type);

struct Problem {
  std::uint64_t line;
  std::string message;
};

class FamilyChecks {
 public:
  // Family names seen so far; call when a family's metadata is complete. Returns a clash, if any.
  std::optional<std::string> register_names(const model::Family& family);
  void begin(const model::Family& family);
  // Checks one sample of the current family. A problem with the sample itself comes back in
  // `own` (skip the sample); problems of a MetricPoint it completed are appended to `points`.
  void sample(const model::Sample& s, bool has_ts, double ts, std::uint64_t line, std::optional<std::string>& own,
              std::vector<Problem>& points);
  // The family ended: the last histogram point's problems.
  void end(std::vector<Problem>& points);

 private:
  std::optional<std::string> value_rules(const model::Sample& s, std::string_view suffix) const;
  std::uint64_t group_of(const model::Sample& s, std::string_view suffix) const;
  void finish_point(std::vector<Problem>& points);

  std::string name_;
  model::MetricType type_ = model::MetricType::untyped;
  text::NameHashSet names_{1 << 16};
  text::NameHashSet groups_{1 << 16};
  bool have_group_ = false, group_has_ts_ = false;
  std::uint64_t group_ = 0;
  double group_ts_ = 0;
  // The histogram MetricPoint under way.
  struct Point {
    bool active = false, has_ts = false;
    std::uint64_t group = 0, line = 0;
    double ts = 0;
    bool bucket = false, count = false, sum = false, gsum = false, negative_bucket = false, negative_gsum = false;
    double last_le = 0, last_value = 0, count_value = 0;
  } point_;
};

}  // namespace mon::format::detail::om
