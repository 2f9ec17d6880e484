#pragma once
// Metrics read by any of monctl's readers, kept as PromQL series: a sample with a timestamp is
// history at that time, one without is taken at `default_time_ms` (the evaluation time), as
// Prometheus takes a scrape's samples at the scrape.
#include <cstdint>

#include "mon/format/sink.hpp"
#include "mon/promql/storage.hpp"

namespace mon::promql {

class StorageSink : public format::Sink {
 public:
  StorageSink(Storage& storage, std::int64_t default_time_ms) : storage_(storage), default_time_ms_(default_time_ms) {}
  void sample(const model::Family& family, const model::Sample& sample) override;
  std::uint64_t samples() const { return samples_; }

 private:
  Storage& storage_;
  std::int64_t default_time_ms_;
  std::uint64_t samples_ = 0;
  model::Labels scratch_;
};

}  // namespace mon::promql
