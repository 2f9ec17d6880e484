// monctl time: runs a command as it would run alone (no shell, stdin/stdout/stderr untouched,
// signals passed on), measures what it cost, and reports it: a summary on stderr, a file in any
// format, a history line, a node_exporter textfile, a Pushgateway push. The job's exit status
// comes back unchanged whatever happens to the reports; 125/126/127 are monctl's own, as env(1)
// and timeout(1) use them.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/io/atomic_file.hpp"
#include "mon/io/output.hpp"
#include "mon/job/history.hpp"
#include "mon/job/metrics.hpp"
#include "mon/job/record.hpp"
#include "mon/job/report.hpp"
#include "mon/proc/supervise.hpp"
#include "mon/push/pushgateway.hpp"
#include "mon/time/duration.hpp"

namespace monctl {

namespace {

struct TimeOptions {
  std::vector<std::string> command;
  bool shell = false;
  std::string timeout, kill_after = "10s", sample;
  std::string format = "text";
  std::string output, append, name, textfile_dir, push, push_timeout = "10s";
  std::vector<std::string> labels;
  bool quiet = false;
};

// Everything known before the job starts, checked: a problem here means the job never runs.
struct Plan {
  std::vector<std::string> argv;
  std::string name;
  mon::model::Labels labels;
  mon::proc::SuperviseOptions supervise;
  double sample_seconds = 0;
  mon::time::Duration push_timeout{};
  std::unique_ptr<mon::io::AtomicFile> output;  // -o FILE, opened now so that a bad path stops us early
  bool output_stdout = false;
};

[[noreturn]] void usage(const std::string& message) { throw CLI::ValidationError(message); }

mon::time::Duration duration_option(const std::string& option, const std::string& text) {
  try {
    return mon::time::parse_duration(text);
  } catch (const mon::Error& e) {
    usage(option + ": " + e.what());
  }
}

std::string basename_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return base.empty() ? path : base;
}

void warn(const std::string& message) { std::fprintf(stderr, "monctl: warning: %s\n", message.c_str()); }
void report_error(const std::string& message) { std::fprintf(stderr, "monctl: error: %s\n", message.c_str()); }

Plan make_plan(const TimeOptions& o, bool saw_separator) {
  Plan p;
  if (o.command.empty()) usage("no command to run: monctl time [OPTIONS] -- CMD [ARG...]");
  if (!saw_separator)
    usage("put -- before the command, so that its options stay its own: monctl time [OPTIONS] -- " + o.command[0] +
          " ...");
  if (o.shell) {
    std::string script;
    for (const auto& w : o.command) script += (script.empty() ? "" : " ") + w;
    p.argv = {"/bin/sh", "-c", script};
  } else {
    p.argv = o.command;
  }
  if (!o.name.empty()) {
    p.name = o.name;
  } else {
    const std::string first = o.shell ? o.command[0].substr(0, o.command[0].find(' ')) : o.command[0];
    p.name = basename_of(first);
  }
  for (const auto& kv : o.labels) {
    auto eq = kv.find('=');
    if (eq == std::string::npos) usage("--label " + kv + ": expected KEY=VALUE");
    std::string key = kv.substr(0, eq);
    if (auto broken = mon::job::check_job_label(key)) usage("--label " + kv + ": " + *broken);
    p.labels.push_back({key, kv.substr(eq + 1)});
  }
  if (auto dup = mon::model::sort_labels(p.labels)) usage("--label " + *dup + " is given twice");

  if (!o.timeout.empty()) {
    p.supervise.timeout = duration_option("--timeout", o.timeout);
    if (p.supervise.timeout->count() <= 0) usage("--timeout must be longer than 0");
  }
  p.supervise.kill_after = duration_option("--kill-after", o.kill_after);
  if (!o.sample.empty()) {
    auto every = duration_option("--sample", o.sample);
    if (every < std::chrono::milliseconds(1)) usage("--sample must be at least 1ms");
    p.supervise.sample_every = every;
    p.sample_seconds = mon::time::to_seconds(every);
  }
  p.push_timeout = duration_option("--push-timeout", o.push_timeout);
  if (!o.push.empty() && o.push.rfind("http://", 0) != 0 && o.push.rfind("https://", 0) != 0)
    usage("--push " + mon::push::redact_url(o.push) + ": expected an http:// or https:// URL of a Pushgateway");

  // Problems with where the reports go, found before the job runs (exit status 125).
  if (!o.textfile_dir.empty()) {
    mon::job::check_textfile_name(p.name);
    struct stat st {};
    if (::stat(o.textfile_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      throw mon::Error("--textfile-dir " + o.textfile_dir + ": no such folder");
    if (::access(o.textfile_dir.c_str(), W_OK) != 0)
      throw mon::Error("--textfile-dir " + o.textfile_dir + ": the folder cannot be written");
  }
  if (!o.append.empty()) mon::job::check_history_writable(o.append);
  if (o.output == "-")
    p.output_stdout = true;
  else if (!o.output.empty())
    p.output = std::make_unique<mon::io::AtomicFile>(o.output);
  return p;
}

std::string render(const std::string& format, const mon::job::Record& r, const mon::job::Carry& carry,
                   const mon::job::MetricsOptions& mo) {
  if (format == "text") return mon::job::text_summary(r);
  if (format == "json") return mon::job::json_line(r) + "\n";
  if (format == "csv") return mon::job::csv_header() + "\r\n" + mon::job::csv_row(r) + "\r\n";
  return mon::job::metrics_text(*mon::format::parse_format(format), r, carry, mo);
}

void write_all(int fd, const std::string& name, const std::string& text) {
  mon::io::Output out(fd, name);
  out.write(text);
  out.flush();
}

// Each report is tried on its own: one failing does not stop the others, and none changes the
// job's exit status.
void report(const TimeOptions& o, Plan& p, const mon::job::Record& r) {
  mon::job::Carry carry = mon::job::advance({}, r);
  bool carried = false;
  if (!o.textfile_dir.empty()) {
    const std::string path = mon::job::textfile_path(o.textfile_dir, p.name);
    try {
      std::vector<std::string> warnings;
      carry = mon::job::advance(mon::job::read_carry(path, warnings), r);
      carried = true;
      for (const auto& w : warnings) warn(w);
      mon::job::MetricsOptions mo;
      // The file holds state (counters, last success) that must survive a crash: fsync it.
      mon::io::AtomicOptions ao;
      ao.fsync = true;
      mon::io::write_file_atomic(path, mon::job::metrics_text(mon::format::Format::prom, r, carry, mo), ao);
    } catch (const std::exception& e) {
      report_error("cannot write the textfile: " + std::string(e.what()));
    }
  }
  mon::job::MetricsOptions mo;
  mo.counters = carried;  // without a textfile there is nothing to count from

  try {
    if (p.output) {
      std::string text = render(o.format, r, carry, mo);
      write_all(p.output->fd(), p.output->path(), text);
      p.output->commit();
    } else if (p.output_stdout) {
      write_all(STDOUT_FILENO, "<stdout>", render(o.format, r, carry, mo));
    } else if (!o.quiet && r.start_error.empty()) {  // a start failure was said already
      write_all(STDERR_FILENO, "<stderr>", render(o.format, r, carry, mo));
    }
  } catch (const std::exception& e) {
    report_error("cannot write the report: " + std::string(e.what()));
  }

  if (!o.append.empty()) {
    try {
      auto hf = o.format == "csv"    ? mon::job::HistoryFormat::csv
                : o.format == "json" ? mon::job::HistoryFormat::json
                                     : mon::job::history_format_for(o.append);
      mon::job::append_history(o.append, hf, r);
    } catch (const std::exception& e) {
      report_error(e.what());
    }
  }

  if (!o.push.empty()) {
    try {
      // PUT replaces the group after a success; after a failure, POST leaves the previous
      // last-success time standing, since it replaces only the metrics the body names.
      mon::job::MetricsOptions pm = mo;
      pm.last_success = r.success();
      std::string body = mon::job::metrics_text(mon::format::Format::prom, r, carry, pm);
      mon::push::PushOptions po;
      po.timeout = p.push_timeout;
      mon::push::push(o.push, {p.name, p.labels}, r.success() ? mon::push::Method::put : mon::push::Method::post,
                      body, po);
    } catch (const std::exception& e) {
      report_error(e.what());
    }
  }
}

int run_time(const TimeOptions& o, bool saw_separator) {
  Plan p = make_plan(o, saw_separator);
  std::vector<char*> argv;
  for (const auto& a : p.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  mon::job::Record r;
  try {
    mon::proc::Supervised run = mon::proc::supervise(argv.data(), p.supervise);
    r = mon::job::make_record(p.name, p.labels, p.argv, run, p.sample_seconds);
  } catch (const mon::proc::SpawnError& e) {
    // Not found (127) or not executable (126): still a failed run for the textfile and the
    // Pushgateway to count.
    report_error(e.what());
    r = mon::job::make_start_failure(p.name, p.labels, p.argv, e);
  }
  // A reader of -o - that went away must not kill us with SIGPIPE and turn the job's status
  // into 141: from now on a write fails with EPIPE and is reported. (Not before the job
  // starts: it would inherit the ignored SIGPIPE.)
  ::signal(SIGPIPE, SIG_IGN);
  report(o, p, r);
  return r.status();
}

}  // namespace

Run setup_time(CLI::App& sub) {
  auto o = std::make_shared<TimeOptions>();
  sub.description(
      "Run CMD (no shell) and record what it cost: wall, user and system time, max RSS, page faults, context "
      "switches, block I/O, exit status. The exit status is CMD's (128+N if killed by signal N, 124 on --timeout, "
      "126 not executable, 127 not found, 125 monctl failed before running it).");
  sub.add_option("command", o->command, "the command and its arguments, after --")->take_all()->type_name("");
  sub.add_flag("--shell", o->shell, "run CMD with sh -c (the words after -- are joined with spaces)");
  sub.add_option("--timeout", o->timeout, "stop CMD after DUR (SIGTERM, then SIGKILL); exit status 124")
      ->type_name("DUR");
  sub.add_option("--kill-after", o->kill_after, "after the timeout's SIGTERM, wait DUR before SIGKILL (0 = at once)")
      ->default_str("10s")
      ->type_name("DUR");
  sub.add_option("--sample", o->sample, "sample the RSS and CPU of CMD's whole process tree every DUR")
      ->type_name("DUR");
  sub.add_option("-f,--format", o->format, "report format")
      ->check(CLI::IsMember({"text", "json", "csv", "prom", "openmetrics"}))
      ->default_str("text")
      ->type_name("FORMAT");
  sub.add_option("-o,--output", o->output, "write the report to FILE, replaced atomically ('-' = stdout)")
      ->type_name("FILE");
  sub.add_option("--append", o->append, "add one JSON line (CSV row if FILE ends in .csv or --format csv) per run")
      ->type_name("FILE");
  sub.add_option("--name", o->name, "the job's name (default: CMD's basename)")->type_name("NAME");
  sub.add_option("-l,--label", o->labels, "a label identifying the job (repeatable)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  sub.add_option("--textfile-dir", o->textfile_dir,
                 "write DIR/NAME.prom for node_exporter's textfile collector, carrying counters over")
      ->type_name("DIR");
  sub.add_option("--push", o->push, "push the metrics to the Pushgateway at URL (job=NAME, labels as grouping key)")
      ->type_name("URL");
  sub.add_option("--push-timeout", o->push_timeout, "time limit for each push attempt")
      ->default_str("10s")
      ->type_name("DUR");
  sub.add_flag("-q,--quiet", o->quiet, "no summary on stderr (when -o is not given)");
  CLI::App* app = &sub;
  return [o, app] {
    // CLI11 keeps the "--" separator among the subcommand's leftovers: it tells us whether the
    // command's words came after it.
    bool saw_separator = false;
    for (const auto& r : app->remaining())
      if (r == "--") saw_separator = true;
    return run_time(*o, saw_separator);
  };
}

}  // namespace monctl
