#include "mon/format/read_input.hpp"

#include <sys/stat.h>

#include "mon/error.hpp"
#include "mon/io/input.hpp"

namespace mon::format {

namespace {
bool read_from(io::LineReader& reader, const std::string& name, std::optional<Format> format, Sink& sink,
               Diagnostics& diag, const ReadOptions& options, bool stream) {
  if (!format) {
    // A stream is told by its first line: it may not write a second one for a long while.
    format = detect_input(name, stream ? reader.peek_line(64 * 1024) : reader.peek(64 * 1024));
    if (!format) {
      if (reader.peek(1).empty()) return true;  // empty input: nothing to read
      throw Error("cannot tell the format of " + reader.name() +
                  ": it looks like none of prom, openmetrics, json, csv, influx, statsd or values (use --from)");
    }
  }
  return read(*format, reader, sink, diag, options);
}
}  // namespace

bool read_input(const std::string& path, std::optional<Format> format, Sink& sink, Diagnostics& diag,
                const ReadOptions& options) {
  io::InputFile in(path);
  io::LineReader reader(in.fd(), in.name(), options.max_line);
  struct stat st {};
  bool regular = ::fstat(in.fd(), &st) == 0 && S_ISREG(st.st_mode);
  // Only a stream that may pause (watch on a pipe) is told by its first line; an exposition on a
  // pipe is told by its first 64 KiB, as from a file.
  return read_from(reader, path, format, sink, diag, options, options.stream && !regular);
}

bool read_input_fd(int fd, const std::string& name, std::optional<Format> format, Sink& sink, Diagnostics& diag,
                   const ReadOptions& options) {
  io::LineReader reader(fd, name, options.max_line);
  return read_from(reader, name, format, sink, diag, options, true);
}

}  // namespace mon::format
