// monctl alert query: one PromQL expression over files, pipes and scrapes, at an instant or over a
// range, without a server.
#include <cstdio>

#include "alert_commands.hpp"
#include "alert_inputs.hpp"
#include "alert_output.hpp"
#include "mon/error.hpp"
#include "mon/promql/engine.hpp"
#include "mon/promql/parse.hpp"
#include "mon/time/duration.hpp"
#include "options.hpp"

namespace monctl {

namespace {

struct QueryOptions {
  AlertInputs inputs;
  std::string expr;
  std::string time, start, end, step;
  std::string format = "json";
  std::string lookback = "5m";
};

int run_query(const QueryOptions& o) {
  QueryFormat format = o.format == "prom" ? QueryFormat::prom : o.format == "text" ? QueryFormat::text : QueryFormat::json;
  bool range = !o.start.empty() || !o.end.empty() || !o.step.empty();
  if (range && !o.time.empty()) throw CLI::ValidationError("--time", "cannot be combined with --start/--end/--step");
  if (range && (o.start.empty() || o.end.empty()))
    throw CLI::ValidationError("--start", "a range query needs both --start and --end");
  std::int64_t at = o.time.empty() ? now_ms() : time_option("--time", o.time);
  std::int64_t start = 0, end = 0, step = 0;
  if (range) {
    start = time_option("--start", o.start);
    end = time_option("--end", o.end);
    step = o.step.empty() ? std::max<std::int64_t>(1000, (end - start) / 250) : duration_ms_option("--step", o.step);
    if (end < start) throw CLI::ValidationError("--end", "is before --start");
    if (step <= 0) throw CLI::ValidationError("--step", "must be positive");
    // As Prometheus' API: at most 11,000 points per series.
    if ((end - start) / step > 11000)
      throw CLI::ValidationError("--step", "exceeded maximum resolution of 11,000 points per timeseries; try a larger step");
    at = end;
  }
  mon::promql::ExprPtr expr;
  try {
    expr = mon::promql::parse(o.expr, mon::Location{"<expr>", 1, 1});
  } catch (const mon::ParseError& e) {
    std::fprintf(stderr, "monctl: error: %s\n", e.what());
    return 3;
  }
  mon::promql::Storage storage;
  bool clean = load_inputs(o.inputs, at, storage);
  mon::promql::EngineOptions eo;
  eo.lookback_ms = duration_ms_option("--lookback-delta", o.lookback);
  mon::promql::Engine engine(storage, eo);
  mon::promql::Result result = range ? engine.range(*expr, start, end, step) : engine.instant(*expr, at);
  for (const auto& w : result.warnings) std::fprintf(stderr, "monctl: warning: %s\n", w.c_str());
  for (const auto& i : result.infos) std::fprintf(stderr, "monctl: info: %s\n", i.c_str());
  std::string text = render_query_result(result.value, at, format);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return clean ? 0 : 1;
}

}  // namespace

void add_input_options(CLI::App& sub, AlertInputs& in) {
  sub.add_option("inputs", in.files, "metrics files ('-' = stdin; none = stdin unless --scrape)");
  sub.add_option("--scrape", in.scrapes, "also scrape URL (Prometheus or OpenMetrics text) at the evaluation time")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub.add_option("-f,--from", in.from, "input format (default: detected per input)")
      ->check(CLI::IsMember({"auto", "prom", "openmetrics", "json", "csv", "influx", "statsd", "values"}))
      ->default_str("auto");
}

Run setup_alert_query(CLI::App& sub) {
  auto o = std::make_shared<QueryOptions>();
  sub.description(
      "Evaluate a PromQL expression over metrics files, pipes and scrapes. Samples with timestamps are history; "
      "samples without are taken at the evaluation time. Exit 0, 1 when an input had malformed lines (they are "
      "skipped), 3 when the expression does not parse.");
  sub.add_option("expr", o->expr, "the PromQL expression")->required();
  add_input_options(sub, o->inputs);
  sub.add_option("--time", o->time, "evaluation time: RFC 3339 or Unix seconds (default: now)");
  sub.add_option("--start", o->start, "range query: first step (RFC 3339 or Unix seconds)");
  sub.add_option("--end", o->end, "range query: last step");
  sub.add_option("--step", o->step, "range query: resolution (default: (end-start)/250, at least 1s)");
  sub.add_option("--format", o->format, "output: json lines, prom (exposition text) or text (as promtool)")
      ->check(CLI::IsMember({"json", "prom", "text"}))
      ->default_str("json");
  sub.add_option("--lookback-delta", o->lookback, "how far back an instant selector looks for a sample")
      ->default_str("5m");
  return [o] { return run_query(*o); };
}

}  // namespace monctl
