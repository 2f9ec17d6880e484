#pragma once
// The process groups of the plugins running now, for SignalCleanup's handler (cleanup.hpp). A
// fixed table of atomics: the handler reads it without locks or allocation, which is all a
// signal handler may do.
#include <sys/types.h>

#include <string>
#include <vector>

#include "mon/proc/spawn.hpp"

namespace mon::probe::detail {

// A plugin's group, listed from its spawn until just before it is reaped (a reaped group's id
// may be reused: the handler must never kill that).
class CommandGroup {
 public:
  // Spawns argv in a new process group with TERM, INT and HUP held off on this thread until the
  // group is listed, so that a handler running meanwhile waits for the listing instead of
  // missing the group. Throws proc::SpawnError; throws mon::Error when a signal is already
  // ending monctl (nothing is started then).
  CommandGroup(const std::vector<std::string>& argv, proc::SpawnOptions options);
  CommandGroup(const CommandGroup&) = delete;
  CommandGroup& operator=(const CommandGroup&) = delete;
  ~CommandGroup();  // unlists (call before reaping; unlist() makes that explicit)

  pid_t pid() const { return pid_; }
  void unlist();

 private:
  pid_t pid_ = -1;
  int slot_ = -1;
};

// The handler's work: marks monctl as ending (no plugin starts after this), waits for spawns in
// flight to be listed, and sends SIGKILL to every listed group. Async-signal-safe.
void kill_command_groups() noexcept;

}  // namespace mon::probe::detail
