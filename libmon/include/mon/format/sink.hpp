#pragma once
// The streaming interface between readers and writers. A reader calls family() when it
// meets a family's metadata (TYPE/HELP/UNIT) and sample() for every sample, in input order;
// nothing is held back, so memory stays constant whatever the input size.
#include <cstdint>

#include "mon/model/metric.hpp"

namespace mon::format {

class Sink {
 public:
  virtual ~Sink() = default;
  // Metadata for a family, before its samples. Readers of formats without metadata lines
  // (JSON, CSV, Influx, StatsD, plain values) may skip it: sample() carries the family too.
  virtual void family(const model::Family& family) { (void)family; }
  // `family` is the family the sample belongs to (an untyped family named like the sample
  // when the input did not say).
  virtual void sample(const model::Family& family, const model::Sample& sample) = 0;
  // The same for a sample whose timestamp is finer than the model's milliseconds (Influx's
  // nanoseconds): sample.timestamp_ms is the millisecond (floored) and `sub_ms_ns` the
  // nanoseconds within it, 1..999999. Writers that can hold them (Influx) override this to keep
  // full precision; the others write the millisecond.
  virtual void sample(const model::Family& family, const model::Sample& sample, std::int32_t sub_ms_ns) {
    (void)sub_ms_ns;
    this->sample(family, sample);
  }
  // End of all input: writers emit trailers (OpenMetrics' "# EOF") and flush.
  virtual void finish() {}
};

// Passes everything on to another sink and counts the samples (did anything convert at all?).
class CountingSink : public Sink {
 public:
  explicit CountingSink(Sink& next) : next_(next) {}
  void family(const model::Family& family) override { next_.family(family); }
  void sample(const model::Family& family, const model::Sample& sample) override {
    ++samples_;
    next_.sample(family, sample);
  }
  void sample(const model::Family& family, const model::Sample& sample, std::int32_t sub_ms_ns) override {
    ++samples_;
    next_.sample(family, sample, sub_ms_ns);
  }
  void finish() override { next_.finish(); }
  std::uint64_t samples() const { return samples_; }

 private:
  Sink& next_;
  std::uint64_t samples_ = 0;
};

}  // namespace mon::format
