// The run as Prometheus families. Everything but the counters is a gauge about the last run;
// every sample carries job_name and the user's labels, so several jobs' files can sit in one
// textfile folder or one Pushgateway without clashing.
#include "mon/job/metrics.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "mon/error.hpp"
#include "mon/io/output.hpp"

namespace mon::job {

namespace {

double unix_seconds(time::SystemTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

class Emitter {
 public:
  Emitter(const Record& r, format::Sink& sink) : sink_(sink) {
    base_ = r.labels;
    base_.push_back({kNameLabel, r.name});
    model::sort_labels(base_);
    model::drop_empty_labels(base_);
  }

  void family(const std::string& name, model::MetricType type, const std::string& help) {
    fam_ = model::Family{name, type, help, "", true};
    sink_.family(fam_);
  }
  void sample(double value, const char* extra_name = nullptr, const char* extra_value = nullptr) {
    model::Sample s;
    s.name = fam_.name;
    s.labels = base_;
    if (extra_name) {
      s.labels.push_back({extra_name, extra_value});
      model::sort_labels(s.labels);
    }
    s.value = value;
    sink_.sample(fam_, s);
  }

 private:
  format::Sink& sink_;
  model::Labels base_;
  model::Family fam_;
};

}  // namespace

Carry advance(const Carry& previous, const Record& r) {
  Carry c = previous;
  c.runs += 1;
  if (r.success())
    c.last_success_seconds = unix_seconds(r.end);
  else
    c.failures += 1;
  return c;
}

void write_metrics(const Record& r, const Carry& carry, format::Sink& sink, const MetricsOptions& options) {
  using model::MetricType;
  Emitter e(r, sink);
  e.family("monctl_job_duration_seconds", MetricType::gauge, "Wall-clock time of the last run.");
  e.sample(r.wall_seconds);
  e.family("monctl_job_cpu_seconds", MetricType::gauge,
           "CPU time of the last run, the job and the children it waited for, by mode.");
  e.sample(r.usage.system_seconds, "mode", "system");
  e.sample(r.usage.user_seconds, "mode", "user");
  e.family("monctl_job_max_rss_bytes", MetricType::gauge,
           "Peak resident set size of the largest single process of the last run.");
  e.sample(static_cast<double>(r.usage.max_rss_bytes));
  if (r.sampled) {
    e.family("monctl_job_tree_peak_rss_bytes", MetricType::gauge,
             "Peak resident set size of the last run's whole process tree, as sampled.");
    e.sample(static_cast<double>(r.tree_peak_rss_bytes));
  }
  e.family("monctl_job_page_faults", MetricType::gauge, "Page faults of the last run, by kind.");
  e.sample(static_cast<double>(r.usage.major_faults), "kind", "major");
  e.sample(static_cast<double>(r.usage.minor_faults), "kind", "minor");
  e.family("monctl_job_context_switches", MetricType::gauge, "Context switches of the last run, by kind.");
  e.sample(static_cast<double>(r.usage.involuntary_switches), "kind", "involuntary");
  e.sample(static_cast<double>(r.usage.voluntary_switches), "kind", "voluntary");
  e.family("monctl_job_block_operations", MetricType::gauge,
           "Block input and output operations of the last run, by direction.");
  e.sample(static_cast<double>(r.usage.block_inputs), "direction", "in");
  e.sample(static_cast<double>(r.usage.block_outputs), "direction", "out");
  e.family("monctl_job_exit_code", MetricType::gauge,
           "Exit status of the last run: its exit code, 128+N when killed by signal N, 124 when timed out.");
  e.sample(r.status());
  e.family("monctl_job_timed_out", MetricType::gauge, "1 if the last run was stopped by --timeout.");
  e.sample(r.timed_out ? 1 : 0);
  e.family("monctl_job_last_run_timestamp_seconds", MetricType::gauge, "Unix time the last run ended.");
  e.sample(unix_seconds(r.end));
  if (options.last_success && carry.last_success_seconds) {
    e.family("monctl_job_last_success_timestamp_seconds", MetricType::gauge,
             "Unix time the last successful run (exit status 0) ended.");
    e.sample(*carry.last_success_seconds);
  }
  if (options.counters) {
    e.family("monctl_job_runs_total", MetricType::counter, "Runs recorded in this file.");
    e.sample(carry.runs);
    e.family("monctl_job_failures_total", MetricType::counter, "Runs that ended with a non-zero exit status.");
    e.sample(carry.failures);
  }
  sink.finish();
}

std::string metrics_text(format::Format format, const Record& r, const Carry& carry, const MetricsOptions& options) {
  // The writers write to a descriptor; an anonymous memory file lends them one.
  int fd = ::memfd_create("monctl-metrics", MFD_CLOEXEC);
  if (fd < 0) throw Error(std::string("cannot create a memory file: ") + std::strerror(errno));
  std::string text;
  try {
    {
      io::Output out(fd, "<metrics>");
      auto writer = format::make_writer(format, out);
      write_metrics(r, carry, *writer, options);
      out.flush();
    }
    off_t size = ::lseek(fd, 0, SEEK_END);
    text.resize(static_cast<std::size_t>(size < 0 ? 0 : size));
    std::size_t got = 0;
    while (got < text.size()) {
      ssize_t n = ::pread(fd, text.data() + got, text.size() - got, static_cast<off_t>(got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw Error(std::string("cannot read back the metrics: ") + std::strerror(errno));
      got += static_cast<std::size_t>(n);
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return text;
}

}  // namespace mon::job
