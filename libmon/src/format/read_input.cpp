#include "mon/format/read_input.hpp"

#include "mon/error.hpp"
#include "mon/io/input.hpp"

namespace mon::format {

bool read_input(const std::string& path, std::optional<Format> format, Sink& sink, Diagnostics& diag,
                const ReadOptions& options) {
  io::InputFile in(path);
  io::LineReader reader(in.fd(), in.name(), options.max_line);
  if (!format) {
    format = detect_input(path, reader.peek(64 * 1024));
    if (!format) {
      if (reader.peek(1).empty()) return true;  // empty input: nothing to read
      throw Error("cannot tell the format of " + in.name() +
                  ": it looks like none of prom, openmetrics, json, csv, influx, statsd or values (use --from)");
    }
  }
  return read(*format, reader, sink, diag, options);
}

}  // namespace mon::format
