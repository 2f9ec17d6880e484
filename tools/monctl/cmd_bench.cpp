// monctl bench: benchmarks commands like hyperfine, with per-run memory, interleaving, timeouts,
// Prometheus output and a statistically sound regression gate for CI.
// Exit status: 0 all within bounds, 1 a regression, 2 usage error (or bad baseline, missing
// command), 3 a benchmarked command failed (unless --ignore-failure).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench_view.hpp"
#include "command.hpp"
#include "mon/bench/baseline.hpp"
#include "mon/bench/export.hpp"
#include "mon/bench/gate.hpp"
#include "mon/bench/plan.hpp"
#include "mon/bench/runner.hpp"
#include "mon/bench/summary.hpp"
#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/io/output.hpp"
#include "mon/io/output_file.hpp"
#include "mon/time/duration.hpp"
#include "mon/time/rfc3339.hpp"
#include "style.hpp"
#include "term.hpp"

namespace monctl {

namespace {

struct BenchOptions {
  std::vector<std::string> commands;
  std::size_t warmup = 0;
  std::size_t runs = 0, min_runs = 0, max_runs = 0;
  std::string min_time;
  std::string setup, cleanup, prepare, conclude;
  std::vector<std::string> scan;  // VAR MIN MAX
  std::string step;
  std::vector<std::string> lists;  // VAR VALUES, VAR VALUES, ...
  std::vector<std::string> names;
  std::string timeout;
  bool interleave = false, ignore_failure = false, show_output = false;
  std::string shell;  // -S/--shell SHELL ("none": -N)
  bool no_shell = false;
  std::string style = "auto", time_unit, sort = "auto", output;
  std::string input;
  std::string export_json, export_csv, export_markdown, export_asciidoc, export_orgmode, export_prom;
  std::string save_baseline, baseline;
  std::string fail_if_slower, alpha = "0.05", rss_grows;
  std::string rss_above;
};

[[noreturn]] void usage(const std::string& option, const std::string& message) {
  throw CLI::ValidationError(option, message);
}

// A percentage bound of the gate: a plain number from 0 to 100000 (a 1000-fold slowdown; more
// is a typo). Negative, NaN, infinite and absurd values are usage errors.
double parse_percent(const std::string& option, const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  bool number = !text.empty() && end && *end == '\0' && !std::isspace(static_cast<unsigned char>(text[0]));
  if (!number || !std::isfinite(v) || v < 0 || v > 100000)
    usage(option, "'" + text + "' is not a percentage: expected a number from 0 to 100000 (5 means 5%)");
  return v;
}

double parse_alpha(const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  bool number = !text.empty() && end && *end == '\0' && !std::isspace(static_cast<unsigned char>(text[0]));
  if (!number || !std::isfinite(v) || v <= 0 || v >= 1)
    usage("--alpha", "'" + text + "' is not a significance level: expected a number between 0 and 1 (0.05)");
  return v;
}

double parse_seconds(const std::string& option, const std::string& text) {
  try {
    return mon::time::to_seconds(mon::time::parse_cli_duration(text));
  } catch (const mon::Error& e) {
    usage(option, e.what());
  }
}

// An export target's folder must exist and be writable before minutes are spent measuring.
void check_writable(const std::string& option, const std::string& path) {
  if (path.empty() || path == "-") return;
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  if (::access(dir.c_str(), W_OK) != 0)
    throw mon::Error("cannot write " + option + " " + path + ": folder " + dir + " does not exist or is not writable");
}

// hyperfine's --style: whether the summary is coloured, whether the progress bar is drawn, and
// whether anything is shown at all.
struct Look {
  bool color = false;
  bool progress = false;
  bool quiet = false;
};

Look look_for(const std::string& style, int summary_fd) {
  Look l;
  if (style == "auto") {
    l.color = color_enabled(summary_fd);
    l.progress = is_tty(STDERR_FILENO);
  } else if (style == "full") {
    l.color = l.progress = true;
  } else if (style == "nocolor") {
    l.progress = is_tty(STDERR_FILENO);
  } else if (style == "color") {
    l.color = true;
  } else if (style == "none") {
    l.quiet = true;
  } else if (style != "basic") {
    usage("--style", "'" + style + "' is not a style: expected auto, basic, full, nocolor, color or none");
  }
  return l;
}

int run_bench(const BenchOptions& o) {
  // --- Options that CLI11 cannot check alone (usage errors: exit 2) ---
  bool no_shell = o.no_shell || o.shell == "none";
  if (o.no_shell && !o.shell.empty()) usage("--shell", "-N/--no-shell and -S/--shell exclude each other");
  if (o.runs && (o.min_runs || o.max_runs)) usage("--runs", "--runs excludes --min-runs and --max-runs");
  if (o.min_runs && o.max_runs && o.min_runs > o.max_runs)
    usage("--min-runs", "--min-runs " + std::to_string(o.min_runs) + " is above --max-runs " + std::to_string(o.max_runs));
  if (!o.step.empty() && o.scan.empty()) usage("--parameter-step-size", "needs --parameter-scan");
  if (o.show_output && !o.output.empty()) usage("--output", "--output and --show-output exclude each other");
  for (const auto& c : o.commands)
    if (c.find_first_not_of(" \t\n") == std::string::npos) usage("CMD", "empty command: nothing to benchmark");
  auto unit = mon::bench::parse_time_unit(o.time_unit.empty() ? "auto" : o.time_unit);
  if (!unit) usage("--time-unit", "'" + o.time_unit + "' is not a time unit: expected second, millisecond or microsecond");
  auto sort = mon::bench::parse_sort_order(o.sort);
  if (!sort) usage("--sort", "'" + o.sort + "' is not a sort order: expected auto, command or mean-time");

  mon::bench::RunOptions ro;
  ro.warmup = o.warmup;
  if (o.runs) ro.runs = o.runs;
  if (o.min_runs) ro.min_runs = o.min_runs;
  if (o.max_runs) ro.max_runs = o.max_runs;
  if (!o.min_time.empty()) ro.min_time_seconds = parse_seconds("--min-time", o.min_time);
  if (!o.timeout.empty()) {
    ro.timeout_seconds = parse_seconds("--timeout", o.timeout);
    if (ro.timeout_seconds <= 0) usage("--timeout", "must be more than 0");
  }
  ro.setup = o.setup;
  ro.cleanup = o.cleanup;
  ro.prepare = o.prepare;
  ro.conclude = o.conclude;
  ro.interleave = o.interleave;
  ro.ignore_failure = o.ignore_failure;
  ro.show_output = o.show_output;
  if (o.output == "null" || o.output.empty()) {
  } else if (o.output == "pipe") {
    ro.output = mon::bench::RunOptions::Output::pipe;
  } else if (o.output == "inherit") {
    ro.output = mon::bench::RunOptions::Output::inherit;
  } else {
    check_writable("--output", o.output);
    ro.output = mon::bench::RunOptions::Output::file;
    ro.output_file = o.output;
  }
  ro.input = o.input;
  // hyperfine's -S SHELL runs every command under that shell; "default" is ours (sh, only when
  // the command needs one).
  if (no_shell) {
    ro.shell_mode = mon::bench::ShellMode::never;
  } else if (!o.shell.empty() && o.shell != "default") {
    ro.shell_mode = mon::bench::ShellMode::always;
    ro.shell = o.shell;
  }

  mon::bench::GateOptions gate;
  gate.alpha = parse_alpha(o.alpha);
  if (!o.fail_if_slower.empty()) gate.fail_if_slower_pct = parse_percent("--fail-if-slower", o.fail_if_slower);
  if (!o.rss_grows.empty()) gate.fail_if_rss_grows_pct = parse_percent("--fail-if-rss-grows", o.rss_grows);
  if (!o.rss_above.empty()) {
    gate.fail_if_rss_above = mon::bench::parse_bytes(o.rss_above);
    if (!gate.fail_if_rss_above)
      usage("--fail-if-rss-above", "'" + o.rss_above + "' is not a size (examples: 200000, 64KiB, 512MiB, 1G, 300MB)");
  }
  if ((gate.fail_if_slower_pct || gate.fail_if_rss_grows_pct) && o.baseline.empty())
    usage("--fail-if-slower", "--fail-if-slower and --fail-if-rss-grows need --baseline FILE");

  std::optional<mon::bench::ParameterScan> scan;
  if (!o.scan.empty()) scan = mon::bench::ParameterScan{o.scan[0], o.scan[1], o.scan[2], o.step};
  std::vector<mon::bench::ParameterList> lists;
  for (std::size_t i = 0; i + 1 < o.lists.size(); i += 2)
    lists.push_back({o.lists[i], mon::bench::split_list(o.lists[i + 1])});
  auto benchmarks = mon::bench::expand(o.commands, o.names, scan, lists);

  // --- Everything that can be checked before the first run ---
  const std::pair<const char*, const std::string*> exports[] = {
      {"--export-json", &o.export_json},         {"--export-csv", &o.export_csv},
      {"--export-markdown", &o.export_markdown}, {"--export-asciidoc", &o.export_asciidoc},
      {"--export-orgmode", &o.export_orgmode},   {"--export-prom", &o.export_prom},
      {"--save-baseline", &o.save_baseline}};
  bool summary_on_stderr = false;
  for (const auto& [option, path] : exports) {
    check_writable(option, *path);
    if (*path == "-") summary_on_stderr = true;
  }
  if (!o.save_baseline.empty()) mon::bench::check_distinct(benchmarks);
  std::vector<std::string> names;
  for (const auto& b : benchmarks) names.push_back(b.name);
  // CommandNotFound here. The Runner forks its spawning helper now, before the baseline is
  // loaded, so that the commands' max RSS does not depend on the baseline's size.
  mon::bench::Runner runner(benchmarks, ro);
  std::optional<mon::bench::Baseline> baseline;
  if (!o.baseline.empty()) {
    baseline = mon::bench::load_baseline(o.baseline);
    mon::bench::check_covers(*baseline, benchmarks);
    // A gate that cannot fail with these run counts is refused before anything runs.
    if (o.runs) {
      auto why = mon::bench::unreachable_before(*baseline, benchmarks, o.runs, gate);
      if (!why.empty()) {
        std::string all;
        for (const auto& w : why) all += (all.empty() ? "" : "\nmonctl: error: ") + w;
        throw mon::Error(all);  // exit 2, like every usage error of bench
      }
    }
  }
  const int summary_fd = summary_on_stderr ? STDERR_FILENO : STDOUT_FILENO;
  Look look = look_for(o.style, summary_fd);

  // --- Measuring ---
  std::vector<mon::bench::Result> results;
  bool progress_on = look.progress;
  {
    bench_view::ProgressBar bar(names, look.color ? ansi_style() : mon::Style{});
    mon::bench::Progress quiet;
    try {
      results = runner.run(progress_on ? static_cast<mon::bench::Progress&>(bar) : quiet);
    } catch (const mon::bench::CommandFailed& e) {
      bar.clear();
      std::fprintf(stderr, "monctl: error: %s\n", e.what());
      return 3;
    }
  }
  auto finished_at = std::chrono::system_clock::now();

  // --- Reporting ---
  bench_view::Style st;
  if (look.color) st.markup = ansi_style();
  st.unit = *unit;
  st.sort = *sort;
  std::vector<mon::bench::Summary> sums;
  std::string report, warnings;
  mon::bench::WarningOptions wo{o.warmup > 0, !o.prepare.empty()};
  for (std::size_t i = 0; i < results.size(); ++i) {
    sums.push_back(mon::bench::summarize(results[i]));
    report += bench_view::benchmark_header(i, results[i], st);
    report += bench_view::summary_block(results[i], sums.back(), st);
    for (const auto& w : mon::bench::warnings(results[i], wo))
      warnings += "monctl: warning: " + mon::bench::label(results[i].benchmark) + ": " + w + "\n";
    report += "\n";
  }
  if (runner.shell_overhead_seconds() > 0)
    report += "  (the shell's own spawn time, " + bench_view::format_time(runner.shell_overhead_seconds(), *unit) +
              ", was subtracted from commands run through " + ro.shell + " -c)\n\n";
  report += bench_view::relative_block(results, sums, st);
  auto verdicts = mon::bench::evaluate(results, baseline ? &*baseline : nullptr, gate);
  if (baseline) {
    if (results.size() > 1) report += "\n";
    report += bench_view::verdict_block(*baseline, verdicts, gate, st);
  } else if (gate.fail_if_rss_above) {
    report += (results.size() > 1 ? "\n" : "") + bench_view::limit_block(verdicts, gate, st);
  }
  if (!look.quiet) {
    // An export written to standard output keeps it for data: the summary then goes to stderr.
    std::fflush(stderr);
    mon::io::Output out(summary_fd, summary_on_stderr ? "<stderr>" : "<stdout>");
    out.write(report);
    out.flush();
    std::fputs(warnings.c_str(), stderr);
  }

  // --- Files (each replaced atomically: a failure leaves no partial file) ---
  mon::bench::TableOptions table{*unit, *sort};
  if (!o.export_json.empty()) mon::io::write_output(o.export_json, mon::bench::to_json(results));
  if (!o.export_csv.empty()) mon::io::write_output(o.export_csv, mon::bench::to_csv(results));
  if (!o.export_markdown.empty()) mon::io::write_output(o.export_markdown, mon::bench::to_markdown(results, table));
  if (!o.export_asciidoc.empty()) mon::io::write_output(o.export_asciidoc, mon::bench::to_asciidoc(results, table));
  if (!o.export_orgmode.empty()) mon::io::write_output(o.export_orgmode, mon::bench::to_orgmode(results, table));
  if (!o.export_prom.empty()) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(finished_at.time_since_epoch()).count();
    mon::io::OutputFile file(o.export_prom);
    auto writer = mon::format::make_writer(mon::format::Format::prom, file.out());
    bool gated = baseline || gate.fail_if_rss_above;
    mon::bench::to_prometheus(results, *writer, ms, gated ? &verdicts : nullptr);
    file.commit();
  }
  if (!o.save_baseline.empty())
    mon::io::write_output(o.save_baseline, mon::bench::baseline_json(results, mon::bench::describe_machine(),
                                                                     mon::time::format_rfc3339(finished_at, 0)));

  // --- Verdict ---
  // A gate that could not have failed with the counts of runs actually made is a usage error,
  // never a silent pass.
  std::size_t unreachable = 0;
  for (const auto& v : verdicts)
    for (const auto& why : v.unreachable) {
      std::fprintf(stderr, "monctl: error: %s\n", why.c_str());
      ++unreachable;
    }
  std::size_t regressions = 0;
  for (const auto& v : verdicts) {
    if (!v.regressed()) continue;
    ++regressions;
    std::string why;
    if (v.slower)
      why = "is " + std::to_string(static_cast<long long>(std::llround(v.shift_pct))) + "% slower than the baseline (p = " +
            fmt::format("{:.3g}", v.test.p_value) + ")";
    if (v.rss_grew)
      why += std::string(why.empty() ? "" : "; ") + "max RSS grew " +
             std::to_string(static_cast<long long>(std::llround(v.rss_shift_pct))) + "% (p = " +
             fmt::format("{:.3g}", v.rss_test.p_value) + ")";
    if (v.rss_above)
      why += std::string(why.empty() ? "" : "; ") + "max RSS " + bench_view::format_bytes(static_cast<double>(v.rss_max)) +
             " is above " + bench_view::format_bytes(static_cast<double>(*gate.fail_if_rss_above));
    std::fprintf(stderr, "monctl: regression: %s %s\n", v.label.c_str(), why.c_str());
  }
  if (unreachable > 0) return 2;
  return regressions > 0 ? 1 : 0;
}

}  // namespace

Run setup_bench(CLI::App& sub) {
  auto o = std::make_shared<BenchOptions>();
  sub.description(
      "Benchmark commands: runs each CMD many times and reports wall, CPU and memory statistics.\n"
      "Compares with a saved baseline and exits 1 on a significant regression (CI gate).\n"
      "Exit status: 0 ok, 1 regression, 2 usage error, 3 a benchmarked command failed.");
  sub.add_option("CMD", o->commands, "command to benchmark (one string each; shell syntax runs under sh -c)")
      ->type_name("CMD")
      ->required();
  sub.add_option("-w,--warmup", o->warmup, "runs before measuring, to fill caches (default 0)")->type_name("N");
  sub.add_option("-r,--runs", o->runs, "exactly N measured runs")->type_name("N")->check(CLI::PositiveNumber);
  sub.add_option("-m,--min-runs", o->min_runs, "at least N measured runs (default 10)")->type_name("N")->check(CLI::PositiveNumber);
  sub.add_option("-M,--max-runs", o->max_runs, "at most N measured runs")->type_name("N")->check(CLI::PositiveNumber);
  sub.add_option("--min-time", o->min_time, "measure for at least DUR (default 3s; 90, 1.5s, 2m, 1m30s)")->type_name("DUR");
  sub.add_option("-s,--setup", o->setup, "command run once before each benchmark's runs")->type_name("CMD");
  sub.add_option("-c,--cleanup", o->cleanup, "command run once after each benchmark's runs")->type_name("CMD");
  sub.add_option("-p,--prepare", o->prepare, "command run before every run (not timed)")->type_name("CMD");
  sub.add_option("--conclude", o->conclude, "command run after every run (not timed)")->type_name("CMD");
  sub.add_option("-P,--parameter-scan", o->scan, "VAR MIN MAX: benchmark each value, replacing {VAR} in CMD")->type_name("ARG")
      ->expected(3)
      ->allow_extra_args(false);
  sub.add_option("-D,--parameter-step-size", o->step, "step of --parameter-scan (default 1)")->type_name("STEP");
  sub.add_option("-L,--parameter-list", o->lists, "VAR a,b,c: benchmark each value (repeatable: cross product)")->type_name("ARG")
      ->expected(2)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub.add_option("-n,--command-name", o->names, "name of a benchmark in reports and baselines (repeatable)")->type_name("NAME")
      ->allow_extra_args(false);
  sub.add_option("--timeout", o->timeout, "kill a run after DUR: 90, 1.5s, 2m, 1m30s (it then counts as failed)")->type_name("DUR");
  sub.add_flag("--interleave", o->interleave, "run the commands in turns (A B A B ...) so drift hits all alike");
  sub.add_flag("-i,--ignore-failure", o->ignore_failure, "keep runs that exit non-zero instead of stopping");
  sub.add_flag("--show-output", o->show_output, "let the commands write to the terminal (default: /dev/null)");
  sub.add_option("--output", o->output, "the commands' output: null (default), pipe, inherit, or FILE (stdout, per run)")
      ->type_name("WHERE");
  sub.add_option("--input", o->input, "file given to every run on standard input (default /dev/null)")->type_name("FILE");
  sub.add_option("-S,--shell", o->shell,
                 "run every command under SHELL -c (\"bash\", \"bash --norc\"; its spawn time is subtracted); none: as -N")
      ->type_name("SHELL");
  sub.add_flag("-N,--no-shell", o->no_shell, "never use a shell: split commands into words");
  sub.add_option("--style", o->style, "auto, basic (no colour, no progress bar), full, nocolor, color, none (no output)")
      ->type_name("TYPE");
  sub.add_option("-u,--time-unit", o->time_unit, "second, millisecond or microsecond (default: chosen per value)")
      ->type_name("UNIT");
  sub.add_option("--sort", o->sort, "order of the summary and tables: auto, command or mean-time")->type_name("METHOD");
  sub.add_option("--export-json", o->export_json, "write results as hyperfine-compatible JSON to FILE")->type_name("FILE");
  sub.add_option("--export-csv", o->export_csv, "write a CSV summary to FILE")->type_name("FILE");
  sub.add_option("--export-markdown", o->export_markdown, "write a Markdown table to FILE")->type_name("FILE");
  sub.add_option("--export-asciidoc", o->export_asciidoc, "write an AsciiDoc table to FILE")->type_name("FILE");
  sub.add_option("--export-orgmode", o->export_orgmode, "write an Emacs Org mode table to FILE")->type_name("FILE");
  sub.add_option("--export-prom", o->export_prom, "write Prometheus text to FILE (textfile collector, Pushgateway)")->type_name("FILE");
  sub.add_option("--save-baseline", o->save_baseline, "save every run's samples and the machine to FILE")->type_name("FILE");
  sub.add_option("--baseline", o->baseline, "compare with FILE (a saved baseline or a hyperfine JSON export)")->type_name("FILE");
  sub.add_option("--fail-if-slower", o->fail_if_slower,
                 "exit 1 when a command is significantly slower than its baseline by more than PCT percent")->type_name("PCT");
  sub.add_option("--alpha", o->alpha, "significance level of the Mann-Whitney test (default 0.05)")->type_name("LEVEL");
  sub.add_option("--fail-if-rss-above", o->rss_above, "exit 1 when any run's max RSS exceeds BYTES (512MiB, 1G ...)")->type_name("BYTES");
  sub.add_option("--fail-if-rss-grows", o->rss_grows,
                 "exit 1 when max RSS grew significantly by more than PCT percent over the baseline")->type_name("PCT");
  return [o] { return run_bench(*o); };
}

}  // namespace monctl
