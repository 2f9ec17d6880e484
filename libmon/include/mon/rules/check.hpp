#pragma once
// promtool check rules, as data: per file its errors, the duplicate-rule lint (rules with the same
// name and the same labels, group labels included) and the count of rules. A caller prints
//   Checking FILE
//     SUCCESS: N rules found            (stdout)
// or
//     FAILED:                           (stderr) then each error / the lint text
// and exits 1 when any file has errors (a duplicate alone is a lint finding: promtool exits 0
// unless --lint-fatal, then 3).
#include <cstddef>
#include <string>
#include <vector>

#include "mon/model/metric.hpp"
#include "mon/rules/rule_file.hpp"

namespace mon::rules {

struct DuplicateRule {
  std::string metric;    // the rule's name
  model::Labels labels;  // group and rule labels
};

struct FileCheck {
  std::string file;
  std::vector<RuleFileError> errors;       // syntax, PromQL, names, templates
  std::vector<DuplicateRule> duplicates;   // the lint
  std::size_t rules = 0;                   // rules found (when there are no errors)
  bool ok() const { return errors.empty() && duplicates.empty(); }
  // promtool's text for the duplicates: "2 duplicate rule(s) found.\nMetric: x\nLabel(s):\n\tk: v\n..."
  // ending with "Might cause inconsistency while recording expressions"; "" when none.
  std::string duplicates_text() const;
};

FileCheck check_rule_file(const std::string& path, bool ignore_unknown_fields = false);

struct CheckReport {
  std::vector<FileCheck> files;
  int exit_code = 0;  // promtool's: 1 errors, 3 lint findings with lint_fatal, 0 otherwise
  std::string output;  // promtool's standard output
  std::string errors;  // and its standard error
};
CheckReport check_rule_files(const std::vector<std::string>& paths, bool ignore_unknown_fields = false,
                             bool lint_duplicates = true, bool lint_fatal = false);

}  // namespace mon::rules
