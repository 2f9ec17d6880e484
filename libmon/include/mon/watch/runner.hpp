#pragma once
// `monctl watch` on files and pipes: every input read in turn into one Aggregator, each closed
// window written at once (standard output is flushed per window; a file is replaced atomically
// with the latest window, so a reader such as node_exporter's textfile collector always sees a
// whole one). A timer closes windows of arrival-time samples when the stream goes quiet.
//
// Stopping: when `stop` becomes true (the caller's SIGINT/SIGTERM handler) or --count windows
// have been written, what is held is flushed and `quit` is called from the timer thread (the
// reader may be blocked on a pipe that never ends); `quit` must end the process.
//
// --listen binds its addresses first (a mon::Error naming the address when one cannot be bound)
// and then serves until stopped; a receive buffer smaller than asked is a warning to diag.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mon/format/codec.hpp"
#include "mon/host/sampler.hpp"
#include "mon/watch/aggregator.hpp"
#include "mon/watch/record_writer.hpp"
#include "mon/watch/statsd_listen.hpp"

namespace mon::watch {

// The samples left out so far, beside a window handed to WatchOptions::on_window.
struct WindowTotals {
  std::uint64_t late = 0;     // for windows already closed
  std::uint64_t dropped = 0;  // over --max-series, all metrics
};

struct WatchOptions {
  AggregateOptions aggregate;
  std::vector<std::string> inputs;        // "-" = standard input
  std::optional<format::Format> from;     // nullopt: detected per input
  format::ReadOptions read;
  RecordFormat output_format = RecordFormat::json;
  std::string output;                     // "" or "-" = standard output
  std::uint64_t count = 0;                // stop after this many windows; 0 = never
  bool strict = false;                    // stop at the first malformed line
  // --system: instead of inputs, the host sampled every interval (aligned to its multiples).
  bool system = false;
  // --follow: every input followed as tail -F does (mon/watch/follow.hpp), all at once.
  bool follow = false;
  std::int64_t interval_ms = 1000;
  host::HostOptions host;
  // When set, each closed window is handed here instead of being written (output_format and
  // output unused). Called under the runner's lock, from the reading or the timer thread.
  std::function<void(const std::vector<WindowRecord>&, const WindowTotals&)> on_window;
  // --listen: instead of inputs, a StatsD server on these addresses (mon/watch/statsd_listen.hpp),
  // each socket's receive buffer asked this large.
  std::vector<std::string> listen;
  std::size_t receive_buffer = 32u << 20;
};

struct WatchResult {
  bool clean = true;  // no input error
  std::uint64_t windows = 0;
  std::uint64_t late = 0;
  std::map<std::string, std::uint64_t> dropped;
  std::vector<std::string> input_errors;  // inputs that could not be read at all
  std::vector<ListenCounts> listened;     // --listen: what each address received
};

WatchResult run_watch(const WatchOptions& options, format::Diagnostics& diag, const std::atomic<bool>& stop,
                      const std::function<void(const WatchResult&)>& quit);

}  // namespace mon::watch
