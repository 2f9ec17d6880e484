#pragma once
// One timed run: the monotonic clock read right before posix_spawn and right after wait4 reaps
// that very child, whose own rusage gives user and system time and max RSS (hyperfine diffs
// getrusage(RUSAGE_CHILDREN), whose ru_maxrss is the largest of *all* children reaped so far: a
// small command measured after a big one inherits the big one's RSS). Nothing is allocated between
// the two clock reads; the argv was built beforehand.
#include <sys/types.h>

#include <atomic>
#include <cstdint>

#include "mon/bench/command.hpp"
#include "mon/proc/spawn.hpp"

namespace mon::bench {

struct RunSample {
  double wall_seconds = 0;
  double user_seconds = 0;
  double system_seconds = 0;
  std::int64_t max_rss_bytes = 0;
  proc::ExitStatus status;
  bool timed_out = false;
  bool ok() const { return !timed_out && status.exited && status.code == 0; }
};

// Where the child's standard streams go (descriptors owned by the caller).
struct RunIo {
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};

// Runs `command` once and measures it. timeout_seconds > 0: the child runs in its own process group,
// which is killed with SIGKILL when the time is up (timed_out is then set). The child gets SIGKILL
// when the thread that started it ends (PR_SET_PDEATHSIG), so no run outlives its measurer.
// `running`, when given, holds the child's pid while it runs (0 otherwise): a signal handler reads
// it to kill the run. Throws proc::SpawnError when the program cannot be started, mon::Error when
// waiting fails.
RunSample measure(const Prepared& command, const RunIo& io, double timeout_seconds = 0,
                  std::atomic<pid_t>* running = nullptr);

// "exit status 3", "killed by SIGKILL", "timed out after 2s (killed)".
std::string describe(const RunSample& sample);

}  // namespace mon::bench
