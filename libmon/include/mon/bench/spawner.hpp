#pragma once
// A small helper process that starts and times the benchmarked commands, so that their max RSS is
// theirs and not monctl's.
//
// Why: posix_spawn shares the parent's memory until exec (CLONE_VM|CLONE_VFORK), and at exec Linux
// folds the old address space's RSS high-water mark into the new process's ru_maxrss
// (fs/exec.c, exec_mmap -> setmax_mm_hiwater_rss). Every command spawned by monctl would so report
// at least monctl's own peak RSS - which grows when monctl loads a baseline, making memory "grow"
// between two identical runs. The helper is forked once, right after the commands are prepared and
// after malloc_trim: its address space is a small, stable copy (fork copies only the anonymous
// pages, and the kernel starts its high-water mark there), and it never allocates afterwards. It
// still uses posix_spawn, with the argv prepared before the fork (same addresses in the copy).
//
// Protocol: fixed-size binary messages over two pipes, outside the timed section. The parent sends
// a batch (prepare, command, conclude, how many times); the helper runs the iterations back to back
// and streams one outcome per iteration, stopping early at a failure - so the runs are not slowed
// by a round trip to the parent, which reads the outcomes as they come.
#include <sys/types.h>

#include <cstdint>

#include "mon/bench/measure.hpp"

namespace mon::bench {

struct Batch {
  const Prepared* prepare = nullptr;   // optional, before every run
  const Prepared* command = nullptr;   // the measured command
  const Prepared* conclude = nullptr;  // optional, after every run
  double timeout_seconds = 0;
  std::uint32_t repeat = 1;
  bool stop_on_failure = true;  // stop after a run of `command` that failed
  int rewind_fd = -1;           // lseek'd to 0 after prepare (the --input file)
  int truncate_fd = -1;         // emptied before every run of `command` (--output FILE)
};

enum class Stage : int { none, prepare, command, conclude };

struct Outcome {
  RunSample sample;          // the command's run
  double hooks_seconds = 0;  // prepare + conclude wall time
  Stage failed = Stage::none;  // a prepare/conclude that failed, or the stage that could not start
  RunSample hook_sample;       // that prepare/conclude run
  int spawn_errno = 0;         // the stage could not be started
  bool wait_failed = false;
};

// The helper lives in a process group of its own and takes every command it started with it
// when monctl ends, by a signal or by SIGKILL (see spawner.cpp): while a Spawner exists, SIGTERM,
// SIGINT and SIGHUP (unless ignored) make monctl kill the helper's group and then die of that
// signal. One Spawner at a time.
class Spawner {
 public:
  // Forks the helper. Every Prepared passed later must exist now (the helper's copy of memory is
  // taken here). `io` is what the helper's runs use for stdin/stdout/stderr.
  explicit Spawner(const RunIo& io);
  ~Spawner();  // closes the pipes; the helper exits and is reaped
  Spawner(const Spawner&) = delete;
  Spawner& operator=(const Spawner&) = delete;

  // Starts a batch; read its outcomes with next() - `repeat` of them, fewer if one failed
  // (a failed hook, a spawn error, or a failed command with stop_on_failure).
  void start(const Batch& batch);
  // Throws mon::Error if the helper died.
  Outcome next();

  // One run of `command` alone. Throws proc::SpawnError or mon::Error like measure().
  RunSample run(const Prepared& command, double timeout_seconds);

  // The helper's own peak RSS so far: a command whose max RSS is reported at or below it may use
  // less (its true RSS is hidden under the floor, as under any fork/vfork-based measurement).
  std::int64_t floor_bytes() const { return floor_bytes_; }

 private:
  std::int64_t floor_bytes_ = 0;
  pid_t pid_ = -1;
  int to_helper_ = -1;
  int from_helper_ = -1;
};

}  // namespace mon::bench
