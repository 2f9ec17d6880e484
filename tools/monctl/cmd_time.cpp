// monctl time: runs a command as it would run alone (no shell, stdin/stdout/stderr untouched,
// signals passed on), measures what it cost, and reports it: a summary on stderr, a file in any
// format, a history line, a node_exporter textfile, a Pushgateway push. The job's exit status
// comes back unchanged whatever happens to the reports; 125/126/127 are monctl's own, as env(1)
// and timeout(1) use them.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "options.hpp"
#include "mon/error.hpp"
#include "mon/io/output.hpp"
#include "mon/io/output_file.hpp"
#include "mon/job/deliver.hpp"
#include "mon/job/gnu_time.hpp"
#include "mon/job/history.hpp"
#include "mon/job/record.hpp"
#include "mon/model/label_args.hpp"
#include "mon/proc/supervise.hpp"
#include "mon/push/pushgateway.hpp"
#include "mon/time/duration.hpp"

namespace monctl {

namespace {

struct TimeOptions {
  std::vector<std::string> command;
  bool shell = false;
  std::string timeout, kill_after = "10s", sample;
  std::string format;                     // --format: monctl's report format (default text)
  std::optional<std::string> gnu_format;  // -f: GNU time's format string
  bool verbose = false, portable = false;  // -v, -p: GNU time's listings
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
  mon::job::ReportFormat format = mon::job::ReportFormat::text;
  std::optional<std::string> gnu_format;  // the report is GNU time's
  mon::push::PushOptions push;
  std::unique_ptr<mon::io::OutputFile> output;  // -o, opened now so that a bad path stops us early
};

[[noreturn]] void usage(const std::string& message) { throw CLI::ValidationError(message); }

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
  try {
    p.labels = mon::model::parse_label_args(o.labels, "--label");
  } catch (const mon::Error& e) {
    usage(e.what());
  }
  for (const auto& l : p.labels)
    if (auto broken = mon::job::check_job_label(l.name)) usage("--label " + l.name + "=" + l.value + ": " + *broken);

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
  p.push.timeout = duration_option("--push-timeout", o.push_timeout);
  if (!o.push.empty() && o.push.rfind("http://", 0) != 0 && o.push.rfind("https://", 0) != 0)
    usage("--push " + mon::push::redact_url(o.push) + ": expected an http:// or https:// URL of a Pushgateway");

  const int gnu = (o.gnu_format ? 1 : 0) + (o.verbose ? 1 : 0) + (o.portable ? 1 : 0);
  if (gnu > 1) usage("-f, -v and -p each choose GNU time's output: give one of them");
  if (gnu && !o.format.empty()) usage("--format " + o.format + " and GNU time's -f, -v or -p: give one of them");
  if (o.gnu_format) p.gnu_format = *o.gnu_format;
  if (o.verbose) p.gnu_format = std::string(mon::job::kGnuVerboseFormat);
  if (o.portable) p.gnu_format = std::string(mon::job::kGnuPortableFormat);
  if (!o.format.empty()) p.format = *mon::job::parse_report_format(o.format);  // CLI11 checked the name

  // Problems with where the reports go, found before the job runs (exit status 125).
  if (!o.textfile_dir.empty()) mon::job::check_textfile_dir(o.textfile_dir, p.name);
  if (!o.append.empty()) mon::job::check_history_writable(o.append);
  if (!o.output.empty()) p.output = std::make_unique<mon::io::OutputFile>(o.output);
  return p;
}

// Each report is tried on its own: one failing does not stop the others, and none changes the
// job's exit status.
void deliver(const TimeOptions& o, Plan& p, const mon::job::Record& r) {
  mon::job::Carry carry = mon::job::advance({}, r);
  bool counted = false;
  if (!o.textfile_dir.empty()) {
    try {
      std::vector<std::string> warnings;
      carry = mon::job::update_textfile(o.textfile_dir, r, warnings);
      counted = true;
      for (const auto& w : warnings) warn(w);
    } catch (const std::exception& e) {
      report_error("cannot write the textfile: " + std::string(e.what()));
    }
  }

  try {
    if (p.output || (!o.quiet && r.start_error.empty())) {  // a start failure was said already
      const std::string text = p.gnu_format ? mon::job::gnu_time_report(r, *p.gnu_format)
                                            : mon::job::render_report(p.format, r, carry, counted);
      if (p.output) {
        p.output->out().write(text);
        p.output->commit();
      } else {
        mon::io::Output err(STDERR_FILENO, "<stderr>");
        err.write(text);
        err.flush();
      }
    }
  } catch (const std::exception& e) {
    report_error("cannot write the report: " + std::string(e.what()));
  }

  if (!o.append.empty()) {
    try {
      mon::job::append_history(o.append, mon::job::history_format(o.append, p.format), r);
    } catch (const std::exception& e) {
      report_error(e.what());
    }
  }

  if (!o.push.empty()) {
    try {
      mon::job::push_report(o.push, r, carry, counted, p.push);
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
  deliver(o, p, r);
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
  sub.add_option("--timeout", o->timeout, "stop CMD after DUR (90, 1.5s, 2m, 1m30s; SIGTERM, then SIGKILL); exit status 124")
      ->type_name("DUR");
  sub.add_option("--kill-after", o->kill_after, "after the timeout's SIGTERM, wait DUR before SIGKILL (0 = at once)")
      ->default_str("10s")
      ->type_name("DUR");
  sub.add_option("--sample", o->sample, "sample the RSS and CPU of CMD's whole process tree every DUR")
      ->type_name("DUR");
  sub.add_option("--format", o->format, "report format")
      ->check(CLI::IsMember({"text", "json", "csv", "prom", "openmetrics"}))
      ->default_str("text")
      ->type_name("FORMAT");
  sub.add_option("-f,--format-string", o->gnu_format, "report as GNU time -f FORMAT does (%e %U %S %M %x ...)")
      ->type_name("FORMAT");
  sub.add_flag("-v,--verbose", o->verbose, "report as GNU time -v does");
  sub.add_flag("-p,--portability", o->portable, "report as GNU time -p does (real, user, sys)");
  sub.add_option("-o,--output", o->output, "write the report to FILE, replaced atomically ('-' = stdout)")
      ->type_name("FILE");
  sub.add_option("--append", o->append, "add one JSON line per run (a CSV row with --format csv, or if FILE ends in .csv and --format is not json)")
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
