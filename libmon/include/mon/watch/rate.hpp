#pragma once
// A counter's increase and rate over a window, as PromQL's increase() and rate() compute them
// (Prometheus 3, promql/functions.go extrapolatedRate): resets are detected (a value below the
// previous one starts a new count, so the previous value is added), and the increase seen
// between the first and the last sample is extrapolated towards the window's edges — by half an
// average sample interval at most when the series does not reach an edge, and never below zero
// for a counter that started inside the window.
#include <cstdint>
#include <optional>

namespace mon::watch {

// Follows one counter series through a window, sample by sample.
class CounterTrack {
 public:
  void add(double value, std::int64_t timestamp_ms);
  std::uint64_t samples() const { return samples_; }
  double last() const { return last_; }
  std::int64_t last_ms() const { return last_ms_; }
  // The increase between the first sample and the last, resets counted, not extrapolated.
  double seen_increase() const { return last_ - first_ + resets_; }

  struct Result {
    double increase = 0;
    double rate = 0;  // per second of the window
  };
  // Needs two samples at distinct times; nothing otherwise (PromQL returns no value then).
  std::optional<Result> over(std::int64_t window_start_ms, std::int64_t window_end_ms) const;

 private:
  std::uint64_t samples_ = 0;
  double first_ = 0, last_ = 0, resets_ = 0;
  std::int64_t first_ms_ = 0, last_ms_ = 0;
};

}  // namespace mon::watch
