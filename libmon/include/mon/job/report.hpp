#pragma once
// A run's record as people and programs read it: a summary laid out like GNU time -v but
// with units and alignment, a JSON object, and a CSV row under a fixed header.
#include <string>

#include "mon/job/record.hpp"

namespace mon::job {

// Several lines, each ending in '\n'.
std::string text_summary(const Record& r);

// One JSON object on one line, no trailing newline. Keys: name, labels, command, start, end,
// status, exit_code, signal, signal_name, core_dumped, timed_out, start_error, wall_seconds, user_seconds,
// system_seconds, max_rss_bytes, minor_page_faults, major_page_faults,
// voluntary_context_switches, involuntary_context_switches, block_input_operations,
// block_output_operations and, after --sample, sample_every_seconds, tree_peak_rss_bytes and
// timeline (objects with elapsed_seconds, processes, rss_bytes, cpu_seconds).
std::string json_line(const Record& r);

// RFC 4180: the header and one row, each without the trailing CRLF. Columns as the JSON
// keys; labels is a JSON object, command the argv quoted as a shell would need it, timeline
// a JSON array of [elapsed_seconds, processes, rss_bytes, cpu_seconds]; absent values are
// empty cells.
std::string csv_header();
std::string csv_row(const Record& r);

// "12.3 MiB"
std::string human_bytes(std::int64_t bytes);
// The argv as one shell-quoted line ("ls -la 'my file'").
std::string shell_quote(const std::vector<std::string>& argv);

}  // namespace mon::job
