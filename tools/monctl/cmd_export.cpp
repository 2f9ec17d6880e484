// monctl export: converts metrics between formats, streaming (OpenMetrics output is held back
// to group families; see monctl-export(1)).
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "diagnostics.hpp"
#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/format/read_input.hpp"
#include "mon/format/writer_notes.hpp"
#include "mon/io/input.hpp"
#include "mon/io/output_file.hpp"

namespace monctl {

namespace {

struct ExportOptions {
  std::vector<std::string> files;
  std::string from = "auto";
  std::string to = "prom";
  std::string output;
  std::string name = "value";
  bool strict = false;
};

const std::vector<std::string> kReadable = {"auto", "prom", "openmetrics", "json", "csv", "influx", "statsd", "values"};
const std::vector<std::string> kWritable = {"prom", "openmetrics", "json", "csv", "influx"};

// Reads one input into the writer. Returns false if it had malformed lines; throws mon::Error
// when it cannot be read at all.
bool convert_one(const std::string& path, const ExportOptions& o, mon::format::Sink& sink, StderrDiagnostics& diag) {
  mon::format::ReadOptions ro;
  ro.values_name = o.name;
  std::optional<mon::format::Format> from;
  if (o.from != "auto") from = mon::format::parse_format(o.from);
  return mon::format::read_input(path, from, sink, diag, ro);
}

int run_export(const ExportOptions& o) {
  // Like cat: a reader that goes away (`| head`) ends us by SIGPIPE, silently, even when the
  // parent left SIGPIPE ignored -- never a "cannot write" message.
  std::signal(SIGPIPE, SIG_DFL);
  auto to = mon::format::parse_format(o.to);
  StderrDiagnostics diag(o.strict);
  bool clean = true;
  mon::io::OutputFile file(o.output);
  auto writer = mon::format::make_writer(*to, file.out());
  mon::format::CountingSink counted(*writer);
  std::vector<std::string> files = o.files.empty() ? std::vector<std::string>{"-"} : o.files;
  for (const auto& f : files) {
    try {
      clean = convert_one(f, o, counted, diag) && clean;
    } catch (const mon::Error& e) {
      // One unreadable input does not stop the others (as with cat); the status says it.
      std::fprintf(stderr, "monctl: error: %s\n", e.what());
      clean = false;
    }
    if (!clean && o.strict) break;
  }
  diag.summarize();
  if (!clean && o.strict) return 1;  // the output file, if any, is left as it was
  if (!clean && counted.samples() == 0 && !file.is_stdout()) {
    // Nothing converted (an HTML error page, only missing files): keep the previous file.
    std::fprintf(stderr, "monctl: error: nothing was converted; %s is left as it was\n", o.output.c_str());
    return 1;
  }
  writer->finish();
  // What the output format could not hold (NaN in Influx, a newline in a tag ...) is said, not hidden.
  for (const auto& note : mon::format::writer_notes(*writer)) std::fprintf(stderr, "monctl: warning: %s\n", note.c_str());
  file.commit();
  return clean ? 0 : 1;
}

}  // namespace

Run setup_export(CLI::App& sub) {
  auto o = std::make_shared<ExportOptions>();
  sub.description(
      "Convert metrics between formats. Reads FILEs in order (or stdin: '-' or none), writes stdout or -o FILE "
      "(replaced atomically). Malformed lines are reported as FILE:LINE:COL and skipped, an unreadable FILE is "
      "reported and the others still converted; the exit status is then 1.");
  sub.add_option("files", o->files, "input files ('-' = stdin)");
  sub.add_option("-f,--from", o->from, "input format (default: detected per file)")
      ->check(CLI::IsMember(kReadable))
      ->default_str("auto");
  sub.add_option("-t,--to", o->to, "output format")->check(CLI::IsMember(kWritable))->default_str("prom");
  sub.add_option("-o,--output", o->output, "write to FILE, replaced atomically ('-' = stdout)");
  sub.add_option("--name", o->name, "metric name for --from values")->default_str("value");
  sub.add_flag("--strict", o->strict, "stop at the first malformed line (the output file is left untouched)");
  return [o] { return run_export(*o); };
}

}  // namespace monctl
