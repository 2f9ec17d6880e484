#pragma once
// --append: a history file that grows by one JSON line or one CSV row per run. It is appended
// to, not replaced, so it does not go through AtomicFile: each run's line is one write(2) on an
// O_APPEND descriptor under flock(2), so concurrent runs never interleave or both write the
// CSV header.
#include <string>

#include "mon/job/record.hpp"

namespace mon::job {

enum class HistoryFormat { json, csv };

// ".csv" files hold CSV, anything else JSON Lines.
HistoryFormat history_format_for(const std::string& path);

// Throws mon::Error naming the file when it cannot be opened or written.
void append_history(const std::string& path, HistoryFormat format, const Record& r);

// Opens (creating) the file for appending, to find out before the job runs that it can be
// written. Throws mon::Error.
void check_history_writable(const std::string& path);

}  // namespace mon::job
