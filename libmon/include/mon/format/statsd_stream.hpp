#pragma once
// StatsD from datagrams (monctl watch --listen): a packet holds one metric line or several
// separated by '\n' (a trailing '\n' or "\r\n" is fine). Each line is parsed by the rules of the
// StatsD reader (mon/format/codec.hpp, Format::statsd) as a stream: every line passes its
// series' state on to the sink at once, and that state (a counter's running total, a gauge for
// its deltas, a set's members) is kept from one packet to the next.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "mon/format/codec.hpp"

namespace mon::format {

class StatsdStream {
 public:
  // options.stream is implied.
  StatsdStream(Sink& sink, Diagnostics& diag, ReadOptions options = {});
  ~StatsdStream();
  StatsdStream(const StatsdStream&) = delete;
  StatsdStream& operator=(const StatsdStream&) = delete;

  // One packet received from `source` (its name in reports, as "udp://127.0.0.1:8125"), the
  // `number`th from there: a malformed line is reported at "SOURCE packet NUMBER:LINE:COL" and
  // skipped, the packet's other lines count. Returns false when the diagnostics say stop.
  bool packet(std::string_view data, const std::string& source, std::uint64_t number);

  std::uint64_t lines() const;      // metric lines parsed (blank ones not counted), good or bad
  std::uint64_t malformed() const;  // lines reported and skipped

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mon::format
