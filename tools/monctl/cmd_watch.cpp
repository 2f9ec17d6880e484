// monctl watch: windowed statistics of metric streams -- count, sum, min, max, mean, stddev,
// first, last, PromQL-style rate and increase, and quantiles with a 1% relative-error bound.
// The work is mon::watch's; this file turns options into WatchOptions.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "diagnostics.hpp"
#include "options.hpp"
#include "style.hpp"
#include "term.hpp"
#include "watch_view.hpp"
#include "mon/error.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "mon/proc/spawn.hpp"
#include "mon/time/duration.hpp"
#include "mon/watch/runner.hpp"

namespace monctl {

namespace {

struct WatchCliOptions {
  std::vector<std::string> inputs;
  bool once = false;
  std::string window = "10s";
  std::vector<std::string> quantiles = {"0.5", "0.9", "0.99"};
  std::vector<std::string> by, without;
  std::size_t max_series = 10000;
  std::uint64_t count = 0;
  std::string output;
  std::string format;  // "": the live view on a terminal, json otherwise
  std::string from = "auto";
  std::string name = "value";
  bool strict = false;
  bool system = false;
  std::string interval = "1s";
  bool window_given = false;
  bool follow = false;
  std::vector<std::string> listen;
  std::vector<std::string> scrape;
  std::string every, scrape_timeout;
  std::size_t body_limit = 16u << 20;
  int pid = 0;
  std::vector<std::string> command;  // after --
};

const std::vector<std::string> kFormats = {"json", "csv", "prom", "openmetrics", "influx", "text"};
const std::vector<std::string> kReadable = {"auto", "prom", "openmetrics", "json", "csv", "influx", "statsd", "values"};

std::atomic<bool> g_stop{false};
std::atomic<int> g_stop_signal{0};  // negative: sent by the kernel (a terminal's Ctrl-C) to our whole group
extern "C" void on_stop_signal(int sig, siginfo_t* info, void*) {
  g_stop_signal.store(info && info->si_code == SI_KERNEL ? -sig : sig);
  g_stop.store(true);
}

[[noreturn]] void usage(const std::string& message) { throw CLI::ValidationError(message); }

mon::watch::RecordFormat record_format(const std::string& name) {
  using mon::watch::RecordFormat;
  if (name == "csv") return RecordFormat::csv;
  if (name == "prom") return RecordFormat::prom;
  if (name == "openmetrics") return RecordFormat::openmetrics;
  if (name == "influx") return RecordFormat::influx;
  if (name == "text") return RecordFormat::text;
  return RecordFormat::json;
}

std::int64_t ms_option(const std::string& option, const std::string& text) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration_option(option, text)).count();
}

// One source a watch: inputs (read in turn or followed), --listen, --system, --scrape, --pid or -- CMD.
void check_sources(const WatchCliOptions& o) {
  std::vector<std::string> given;
  if (!o.inputs.empty()) given.push_back("input files");
  if (!o.listen.empty()) given.push_back("--listen");
  if (o.system) given.push_back("--system");
  if (!o.scrape.empty()) given.push_back("--scrape");
  if (o.pid != 0) given.push_back("--pid");
  if (!o.command.empty()) given.push_back("-- CMD");
  if (given.size() > 1) usage(given[0] + " and " + given[1] + " exclude each other: a watch has one source");
  if (o.follow && given.size() == 1 && given[0] != "input files")
    usage("--follow follows input files; " + given[0] + " is a source of its own");
  if (o.once && (o.follow || o.system || !o.scrape.empty() || !o.listen.empty()))
    usage(std::string(o.follow ? "--follow" : o.system ? "--system" : !o.listen.empty() ? "--listen" : "--scrape") +
          " runs until stopped; --once needs a source that ends (or use --count, or SIGTERM)");
  if (o.scrape.empty() && (!o.every.empty() || !o.scrape_timeout.empty()))
    usage(std::string(o.every.empty() ? "--scrape-timeout" : "--every") + " is for --scrape");
}

void build_scrape(const WatchCliOptions& o, mon::watch::WatchOptions& w) {
  auto& s = w.scrape;
  for (const auto& url : o.scrape)
    if (!url.starts_with("http://") && !url.starts_with("https://"))
      usage("--scrape " + mon::watch::shown_url(url) + ": not an http:// or https:// URL");
  // Prometheus tells a job's targets apart by instance alone: two URLs of one host:port would merge.
  std::vector<std::string> instances;
  for (const auto& url : o.scrape) {
    std::string instance = mon::watch::instance_of(url);
    if (std::find(instances.begin(), instances.end(), instance) != instances.end())
      usage("--scrape: two URLs of " + instance + ": their series would merge under one instance label");
    instances.push_back(std::move(instance));
  }
  s.urls = o.scrape;
  // --every and --window default to each other; neither given: 10 s.
  s.every_ms = !o.every.empty() ? ms_option("--every", o.every) : o.window_given ? ms_option("--window", o.window) : 10'000;
  if (s.every_ms < 10) usage("--every must be at least 10ms");
  // Prometheus' 10 s, shortened to 90% of the interval when that is shorter: a scrape ends before the next.
  s.timeout_ms = !o.scrape_timeout.empty() ? ms_option("--scrape-timeout", o.scrape_timeout)
                                          : std::min<std::int64_t>(10'000, s.every_ms - s.every_ms / 10);
  if (s.timeout_ms < 1 || s.timeout_ms > s.every_ms) usage("--scrape-timeout must be between 1ms and --every");
  if (o.body_limit < 1) usage("--body-limit must be at least 1 byte");
  s.max_body = o.body_limit;
  w.aggregate.carry_counters = true;
}

mon::watch::WatchOptions build(const WatchCliOptions& o) {
  mon::watch::WatchOptions w;
  auto& a = w.aggregate;
  check_sources(o);
  const bool tree = o.pid != 0 || !o.command.empty();
  if (o.system || tree) {
    w.interval_ms = ms_option("--interval", o.interval);
    if (w.interval_ms < 10) usage("--interval must be at least 10ms");
    w.system = o.system;
    a.carry_counters = true;
  }
  if (o.pid < 0) usage("--pid must be a process id (a positive number)");
  w.pid = o.pid;
  w.command = o.command;
  w.stop_signal = &g_stop_signal;
  if (!o.scrape.empty()) build_scrape(o, w);
  w.follow = o.follow;
  if (!o.listen.empty()) {
    if (o.from != "auto" && o.from != "statsd") usage("--listen reads StatsD, not --from " + o.from);
    for (const auto& address : o.listen) {
      try {
        mon::watch::check_listen_address(address);
      } catch (const mon::Error& e) {
        usage(e.what());
      }
    }
    w.listen = o.listen;
    a.running_totals = true;  // the parser keeps each counter's total since the server started
  }
  if (o.once) {
    a.window_ms = 0;
  } else if ((o.system || tree) && !o.window_given) {
    a.window_ms = w.interval_ms;
  } else if (!o.scrape.empty() && !o.window_given) {
    a.window_ms = w.scrape.every_ms;
  } else {
    a.window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration_option("--window", o.window)).count();
    if (a.window_ms < 1) usage("--window must be at least 1ms");
  }
  a.quantiles.clear();
  a.quantile_names.clear();
  for (const auto& q : o.quantiles) {
    auto v = mon::format::parse_double(q);
    if (!v || !(*v >= 0 && *v <= 1))
      usage("--quantiles: \"" + q + "\" is not a quantile between 0 and 1 (e.g. --quantiles 0.5,0.9,0.99)");
    a.quantiles.push_back(*v);
    a.quantile_names.push_back(q);
  }
  if (!o.by.empty() && !o.without.empty()) usage("--by and --without exclude each other");
  for (const auto* list : {&o.by, &o.without})
    for (const auto& l : *list)
      if (auto broken = mon::model::check_label_name(l)) usage((list == &o.by ? "--by " : "--without ") + l + ": " + *broken);
  if (!o.by.empty()) a.by = o.by;
  if (!o.without.empty()) a.without = o.without;
  if (o.max_series < 1) usage("--max-series must be at least 1");
  a.max_series = o.max_series;
  w.inputs = o.inputs.empty() ? std::vector<std::string>{"-"} : o.inputs;
  if (o.from != "auto") w.from = mon::format::parse_format(o.from);
  w.read.values_name = o.name;
  w.read.stream = true;  // every sample counts: values and StatsD lines one by one, repeats are the stream
  w.output_format = record_format(o.format);
  w.output = o.output;
  w.count = o.count;
  w.strict = o.strict;
  return w;
}

void report(const mon::watch::WatchResult& r, StderrDiagnostics& diag) {
  diag.summarize();
  for (const auto& e : r.input_errors) std::fprintf(stderr, "monctl: error: %s\n", e.c_str());
  if (r.late > 0)
    std::fprintf(stderr, "monctl: warning: %llu late sample(s) for windows already closed were not counted\n",
                 static_cast<unsigned long long>(r.late));
  for (const auto& c : r.listened) {
    std::fprintf(stderr, "monctl: %s: %llu packet(s) received, %llu metric line(s), %llu malformed, %llu dropped by the kernel\n",
                 c.address.c_str(), static_cast<unsigned long long>(c.packets), static_cast<unsigned long long>(c.lines),
                 static_cast<unsigned long long>(c.malformed), static_cast<unsigned long long>(c.dropped));
    if (c.dropped > 0)
      std::fprintf(stderr, "monctl: warning: %s: %llu packet(s) lost: the socket's receive buffer (%zu KiB) was full\n",
                   c.address.c_str(), static_cast<unsigned long long>(c.dropped), c.receive_buffer >> 10);
    if (c.truncated > 0)
      std::fprintf(stderr, "monctl: warning: %s: %llu packet(s) longer than 64 KiB were cut there\n", c.address.c_str(),
                   static_cast<unsigned long long>(c.truncated));
  }
  if (r.failed_scrapes > 0)
    std::fprintf(stderr, "monctl: warning: %llu scrape(s) failed\n", static_cast<unsigned long long>(r.failed_scrapes));
  for (const auto& [name, n] : r.dropped)
    std::fprintf(stderr, "monctl: warning: --max-series reached: %llu sample(s) of %s dropped\n",
                 static_cast<unsigned long long>(n), name.c_str());
}

// Without --format, a person at a terminal gets the live view (watch_view.hpp): when the
// windows go to standard output, a terminal that can move its cursor (not TERM=dumb).
std::unique_ptr<watch_view::LiveView> live_view(const WatchCliOptions& o, mon::watch::WatchOptions& w) {
  if (!o.format.empty() || !(o.output.empty() || o.output == "-") || !is_screen(STDOUT_FILENO)) return nullptr;
  watch_view::ViewOptions v;
  v.table = {w.aggregate.window_ms, w.aggregate.quantile_names, style_for(STDOUT_FILENO)};
  v.live = !o.once;
  // Standard input from the terminal is the data: its keys are not ours.
  bool reads_stdin = !w.system && std::find(w.inputs.begin(), w.inputs.end(), "-") != w.inputs.end();
  v.keys = !(reads_stdin && is_tty(STDIN_FILENO));
  v.quit = [] { g_stop.store(true); };
  auto view = std::make_unique<watch_view::LiveView>(std::move(v));
  w.on_window = [&view = *view](const auto& records, const auto& totals) { view.window(records, totals); };
  return view;
}

int run_watch(const WatchCliOptions& o) {
  // Like cat: a reader that goes away (`| head`) ends us by SIGPIPE, silently.
  std::signal(SIGPIPE, SIG_DFL);
  mon::watch::WatchOptions w = build(o);
  static StderrDiagnostics diag(o.strict);
  struct sigaction sa {};
  sa.sa_sigaction = on_stop_signal;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  // Local, so that an exception gives the terminal back before main reports it.
  std::unique_ptr<watch_view::LiveView> view = live_view(o, w);
  auto quit = [&view](const mon::watch::WatchResult& r) {
    if (view) view->close();
    report(r, diag);
    std::fflush(nullptr);
    ::_exit(r.clean ? 0 : 1);
  };
  w.on_scrape_failure = [](const std::string& failure) {
    std::fprintf(stderr, "monctl: scrape failed: %s\n", failure.c_str());
  };
  mon::watch::WatchResult r;
  try {
    r = mon::watch::run_watch(w, diag, g_stop, quit);
  } catch (const mon::proc::SpawnError& e) {  // as time(1) and env(1): 127 not found, 126 not executable
    if (view) view->close();
    std::fprintf(stderr, "monctl: error: %s\n", e.what());
    return e.exit_status();
  }
  if (view) view->close();
  report(r, diag);
  if (r.exit_status) return *r.exit_status;
  return r.clean ? 0 : 1;
}

}  // namespace

Run setup_watch(CLI::App& sub) {
  auto o = std::make_shared<WatchCliOptions>();
  sub.description(
      "Aggregate metric streams into windows: count, sum, min, max, mean, stddev, first, last, rate and increase "
      "(counters, as PromQL computes them) and quantiles within 1% relative error, per series. Reads FILEs in "
      "order (or stdin: '-' or none) in any format export reads; or StatsD datagrams (--listen), the host (--system), "
      "endpoints (--scrape), "
      "a process tree (--pid, or -- CMD, whose exit status becomes ours). SIGINT/SIGTERM flush what is held and exit 0.");
  // Words after "--" are the command: CLI11 passes a positional the check refuses on to the next
  // one, and has put the "--" among the leftovers by then. (Files before "--" fail it at the end.)
  CLI::App* app = &sub;
  sub.validate_positionals();
  sub.add_option("inputs", o->inputs, "input files ('-' = stdin)")
      ->check(CLI::Validator(
          [app](std::string&) -> std::string {
            for (const auto& r : app->remaining())
              if (r == "--") return "input files and -- CMD exclude each other: a watch has one source";
            return {};
          },
          "", "not after --"));
  sub.add_option("command", o->command, "with --: the command to run and watch (no shell)")
      ->expected(1, 1 << 16)  // bounded: CLI11 takes one unbounded positional only; 1: "--" stays ours
      ->allow_extra_args(true)
      ->type_name("");
  sub.add_flag("--once", o->once, "one window over the whole input, printed at the end");
  sub.add_option("-w,--window", o->window, "tumbling window length, aligned to multiples since the epoch (10s, 1m, 1.5)")
      ->default_str("10s")
      ->each([o](const std::string&) { o->window_given = true; });
  sub.add_flag("-F,--follow", o->follow,
               "follow the input files as tail -F does: growth, rotation, truncation, a file that appears later");
  sub.add_option("--listen", o->listen,
                 "be a StatsD server: receive datagrams on udp://HOST:PORT (IPv4, a name or [IPv6]; repeatable), "
                 "arrival time as event time, until SIGINT/SIGTERM")
      ->allow_extra_args(false);
  sub.add_flag("--system", o->system,
               "watch the host: CPU, memory, swap, load, disks, network, filesystems, under node_exporter's names");
  sub.add_option("--interval", o->interval,
                 "with --system, --pid or -- CMD: how often to sample (the window's default)")
      ->default_str("1s");
  sub.add_option("--scrape", o->scrape,
                 "scrape this Prometheus/OpenMetrics endpoint (repeatable), as Prometheus does: instance label, up, "
                 "scrape_duration_seconds, scrape_samples_scraped")
      ->allow_extra_args(false)
      ->type_name("URL");
  sub.add_option("--every", o->every, "with --scrape: how often (default: the window, else 10s)")->type_name("DUR");
  sub.add_option("--scrape-timeout", o->scrape_timeout, "with --scrape: each scrape's time limit (default: 10s, at most 90% of --every)")
      ->type_name("DUR");
  sub.add_option("--body-limit", o->body_limit, "with --scrape: the largest body read, in bytes; more fails the scrape")
      ->default_str("16777216");
  sub.add_option("--pid", o->pid, "watch this process and its descendants until it ends")->type_name("PID");
  sub.add_option("-q,--quantiles", o->quantiles, "quantiles to report, comma-separated")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->default_str("0.5,0.9,0.99");
  sub.add_option("--by", o->by, "regroup series keeping only these labels (comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--without", o->without, "regroup series dropping these labels (comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--max-series", o->max_series, "at most N series a window; more are dropped and counted")
      ->default_str("10000");
  sub.add_option("-n,--count", o->count, "stop after N windows");
  sub.add_option("-o,--output", o->output, "write to FILE, replaced atomically with each window ('-' = stdout)");
  sub.add_option("--format", o->format, "output format (default: the live view on a terminal, json otherwise)")
      ->check(CLI::IsMember(kFormats));
  sub.add_option("-f,--from", o->from, "input format (default: detected per input)")
      ->check(CLI::IsMember(kReadable))
      ->default_str("auto");
  sub.add_option("--name", o->name, "metric name for --from values")->default_str("value");
  sub.add_flag("--strict", o->strict, "stop at the first malformed line");
  return [o] { return run_watch(*o); };
}

}  // namespace monctl
