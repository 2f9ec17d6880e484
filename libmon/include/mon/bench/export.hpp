#pragma once
// Benchmark results as files other tools read.
// - JSON: hyperfine's --export-json shape (results[] with command, mean, stddev, median, user, system,
//   min, max, times, memory_usage_byte, exit_codes, parameters), so that scripts written for
//   hyperfine read ours; stddev is null for a single run, exit_codes[i] null for a run killed by a
//   signal, as hyperfine writes them.
// - CSV (RFC 4180: CRLF, quoted where needed): hyperfine's columns, then p5, p95, iqr,
//   max_rss_bytes, then parameter_NAME columns.
// - Markdown, AsciiDoc, Org: a table like hyperfine's, with the median and max RSS added.
// - Prometheus: families monctl_bench_* written through a format::Sink (the text writer).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mon/bench/gate.hpp"
#include "mon/bench/runner.hpp"
#include "mon/format/sink.hpp"

namespace mon::bench {

// hyperfine's --time-unit (1.16+ names) and --sort, for the tables below and the summary.
enum class TimeUnit { automatic, second, millisecond, microsecond };
enum class SortOrder { automatic, command, mean_time };
// "second", "millisecond", "microsecond" (and "auto"); nullopt for anything else.
std::optional<TimeUnit> parse_time_unit(std::string_view text);
// "auto", "command", "mean-time"; nullopt for anything else.
std::optional<SortOrder> parse_sort_order(std::string_view text);
// automatic: seconds when the slowest mean is a second or more, else milliseconds.
TimeUnit table_unit(const std::vector<Result>& results, TimeUnit wanted);
const char* unit_symbol(TimeUnit unit);  // "s", "ms", "µs"
// A time in that unit, with hyperfine's precision: 3 decimals for seconds, 1 otherwise.
std::string format_in(double seconds, TimeUnit unit);
// The order in which tables list the results: input order, or by mean (mean_time).
std::vector<std::size_t> table_order(const std::vector<Result>& results, SortOrder order);

struct TableOptions {
  TimeUnit unit = TimeUnit::automatic;
  SortOrder sort = SortOrder::automatic;  // automatic and command: input order
};

std::string to_json(const std::vector<Result>& results);
std::string to_csv(const std::vector<Result>& results);
// The same table (command, mean ± σ, median, min, max, max RSS, relative) in three markups:
// Markdown, AsciiDoc ([cols=...] and |=== as hyperfine writes it), Emacs Org mode.
std::string to_markdown(const std::vector<Result>& results, const TableOptions& options = {});
std::string to_asciidoc(const std::vector<Result>& results, const TableOptions& options = {});
std::string to_orgmode(const std::vector<Result>& results, const TableOptions& options = {});
// timestamp_ms: when the benchmark ran (monctl_bench_last_run_timestamp_seconds). With verdicts
// (one per result, from a baseline comparison) the gate's numbers are exported too:
// monctl_bench_baseline_shift_ratio, monctl_bench_baseline_p_value, monctl_bench_regression.
void to_prometheus(const std::vector<Result>& results, format::Sink& sink, std::int64_t timestamp_ms,
                   const std::vector<Verdict>* verdicts = nullptr);

}  // namespace mon::bench
