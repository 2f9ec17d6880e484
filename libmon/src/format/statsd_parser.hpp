#pragma once
// Internal: the StatsD line parser behind the file reader (statsd_reader.cpp) and the datagram
// stream (mon/format/statsd_stream.hpp). It keeps every series' state between lines, so the
// lines may come from one file or from many packets; the rules are in statsd_parser.cpp.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "mon/format/codec.hpp"

namespace mon::format::detail {

class StatsdParser {
 public:
  StatsdParser(Sink& sink, Diagnostics& diag, const ReadOptions& options);
  ~StatsdParser();
  StatsdParser(const StatsdParser&) = delete;
  StatsdParser& operator=(const StatsdParser&) = delete;

  // One line (without its '\n'); `file` and `line_number` name it in reports, and `packet`, when
  // not 0, the datagram it came in ("FILE packet N:LINE:COL"). Returns false when the
  // diagnostics say stop.
  bool line(std::string_view text, const std::string& file, std::uint64_t line_number, std::uint64_t packet = 0);
  void fail();        // a report made by the caller (an over-long line) counts as an error too
  bool ok() const;    // no line was reported
  void emit();        // not a stream: one sample per series, after the last line

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mon::format::detail
