#pragma once
// The streaming interface between readers and writers. A reader calls family() when it
// meets a family's metadata (TYPE/HELP/UNIT) and sample() for every sample, in input order;
// nothing is held back, so memory stays constant whatever the input size.
#include <cstdint>
#include <span>

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
  // Successive readings of one series that arrived together (plain values on a stream): as many
  // sample() calls as values, each a copy of `series` with the value set. A sink that can take
  // them at once (one lock, one clock reading) overrides it.
  virtual void values(const model::Family& family, const model::Sample& series, std::span<const double> values) {
    model::Sample s = series;
    for (double v : values) {
      s.value = v;
      sample(family, s);
    }
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
  void values(const model::Family& family, const model::Sample& series, std::span<const double> values) override {
    samples_ += values.size();
    next_.values(family, series, values);
  }
  void finish() override { next_.finish(); }
  std::uint64_t samples() const { return samples_; }

 private:
  Sink& next_;
  std::uint64_t samples_ = 0;
};

}  // namespace mon::format
