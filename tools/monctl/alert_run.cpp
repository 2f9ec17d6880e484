// monctl alert run: evaluates rule files over metrics files, pipes and scrapes, prints the active
// alerts, routes notifications by an Alertmanager configuration and posts to Alertmanagers, with
// the state a cron job carries between runs. Exit 0 nothing firing, 1 a firing alert, 2 a firing
// critical/page alert, 3 an error of rules, configuration or inputs.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "alert_commands.hpp"
#include "alert_eval.hpp"
#include "alert_notify.hpp"
#include "alert_report.hpp"
#include "mon/error.hpp"
#include "mon/model/label_args.hpp"
#include "mon/rules/evaluator.hpp"
#include "mon/rules/rule_file.hpp"
#include "options.hpp"
#include "term.hpp"

namespace monctl {

namespace {

int run_alerts(const RunOptions& o) {
  std::int64_t t = o.time.empty() ? now_ms() : time_option("--time", o.time);
  std::int64_t interval = duration_ms_option("--eval-interval", o.eval_interval);
  if (interval <= 0) throw CLI::ValidationError("--eval-interval", "must be positive");
  std::int64_t lookback = duration_ms_option("--lookback-delta", o.lookback);

  // Every rule file is read and every problem in any of them reported before giving up.
  std::vector<mon::rules::Group> groups;
  bool rules_ok = true;
  for (const auto& f : o.rule_files) {
    mon::rules::RuleFileLoad load = mon::rules::read_rule_file(f);
    for (const auto& e : load.errors) std::fprintf(stderr, "monctl: error: %s\n", e.text().c_str());
    if (!load.errors.empty()) rules_ok = false;
    for (auto& g : load.groups) groups.push_back(std::move(g));
  }
  if (!rules_ok) return 3;

  Notifier notifier(o, t);  // reads --config and takes the --state lock: before any input is read
  if (!notifier.ready()) return 3;

  mon::promql::Storage storage;
  bool inputs_ok = load_inputs(o.inputs, t, storage);

  mon::rules::EvaluatorOptions eo;
  eo.external_labels = mon::model::parse_label_args(o.external_labels, "--external-label");
  eo.external_url = o.external_url;
  eo.engine.lookback_ms = lookback;
  mon::rules::RuleEvaluator evaluator(storage, eo);
  std::map<std::string, std::int64_t> last_eval;
  notifier.restore(evaluator, last_eval);

  EvalPlan plan;
  plan.time_ms = t;
  plan.default_interval_ms = interval;
  EvalOutcome outcome = evaluate_groups(evaluator, groups, last_eval, plan);
  for (const auto& e : outcome.errors)
    std::fprintf(stderr, "monctl: error: group \"%s\", rule \"%s\": %s\n", e.group.c_str(), e.rule.c_str(),
                 e.message.c_str());
  if (outcome.truncated)
    std::fprintf(stderr, "monctl: warning: the inputs' history is longer than %zu evaluation intervals; only the last "
                 "%zu were evaluated\n", plan.max_steps, plan.max_steps);

  std::vector<mon::rules::ActiveAlert> alerts = evaluator.alerts();
  std::string text = o.format == "json" ? render_alerts_json(alerts) : render_alerts_text(alerts, color_enabled(1));
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);

  bool delivered = notifier.notify(evaluator, last_eval, interval);
  int status = alert_status(alerts);
  if (status == 2) return 2;  // a critical alert is never hidden behind an error
  if (!inputs_ok || !outcome.errors.empty() || !delivered) return 3;
  return status;
}

}  // namespace

Run setup_alert_run(CLI::App& sub) {
  auto o = std::make_shared<RunOptions>();
  sub.description(
      "Evaluate Prometheus rule files over metrics files, pipes and scrapes: every group at its interval over the "
      "history the inputs hold (samples with timestamps), then at --time. Prints the pending and firing alerts; with "
      "--config routes notifications as Alertmanager does, with --alertmanager posts the alerts to each. Exit 0 "
      "nothing firing, 1 a firing alert, 2 a firing alert with severity critical or page, 3 an error in the rules, "
      "the configuration, the inputs or a delivery (2 wins over 3).");
  sub.add_option("--rules", o->rule_files, "a Prometheus rule file (repeatable)")->required()->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  add_input_options(sub, o->inputs);
  sub.add_option("--config", o->config, "an Alertmanager configuration file: where notifications go");
  sub.add_option("--state", o->state, "state carried between runs (alert states, notification log, outbox, silences)");
  sub.add_option("--alertmanager", o->alertmanagers, "post the alerts to this Alertmanager's /api/v2/alerts (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub.add_option("--time", o->time, "evaluation time: RFC 3339 or Unix seconds (default: now)");
  sub.add_option("--format", o->format, "output: text or json lines")->check(CLI::IsMember({"text", "json"}))->default_str("text");
  sub.add_option("--eval-interval", o->eval_interval, "interval of groups that set none")->default_str("1m");
  sub.add_option("--lookback-delta", o->lookback, "how far back an instant selector looks for a sample")->default_str("5m");
  sub.add_option("--external-label", o->external_labels, "NAME=VALUE for templates' $externalLabels (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub.add_option("--external-url", o->external_url, "the URL templates see as .ExternalURL and alerts link to");
  sub.add_option("--timeout", o->timeout, "limit of each delivery attempt")->default_str("10s");
  return [o] { return run_alerts(*o); };
}

}  // namespace monctl
