#pragma once
// A run as Prometheus metrics, following the conventions for batch and cron jobs
// (https://prometheus.io/docs/practices/instrumentation/#batch-jobs): the last run's
// duration, CPU and memory, its exit status and time, the time of the last success, and run
// and failure counters. The last two kinds must outlive a single run: they are carried over
// from the previous textfile (node_exporter's textfile collector reads DIR/NAME.prom), so that
// "no success for 26 hours" can be alerted on even when tonight's run failed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mon/format/codec.hpp"
#include "mon/format/sink.hpp"
#include "mon/job/record.hpp"

namespace mon::job {

// What survives from one run to the next.
struct Carry {
  std::optional<double> last_success_seconds;  // Unix time of the end of the last successful run
  double runs = 0;
  double failures = 0;
};

// The carry-over after `r`: counters incremented, last success moved when r succeeded.
Carry advance(const Carry& previous, const Record& r);

struct MetricsOptions {
  bool counters = true;      // runs_total and failures_total
  bool last_success = true;  // last_success_timestamp_seconds (when known)
  // Labels that identify the job on every sample: job_name=NAME and the record's labels.
  // Pushgateway bodies keep them too (they match the grouping key).
};

// Streams the families into sink (Prometheus naming: base units, _seconds, _bytes, _total)
// and calls sink.finish(). `carry` is the state after this run (see advance()).
void write_metrics(const Record& r, const Carry& carry, format::Sink& sink, const MetricsOptions& options = {});

// The same, rendered by the writer for `format` (prom or openmetrics) into a string: a
// textfile and a push body are small, and both need the bytes whole.
std::string metrics_text(format::Format format, const Record& r, const Carry& carry,
                         const MetricsOptions& options = {});

// The label every sample carries with the job's name. Not "job": a scrape would rename that
// to exported_job, and the textfile and Pushgateway series should read the same.
inline constexpr const char* kNameLabel = "job_name";

// Reads the carry-over from a textfile monctl wrote before. A missing file gives a fresh
// start. A file that cannot be parsed or holds impossible values also gives a fresh start, with
// the reasons appended to `warnings` (the caller prints them): a corrupt file must never stop
// the job from being recorded.
Carry read_carry(const std::string& path, std::vector<std::string>& warnings);

// Checks a --label name: Prometheus' rule, and none of the names monctl's own samples use
// (job_name, mode, kind, direction) or the Pushgateway's grouping key takes from the job (job).
// Returns the broken rule in the user's words.
std::optional<std::string> check_job_label(std::string_view name);

// DIR/NAME.prom
std::string textfile_path(const std::string& dir, const std::string& name);
// Throws mon::Error when NAME cannot be a file name in the textfile folder (empty, '/', a
// leading '.', which the collector would not read as NAME.prom).
void check_textfile_name(const std::string& name);

}  // namespace mon::job
