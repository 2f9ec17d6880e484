#pragma once
// What one run of a wrapped command cost: the record `monctl time` reports in every format.
// Field names follow the JSON report (wall_seconds, max_rss_bytes, ...).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mon/model/metric.hpp"
#include "mon/proc/supervise.hpp"

namespace mon::job {

struct Record {
  std::string name;                  // --name, or the command's basename
  model::Labels labels;              // --label KEY=VALUE, sorted
  std::vector<std::string> command;  // argv as run
  time::SystemTime start, end;
  double wall_seconds = 0;
  proc::Usage usage;                 // wait4: the child and the descendants it reaped
  std::optional<int> exit_code;      // when it exited
  int signal = 0;                    // the signal that ended it, 0 if none
  bool core_dumped = false;
  bool timed_out = false;
  bool killed = false;               // SIGKILL after --kill-after
  // Why the command could not be started ("cannot run x: command not found"), empty when it
  // ran; start_status is then 127 (not found) or 126 (not executable).
  std::string start_error;
  int start_status = 0;
  // Filled with --sample.
  bool sampled = false;
  double sample_every_seconds = 0;
  std::int64_t tree_peak_rss_bytes = 0;
  std::vector<proc::TreePoint> timeline;

  // What monctl exits with: the exit code, 128+N for signal N, 124 after a timeout.
  int status() const;
  bool success() const { return status() == 0; }
  // "SIGTERM", or empty when no signal ended the job.
  std::string signal_name() const;
};

Record make_record(std::string name, model::Labels labels, std::vector<std::string> command,
                   const proc::Supervised& run, double sample_every_seconds = 0);

// The record of a command that could not be started: a failed run of no duration, so that the
// textfile and the Pushgateway count it (a cron job whose script went missing is failing).
Record make_start_failure(std::string name, model::Labels labels, std::vector<std::string> command,
                          const proc::SpawnError& error);

}  // namespace mon::job
