#include "alert_eval.hpp"

#include <algorithm>
#include <tuple>

namespace monctl {

std::string group_key(const mon::rules::Group& group) { return group.file + '\x1f' + group.name; }

EvalOutcome evaluate_groups(mon::rules::RuleEvaluator& evaluator, const std::vector<mon::rules::Group>& groups,
                            std::map<std::string, std::int64_t>& last_eval_ms, const EvalPlan& plan) {
  EvalOutcome outcome;
  const mon::promql::Storage& storage = evaluator.storage();
  std::int64_t earliest = storage.series_count() ? storage.min_time() : plan.time_ms;
  // (time, group index): every evaluation of the run, in time order, groups in file order.
  std::vector<std::pair<std::int64_t, std::size_t>> steps;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::int64_t interval = groups[g].interval_ms > 0 ? groups[g].interval_ms : plan.default_interval_ms;
    std::int64_t from = earliest;
    auto last = last_eval_ms.find(group_key(groups[g]));
    if (last != last_eval_ms.end()) from = std::max(from, last->second + 1);
    std::int64_t k = from <= plan.time_ms ? (plan.time_ms - from) / interval : 0;
    if (static_cast<std::uint64_t>(k) >= plan.max_steps) {
      k = static_cast<std::int64_t>(plan.max_steps) - 1;
      outcome.truncated = true;
    }
    for (; k >= 0; --k) steps.emplace_back(plan.time_ms - k * interval, g);
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const auto& a, const auto& b) { return std::tie(a.first, a.second) < std::tie(b.first, b.second); });
  for (const auto& [t, g] : steps) {
    auto errors = evaluator.evaluate(groups[g], t);
    // Only the errors of the last evaluation at T are reported: earlier ones were of the past.
    if (t == plan.time_ms) outcome.errors.insert(outcome.errors.end(), errors.begin(), errors.end());
    ++outcome.evaluations;
  }
  for (const auto& g : groups) last_eval_ms[group_key(g)] = plan.time_ms;
  return outcome;
}

}  // namespace monctl
