#include "mon/watch/rate.hpp"

namespace mon::watch {

void CounterTrack::add(double value, std::int64_t timestamp_ms) {
  if (samples_ == 0) {
    first_ = value;
    first_ms_ = timestamp_ms;
  } else if (value < last_) {
    resets_ += last_;  // the counter restarted from zero
  }
  last_ = value;
  last_ms_ = timestamp_ms;
  ++samples_;
}

std::optional<CounterTrack::Result> CounterTrack::over(std::int64_t window_start_ms, std::int64_t window_end_ms) const {
  if (samples_ < 2 || last_ms_ <= first_ms_ || window_end_ms <= window_start_ms) return std::nullopt;
  double raw = last_ - first_ + resets_;
  double sampled = (last_ms_ - first_ms_) / 1000.0;
  double to_start = (first_ms_ - window_start_ms) / 1000.0;
  double to_end = (window_end_ms - last_ms_) / 1000.0;
  double average = sampled / static_cast<double>(samples_ - 1);
  // A counter cannot have been below zero: extrapolate no further back than where it would be 0.
  if (raw > 0 && first_ >= 0) {
    double to_zero = sampled * (first_ / raw);
    if (to_zero < to_start) to_start = to_zero;
  }
  double threshold = average * 1.1;
  if (to_start >= threshold) to_start = average / 2;
  if (to_end >= threshold) to_end = average / 2;
  double factor = (sampled + to_start + to_end) / sampled;
  Result r;
  r.increase = raw * factor;
  r.rate = r.increase / ((window_end_ms - window_start_ms) / 1000.0);
  return r;
}

}  // namespace mon::watch
