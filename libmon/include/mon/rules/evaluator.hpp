#pragma once
// Evaluating rule groups over a Storage with Prometheus' semantics (rules/alerting.go,
// rules/recording.go, rules/group.go):
// - a recording rule's result gets __name__ = the rule's name and the rule's labels, and is
//   written into the storage at t - query_offset, so later rules and later evaluations see it;
//   a series it no longer returns gets a staleness marker;
// - an alerting rule's result samples become alerts: labels = the sample's (without __name__),
//   then the rule's labels expanded as templates over them, then alertname; annotations are
//   expanded after them. $labels, $value, $externalLabels, $externalURL / .ExternalURL are
//   defined, and `query` is answered from the storage at the evaluation time;
// - an alert is pending until it has been active for `for`, then firing; one that stops being
//   returned resolves (inactive, kept 15 minutes and reported with its end) unless it was firing
//   and keep_firing_for has not yet passed since it stopped;
// - ALERTS{alertstate="pending"|"firing"} = 1 and ALERTS_FOR_STATE = active-since (Unix seconds)
//   are written for every pending and firing alert at each evaluation;
// - errors: two samples with the same labels after the rule's labels ("vector contains metrics
//   with the same labelset after applying alert labels" / "... rule labels"), a group's `limit`
//   exceeded ("exceeded limit of 10 with 12 alerts": the rule's alerts are then dropped), a result
//   that is no vector or scalar, the engine's errors. A failing rule does not stop the group.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mon/model/metric.hpp"
#include "mon/notify/alert.hpp"
#include "mon/promql/engine.hpp"
#include "mon/promql/storage.hpp"
#include "mon/rules/rule_file.hpp"

namespace mon::rules {

struct ActiveAlert {
  enum class State { inactive, pending, firing };
  model::Labels labels;       // sorted; alertname among them
  model::Labels annotations;  // sorted by name
  State state = State::pending;
  std::int64_t active_at_ms = 0;
  std::int64_t fired_at_ms = 0;          // 0 = not firing
  std::int64_t resolved_at_ms = 0;       // 0 = not resolved
  std::int64_t keep_firing_since_ms = 0; // 0 = not kept firing
  double value = 0;
  std::string rule;   // the alerting rule's name
  std::string group;  // the group's name
  std::string file;   // the group's file
};
std::string_view to_string(ActiveAlert::State state);  // "inactive", "pending", "firing"

struct RuleError {
  std::string group;
  std::string rule;  // the rule's name
  std::size_t index = 0;  // 0-based position in the group
  std::string message;
};

struct EvaluatorOptions {
  model::Labels external_labels;  // for templates ($externalLabels) only, as Prometheus
  std::string external_url;       // for templates (.ExternalURL, $externalURL)
  promql::EngineOptions engine;
};

class RuleEvaluator {
 public:
  // The storage holds the inputs; recording rules' results and ALERTS series are added to it.
  explicit RuleEvaluator(promql::Storage& storage, EvaluatorOptions options = {});
  ~RuleEvaluator();
  RuleEvaluator(const RuleEvaluator&) = delete;
  RuleEvaluator& operator=(const RuleEvaluator&) = delete;

  // Evaluates every rule of `group` once at t_ms (query time t_ms - group.query_offset_ms), in
  // order. Returns the rules that failed (the others' results stand). A group is known by its
  // file and name; its rules by name and position among rules of that name.
  std::vector<RuleError> evaluate(const Group& group, std::int64_t t_ms);

  // Every alert held: pending, firing, and resolved within the 15 minutes they are kept, per
  // rule in the order rules were first evaluated, each rule's by labels.
  std::vector<ActiveAlert> alerts() const;
  // The alerts of one rule of one group (empty if never evaluated).
  std::vector<ActiveAlert> alerts_of(const Group& group, std::size_t rule_index) const;

  // What Prometheus sends to Alertmanager after an evaluation at t_ms: firing alerts with
  // endsAt = t + 4 × max(resend_delay, interval), resolved ones with their end; pending ones are
  // not sent.
  std::vector<notify::Alert> to_send(std::int64_t t_ms, std::int64_t interval_ms,
                                     std::int64_t resend_delay_ms = 60000) const;

  // The alert state as a JSON object (pending/firing since, kept firing since, resolved at, per
  // alert with its group, file and rule), for a state file carried between runs.
  std::string save_state() const;
  // Restores what save_state wrote; throws mon::Error on text that is not such a state.
  void load_state(std::string_view json);

  promql::Storage& storage() { return storage_; }
  const EvaluatorOptions& options() const { return options_; }

 private:
  struct RuleState;
  const RuleState* find_state(const Group& group, std::size_t rule_index) const;

  promql::Storage& storage_;
  EvaluatorOptions options_;
  std::map<std::string, std::unique_ptr<RuleState>> states_;  // by rule key
  std::vector<std::string> order_;                            // rule keys, first seen first
};

// The canonical text of a label set ("a=\"1\",b=\"2\"" style, unambiguous), used as a map key.
std::string labels_key(const model::Labels& labels);

}  // namespace mon::rules
