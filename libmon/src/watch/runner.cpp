// The reading loops and the window timer of mon/watch/runner.hpp. One mutex guards the
// aggregator and the result: readers (one, or one per followed input) add samples under it, the
// timer closes quiet windows and answers a stop under it.
#include "mon/watch/runner.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "mon/error.hpp"
#include "mon/format/read_input.hpp"
#include "mon/io/output_file.hpp"
#include "mon/watch/follow.hpp"
#include "sources.hpp"

namespace mon::watch {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using detail::Enough;

struct Shared {
  std::mutex mutex;
  bool enough = false;  // --count windows written
  WatchResult result;
};

class LockedSink : public format::Sink {
 public:
  LockedSink(Aggregator& aggregator, Shared& shared) : aggregator_(aggregator), shared_(shared) {}
  void sample(const model::Family& family, const model::Sample& sample) override {
    std::lock_guard<std::mutex> lock(shared_.mutex);
    if (shared_.enough) throw Enough{};
    aggregator_.sample(family, sample);
  }
  void values(const model::Family& family, const model::Sample& series, std::span<const double> values) override {
    std::lock_guard<std::mutex> lock(shared_.mutex);
    if (shared_.enough) throw Enough{};
    aggregator_.values(family, series, values);
  }

 private:
  Aggregator& aggregator_;
  Shared& shared_;
};

// Every reader's reports take the shared lock: followed inputs' threads do not interleave them,
// and none crosses the timer's quit, which summarises them from another thread.
class LockedDiagnostics : public format::Diagnostics {
 public:
  LockedDiagnostics(format::Diagnostics& next, std::mutex& mutex) : next_(next), mutex_(mutex) {}
  bool error(const Location& where, const std::string& message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return next_.error(where, message);
  }
  void warning(const Location& where, const std::string& message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    next_.warning(where, message);
  }

 private:
  format::Diagnostics& next_;
  std::mutex& mutex_;
};

// Calls tick() every 50 ms on a thread of its own until destroyed.
class Ticker {
 public:
  explicit Ticker(std::function<void()> tick) : thread_([this, tick = std::move(tick)] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!done_) {
      wake_.wait_for(lock, std::chrono::milliseconds(50));
      if (!done_) tick();
    }
  }) {}
  ~Ticker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;  // last: started once the members above exist
};

// One input failed as a whole (unreadable, format unknown): noted, the others go on.
void input_failed(Shared& shared, const Error& e) {
  std::lock_guard<std::mutex> lock(shared.mutex);
  shared.result.clean = false;
  shared.result.input_errors.push_back(e.what());
}

// --system: the host sampled on multiples of the interval, until the timer's quit.
void read_host(const WatchOptions& options, format::Sink& sink) {
  for (;;) {
    std::int64_t now = now_ms();
    std::int64_t next = (now / options.interval_ms + 1) * options.interval_ms;
    std::this_thread::sleep_for(std::chrono::milliseconds(next - now));
    host::sample_host(options.host, sink, now_ms());
  }
}

// --scrape: every target on a thread of its own, until --count (the sink's Enough) or the timer's quit.
void read_scrapes(const WatchOptions& options, format::Sink& sink, Shared& shared) {
  std::mutex report;
  scrape_forever(options.scrape, sink, [&](const std::string& failure) {
    {
      std::lock_guard<std::mutex> lock(shared.mutex);
      shared.result.clean = false;
      ++shared.result.failed_scrapes;
    }
    std::lock_guard<std::mutex> lock(report);
    if (options.on_scrape_failure) options.on_scrape_failure(failure);
  });
}

// --follow: every input on a reader thread of its own; they never end (but standard input), so
// the timer's quit ends the process. A reader that fails stops only its own input.
void read_followed(const WatchOptions& options, format::Sink& sink, format::Diagnostics& diag, Shared& shared) {
  LockedDiagnostics locked_diag(diag, shared.mutex);
  std::vector<std::unique_ptr<Follower>> followers;
  std::vector<std::thread> readers;
  for (const auto& path : options.inputs) {
    int fd = 0;
    std::string name = "<stdin>";
    if (path != "-") {
      followers.push_back(std::make_unique<Follower>(path));
      fd = followers.back()->fd();
      name = path;
    }
    readers.emplace_back([&, fd, name] {
      try {
        bool clean = format::read_input_fd(fd, name, options.from, sink, locked_diag, options.read);
        std::lock_guard<std::mutex> lock(shared.mutex);
        shared.result.clean = shared.result.clean && clean;
      } catch (const Enough&) {
      } catch (const Error& e) {
        input_failed(shared, e);
      }
    });
  }
  for (auto& t : readers) t.join();
}

// --listen: the server's packets into the sink until the timer's quit (or --strict's stop).
void serve(StatsdServer& server, const WatchOptions& options, format::Sink& sink, format::Diagnostics& diag,
           Shared& shared) {
  LockedDiagnostics locked_diag(diag, shared.mutex);
  server.serve(sink, locked_diag, options.read);
  std::lock_guard<std::mutex> lock(shared.mutex);
  shared.result.clean = false;  // stopped at a malformed line (--strict)
}

// Files and pipes in turn, each to its end.
void read_in_turn(const WatchOptions& options, format::Sink& sink, format::Diagnostics& diag, Shared& shared) {
  LockedDiagnostics locked_diag(diag, shared.mutex);
  for (const auto& path : options.inputs) {
    try {
      bool clean = format::read_input(path, options.from, sink, locked_diag, options.read);
      std::lock_guard<std::mutex> lock(shared.mutex);
      shared.result.clean = shared.result.clean && clean;
      if (shared.enough || (!clean && options.strict)) break;
    } catch (const Enough&) {
      break;
    } catch (const Error& e) {
      input_failed(shared, e);
      if (options.strict) break;
    }
  }
}

}  // namespace

WatchResult run_watch(const WatchOptions& options, format::Diagnostics& diag, const std::atomic<bool>& stop,
                      const std::function<void(const WatchResult&)>& quit) {
  Shared shared;
  std::unique_ptr<StatsdServer> server;
  if (!options.listen.empty()) {
    server = std::make_unique<StatsdServer>(options.listen, options.receive_buffer);
    for (const auto& c : server->counts())
      if (c.receive_buffer < options.receive_buffer)
        diag.warning(Location{c.address, 0, 0},
                     "receive buffer " + std::to_string(c.receive_buffer >> 10) + " KiB, not the " +
                         std::to_string(options.receive_buffer >> 10) +
                         " KiB asked (the kernel's net.core.rmem_max caps it): a burst may be dropped");
  }
  auto writer = make_record_writer(options.output_format, options.aggregate.quantile_names);
  std::unique_ptr<io::Output> stdout_out;
  if (options.output.empty() || options.output == "-") stdout_out = std::make_unique<io::Output>(1, "<stdout>");
  const Aggregator* counts = nullptr;  // the aggregator below, for on_window's totals
  auto emit = [&](const std::vector<WindowRecord>& window) {
    if (options.on_window) {
      WindowTotals totals{counts->late(), 0};
      for (const auto& [name, n] : counts->dropped()) totals.dropped += n;
      options.on_window(window, totals);
    } else if (stdout_out) {
      writer->write(window, *stdout_out);
      stdout_out->flush();
    } else {
      // Each window replaces the file whole; a fresh writer so that a CSV header leads each one.
      auto fresh = make_record_writer(options.output_format, options.aggregate.quantile_names);
      io::OutputFile file(options.output);
      fresh->write(window, file.out());
      file.commit();
    }
    ++shared.result.windows;
    if (options.count > 0 && shared.result.windows >= options.count) shared.enough = true;
  };
  Aggregator aggregator(options.aggregate, emit, now_ms);
  counts = &aggregator;
  LockedSink sink(aggregator, shared);
  auto finish = [&] {  // under the lock
    if (!shared.enough) aggregator.finish();
    shared.result.late = aggregator.late();
    shared.result.dropped = aggregator.dropped();
    if (server) shared.result.listened = server->counts();
  };
  {
    // A process tree's loop answers a stop and --count itself (its command must be ended
    // first), and its windows close on its own samples: it needs no timer.
    const bool tree = options.pid > 0 || !options.command.empty();
    std::unique_ptr<Ticker> timer;
    if (!tree) timer = std::make_unique<Ticker>([&] {
      std::lock_guard<std::mutex> lock(shared.mutex);
      if (stop.load()) {
        finish();
        quit(shared.result);  // ends the process
      }
      aggregator.close_until(now_ms());
      if (shared.enough) {
        finish();
        quit(shared.result);
      }
    });
    try {
      if (tree) {
        auto status = detail::watch_process(options, sink, stop);
        std::lock_guard<std::mutex> lock(shared.mutex);
        shared.result.exit_status = status;
      } else if (!options.scrape.urls.empty()) {
        read_scrapes(options, sink, shared);
      } else if (options.system) {
        read_host(options, sink);
      } else if (server) {
        serve(*server, options, sink, diag, shared);
      } else if (options.follow) {
        read_followed(options, sink, diag, shared);
      } else {
        read_in_turn(options, sink, diag, shared);
      }
    } catch (const Enough&) {
    }
  }
  std::lock_guard<std::mutex> lock(shared.mutex);
  finish();
  return shared.result;
}

}  // namespace mon::watch
