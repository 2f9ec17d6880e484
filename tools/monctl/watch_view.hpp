#pragma once
// `monctl watch`'s view for people on a terminal: the table of watch_table.hpp redrawn in place
// on the alternate screen as windows close (at most 10 times a second), with keys read from
// /dev/tty on a thread of its own -- s: the next sort, /: a filter (Enter applies it, Esc clears
// it), q or Ctrl-C: quit. When it closes, the terminal is given back and the last table printed
// once on the normal screen; with `live` false (--once) that table is all there is.
//
// Locking: window() is called under the runner's lock; the key thread takes only the view's
// own, so the order is always runner, then view.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tty.hpp"
#include "watch_table.hpp"

namespace monctl::watch_view {

struct ViewOptions {
  TableOptions table;
  bool live = true;         // false: no screen, no keys; the table printed at close()
  bool keys = true;         // false: the terminal is the data's input, left in line mode (no echo)
  std::function<void()> quit;  // q or Ctrl-C typed: asks the runner to stop (which then calls close())
};

class LiveView {
 public:
  explicit LiveView(ViewOptions options);
  ~LiveView();
  LiveView(const LiveView&) = delete;
  LiveView& operator=(const LiveView&) = delete;

  void window(const std::vector<mon::watch::WindowRecord>& records, const mon::watch::WindowTotals& totals);
  // Stops the key thread, gives the terminal back and prints the last table. Idempotent.
  void close();

 private:
  void run_keys();
  void keys(const std::string& chunk);  // under mutex_
  void key(char c);                      // under mutex_
  void draw();       // under mutex_

  ViewOptions options_;
  Table table_;
  std::unique_ptr<Tty> tty_;
  std::mutex mutex_;
  bool closed_ = false;
  bool dirty_ = false;
  bool editing_ = false;  // typing a filter
  std::string typed_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::thread key_thread_;  // last: started once the members above exist
};

}  // namespace monctl::watch_view
