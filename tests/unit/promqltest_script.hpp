#pragma once
// A reader of Prometheus' PromQL test scripts (promql/promqltest's format: load, clear, eval
// instant/range with expect lines and expected series). It knows only the script's structure:
// series and values stay text for the caller's series parser. Free of libmon.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace promqltest {

// Prometheus durations as the scripts write them: 1m, 5m30s, 1h, 2d, 100ms, 0; a leading '-'.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

struct SeriesLine {
  std::string series;  // `metric{a="b"}` or `{}`; empty for a scalar result
  std::string values;  // the expanding notation, or the scalar's number
  int line = 0;
};

struct Expect {
  enum Kind { fail, warn, info, no_warn, no_info, ordered, string, range_vector } kind = fail;
  std::string message;  // "msg:" text
  std::string regex;    // "regex:" pattern
  // range_vector: the expected timestamps
  std::int64_t start_ms = 0, end_ms = 0, step_ms = 0;
};

struct Command {
  enum Kind { load, clear, eval_instant, eval_range } kind = clear;
  int line = 0;
  bool nhcb = false;                  // load_with_nhcb
  std::int64_t step_ms = 0;           // load interval; range step
  std::int64_t time_ms = 0;           // instant
  std::int64_t start_ms = 0, end_ms = 0;
  std::string query;
  std::vector<Expect> expects;
  std::vector<SeriesLine> lines;      // loaded or expected series
  bool native_histograms = false;     // `{{` somewhere in the block
};

struct Script {
  std::vector<Command> commands;
  std::vector<std::string> errors;  // lines the reader did not understand ("LINE: text")
};

Script read_script(std::string_view text);

// Prometheus' util/almost.Equal with the harness' epsilon 1e-6: NaN equals NaN, the stale marker only itself.
bool almost_equal(double a, double b);

// Splits "metric{a="b c"} 1 2 3" into the series and the rest.
SeriesLine split_series_line(std::string_view line);

}  // namespace promqltest
