#pragma once
// The table of `monctl watch`'s live view: every series seen lately, its last window's figures
// and a sparkline of its recent windows (the mean, or the rate for a counter), sorted and
// filtered as the user asks, laid out for a terminal of a given size. No terminal here: the
// lines are text (with the markup of style.hpp), never longer than the columns given.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "mon/style.hpp"
#include "mon/watch/record.hpp"
#include "mon/watch/runner.hpp"

namespace monctl::watch_view {

struct TableOptions {
  std::int64_t window_ms = 0;  // 0: one window over the whole input (--once)
  std::vector<std::string> quantile_names;
  mon::Style style;
};

class Table {
 public:
  static constexpr std::size_t kTrend = 20;  // windows a sparkline shows; a series quiet that long is forgotten

  explicit Table(TableOptions options);

  void add(const std::vector<mon::watch::WindowRecord>& window, const mon::watch::WindowTotals& totals);
  bool empty() const { return windows_ == 0; }

  // Sort by name, then rate, the last quantile, count and mean (largest first), then name again.
  void cycle_sort();
  // Only the series whose name{labels} contains `text`; "" shows all.
  void set_filter(std::string text) { filter_ = std::move(text); }

  // The header, the column heads, as many rows as fit in `rows` lines (0: all of them) with a
  // last line saying how many more there are, and `prompt` when not empty (the filter being typed).
  std::vector<std::string> render(std::size_t columns, std::size_t rows, const std::string& prompt) const;

 private:
  enum class SortKey { name, rate, quantile, count, mean };
  struct Series {
    mon::watch::WindowRecord last;
    std::deque<double> trend;  // per window, NaN where the series had no value
  };
  using Entry = std::map<std::string, Series>::value_type;
  std::vector<const Entry*> matching() const;  // filtered, in the sort order
  std::string header(std::size_t matched, std::size_t hidden) const;

  TableOptions options_;
  std::map<std::string, Series> series_;  // by name{labels}
  SortKey sort_ = SortKey::name;
  std::string filter_;
  std::uint64_t windows_ = 0;
  std::int64_t last_start_ = 0, last_end_ = 0;
  mon::watch::WindowTotals totals_;
};

// name{label="value",...}, as the Prometheus text format writes a series.
std::string series_key(const mon::watch::WindowRecord& r);

}  // namespace monctl::watch_view
