// Running many probes at once. HTTP(S) probes share one libcurl multi handle driven by
// curl_multi_poll on this thread (hundreds of transfers cost one thread and a few ms of CPU);
// the blocking probers (tcp, tls, dns, host checks, commands) run on a small pool. A probe
// that is not OK is retried after 250 ms, 500 ms, 1 s ... (at most 4 s) up to its retries.
#include "mon/probe/runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <thread>
#include <unordered_map>

#include "mon/probe/http.hpp"
#include "mon/probe/probers.hpp"

namespace mon::probe {

namespace {
using Clock = std::chrono::steady_clock;

// A probe that could not run at all (libcurl missing, no file descriptors left) is UNKNOWN.
Result broken(const Spec& spec, const std::string& why) {
  Result r = start_result(spec);
  r.status = Status::unknown;
  r.message = "cannot run: " + why;
  return r;
}

Result run_with_retries(const Spec& spec) {
  Result r;
  for (int attempt = 1;; ++attempt) {
    try {
      r = run_blocking(spec);
    } catch (const std::exception& e) {
      r = broken(spec, e.what());
    }
    r.attempts = attempt;
    if (r.status == Status::ok || attempt > spec.retries) return r;
    std::this_thread::sleep_for(retry_delay(attempt + 1));
  }
}

struct Waiting {
  std::size_t index;
  int attempt;
  Clock::time_point due;
};

struct Active {
  std::size_t index;
  int attempt;
  std::unique_ptr<HttpTransfer> transfer;
};

void run_http(const std::vector<Spec>& specs, const std::vector<std::size_t>& which, std::vector<Result>& results,
              const RunOptions& options) {
  const auto& c = net::curl();
  CURLM* multi = c.multi_init();
  if (!multi) throw Error("libcurl could not create a multi handle");
  std::deque<Waiting> waiting;
  for (auto i : which) waiting.push_back({i, 1, Clock::now()});
  std::unordered_map<CURL*, Active> active;
  try {
    while (!waiting.empty() || !active.empty()) {
      // Start whatever is due, as far as the limit allows.
      auto now = Clock::now();
      for (auto it = waiting.begin(); it != waiting.end() && active.size() < options.max_http;) {
        if (it->due > now) {
          ++it;
          continue;
        }
        const Spec& spec = specs[it->index];
        try {
          auto t = std::make_unique<HttpTransfer>(spec);
          CURLMcode mc = c.multi_add_handle(multi, t->handle());
          if (mc != CURLM_OK) throw Error(c.multi_strerror(mc));
          CURL* h = t->handle();
          active.emplace(h, Active{it->index, it->attempt, std::move(t)});
        } catch (const std::exception& e) {
          results[it->index] = broken(spec, e.what());
        }
        it = waiting.erase(it);
      }
      int running = 0;
      CURLMcode mc = c.multi_perform(multi, &running);
      if (mc != CURLM_OK) throw Error(std::string("libcurl: ") + c.multi_strerror(mc));
      int left = 0;
      while (CURLMsg* msg = c.multi_info_read(multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        auto it = active.find(msg->easy_handle);
        if (it == active.end()) continue;
        Active done = std::move(it->second);
        active.erase(it);
        c.multi_remove_handle(multi, done.transfer->handle());
        const Spec& spec = specs[done.index];
        Result r = done.transfer->finish(msg->data.result);
        r.attempts = done.attempt;
        if (r.status != Status::ok && done.attempt <= spec.retries)
          waiting.push_back({done.index, done.attempt + 1, Clock::now() + retry_delay(done.attempt + 1)});
        else
          results[done.index] = std::move(r);
      }
      if (waiting.empty() && active.empty()) break;
      // Sleep until there is socket activity, a retry falls due, or curl's own timers need a turn.
      auto wake = Clock::now() + std::chrono::seconds(1);
      if (active.size() < options.max_http)
        for (const auto& w : waiting) wake = std::min(wake, w.due);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now()).count();
      if (ms > 0 || !active.empty()) {
        int numfds = 0;
        c.multi_poll(multi, nullptr, 0, static_cast<int>(std::max<long long>(ms, 0)), &numfds);
      }
    }
  } catch (...) {
    for (auto& [h, a] : active) c.multi_remove_handle(multi, h);
    active.clear();
    c.multi_cleanup(multi);
    throw;
  }
  c.multi_cleanup(multi);
}
}  // namespace

time::Duration retry_delay(int attempt) {
  if (attempt < 2) return time::Duration::zero();
  int doublings = std::min(attempt - 2, 4);
  return std::chrono::milliseconds(250) * (1 << doublings);
}

std::vector<Result> run_probes(const std::vector<Spec>& specs, const RunOptions& options) {
  std::vector<Result> results(specs.size());
  std::vector<std::size_t> http, blocking;
  for (std::size_t i = 0; i < specs.size(); ++i) (specs[i].kind == Kind::http ? http : blocking).push_back(i);

  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (;;) {
      std::size_t k = next++;
      if (k >= blocking.size()) return;
      results[blocking[k]] = run_with_retries(specs[blocking[k]]);
    }
  };
  // With HTTP probes this thread drives the multi handle; otherwise it works the queue too.
  std::size_t threads = std::min(options.workers, blocking.size());
  if (http.empty() && threads > 0) --threads;
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);
  if (!http.empty()) {
    try {
      run_http(specs, http, results, options);
    } catch (const std::exception& e) {
      for (auto i : http)
        if (results[i].name.empty()) results[i] = broken(specs[i], e.what());
    }
  } else {
    work();
  }
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace mon::probe
