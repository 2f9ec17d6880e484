#pragma once
// No `probe cmd` plugin outlives the monctl that started it. Each plugin runs in a process group
// of its own (so that a timeout kills whatever it started), which is also why a signal to
// monctl's group — what a Nagios or CI timeout sends — does not reach it. Two things make up for
// that:
//  - every plugin is spawned with PR_SET_PDEATHSIG = SIGKILL from the thread that waits for it,
//    so it dies when monctl dies, however monctl dies (SIGKILL included);
//  - while a SignalCleanup lives, SIGTERM, SIGINT and SIGHUP kill the process group of every
//    plugin still running (the plugin and what it started), then end monctl by that same signal,
//    as if no handler were there (the caller's shell sees 128+N).
// A signal that was ignored when the SignalCleanup was made (`nohup`) stays ignored.
#include <csignal>

namespace mon::probe {

class SignalCleanup {
 public:
  SignalCleanup();
  SignalCleanup(const SignalCleanup&) = delete;
  SignalCleanup& operator=(const SignalCleanup&) = delete;
  ~SignalCleanup();  // puts the previous handlers back

 private:
  static constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};
  struct sigaction previous_[3] {};
  bool installed_[3] = {};
};

}  // namespace mon::probe
