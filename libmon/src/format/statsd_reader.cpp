// StatsD files and pipes: every line to the parser (statsd_parser.cpp holds the rules).
#include "codecs.hpp"
#include "reader_util.hpp"
#include "statsd_parser.hpp"

namespace mon::format::detail {

bool read_statsd(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  StatsdParser parser(sink, diag, options);
  bool ok = true;
  for_each_line(in, diag, options, ok, [&](std::string_view line) { return parser.line(line, in.name(), in.line_number()); });
  if (!ok) parser.fail();
  if (!options.stream) parser.emit();
  return parser.ok();
}

}  // namespace mon::format::detail
