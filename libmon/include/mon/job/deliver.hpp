#pragma once
// Where a run's record goes once the job has ended, one function per place: the report (text,
// JSON, CSV, Prometheus, OpenMetrics, GNU time's format), the node_exporter textfile with its
// carry-over, the history file and the Pushgateway. The policies live here (what is fsynced, what
// is locked, which push method) so that the command only parses options and calls these.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mon/job/history.hpp"
#include "mon/job/metrics.hpp"
#include "mon/job/record.hpp"
#include "mon/push/pushgateway.hpp"

namespace mon::job {

enum class ReportFormat { text, json, csv, prom, openmetrics };
// "text", "json", "csv", "prom", "openmetrics"; nullopt for anything else.
std::optional<ReportFormat> parse_report_format(std::string_view name);

// The report in `format`. The counters (runs, failures) are only written when they were
// carried over from a textfile (`counted`): without one there is nothing to count from.
std::string render_report(ReportFormat format, const Record& r, const Carry& carry, bool counted);

// Checked before the job runs (exit status 125 when it fails): the folder exists and can be
// written, and NAME can be a file name in it. Throws mon::Error.
void check_textfile_dir(const std::string& dir, const std::string& name);

// DIR/.NAME.prom.lock: the lock every update of DIR/NAME.prom holds. It does not end in .prom, so
// the textfile collector never reads it; it is left in place (removing a lock file that another
// run may be waiting on would let two runs in at once).
std::string textfile_lock_path(const std::string& dir, const std::string& name);

// Updates DIR/NAME.prom with the run: under an exclusive flock(2) on textfile_lock_path(), reads
// the previous carry-over, advances it by `r`, and replaces the file atomically (fsynced: it holds
// state that must survive a crash) before the lock is let go, so that overlapping runs of one job
// count every run. Returns the carry-over after `r`; problems with the previous file are appended
// to `warnings` and the counters start afresh. Throws mon::Error when the file cannot be written.
Carry update_textfile(const std::string& dir, const Record& r, std::vector<std::string>& warnings);

// --append: CSV when the report format is csv, JSON Lines when it is json, otherwise by the file's
// name (history_format_for).
HistoryFormat history_format(const std::string& path, ReportFormat report);

// Pushes the run to the Pushgateway at `base_url`, grouped by job=NAME and the record's labels.
// After a success PUT replaces the group; after a failure POST leaves the previous last-success
// time standing (it replaces only the metrics the body names). Throws push::PushError/mon::Error.
void push_report(const std::string& base_url, const Record& r, const Carry& carry, bool counted,
                 const push::PushOptions& options);

}  // namespace mon::job
