#pragma once
// Starting a child without a shell and collecting what it cost. What posix_spawn does, on vfork
// (no page-table copy) or, for own_rss_peak, on fork, with the parent-death signal posix_spawn
// cannot set; and wait4, which gives that one child's own resource usage — RUSAGE_CHILDREN would
// mix in every child reaped before it.
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mon/error.hpp"

namespace mon::proc {

// The command could not be started. exit_status() is 127 (not found) or 126 (not executable),
// as timeout(1) and env(1) report. When exec says ENOENT of a file that does exist, what is
// missing is the program that would run it: the message names the interpreter of its `#!` line
// (and a carriage return at its end, the mark of DOS line endings), or the ELF loader.
class SpawnError : public Error {
 public:
  SpawnError(const std::string& program, int err);
  int error_number() const { return errno_; }
  int exit_status() const;

 private:
  int errno_;
};

struct SpawnOptions {
  int stdin_fd = -1;   // -1: inherit
  int stdout_fd = -1;  // -1: inherit
  int stderr_fd = -1;  // -1: inherit
  bool new_process_group = false;
  bool search_path = true;  // argv[0] without '/' is looked up in PATH
  // nullptr: the child starts with no signal blocked and every signal at its default action
  // (what a benchmark wants). Otherwise the child gets this mask and keeps the dispositions it
  // inherits, so that ignored stays ignored (`nohup monctl time -- job` must keep working).
  const sigset_t* inherit_mask = nullptr;
  // Non-zero: the child gets this signal when monctl dies, however it dies (SIGKILL included),
  // so that no plugin, benchmark or job outlives the monctl that started it (PR_SET_PDEATHSIG).
  // The signal is sent when the *thread* that spawned the child ends: spawn from a thread that
  // outlives the child.
  int parent_death_signal = 0;
  // The child's max RSS (wait4's ru_maxrss) is its own. A vforked child shares our memory until
  // exec, and at exec Linux folds the old memory's RSS high-water mark into the child's
  // (fs/exec.c: setmax_mm_hiwater_rss), so every child would report at least monctl's own peak.
  // With this the child is forked instead: its memory is a copy whose high-water mark starts at
  // the few pages fork copies (our anonymous ones, not the mapped program), and the command's
  // figure is what GNU time reports. Costs a page-table copy (tens of microseconds for monctl).
  bool own_rss_peak = false;
};

// argv must be null-terminated; prepared once by the caller so that the timed path allocates nothing
// (with search_path off: the PATH search allocates).
// Signal mask and dispositions are reset to defaults in the child. Throws SpawnError.
pid_t spawn(char* const argv[], const SpawnOptions& options = {}, char* const envp[] = nullptr);

// Convenience: builds the argv array.
pid_t spawn(const std::vector<std::string>& argv, const SpawnOptions& options = {});

struct Usage {
  double user_seconds = 0;
  double system_seconds = 0;
  std::int64_t max_rss_bytes = 0;
  std::int64_t minor_faults = 0;
  std::int64_t major_faults = 0;
  std::int64_t voluntary_switches = 0;
  std::int64_t involuntary_switches = 0;
  std::int64_t block_inputs = 0;
  std::int64_t block_outputs = 0;
};

struct ExitStatus {
  bool exited = false;  // exited normally
  int code = 0;         // exit code when exited
  int signal = 0;       // terminating signal otherwise
  bool core_dumped = false;
  // The shell's convention: the code, or 128+signal.
  int shell_status() const { return exited ? code : 128 + signal; }
};

struct WaitResult {
  ExitStatus status;
  Usage usage;
};

// Waits for pid with wait4 (retrying on EINTR). Throws mon::Error on failure.
WaitResult wait(pid_t pid);
// Like wait() but returns false at once when the child has not finished (WNOHANG).
bool try_wait(pid_t pid, WaitResult& out);

ExitStatus decode_status(int wait_status);
Usage decode_usage(const struct rusage& ru);

// "SIGKILL" for 9; "SIG42" for numbers without a name.
std::string signal_name(int sig);

// Looks a program up in PATH as execvp would. Returns the path, or empty if none is found.
std::string find_program(const std::string& name);

}  // namespace mon::proc
