#pragma once
// Running one command to its end on behalf of a user: signals reaching us are passed on, a
// deadline is enforced (SIGTERM, then SIGKILL, as timeout(1) does), the process tree can be
// sampled while it runs, and the child is always reaped. monctl time is built on this.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "mon/proc/spawn.hpp"
#include "mon/time/duration.hpp"
#include "mon/time/rfc3339.hpp"

namespace mon::proc {

// Where the child runs. `own`: a process group of its own, so the whole job (a script and
// everything it starts) can be signalled at once — right for cron, CI and services, where no
// terminal decides who gets Ctrl-C. `shared`: our own group, so a job in the foreground of a
// terminal can still read it and gets Ctrl-C from it directly (a background group reading the
// terminal would be stopped by SIGTTIN). `automatic`: shared when we are the terminal's
// foreground job, own otherwise.
enum class GroupMode { automatic, own, shared };

struct TreePoint {
  double elapsed_seconds = 0;
  int processes = 0;
  std::int64_t rss_bytes = 0;
  double cpu_seconds = 0;  // cumulative for the tree
};

struct SuperviseOptions {
  std::optional<time::Duration> timeout;                       // none: wait for ever
  time::Duration kill_after = std::chrono::seconds(10);        // SIGTERM to SIGKILL; 0 = at once
  std::optional<time::Duration> sample_every;                  // process-tree sampling
  // The timeline's bound, so that a long job sampled often keeps constant memory: once full,
  // every other point is dropped and only every 2nd (then 4th, ...) sample is kept from then
  // on. The peak still sees every sample.
  std::size_t max_timeline_points = 10000;
  GroupMode group = GroupMode::automatic;
  // Called with every sample (before the timeline is thinned), on the supervising thread; must
  // not throw.
  std::function<void(const TreePoint&)> on_sample;
};

struct Supervised {
  WaitResult result;  // the child's own status and rusage (its reaped descendants included)
  time::SystemTime start, end;
  double wall_seconds = 0;  // monotonic clock, spawn to reap
  bool timed_out = false;
  bool killed = false;      // SIGKILL had to be sent after the timeout
  bool own_group = false;
  std::vector<int> forwarded;  // signals passed on, in order
  // Filled only with sample_every.
  std::vector<TreePoint> timeline;
  std::size_t timeline_stride = 1;  // samples per timeline point (grows as the timeline is thinned)
  std::int64_t tree_peak_rss_bytes = 0;
};

// Spawns argv (null-terminated; PATH search as execvp) with stdin/stdout/stderr, the signal
// mask and ignored signals inherited as they were when we were called, and supervises it to
// its end. SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 arriving meanwhile are passed
// on, except those that were ignored when we started (nohup) and, in a shared group, those
// the terminal itself sent (the child got them already). Throws SpawnError when the command
// cannot be started, mon::Error on a system failure. Signal mask and handlers are restored
// before returning. The child gets SIGKILL when we die (PR_SET_PDEATHSIG): call this from a
// thread that outlives the job (the main thread does). Its max RSS is its own (own_rss_peak).
Supervised supervise(char* const argv[], const SuperviseOptions& options);

// True when one of fds 0-2 is a terminal whose foreground process group is ours.
bool in_terminal_foreground();

}  // namespace mon::proc
