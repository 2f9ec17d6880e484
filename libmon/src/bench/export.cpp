// Result exports; formats and their compatibility with hyperfine's are described in
// mon/bench/export.hpp.
#include "mon/bench/export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "mon/bench/summary.hpp"
#include "mon/format/csv_field.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "run_json.hpp"

namespace mon::bench {

namespace {

using Json = nlohmann::ordered_json;

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

std::string csv_number(double v) { return std::isfinite(v) ? format::format_double(v) : std::string(); }

// All parameter names in first-seen order (benchmarks of one invocation share them).
std::vector<std::string> parameter_names(const std::vector<Result>& results) {
  std::vector<std::string> names;
  for (const auto& r : results)
    for (const auto& p : r.benchmark.parameters)
      if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
  return names;
}

}  // namespace

std::string to_json(const std::vector<Result>& results) {
  Json list = Json::array();
  for (const auto& r : results) {
    Summary s = summarize(r);
    Json o;
    o["command"] = r.benchmark.name;
    o["mean"] = number_or_null(s.wall.mean);
    o["stddev"] = number_or_null(s.wall.stddev);
    o["median"] = number_or_null(s.wall.median);
    o["user"] = number_or_null(s.user_mean);
    o["system"] = number_or_null(s.system_mean);
    o["min"] = number_or_null(s.wall.min);
    o["max"] = number_or_null(s.wall.max);
    o["times"] = r.wall;
    o["memory_usage_byte"] = r.max_rss;
    detail::add_exit_codes_and_parameters(o, r);
    list.push_back(std::move(o));
  }
  Json doc;
  doc["results"] = std::move(list);
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string to_csv(const std::vector<Result>& results) {
  auto params = parameter_names(results);
  std::string out = "command,mean,stddev,median,user,system,min,max,p5,p95,iqr,max_rss_bytes";
  for (const auto& p : params) {
    out += ',';
    format::append_csv_field(out, "parameter_" + p);
  }
  out += "\r\n";
  for (const auto& r : results) {
    Summary s = summarize(r);
    format::append_csv_field(out, r.benchmark.name);
    for (double v : {s.wall.mean, s.wall.stddev, s.wall.median, s.user_mean, s.system_mean, s.wall.min, s.wall.max,
                     s.wall.p5, s.wall.p95, s.wall.iqr}) {
      out += ',';
      out += csv_number(v);
    }
    out += ',';
    out += std::to_string(s.rss_max_bytes);
    for (const auto& name : params) {
      out += ',';
      for (const auto& p : r.benchmark.parameters)
        if (p.name == name) format::append_csv_field(out, p.value);
    }
    out += "\r\n";
  }
  return out;
}

std::optional<TimeUnit> parse_time_unit(std::string_view t) {
  if (t == "auto") return TimeUnit::automatic;
  if (t == "second") return TimeUnit::second;
  if (t == "millisecond") return TimeUnit::millisecond;
  if (t == "microsecond") return TimeUnit::microsecond;
  return std::nullopt;
}

std::optional<SortOrder> parse_sort_order(std::string_view t) {
  if (t == "auto") return SortOrder::automatic;
  if (t == "command") return SortOrder::command;
  if (t == "mean-time") return SortOrder::mean_time;
  return std::nullopt;
}

TimeUnit table_unit(const std::vector<Result>& results, TimeUnit wanted) {
  if (wanted != TimeUnit::automatic) return wanted;
  double slowest = 0;
  for (const auto& r : results) {
    double m = stats::mean(r.wall);
    if (std::isfinite(m)) slowest = std::max(slowest, m);
  }
  return slowest < 1 ? TimeUnit::millisecond : TimeUnit::second;  // one unit for the whole table
}

const char* unit_symbol(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::microsecond:
      return "µs";
    case TimeUnit::millisecond:
      return "ms";
    default:
      return "s";
  }
}

std::string format_in(double seconds, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::microsecond:
      return fmt::format("{:.1f}", seconds * 1e6);
    case TimeUnit::millisecond:
      return fmt::format("{:.1f}", seconds * 1e3);
    default:
      return fmt::format("{:.3f}", seconds);
  }
}

std::vector<std::size_t> table_order(const std::vector<Result>& results, SortOrder order) {
  std::vector<std::size_t> idx(results.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  if (order == SortOrder::mean_time) {
    std::vector<double> means;
    for (const auto& r : results) means.push_back(stats::mean(r.wall));
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return means[a] < means[b]; });
  }
  return idx;
}

namespace {

// One markup's way of writing a table; the rows are the same for all three.
struct Markup {
  std::string (*header)(std::size_t columns);
  std::string (*row)(const std::vector<std::string>& cells, bool heading);
  std::string (*footer)();
  std::string (*code)(const std::string& command);
};

std::string table(const std::vector<Result>& results, const TableOptions& options, const Markup& m) {
  std::vector<Summary> sums;
  for (const auto& r : results) sums.push_back(summarize(r));
  TimeUnit unit = table_unit(results, options.unit);
  std::string u = std::string("[") + unit_symbol(unit) + "]";
  std::size_t fastest = 0;
  auto rel = relative_speeds(sums, fastest);
  std::string out = m.header(7);
  out += m.row({"Command", "Mean " + u, "Median " + u, "Min " + u, "Max " + u, "Max RSS [MiB]", "Relative"}, true);
  for (std::size_t i : table_order(results, options.sort)) {
    const auto& s = sums[i];
    std::string mean = format_in(s.wall.mean, unit);
    if (!std::isnan(s.wall.stddev)) mean += " ± " + format_in(s.wall.stddev, unit);
    std::string relative = i == fastest || std::isnan(rel[i].stddev)
                               ? fmt::format("{:.2f}", rel[i].value)
                               : fmt::format("{:.2f} ± {:.2f}", rel[i].value, rel[i].stddev);
    out += m.row({m.code(results[i].benchmark.name), mean, format_in(s.wall.median, unit), format_in(s.wall.min, unit),
                  format_in(s.wall.max, unit),
                  fmt::format("{:.1f}", static_cast<double>(s.rss_max_bytes) / (1024.0 * 1024.0)), relative},
                 false);
  }
  return out + m.footer();
}

// A cell's text on one line, with the markup's column separator escaped.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

// "| a | b |": a row of Markdown and of Org mode.
std::string pipe_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out + "\n";
}

// Markdown: the command column left-aligned, the numbers right-aligned.
std::string md_row(const std::vector<std::string>& cells, bool heading) {
  std::string out = pipe_row(cells);
  if (!heading) return out;
  out += "|:---|";
  for (std::size_t i = 1; i < cells.size(); ++i) out += "---:|";
  return out + "\n";
}

std::string md_code(const std::string& command) {
  std::string name = one_line(command);
  std::string fence = name.find('`') == std::string::npos ? "`" : "``";
  return fence + name + fence;
}

// AsciiDoc: the column alignments first, then one "| cell" per line, rows apart by blank lines.
std::string adoc_header(std::size_t columns) {
  std::string cols = "<";
  for (std::size_t i = 1; i < columns; ++i) cols += ",>";
  return "[cols=\"" + cols + "\"]\n|===";
}

std::string adoc_row(const std::vector<std::string>& cells, bool) {
  std::string out = "\n";
  for (const auto& c : cells) out += "| " + c + " \n";
  return out;
}

std::string adoc_footer() { return "|===\n"; }

std::string adoc_code(const std::string& command) { return "`" + one_line(command) + "`"; }

// Org mode: "| a | b |" rows, a "|--+--|" rule under the heading, =verbatim= commands.
std::string org_row(const std::vector<std::string>& cells, bool heading) {
  std::string out = pipe_row(cells);
  if (!heading) return out;
  out += "|";
  for (std::size_t i = 1; i < cells.size(); ++i) out += "--+";
  return out + "--|\n";
}

std::string org_code(const std::string& command) { return "=" + one_line(command) + "="; }

std::string no_header(std::size_t) { return {}; }
std::string no_footer() { return {}; }

}  // namespace

std::string to_markdown(const std::vector<Result>& results, const TableOptions& options) {
  return table(results, options, Markup{no_header, md_row, no_footer, md_code});
}

std::string to_asciidoc(const std::vector<Result>& results, const TableOptions& options) {
  return table(results, options, Markup{adoc_header, adoc_row, adoc_footer, adoc_code});
}

std::string to_orgmode(const std::vector<Result>& results, const TableOptions& options) {
  return table(results, options, Markup{no_header, org_row, no_footer, org_code});
}

void to_prometheus(const std::vector<Result>& results, format::Sink& sink, std::int64_t timestamp_ms,
                   const std::vector<Verdict>* verdicts) {
  using model::Family;
  using model::MetricType;
  using model::Sample;
  auto labels_of = [](const Result& r) {
    model::Labels labels{{"command", r.benchmark.name}};
    for (const auto& p : r.benchmark.parameters) {
      std::string name = "parameter_" + p.name;
      if (model::is_label_name(name)) labels.push_back({name, p.value});
    }
    model::sort_labels(labels);
    model::drop_empty_labels(labels);
    return labels;
  };
  std::vector<Summary> sums;
  for (const auto& r : results) sums.push_back(summarize(r));

  Family duration{"monctl_bench_duration_seconds", MetricType::summary,
                  "Wall-clock time of one run of the benchmarked command (quantiles over the runs).", "seconds", true};
  sink.family(duration);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& w = sums[i].wall;
    if (w.n == 0) continue;
    const std::pair<const char*, double> qs[] = {{"0", w.min}, {"0.05", w.p5}, {"0.5", w.median}, {"0.95", w.p95}, {"1", w.max}};
    for (const auto& [q, v] : qs) {
      auto labels = labels_of(results[i]);
      labels.push_back({"quantile", q});
      model::sort_labels(labels);
      sink.sample(duration, Sample{duration.name, labels, v, std::nullopt});
    }
    double sum = 0;
    for (double t : results[i].wall) sum += t;
    sink.sample(duration, Sample{duration.name + "_sum", labels_of(results[i]), sum, std::nullopt});
    sink.sample(duration, Sample{duration.name + "_count", labels_of(results[i]), static_cast<double>(w.n), std::nullopt});
  }

  auto gauge = [&](const std::string& name, const std::string& help, const std::string& unit, auto value) {
    Family f{name, MetricType::gauge, help, unit, true};
    sink.family(f);
    for (std::size_t i = 0; i < results.size(); ++i) {
      double v = value(i);
      if (std::isnan(v)) continue;
      sink.sample(f, Sample{name, labels_of(results[i]), v, std::nullopt});
    }
  };
  gauge("monctl_bench_duration_mean_seconds", "Mean wall-clock time of a run.", "seconds",
        [&](std::size_t i) { return sums[i].wall.mean; });
  gauge("monctl_bench_duration_stddev_seconds", "Sample standard deviation of the runs' wall-clock times.", "seconds",
        [&](std::size_t i) { return sums[i].wall.stddev; });
  gauge("monctl_bench_cpu_user_seconds", "Mean user CPU time of a run.", "seconds",
        [&](std::size_t i) { return sums[i].user_mean; });
  gauge("monctl_bench_cpu_system_seconds", "Mean system CPU time of a run.", "seconds",
        [&](std::size_t i) { return sums[i].system_mean; });
  gauge("monctl_bench_max_rss_bytes", "Largest maximum resident set size of any run.", "bytes",
        [&](std::size_t i) { return static_cast<double>(sums[i].rss_max_bytes); });
  gauge("monctl_bench_runs", "Number of measured runs.", "",
        [&](std::size_t i) { return static_cast<double>(results[i].wall.size()); });
  gauge("monctl_bench_failed_runs", "Measured runs that did not exit with status 0.", "",
        [&](std::size_t i) { return static_cast<double>(results[i].failures); });
  gauge("monctl_bench_last_run_timestamp_seconds", "When the benchmark finished, in seconds since the epoch.", "seconds",
        [&](std::size_t) { return static_cast<double>(timestamp_ms) / 1000.0; });
  if (verdicts && verdicts->size() == results.size()) {
    const auto& v = *verdicts;
    auto compared = [&](std::size_t i, double value) { return v[i].compared ? value : std::nan(""); };
    gauge("monctl_bench_baseline_shift_ratio",
          "Hodges-Lehmann shift of the run times against the baseline, relative to the baseline median.", "",
          [&](std::size_t i) { return compared(i, v[i].shift_pct / 100); });
    gauge("monctl_bench_baseline_p_value", "Two-sided Mann-Whitney p-value of the run times against the baseline.", "",
          [&](std::size_t i) { return compared(i, v[i].test.p_value); });
    gauge("monctl_bench_regression", "1 when the command failed a --fail-if-* gate, else 0.", "",
          [&](std::size_t i) { return v[i].regressed() ? 1.0 : 0.0; });
  }
  sink.finish();
}

}  // namespace mon::bench
