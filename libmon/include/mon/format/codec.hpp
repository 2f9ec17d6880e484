#pragma once
// The format registry: names, readers, writers and detection of the input format.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mon/format/diagnostics.hpp"
#include "mon/format/sink.hpp"
#include "mon/io/input.hpp"
#include "mon/io/output.hpp"

namespace mon::format {

enum class Format { prom, openmetrics, json, csv, influx, statsd, values };

std::string_view to_string(Format f);
std::optional<Format> parse_format(std::string_view name);  // "prom", "openmetrics", "json", ...

struct ReadOptions {
  std::string values_name;  // metric name for plain values (--name)
  std::size_t max_line = 1 << 20;
  // A stream of events (watch) rather than one exposition (export): every sample is passed on
  // as it comes -- plain values one by one, StatsD lines as the series' state after each line --
  // and a series that repeats is not reported as a duplicate.
  bool stream = false;
};

// Reads one input (a descriptor named `name` in messages) into sink. Errors go to diag; the
// reader stops early only when diag says so. Returns false if any error was reported.
// Throws mon::Error for I/O failures.
bool read(Format format, int fd, const std::string& name, Sink& sink, Diagnostics& diag,
          const ReadOptions& options = {});

// The same, on a line reader already open (after detect() peeked at it).
bool read(Format format, io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options = {});

// Guesses the format from the first bytes of an input. Returns nullopt when nothing fits.
// A CSV input is told by its header row (a comma-separated row naming at least the name and
// value columns, in any order).
std::optional<Format> detect(std::string_view head);

// The same for a named input: a ".csv" file is CSV whatever its first line (a spreadsheet's
// export may start with any column); otherwise detect(head). `path` "-" is standard input.
std::optional<Format> detect_input(std::string_view path, std::string_view head);

// A writer for `format` onto out. Throws mon::Error for formats that cannot be written (statsd, values).
std::unique_ptr<Sink> make_writer(Format format, io::Output& out);

}  // namespace mon::format
