#pragma once
// Benchmark results as files other tools read.
// - JSON: hyperfine's --export-json shape (results[] with command, mean, stddev, median, user, system,
//   min, max, times, memory_usage_byte, exit_codes, parameters), so that scripts written for
//   hyperfine read ours; stddev is null for a single run, exit_codes[i] null for a run killed by a
//   signal, as hyperfine writes them.
// - CSV (RFC 4180: CRLF, quoted where needed): hyperfine's columns, then p5, p95, iqr,
//   max_rss_bytes, then parameter_NAME columns.
// - Markdown: a table like hyperfine's, with the median and max RSS added.
// - Prometheus: families monctl_bench_* written through a format::Sink (the text writer).
#include <string>
#include <vector>

#include "mon/bench/gate.hpp"
#include "mon/bench/runner.hpp"
#include "mon/format/sink.hpp"

namespace mon::bench {

std::string to_json(const std::vector<Result>& results);
std::string to_csv(const std::vector<Result>& results);
std::string to_markdown(const std::vector<Result>& results);
// timestamp_ms: when the benchmark ran (monctl_bench_last_run_timestamp_seconds). With verdicts
// (one per result, from a baseline comparison) the gate's numbers are exported too:
// monctl_bench_baseline_shift_ratio, monctl_bench_baseline_p_value, monctl_bench_regression.
void to_prometheus(const std::vector<Result>& results, format::Sink& sink, std::int64_t timestamp_ms,
                   const std::vector<Verdict>* verdicts = nullptr);

}  // namespace mon::bench
