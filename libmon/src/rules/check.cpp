// promtool check rules (cmd/promtool/main.go: checkRules, checkRuleGroups, checkDuplicates).
#include "mon/rules/check.hpp"

#include <algorithm>

namespace mon::rules {

namespace {

int compare(const DuplicateRule& a, const DuplicateRule& b) {
  if (a.metric != b.metric) return a.metric < b.metric ? -1 : 1;
  std::size_t n = std::min(a.labels.size(), b.labels.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a.labels[i].name != b.labels[i].name) return a.labels[i].name < b.labels[i].name ? -1 : 1;
    if (a.labels[i].value != b.labels[i].value) return a.labels[i].value < b.labels[i].value ? -1 : 1;
  }
  return a.labels.size() < b.labels.size() ? -1 : a.labels.size() > b.labels.size() ? 1 : 0;
}

}  // namespace

std::string FileCheck::duplicates_text() const {
  if (duplicates.empty()) return "";
  std::string s = std::to_string(duplicates.size()) + " duplicate rule(s) found.\n";
  for (const auto& d : duplicates) {
    s += "Metric: " + d.metric + "\nLabel(s):\n";
    for (const auto& l : d.labels) s += "\t" + l.name + ": " + l.value + "\n";
  }
  return s + "Might cause inconsistency while recording expressions";
}

FileCheck check_rule_file(const std::string& path, bool ignore_unknown_fields) {
  FileCheck fc;
  fc.file = path;
  RuleFileLoad l = read_rule_file(path, ignore_unknown_fields);
  fc.errors = std::move(l.errors);
  if (!fc.errors.empty()) return fc;
  std::vector<DuplicateRule> all;
  for (const auto& g : l.groups)
    for (const auto& r : g.rules) {
      ++fc.rules;
      model::Labels ls;
      for (const auto& x : r.labels)
        if (!x.value.empty()) ls.push_back(x);
      all.push_back({r.name(), std::move(ls)});
    }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return compare(a, b) < 0; });
  for (std::size_t i = 1; i < all.size(); ++i)
    if (compare(all[i - 1], all[i]) == 0 && (fc.duplicates.empty() || compare(all[i - 1], fc.duplicates.back()) != 0))
      fc.duplicates.push_back(all[i]);
  return fc;
}

CheckReport check_rule_files(const std::vector<std::string>& paths, bool ignore_unknown_fields, bool lint_duplicates,
                             bool lint_fatal) {
  CheckReport rep;
  bool failed = false, has_errors = false;
  for (const auto& p : paths) {
    FileCheck fc = check_rule_file(p, ignore_unknown_fields);
    if (!lint_duplicates) fc.duplicates.clear();
    rep.output += "Checking " + p + "\n";
    if (!fc.errors.empty()) {
      failed = has_errors = true;
      rep.errors += "  FAILED:\n";
      for (const auto& e : fc.errors) rep.errors += e.text() + "\n";
    } else {
      if (!fc.duplicates.empty()) {
        failed = true;
        rep.errors += "  FAILED:\nlint error " + fc.duplicates_text() + "\n";
      } else {
        rep.output += "  SUCCESS: " + std::to_string(fc.rules) + " rules found\n";
      }
      rep.output += "\n";
    }
    rep.files.push_back(std::move(fc));
  }
  rep.exit_code = failed && has_errors ? 1 : failed && lint_fatal ? 3 : 0;
  return rep;
}

}  // namespace mon::rules
