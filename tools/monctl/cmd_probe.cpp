// monctl probe: health checks for cron and CI. One probe from the command line, or every probe
// in a YAML/JSON file at once; Nagios exit codes (usage errors and monctl's own failures are
// UNKNOWN = 3, as the plugin guidelines ask); text, nagios, json, csv or Prometheus output; an
// optional history file and `probe history` to read it.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/io/output_file.hpp"
#include "mon/model/label_args.hpp"
#include "mon/probe/cleanup.hpp"
#include "mon/probe/config.hpp"
#include "mon/probe/history.hpp"
#include "mon/probe/report.hpp"
#include "mon/probe/runner.hpp"
#include "mon/probe/state.hpp"
#include "mon/probe/textfile.hpp"
#include "style.hpp"

namespace monctl {

namespace {

using mon::probe::Kind;

struct ProbeOptions {
  // The run.
  std::string config, format = "text", output, textfile_dir, state;
  std::size_t keep = 1000, workers = 8;
  // One probe from the command line.
  std::optional<Kind> kind;
  bool history = false;
  mon::probe::Spec spec;
  std::string warning, critical, timeout = "10s", name, expect_status, body, send, dns_type = "A", max_age;
  int retries = 0;
  std::vector<std::string> labels, expect_headers;
  bool ip4 = false, ip6 = false;
};

const std::vector<std::string> kRunFormats = {"text", "nagios", "json", "csv", "prom"};
const std::vector<std::string> kHistoryFormats = {"text", "json", "csv"};

[[noreturn]] void usage(const std::string& message) { throw CLI::ValidationError(message); }

// The spec of a probe given on the command line; errors are usage errors (UNKNOWN).
mon::probe::Spec build_spec(ProbeOptions& o) {
  mon::probe::Spec s = o.spec;
  s.kind = *o.kind;
  s.name = o.name;
  try {
    if (!o.warning.empty()) s.warning = mon::probe::parse_range(o.warning);
    if (!o.critical.empty()) s.critical = mon::probe::parse_range(o.critical);
    s.timeout = mon::time::parse_cli_duration(o.timeout);
    s.retries = o.retries;
    if (!o.expect_status.empty()) s.expect_status = mon::probe::parse_status_list(o.expect_status);
    if (!o.body.empty()) s.body = mon::probe::load_body(o.body);
    if (!o.send.empty()) s.send = mon::probe::unescape(o.send);
    if (!o.max_age.empty()) s.max_age = mon::time::parse_cli_duration(o.max_age);
    s.labels = mon::model::parse_label_args(o.labels, "--label");
  } catch (const mon::Error& e) {
    usage(e.what());
  }
  for (const auto& h : o.expect_headers) {
    auto colon = h.find(':');
    if (colon == std::string::npos || colon == 0) usage("--expect-header \"" + h + "\" is not NAME:REGEX");
    s.expect_headers.emplace_back(h.substr(0, colon), h.substr(colon + 1));
  }
  if (o.ip4 && o.ip6) usage("--ip4 and --ip6 exclude each other");
  s.ip_version = o.ip4 ? 4 : o.ip6 ? 6 : 0;
  s.dns_family = o.dns_type == "AAAA" ? 6 : 4;
  try {
    mon::probe::validate(s);
  } catch (const mon::Error& e) {
    usage(e.what());
  }
  return s;
}

void warn(const std::string& message) { std::fprintf(stderr, "monctl: warning: %s\n", message.c_str()); }

void emit_prom(const std::string& path, const std::vector<mon::probe::Result>& results) {
  mon::io::OutputFile file(path);
  auto writer = mon::format::make_writer(mon::format::Format::prom, file.out());
  mon::probe::write_metrics(*writer, results);
  file.commit();
}

// Colours for a terminal on standard output; a file gets plain text.
mon::Style text_style(const std::string& output) {
  return output.empty() || output == "-" ? style_for(STDOUT_FILENO) : mon::Style{};
}

int run_history(const ProbeOptions& o) {
  if (o.state.empty()) usage("probe history needs --state FILE");
  bool known = false;
  for (const auto& f : kHistoryFormats) known = known || f == o.format;
  if (!known) usage("probe history writes text, json or csv, not " + o.format);
  if (::access(o.state.c_str(), F_OK) != 0)
    throw mon::Error("no state file at " + o.state + " (runs with --state " + o.state + " create it)");
  mon::probe::StateFile state(o.state, false, warn);
  auto summaries = mon::probe::summarize(state.history());
  std::string text;
  if (o.format == "json")
    mon::probe::write_history_json(text, summaries);
  else if (o.format == "csv")
    mon::probe::write_history_csv(text, summaries);
  else
    mon::probe::write_history_text(text, summaries, text_style(o.output));
  mon::io::write_output(o.output, text);
  return 0;
}

int run_probe(ProbeOptions& o) {
  if (o.history) return run_history(o);
  std::vector<mon::probe::Spec> specs;
  if (!o.config.empty() && o.kind) usage("give either --config FILE or one probe (http, tcp, ...), not both");
  if (!o.config.empty())
    specs = mon::probe::load_config(o.config);
  else if (o.kind)
    specs.push_back(build_spec(o));
  else
    usage("nothing to probe: give --config FILE or a probe type (" + mon::probe::kind_names() +
          "); see monctl probe --help");
  bool known = false;
  for (const auto& f : kRunFormats) known = known || f == o.format;
  if (!known) usage("--format must be one of text, nagios, json, csv, prom");
  if (o.keep < 1) usage("--keep must be at least 1");

  // The lock is taken before the probes run, so two cron runs at once queue behind each other
  // instead of interleaving their histories.
  std::unique_ptr<mon::probe::StateFile> state;
  if (!o.state.empty()) state = std::make_unique<mon::probe::StateFile>(o.state, true, warn);

  mon::probe::RunOptions ro;
  ro.workers = o.workers;
  std::vector<mon::probe::Result> results;
  {
    // A signal that ends monctl takes the plugins' process groups with it.
    std::optional<mon::probe::SignalCleanup> cleanup;
    for (const auto& s : specs)
      if (s.kind == Kind::cmd && !cleanup) cleanup.emplace();
    results = mon::probe::run_probes(specs, ro);
  }
  if (state) state->save(results, o.keep);

  if (!o.textfile_dir.empty()) emit_prom(o.textfile_dir + "/" + mon::probe::textfile_name(o.config, specs), results);
  if (o.format == "prom") {
    emit_prom(o.output, results);
  } else {
    std::string text;
    if (o.format == "nagios")
      mon::probe::write_nagios(text, results);
    else if (o.format == "json")
      mon::probe::write_json(text, results);
    else if (o.format == "csv")
      mon::probe::write_csv(text, results);
    else
      mon::probe::write_text(text, results, text_style(o.output));
    mon::io::write_output(o.output, text);
  }
  return static_cast<int>(mon::probe::overall_status(results));
}

CLI::App* probe_type(CLI::App& parent, const std::shared_ptr<ProbeOptions>& o, Kind kind, const std::string& help) {
  CLI::App* sub = parent.add_subcommand(std::string(mon::probe::to_string(kind)), help);
  sub->fallthrough();
  sub->callback([o, kind] { o->kind = kind; });
  return sub;
}

void add_tls_client_options(CLI::App* sub, const std::shared_ptr<ProbeOptions>& o) {
  sub->add_flag("--insecure", o->spec.insecure, "do not verify the server's certificate (verification is on by default)");
  sub->add_option("--cacert", o->spec.cacert, "trust the CA certificates in FILE (PEM)");
  sub->add_option("--cert", o->spec.cert, "client certificate FILE (PEM)");
  sub->add_option("--key", o->spec.key, "client private key FILE (PEM)");
}

}  // namespace

Run setup_probe(CLI::App& sub) {
  auto o = std::make_shared<ProbeOptions>();
  sub.description(
      "Health checks for cron and CI: one probe, or every probe in --config FILE at once. Exit status as Nagios "
      "plugins: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage errors and monctl's own failures). Ranges (-w, -c) "
      "use the Nagios syntax: 10, 10:, ~:10, 10:20, @10:20. See monctl-probe(1).");
  sub.require_subcommand(0, 1);
  sub.add_option("--config", o->config, "run every probe in this YAML or JSON FILE concurrently");
  sub.add_option("-f,--format", o->format, "output: text, nagios, json, csv, prom (history: text, json, csv)")
      ->default_str("text");
  sub.add_option("-o,--output", o->output, "write to FILE, replaced atomically ('-' = stdout)");
  sub.add_option("--textfile-dir", o->textfile_dir,
                 "also write Prometheus metrics atomically to DIR/monctl_probe_NAME.prom (node_exporter textfile)");
  sub.add_option("--state", o->state, "keep the last results per probe in FILE (locked, written atomically)");
  sub.add_option("--keep", o->keep, "results kept per probe in --state")->default_str("1000");
  sub.add_option("--workers", o->workers, "threads for the non-HTTP probes")->default_str("8")->check(CLI::Range(1, 256));
  sub.add_option("-w,--warning", o->warning, "WARNING range on the probe's main value");
  sub.add_option("-c,--critical", o->critical, "CRITICAL range on the probe's main value");
  sub.add_option("--timeout", o->timeout, "time limit per attempt")->default_str("10s");
  sub.add_option("--retries", o->retries, "retries when not OK, with backoff (250ms, 500ms, 1s ...)")
      ->default_str("0")
      ->check(CLI::Range(0, 10));
  sub.add_option("--name", o->name, "the probe's name (default: its target)");
  sub.add_option("--label", o->labels, "NAME=VALUE added to the probe's metrics (repeatable)");

  auto* http = probe_type(sub, o, Kind::http, "HTTP(S) request: status, body, headers, timings, certificate");
  http->add_option("url", o->spec.target, "http:// or https:// URL")->required();
  http->add_option("--method", o->spec.method, "request method (default GET, or POST with --body)");
  http->add_option("--header", o->spec.headers, "request header NAME:VALUE (repeatable)");
  http->add_option("--body", o->body, "request body, or @FILE");
  http->add_option("--expect-status", o->expect_status, "accepted status codes, e.g. 200,301-302 (default 200-399)");
  http->add_option("--expect-body", o->spec.expect_body, "the body must match this POSIX extended regex");
  http->add_option("--reject-body", o->spec.reject_body, "the body must not match this regex");
  http->add_option("--expect-header", o->expect_headers, "NAME:REGEX a response header must match (repeatable)");
  http->add_flag("--follow", o->spec.follow, "follow redirects (at most 10)");
  add_tls_client_options(http, o);
  http->add_option("--cert-warn-days", o->spec.cert_warn_days, "WARNING when the certificate expires within N days");
  http->add_option("--cert-crit-days", o->spec.cert_crit_days, "CRITICAL when the certificate expires within N days");
  http->add_option("--max-body", o->spec.max_body, "bytes of body read at most")->default_str("1048576");
  http->add_flag("--ip4", o->ip4, "IPv4 only");
  http->add_flag("--ip6", o->ip6, "IPv6 only");

  auto* tcp = probe_type(sub, o, Kind::tcp, "TCP connect, optionally send a line and expect an answer");
  tcp->add_option("target", o->spec.target, "HOST:PORT")->required();
  tcp->add_option("--send", o->send, "bytes to send; escapes \\r \\n \\t \\0 \\\\ \\xHH");
  tcp->add_option("--expect", o->spec.expect, "the answer must contain STR (or match /REGEX/)");
  tcp->add_flag("--tls", o->spec.tls, "speak TLS (verified unless --insecure)");
  add_tls_client_options(tcp, o);
  tcp->add_flag("--ip4", o->ip4, "IPv4 only");
  tcp->add_flag("--ip6", o->ip6, "IPv6 only");

  auto* dns = probe_type(sub, o, Kind::dns, "resolve a name through the system resolver");
  dns->add_option("name", o->spec.target, "the name to resolve")->required();
  dns->add_option("--type", o->dns_type, "A or AAAA")->check(CLI::IsMember({"A", "AAAA"}))->default_str("A");
  dns->add_option("--expect", o->spec.expect_addresses, "an address the answer must hold (repeatable)");

  auto* tls = probe_type(sub, o, Kind::tls, "TLS handshake and days left on the certificate");
  tls->add_option("target", o->spec.target, "HOST:PORT")->required();
  tls->add_option("--cert-warn-days", o->spec.cert_warn_days, "WARNING below N days (same as -w N:)");
  tls->add_option("--cert-crit-days", o->spec.cert_crit_days, "CRITICAL below N days (same as -c N:)");
  add_tls_client_options(tls, o);

  auto* disk = probe_type(sub, o, Kind::disk, "used %, free bytes and inodes of a file system");
  disk->add_option("path", o->spec.target, "a path on the file system")->required();
  probe_type(sub, o, Kind::memory, "memory used % (from MemAvailable) and swap");
  probe_type(sub, o, Kind::load, "load average per core");
  auto* file = probe_type(sub, o, Kind::file, "a file's existence, age and size");
  file->add_option("path", o->spec.target, "the file")->required();
  file->add_option("--max-age", o->max_age, "CRITICAL when older than DUR");
  file->add_option("--min-size", o->spec.min_size, "CRITICAL when smaller than N bytes");
  file->add_option("--max-size", o->spec.max_size, "CRITICAL when larger than N bytes");
  auto* process = probe_type(sub, o, Kind::process, "count of processes with a name (CRITICAL at 0 without -c)");
  process->add_option("name", o->spec.target, "the command name")->required();
  auto* cmd = probe_type(sub, o, Kind::cmd, "a Nagios plugin or any command: its exit status is the verdict");
  cmd->add_option("command", o->spec.command, "-- PROGRAM [ARG...]")->required();

  auto* history = sub.add_subcommand("history", "per probe from --state FILE: uptime, latency p50/p95, streak, flapping");
  history->fallthrough();
  history->callback([o] { o->history = true; });
  return [o] { return run_probe(*o); };
}

}  // namespace monctl
