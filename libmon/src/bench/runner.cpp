// The benchmark run loop; the schedule is described in mon/bench/runner.hpp.
//
// Shell spawn time: as hyperfine does, when a command runs under `sh -c`, the shell alone
// (`sh -c ""`) is measured 50 times first and subtracted from every run's wall, user and system
// time (clamped at 0). We subtract the median of those 50 rather than hyperfine's mean, so that one
// descheduled calibration run does not shift every result.
#include "mon/bench/runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "mon/stats/descriptive.hpp"

namespace mon::bench {

namespace {

constexpr std::size_t kShellCalibrationRuns = 50;

std::optional<Prepared> helper(const std::string& templ, const Benchmark& b, ShellMode mode, const std::string& shell) {
  if (templ.empty()) return std::nullopt;
  return Prepared(substitute(templ, b.parameters), mode, shell);
}

}  // namespace

Runner::Runner(std::vector<Benchmark> benchmarks, RunOptions options)
    : benchmarks_(std::move(benchmarks)), options_(std::move(options)) {
  if (benchmarks_.empty()) throw Error("no command to benchmark");
  for (const auto& b : benchmarks_) {
    Job job{Prepared(b.command, options_.shell_mode, options_.shell), {}, {}, {}, {}, 0, 0, 0};
    // Helpers are run as the benchmarks are: split when they can be, through the shell otherwise.
    job.setup = helper(options_.setup, b, options_.shell_mode, options_.shell);
    job.prepare = helper(options_.prepare, b, options_.shell_mode, options_.shell);
    job.conclude = helper(options_.conclude, b, options_.shell_mode, options_.shell);
    job.cleanup = helper(options_.cleanup, b, options_.shell_mode, options_.shell);
    jobs_.push_back(std::move(job));
  }
  null_fd_ = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd_ < 0) throw Error(std::string("cannot open /dev/null: ") + std::strerror(errno));
  if (!options_.input.empty()) {
    input_fd_ = ::open(options_.input.c_str(), O_RDONLY | O_CLOEXEC);
    if (input_fd_ < 0) throw Error("cannot open --input " + options_.input + ": " + std::strerror(errno));
  }
  if (options_.show_output) options_.output = RunOptions::Output::inherit;
  io_.stdin_fd = input_fd_ >= 0 ? input_fd_ : null_fd_;
  io_.stdout_fd = null_fd_;
  io_.stderr_fd = null_fd_;
  switch (options_.output) {
    case RunOptions::Output::null:
      break;
    case RunOptions::Output::inherit:
      io_.stdout_fd = io_.stderr_fd = -1;
      break;
    case RunOptions::Output::file:
      output_fd_ = ::open(options_.output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (output_fd_ < 0) throw Error("cannot write --output " + options_.output_file + ": " + std::strerror(errno));
      io_.stdout_fd = output_fd_;
      break;
    case RunOptions::Output::pipe:
      start_drainer();
      io_.stdout_fd = output_fd_;
      break;
  }
  bool any_shell = std::any_of(jobs_.begin(), jobs_.end(), [](const Job& j) { return j.command.uses_shell(); });
  if (any_shell) shell_probe_ = Prepared::empty_shell(options_.shell);
  spawner_ = std::make_unique<Spawner>(io_);
}

Runner::~Runner() {
  spawner_.reset();  // the helper holds the pipe's writing end too
  if (null_fd_ >= 0) ::close(null_fd_);
  if (input_fd_ >= 0) ::close(input_fd_);
  if (output_fd_ >= 0) ::close(output_fd_);  // the drainer reads end of file and exits
  if (drainer_ > 0) {
    int st = 0;
    while (::waitpid(drainer_, &st, 0) < 0 && errno == EINTR) {
    }
  }
}

// --output pipe: a process forked now (monctl is still small) that reads the pipe and discards
// it, so that a command writes into a pipe with a reader as it would in a shell pipeline.
void Runner::start_drainer() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw Error(std::string("cannot start the --output pipe reader: ") + std::strerror(e));
  }
  if (pid == 0) {
    ::close(fds[1]);
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(0);
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EINTR)) ::_exit(0);
    }
  }
  ::close(fds[0]);
  output_fd_ = fds[1];
  drainer_ = pid;
}

void Runner::calibrate_shell(Progress& progress) {
  std::vector<double> wall, user, system;
  Batch b;
  b.command = &*shell_probe_;
  b.repeat = static_cast<std::uint32_t>(kShellCalibrationRuns);
  spawner_->start(b);
  for (std::size_t i = 0; i < kShellCalibrationRuns; ++i) {
    Outcome o = spawner_->next();
    if (o.spawn_errno) throw proc::SpawnError(shell_probe_->command(), o.spawn_errno);
    if (o.wait_failed || !o.sample.ok())
      throw CommandFailed("cannot measure the shell's spawn time: '" + options_.shell + " -c \"\"' failed (" +
                          describe(o.sample) + ")");
    wall.push_back(o.sample.wall_seconds);
    user.push_back(o.sample.user_seconds);
    system.push_back(o.sample.system_seconds);
    progress.calibrating_shell(i + 1, kShellCalibrationRuns);
  }
  shell_wall_ = stats::median(wall);
  shell_user_ = stats::median(user);
  shell_system_ = stats::median(system);
}

void Runner::run_helper(const std::optional<Prepared>& h, const char* what, const Job& job) {
  if (!h) return;
  RunSample s = spawner_->run(*h, options_.timeout_seconds);
  if (!s.ok())
    throw CommandFailed(std::string("the ") + what + " command '" + h->command() + "' for '" +
                        job.command.command() + "' failed (" + describe(s) + ")");
}

void Runner::record(std::size_t index, const RunSample& s, const char* phase, std::size_t number) {
  Result& r = results_[index];
  if (!s.ok()) {
    if (!options_.ignore_failure)
      throw CommandFailed("'" + r.benchmark.name + "' failed in " + phase + " " + std::to_string(number) + " (" +
                          describe(s) + "); use -i/--ignore-failure to keep its runs, --show-output to see why");
  }
  if (std::string_view(phase) != "run") return;
  if (!s.ok()) ++r.failures;
  if (s.timed_out) ++r.timeouts;
  r.wall.push_back(s.wall_seconds);
  r.user.push_back(s.user_seconds);
  r.system.push_back(s.system_seconds);
  r.max_rss.push_back(s.max_rss_bytes);
  r.exits.push_back(s.status);
  r.rss_floor_bytes = spawner_->floor_bytes();
}

std::size_t Runner::decide_count(const RunSample& first, const Job& job) const {
  if (options_.runs) return *options_.runs;
  double per_run = first.wall_seconds + (job.command.uses_shell() ? shell_wall_ : 0) + job.overhead;
  std::size_t in_time = per_run > 0 ? static_cast<std::size_t>(std::min(1e9, options_.min_time_seconds / per_run))
                                    : options_.min_runs;
  std::size_t count = std::max(in_time, options_.min_runs);
  if (options_.max_runs) count = std::min(count, *options_.max_runs);
  return std::max<std::size_t>(count, 1);
}

void Runner::batch(std::size_t i, std::size_t n, bool warmup, Progress& progress) {
  Job& job = jobs_[i];
  Result& r = results_[i];
  Batch b;
  b.prepare = job.prepare ? &*job.prepare : nullptr;
  b.command = &job.command;
  b.conclude = job.conclude ? &*job.conclude : nullptr;
  b.timeout_seconds = options_.timeout_seconds;
  b.repeat = static_cast<std::uint32_t>(n);
  b.stop_on_failure = !options_.ignore_failure;
  b.rewind_fd = input_fd_;
  if (options_.output == RunOptions::Output::file) b.truncate_fd = output_fd_;
  spawner_->start(b);
  for (std::size_t k = 0; k < n; ++k) {
    Outcome o = spawner_->next();
    if (o.spawn_errno) {
      const Prepared* p = o.failed == Stage::prepare ? b.prepare : o.failed == Stage::conclude ? b.conclude : b.command;
      throw proc::SpawnError(p->command(), o.spawn_errno);
    }
    if (o.wait_failed) throw Error("cannot wait for the benchmarked process");
    if (o.failed == Stage::prepare || o.failed == Stage::conclude)
      throw CommandFailed(std::string("the ") + (o.failed == Stage::prepare ? "--prepare" : "--conclude") + " command '" +
                          (o.failed == Stage::prepare ? b.prepare : b.conclude)->command() + "' for '" +
                          job.command.command() + "' failed (" + describe(o.hook_sample) + ")");
    job.overhead = o.hooks_seconds;  // the latest, for the --min-time estimate
    RunSample& s = o.sample;
    if (job.command.uses_shell()) {
      s.wall_seconds = std::max(0.0, s.wall_seconds - shell_wall_);
      s.user_seconds = std::max(0.0, s.user_seconds - shell_user_);
      s.system_seconds = std::max(0.0, s.system_seconds - shell_system_);
    }
    if (warmup) {
      ++job.warmups_done;
      record(i, s, "warmup run", job.warmups_done);
      progress.warmup(i, job.warmups_done, options_.warmup);
      continue;
    }
    record(i, s, "run", r.wall.size() + 1);
    if (job.count == 0) {  // the first run decides how many follow
      job.count = decide_count(s, job);
      r.wall.reserve(job.count);
      r.user.reserve(job.count);
      r.system.reserve(job.count);
      r.max_rss.reserve(job.count);
      r.exits.reserve(job.count);
    }
    progress.measured(i, r.wall.size(), job.count, stats::mean(r.wall));
  }
}

std::vector<Result> Runner::run(Progress& progress) {
  results_.clear();
  for (std::size_t i = 0; i < jobs_.size(); ++i) {
    Result r;
    r.benchmark = benchmarks_[i];
    r.uses_shell = jobs_[i].command.uses_shell();
    results_.push_back(std::move(r));
  }
  if (shell_probe_) calibrate_shell(progress);

  if (!options_.interleave) {
    // Each phase is one batch: the helper runs them back to back.
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      Job& job = jobs_[i];
      run_helper(job.setup, "--setup", job);
      if (options_.warmup > 0) batch(i, options_.warmup, true, progress);
      batch(i, 1, false, progress);
      if (job.count > 1) batch(i, job.count - 1, false, progress);
      run_helper(job.cleanup, "--cleanup", job);
      progress.finished(i);
    }
    return std::move(results_);
  }

  for (auto& job : jobs_) run_helper(job.setup, "--setup", job);
  for (std::size_t w = 0; w < options_.warmup; ++w)
    for (std::size_t i = 0; i < jobs_.size(); ++i) batch(i, 1, true, progress);
  bool more = true;
  while (more) {
    more = false;
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      if (jobs_[i].count != 0 && results_[i].wall.size() >= jobs_[i].count) continue;
      batch(i, 1, false, progress);
      if (results_[i].wall.size() < jobs_[i].count) more = true;
    }
  }
  for (std::size_t i = 0; i < jobs_.size(); ++i) {
    run_helper(jobs_[i].cleanup, "--cleanup", jobs_[i]);
    progress.finished(i);
  }
  return std::move(results_);
}

}  // namespace mon::bench
