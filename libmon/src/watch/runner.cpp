// The reading loop and the window timer of mon/watch/runner.hpp.
#include "mon/watch/runner.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "mon/error.hpp"
#include "mon/format/read_input.hpp"
#include "mon/io/output_file.hpp"
#include "mon/watch/follow.hpp"

namespace mon::watch {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Serialises the reader's samples against the timer's window closing.
// Thrown on the reader's side once --count windows are written: reading stops there.
struct Enough {};

class LockedSink : public format::Sink {
 public:
  LockedSink(Aggregator& aggregator, std::mutex& mutex, const bool& enough)
      : aggregator_(aggregator), mutex_(mutex), enough_(enough) {}
  void sample(const model::Family& family, const model::Sample& sample) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (enough_) throw Enough{};
    aggregator_.sample(family, sample);
  }

 private:
  Aggregator& aggregator_;
  std::mutex& mutex_;
  const bool& enough_;
};

// Followed inputs are read on threads of their own: their reports are serialised here.
class LockedDiagnostics : public format::Diagnostics {
 public:
  explicit LockedDiagnostics(format::Diagnostics& next) : next_(next) {}
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
  std::mutex mutex_;
};

}  // namespace

WatchResult run_watch(const WatchOptions& options, format::Diagnostics& diag, const std::atomic<bool>& stop,
                      const std::function<void(const WatchResult&)>& quit) {
  WatchResult result;
  auto writer = make_record_writer(options.output_format, options.aggregate.quantile_names);
  std::unique_ptr<io::Output> stdout_out;
  if (options.output.empty() || options.output == "-") stdout_out = std::make_unique<io::Output>(1, "<stdout>");

  std::mutex mutex;
  bool enough = false;
  auto emit = [&](const std::vector<WindowRecord>& window) {
    if (stdout_out) {
      writer->write(window, *stdout_out);
      stdout_out->flush();
    } else {
      // Each window replaces the file whole; a fresh writer so that a CSV header leads each one.
      auto fresh = make_record_writer(options.output_format, options.aggregate.quantile_names);
      io::OutputFile file(options.output);
      fresh->write(window, file.out());
      file.commit();
    }
    ++result.windows;
    if (options.count > 0 && result.windows >= options.count) enough = true;
  };
  Aggregator aggregator(options.aggregate, emit, now_ms);
  LockedSink sink(aggregator, mutex, enough);

  auto snapshot = [&] {
    result.late = aggregator.late();
    result.dropped = aggregator.dropped();
  };

  std::mutex timer_mutex;
  std::condition_variable timer_wake;
  bool reading_done = false;
  std::thread timer([&] {
    std::unique_lock<std::mutex> wait_lock(timer_mutex);
    while (!reading_done) {
      timer_wake.wait_for(wait_lock, std::chrono::milliseconds(50));
      if (reading_done) break;
      bool stopping = stop.load();
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (stopping)
          aggregator.finish();
        else
          aggregator.close_until(now_ms());
        if (stopping || enough) {
          snapshot();
          quit(result);  // ends the process
        }
      }
    }
  });

  try {
    if (options.system) {
      // Sampled on multiples of the interval; runs until a signal or --count ends it (the timer's quit).
      for (;;) {
        std::int64_t now = now_ms();
        std::int64_t next = (now / options.interval_ms + 1) * options.interval_ms;
        std::this_thread::sleep_for(std::chrono::milliseconds(next - now));
        try {
          host::sample_host(options.host, sink, now_ms());
        } catch (const Enough&) {
          break;
        }
      }
    }
    if (options.follow) {
      // Followed inputs never end: the readers run until a signal or --count ends the process
      // (the timer's quit); a reader that fails stops only its own input.
      LockedDiagnostics locked_diag(diag);
      std::mutex errors_mutex;
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
            std::lock_guard<std::mutex> lock(errors_mutex);
            result.clean = result.clean && clean;
          } catch (const Enough&) {
          } catch (const Error& e) {
            std::lock_guard<std::mutex> lock(errors_mutex);
            result.clean = false;
            result.input_errors.push_back(e.what());
          }
        });
      }
      for (auto& t : readers) t.join();  // only standard input ends
    }
    for (const auto& path : options.inputs) {
      if (options.system || options.follow) break;
      try {
        bool clean = format::read_input(path, options.from, sink, diag, options.read);
        result.clean = result.clean && clean;
      } catch (const Enough&) {
        break;
      } catch (const Error& e) {
        result.clean = false;
        result.input_errors.push_back(e.what());
      }
      if (enough || (!result.clean && options.strict)) break;
    }
    std::lock_guard<std::mutex> lock(mutex);
    if (!enough) aggregator.finish();
    snapshot();
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(timer_mutex);
      reading_done = true;
    }
    timer_wake.notify_all();
    timer.join();
    throw;
  }
  {
    std::lock_guard<std::mutex> lock(timer_mutex);
    reading_done = true;
  }
  timer_wake.notify_all();
  timer.join();
  return result;
}

}  // namespace mon::watch
