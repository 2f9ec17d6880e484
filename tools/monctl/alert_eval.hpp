#pragma once
// The evaluation half of `monctl alert run`: every group at its interval over the history the
// inputs hold (and what the state file says was evaluated last), then at T, in time order
// across groups so that one group's recorded series are there for the next.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mon/rules/evaluator.hpp"
#include "mon/rules/rule_file.hpp"

namespace monctl {

struct EvalPlan {
  std::int64_t time_ms = 0;              // T
  std::int64_t default_interval_ms = 60'000;
  std::size_t max_steps = 100'000;       // evaluations per group at most (older history is not replayed)
};

struct EvalOutcome {
  std::vector<mon::rules::RuleError> errors;
  std::size_t evaluations = 0;
  bool truncated = false;  // the history was longer than max_steps intervals of some group
};

// `last_eval_ms`: per group key ("FILE\x1fNAME"), the last time a previous run evaluated it; it is
// updated to T. A group is evaluated at T - k·interval for every k >= 0 whose time is after its
// last evaluation and not before the earliest sample.
EvalOutcome evaluate_groups(mon::rules::RuleEvaluator& evaluator, const std::vector<mon::rules::Group>& groups,
                            std::map<std::string, std::int64_t>& last_eval_ms, const EvalPlan& plan);

std::string group_key(const mon::rules::Group& group);

}  // namespace monctl
