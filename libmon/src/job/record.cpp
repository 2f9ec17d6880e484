#include "mon/job/record.hpp"

namespace mon::job {

int Record::status() const {
  if (!start_error.empty()) return start_status;
  if (timed_out) return 124;  // as timeout(1), whatever signal ended it
  if (exit_code) return *exit_code;
  return 128 + signal;
}

std::string Record::signal_name() const { return signal ? proc::signal_name(signal) : std::string(); }

Record make_record(std::string name, model::Labels labels, std::vector<std::string> command,
                   const proc::Supervised& run, double sample_every_seconds) {
  Record r;
  r.name = std::move(name);
  r.labels = std::move(labels);
  model::sort_labels(r.labels);
  r.command = std::move(command);
  r.start = run.start;
  r.end = run.end;
  r.wall_seconds = run.wall_seconds;
  r.usage = run.result.usage;
  const proc::ExitStatus& st = run.result.status;
  if (st.exited)
    r.exit_code = st.code;
  else
    r.signal = st.signal;
  r.core_dumped = st.core_dumped;
  r.timed_out = run.timed_out;
  r.killed = run.killed;
  r.sampled = sample_every_seconds > 0;
  r.sample_every_seconds = sample_every_seconds;
  r.tree_peak_rss_bytes = run.tree_peak_rss_bytes;
  r.timeline = run.timeline;
  return r;
}

Record make_start_failure(std::string name, model::Labels labels, std::vector<std::string> command,
                          const proc::SpawnError& error) {
  Record r;
  r.name = std::move(name);
  r.labels = std::move(labels);
  model::sort_labels(r.labels);
  r.command = std::move(command);
  r.start = r.end = std::chrono::system_clock::now();
  r.start_error = error.what();
  r.start_status = error.exit_status();
  return r;
}

}  // namespace mon::job
