#pragma once
// The benchmark run loop: setup once per command, warmup runs, a first measured run that sets the
// number of runs (enough for --min-time, at least --min-runs, at most --max-runs, or exactly
// --runs), prepare/conclude around every run, cleanup once per command. With interleave, the
// commands take turns run by run (A B A B ...) so that drift of the machine (thermal throttling,
// a backup starting) hits all of them alike; setups then all run first and cleanups all last.
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mon/bench/command.hpp"
#include "mon/bench/measure.hpp"
#include "mon/bench/plan.hpp"
#include "mon/bench/spawner.hpp"
#include "mon/error.hpp"

namespace mon::bench {

struct RunOptions {
  std::size_t warmup = 0;
  std::optional<std::size_t> runs;  // exact count
  std::size_t min_runs = 10;
  std::optional<std::size_t> max_runs;
  double min_time_seconds = 3.0;
  std::string setup, cleanup, prepare, conclude;  // templates: {PARAM} substituted per benchmark
  double timeout_seconds = 0;                    // 0: none
  bool interleave = false;
  bool ignore_failure = false;
  // Where the commands' output goes (hyperfine's --output): /dev/null; a pipe drained by a small
  // process (programs that detect /dev/null and skip their writes then do the work); the
  // terminal (--show-output); or output_file, created anew before every run (stdout only; stderr
  // to /dev/null in both of the last cases, as hyperfine does).
  bool show_output = false;  // the same as Output::inherit
  enum class Output { null, pipe, inherit, file };
  Output output = Output::null;
  std::string output_file;
  std::string input;  // file for the commands' stdin; empty: /dev/null
  ShellMode shell_mode = ShellMode::automatic;
  std::string shell = "sh";
};

struct Result {
  Benchmark benchmark;
  bool uses_shell = false;
  std::vector<double> wall;  // seconds, shell spawn time subtracted
  std::vector<double> user;
  std::vector<double> system;
  std::vector<std::int64_t> max_rss;
  std::vector<proc::ExitStatus> exits;
  std::size_t failures = 0;  // runs that did not exit 0 (kept with --ignore-failure)
  std::size_t timeouts = 0;
  // Max RSS values at or below this are the measurement floor (see mon/bench/spawner.hpp).
  std::int64_t rss_floor_bytes = 0;
};

// A benchmarked (or setup, prepare, ...) command failed and --ignore-failure was not given.
class CommandFailed : public Error {
 public:
  using Error::Error;
};

// Progress reports; the default does nothing. Called outside the timed section.
class Progress {
 public:
  virtual ~Progress() = default;
  virtual void calibrating_shell(std::size_t done, std::size_t total) { (void)done, (void)total; }
  virtual void warmup(std::size_t bench, std::size_t done, std::size_t total) { (void)bench, (void)done, (void)total; }
  // `estimate` is the mean wall time so far.
  virtual void measured(std::size_t bench, std::size_t done, std::size_t total, double estimate) {
    (void)bench, (void)done, (void)total, (void)estimate;
  }
  virtual void finished(std::size_t bench) { (void)bench; }
};

class Runner {
 public:
  // Prepares every command (benchmarks, setup, prepare, conclude, cleanup), opens the input and
  // starts the spawning helper (mon/bench/spawner.hpp) - construct the Runner before loading
  // anything big, so that the helper stays small. Throws CommandNotFound / mon::Error before
  // anything runs.
  Runner(std::vector<Benchmark> benchmarks, RunOptions options);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Throws CommandFailed.
  std::vector<Result> run(Progress& progress);

  // The shell's own spawn time subtracted from shell runs (0 when no command uses the shell).
  double shell_overhead_seconds() const { return shell_wall_; }

 private:
  struct Job {
    Prepared command;
    std::optional<Prepared> setup, prepare, conclude, cleanup;
    std::size_t count = 0;  // measured runs to do
    std::size_t warmups_done = 0;
    double overhead = 0;  // prepare + conclude time, for the --min-time estimate
  };
  void calibrate_shell(Progress& progress);
  void start_drainer();
  void run_helper(const std::optional<Prepared>& helper, const char* what, const Job& job);
  // n iterations (prepare, command, conclude) of benchmark `index` in the helper, recorded as
  // warmup or measured runs. Throws CommandFailed, proc::SpawnError.
  void batch(std::size_t index, std::size_t n, bool warmup, Progress& progress);
  void record(std::size_t index, const RunSample& s, const char* phase, std::size_t number);
  std::size_t decide_count(const RunSample& first, const Job& job) const;

  std::vector<Benchmark> benchmarks_;
  RunOptions options_;
  std::vector<Job> jobs_;
  std::vector<Result> results_;
  std::optional<Prepared> shell_probe_;  // sh -c "" for the calibration
  std::unique_ptr<Spawner> spawner_;
  RunIo io_;
  int null_fd_ = -1;
  int input_fd_ = -1;
  int output_fd_ = -1;  // --output pipe (the writing end) or FILE
  pid_t drainer_ = -1;  // reads and discards --output pipe
  double shell_wall_ = 0, shell_user_ = 0, shell_system_ = 0;
};

}  // namespace mon::bench
