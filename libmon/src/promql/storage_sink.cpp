#include "mon/promql/storage_sink.hpp"

#include <algorithm>

namespace mon::promql {

void StorageSink::sample(const model::Family&, const model::Sample& sample) {
  // The labels are sorted and __name__ has its place among them by name.
  scratch_.clear();
  scratch_.reserve(sample.labels.size() + 1);
  auto at = std::lower_bound(sample.labels.begin(), sample.labels.end(), std::string_view("__name__"),
                             [](const model::Label& l, std::string_view n) { return l.name < n; });
  scratch_.insert(scratch_.end(), sample.labels.begin(), at);
  scratch_.push_back({"__name__", sample.name});
  scratch_.insert(scratch_.end(), at, sample.labels.end());
  storage_.add(scratch_, sample.timestamp_ms.value_or(default_time_ms_), sample.value);
  ++samples_;
}

}  // namespace mon::promql
