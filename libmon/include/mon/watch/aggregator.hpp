#pragma once
// The window aggregator behind `monctl watch`: a format::Sink that takes samples from any
// reader, groups them into series (optionally regrouped --by/--without labels, whose sketches
// and sums merge), and closes tumbling windows aligned to multiples of the window length since
// the Unix epoch (a 1m window starts on the minute).
//
// Time: a sample's own timestamp when it has one, the arrival time (the clock given) otherwise.
// A window closes when a sample at or past its end arrives, when close_until() is called (a
// timer, for streams that go quiet), or at finish(). Samples for a window already closed are
// late: counted, never merged into a later window. Memory is bounded: at most max_series
// groups (and as many counter series) per window, each holding one sketch of bounded size.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "mon/format/sink.hpp"
#include "mon/watch/rate.hpp"
#include "mon/watch/record.hpp"

namespace mon::watch {

struct AggregateOptions {
  // Window length; 0 = one window over the whole input (--once).
  std::int64_t window_ms = 10'000;
  std::vector<double> quantiles = {0.5, 0.9, 0.99};
  std::vector<std::string> quantile_names = {"0.5", "0.9", "0.99"};  // as the user wrote them
  // Regrouping: keep only these labels (by) or drop these (without); neither: every series apart.
  std::optional<std::vector<std::string>> by, without;
  std::size_t max_series = 10000;
  double relative_accuracy = 0.01;
  // Seed each counter's next window with its last sample of the previous one, so that a source
  // sampled once a window (--system) still has a rate: the increase is then interpolated
  // between the samples around the window's start.
  bool carry_counters = false;
  // Counters are running totals from 0 at the source's start (a StatsD server's counters): a
  // window's increase is exactly the series' last value in it minus its last value before it
  // (0 for a series new to the source), not extrapolated, and rate that increase per second of
  // the window. The value before is remembered for every counter series seen.
  bool running_totals = false;
};

class Aggregator : public format::Sink {
 public:
  using Emit = std::function<void(const std::vector<WindowRecord>&)>;  // one call per closed window
  using Clock = std::function<std::int64_t()>;                          // milliseconds since the epoch

  Aggregator(AggregateOptions options, Emit emit, Clock clock);
  ~Aggregator() override;

  void sample(const model::Family& family, const model::Sample& sample) override;
  void values(const model::Family& family, const model::Sample& series, std::span<const double> values) override;
  void finish() override;  // closes the open window
  // Closes the open window if it ends at or before now_ms (the stream went quiet) and its
  // samples carry their arrival time (event-time windows close on their samples only).
  void close_until(std::int64_t now_ms);

  std::uint64_t late() const { return late_; }
  std::uint64_t windows_closed() const { return windows_closed_; }
  // Samples dropped because max_series was reached, by metric name.
  const std::map<std::string, std::uint64_t>& dropped() const { return dropped_; }

 private:
  struct Group;
  void close_window();
  Group* group_for(const model::Family& family, const model::Sample& sample, std::size_t n);  // n: samples dropped if full
  void add(const model::Family& family, const model::Sample& sample, std::span<const double> values);
  void seed(const std::string& key, CounterTrack& track);

  AggregateOptions options_;
  Emit emit_;
  Clock clock_;
  bool open_ = false;
  bool arrival_ = false;  // the last sample was stamped with its arrival time
  std::int64_t window_start_ = 0, window_end_ = 0;
  std::int64_t first_ms_ = 0, last_ms_ = 0;  // of the samples seen (--once: the window's edges)
  std::unordered_map<std::string, std::unique_ptr<Group>> groups_;
  std::vector<Group*> order_;  // groups in the order they first appeared
  std::size_t counter_series_ = 0;
  Group* last_group_ = nullptr;         // where the last sample went (see sample())
  CounterTrack* last_track_ = nullptr;  // and its counter series, when regrouped
  std::string last_name_;
  model::Labels last_labels_;
  std::string key_;  // scratch
  std::uint64_t late_ = 0, windows_closed_ = 0;
  std::map<std::string, std::uint64_t> dropped_;
  struct Carried {
    double value;
    std::int64_t ms;
  };
  std::unordered_map<std::string, Carried> carried_;  // counter series -> last sample of the last window
};

}  // namespace mon::watch
