#pragma once
// Prometheus 3's rule files: groups of recording and alerting rules, loaded and checked as
// Prometheus loads them (model/rulefmt), every problem named at its FILE:LINE:COL.
//
//   groups:
//     - name: G            # unique in the file, not empty
//       interval: 1m       # optional; 0 = the evaluator's default
//       query_offset: 30s  # optional
//       limit: 10          # optional; 0 = no limit
//       labels: {k: v}     # optional; added to every rule (a rule's own labels win)
//       rules:
//         - record: NAME | alert: NAME
//           expr: PROMQL
//           for: 5m, keep_firing_for: 5m, annotations: {...}   # alerting rules only
//           labels: {k: v}
//
// Names follow Prometheus 3's UTF-8 validation (any valid UTF-8, not empty; `__name__` is no rule
// label; a recording rule's name has no braces). Label and annotation templates are parsed as
// Prometheus parses them (with $labels, $value, $externalLabels, $externalURL defined).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mon/error.hpp"
#include "mon/model/metric.hpp"
#include "mon/promql/ast.hpp"

namespace mon::rules {

struct Rule {
  std::string record;  // exactly one of record and alert is set
  std::string alert;
  std::string expr;                            // as written
  std::shared_ptr<const promql::Expr> parsed;  // parsed once, at load
  std::int64_t for_ms = 0;
  std::int64_t keep_firing_for_ms = 0;
  model::Labels labels;  // sorted; the group's labels merged in (the rule's win)
  std::vector<std::pair<std::string, std::string>> annotations;  // sorted by name
  Location where;       // of the rule (its first key)
  Location expr_where;  // of the expression's first character

  bool alerting() const { return !alert.empty(); }
  const std::string& name() const { return alerting() ? alert : record; }
};

struct Group {
  std::string name;
  std::string file;
  std::int64_t interval_ms = 0;  // 0 = the default
  std::int64_t query_offset_ms = 0;
  std::uint64_t limit = 0;  // 0 = none
  model::Labels labels;     // the group's own labels (already merged into each rule's)
  std::vector<Rule> rules;
  Location where;
};

// One problem found in a rule file, worded as promtool words it:
//   where = FILE:LINE:COL, message = `group "g", rule 1, "x": could not parse expression: ...`
struct RuleFileError {
  Location where;
  std::string message;
  std::string text() const;  // "FILE:LINE:COL: message"
};

struct RuleFileLoad {
  std::vector<Group> groups;          // complete only when errors is empty
  std::vector<RuleFileError> errors;  // every problem found, in file order
};

// Reads and checks one file, collecting every problem (what `check rules` reports). Never throws
// on bad content; an unreadable file is one error.
RuleFileLoad read_rule_file(const std::string& path, bool ignore_unknown_fields = false);
// The same over text already in memory; `name` is used in locations.
RuleFileLoad read_rule_text(const std::string& text, const std::string& name, bool ignore_unknown_fields = false);

// Loads one file; throws mon::ParseError (the first problem) when anything is wrong.
std::vector<Group> load_rule_file(const std::string& path, bool ignore_unknown_fields = false);

}  // namespace mon::rules
