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
// Protocol: fixed-size binary messages over two pipes, outside the timed section: the parent sends
// {command pointer, timeout}, the helper answers with the RunSample or an errno from spawning.
#include <sys/types.h>

#include <cstdint>

#include "mon/bench/measure.hpp"

namespace mon::bench {

class Spawner {
 public:
  // Forks the helper. Every Prepared passed to run() later must exist now (the helper's copy of
  // memory is taken here). `io` is what the helper's runs use for stdin/stdout/stderr.
  explicit Spawner(const RunIo& io);
  ~Spawner();  // closes the pipes; the helper exits and is reaped
  Spawner(const Spawner&) = delete;
  Spawner& operator=(const Spawner&) = delete;

  // measure(command, io, timeout) in the helper. Throws proc::SpawnError or mon::Error like
  // measure(); mon::Error too if the helper died.
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
