#pragma once
// The notification half of `monctl alert run`: the Alertmanager configuration, the --state file
// (held locked for the whole run, so two cron runs never notify twice), routing, grouping,
// inhibition and silences, delivery with retries and the outbox, and the posts to Alertmanagers.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alert_inputs.hpp"
#include "mon/rules/evaluator.hpp"

namespace monctl {

struct RunOptions {
  std::vector<std::string> rule_files;
  AlertInputs inputs;
  std::string config;
  std::string state;
  std::vector<std::string> alertmanagers;
  std::string time;
  std::string format = "text";
  std::string eval_interval = "1m";
  std::string lookback = "5m";
  std::vector<std::string> external_labels;
  std::string external_url;
  std::string timeout = "10s";
};

class Notifier {
 public:
  // Reads --config and opens and locks --state (waiting for another run to finish). Problems are
  // printed; ready() then says false.
  Notifier(const RunOptions& options, std::int64_t now_ms);
  ~Notifier();
  bool ready() const { return ready_; }
  // What the state file holds for the evaluator and the groups' last evaluations.
  void restore(mon::rules::RuleEvaluator& evaluator, std::map<std::string, std::int64_t>& last_eval);
  // Routes and delivers (outbox first), posts to the Alertmanagers, saves the state. Returns
  // false when a delivery failed (it stays in the outbox for the next run).
  bool notify(const mon::rules::RuleEvaluator& evaluator, const std::map<std::string, std::int64_t>& last_eval,
              std::int64_t interval_ms);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool ready_ = false;
};

}  // namespace monctl
