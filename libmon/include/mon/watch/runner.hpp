#pragma once
// `monctl watch` on files and pipes: every input read in turn into one Aggregator, each closed
// window written at once (standard output is flushed per window; a file is replaced atomically
// with the latest window, so a reader such as node_exporter's textfile collector always sees a
// whole one). A timer closes windows of arrival-time samples when the stream goes quiet.
//
// Sources: inputs (in turn, or all at once with --follow), the host (--system), a StatsD
// server (--listen), scraped endpoints (--scrape), one process tree (--pid, -- CMD). A process tree is stopped by its own
// loop on the calling thread (the command must be signalled and reaped); the others as below.
//
// Stopping: when `stop` becomes true (the caller's SIGINT/SIGTERM handler) or --count windows
// have been written, what is held is flushed and `quit` is called from the timer thread (the
// reader may be blocked on a pipe that never ends); `quit` must end the process.
//
// --listen binds its addresses first (a mon::Error naming the address when one cannot be bound)
// and then serves until stopped; a receive buffer smaller than asked is a warning to diag.
#include <sys/types.h>

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
#include "mon/watch/scrape.hpp"

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
  // When set, each closed window is handed here instead of being written (output_format and
  // output unused). Called under the runner's lock, from the reading or the timer thread.
  std::function<void(const std::vector<WindowRecord>&, const WindowTotals&)> on_window;
  // --listen: instead of inputs, a StatsD server on these addresses (mon/watch/statsd_listen.hpp),
  // each socket's receive buffer asked this large.
  std::vector<std::string> listen;
  std::size_t receive_buffer = 32u << 20;
  std::int64_t interval_ms = 1000;  // --system, --pid, -- CMD
  host::HostOptions host;            // its proc_root serves --pid too
  // --scrape: instead of inputs, these endpoints, each on a thread of its own.
  ScrapeOptions scrape;
  // Told of every failed scrape ("URL: why"), from the scraping threads, one call at a time.
  std::function<void(const std::string&)> on_scrape_failure;
  // --pid: this process and its descendants, until it ends (a clean end: WatchResult::clean).
  pid_t pid = 0;
  // -- CMD: this command (no shell, PATH searched), spawned and watched as --pid; when it ends,
  // WatchResult::exit_status is its status. Stopping (SIGINT/SIGTERM, --count) passes the
  // signal that stopped us on to it (SIGTERM for --count), waits up to 10 s, then SIGKILLs it.
  std::vector<std::string> command;
  // Which signal set `stop` (passed on to the command); null or 0: SIGTERM; negative: one the
  // kernel sent to our whole process group (a terminal's Ctrl-C), which the command got already.
  const std::atomic<int>* stop_signal = nullptr;
};

struct WatchResult {
  bool clean = true;  // no input error
  std::uint64_t windows = 0;
  std::uint64_t late = 0;
  std::map<std::string, std::uint64_t> dropped;
  std::vector<std::string> input_errors;  // inputs that could not be read at all
  std::vector<ListenCounts> listened;     // --listen: what each address received
  std::uint64_t failed_scrapes = 0;       // --scrape: each also makes the result unclean
  std::optional<int> exit_status;         // -- CMD: the command's status when it ended by itself
};

WatchResult run_watch(const WatchOptions& options, format::Diagnostics& diag, const std::atomic<bool>& stop,
                      const std::function<void(const WatchResult&)>& quit);

}  // namespace mon::watch
