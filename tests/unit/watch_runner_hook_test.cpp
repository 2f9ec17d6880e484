// mon::watch::run_watch with on_window: each closed window handed over instead of written, with
// the late and dropped samples counted so far.
#include <doctest/doctest.h>

#include <atomic>
#include <fstream>

#include "mon/format/diagnostics.hpp"
#include "mon/watch/runner.hpp"
#include "temp_files.hpp"

using namespace mon;

TEST_CASE("watch runner: on_window takes the windows and the totals, nothing is written") {
  temp_files::TempDir dir;
  std::string input = dir.path + "/in.prom";
  std::ofstream(input) << "a 1 1000\n"
                          "b 1 1000\n"
                          "a 2 2500\n"  // closes [0,2s)
                          "a 9 1500\n"  // late
                          "a 3 4100\n"; // closes [2s,4s); [4s,6s) closed at the end
  watch::WatchOptions o;
  o.aggregate.window_ms = 2000;
  o.aggregate.max_series = 1;  // b is dropped
  o.inputs = {input};
  o.output = dir.path + "/never";
  std::vector<std::vector<watch::WindowRecord>> windows;
  std::vector<watch::WindowTotals> totals;
  o.on_window = [&](const std::vector<watch::WindowRecord>& w, const watch::WindowTotals& t) {
    windows.push_back(w);
    totals.push_back(t);
  };
  format::CollectingDiagnostics diag;
  std::atomic<bool> stop{false}, quit{false};
  auto r = watch::run_watch(o, diag, stop, [&](const watch::WatchResult&) { quit.store(true); });
  CHECK_FALSE(quit.load());  // only a stop or --count quits
  CHECK(r.clean);
  CHECK(r.windows == 3);
  REQUIRE(windows.size() == 3);
  CHECK(windows[0].size() == 1);
  CHECK(windows[0][0].name == "a");
  CHECK(windows[0][0].count == 1);
  CHECK(windows[2][0].last == 3);
  CHECK(totals[0].dropped == 1);
  CHECK(totals[0].late == 0);
  CHECK(totals[1].late == 1);
  CHECK(totals[2].late == 1);
  CHECK(temp_files::slurp(o.output).empty());
}
