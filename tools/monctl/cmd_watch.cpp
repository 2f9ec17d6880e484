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
};

const std::vector<std::string> kFormats = {"json", "csv", "prom", "openmetrics", "influx", "text"};
const std::vector<std::string> kReadable = {"auto", "prom", "openmetrics", "json", "csv", "influx", "statsd", "values"};

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

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

mon::watch::WatchOptions build(const WatchCliOptions& o) {
  mon::watch::WatchOptions w;
  auto& a = w.aggregate;
  if (o.system) {
    if (!o.inputs.empty()) usage("--system reads the host, not input files");
    if (o.once) usage("--system runs until stopped; --once needs an input that ends");
    w.interval_ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration_option("--interval", o.interval)).count();
    if (w.interval_ms < 10) usage("--interval must be at least 10ms");
    w.system = true;
    a.carry_counters = true;
  }
  if (o.follow) {
    if (o.once) usage("--follow never reaches the end of its inputs; --once needs inputs that end");
    if (o.system) usage("--follow and --system exclude each other");
    w.follow = true;
  }
  if (!o.listen.empty()) {
    if (!o.inputs.empty()) usage("--listen receives StatsD datagrams, not input files");
    if (o.follow) usage("--listen and --follow exclude each other");
    if (o.system) usage("--listen and --system exclude each other");
    if (o.once) usage("--listen runs until stopped; --once needs an input that ends (use --count or SIGTERM)");
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
  } else if (o.system && !o.window_given) {
    a.window_ms = w.interval_ms;
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
  sa.sa_handler = on_stop_signal;
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
  mon::watch::WatchResult r = mon::watch::run_watch(w, diag, g_stop, quit);
  if (view) view->close();
  report(r, diag);
  return r.clean ? 0 : 1;
}

}  // namespace

Run setup_watch(CLI::App& sub) {
  auto o = std::make_shared<WatchCliOptions>();
  sub.description(
      "Aggregate metric streams into windows: count, sum, min, max, mean, stddev, first, last, rate and increase "
      "(counters, as PromQL computes them) and quantiles within 1% relative error, per series. Reads FILEs in "
      "order (or stdin: '-' or none) in any format export reads, or StatsD datagrams (--listen). SIGINT/SIGTERM "
      "flush what is held and exit 0.");
  sub.add_option("inputs", o->inputs, "input files ('-' = stdin)");
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
  sub.add_option("--interval", o->interval, "with --system: how often to sample the host (the window's default)")
      ->default_str("1s");
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
