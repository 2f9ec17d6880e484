// monctl alert check: promtool check rules' verdicts on rule files (syntax, PromQL, names,
// templates, duplicate rules), with its output and exit statuses.
#include <cstdio>
#include <string>
#include <vector>

#include "alert_commands.hpp"
#include "mon/rules/check.hpp"

namespace monctl {

namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string lint = "duplicate-rules";
  bool lint_fatal = false;
  bool ignore_unknown_fields = false;
};

int run_check(const CheckOptions& o) {
  mon::rules::CheckReport report = mon::rules::check_rule_files(o.files, o.ignore_unknown_fields,
                                                                o.lint == "duplicate-rules", o.lint_fatal);
  std::fwrite(report.output.data(), 1, report.output.size(), stdout);
  std::fflush(stdout);
  std::fwrite(report.errors.data(), 1, report.errors.size(), stderr);
  return report.exit_code;
}

}  // namespace

Run setup_alert_check(CLI::App& sub) {
  auto o = std::make_shared<CheckOptions>();
  sub.description(
      "Check rule files as promtool check rules does: YAML and the rule format, PromQL, metric and label names, "
      "label and annotation templates, and duplicate rules. Exit 0 when every file is fine, 1 when one has errors, "
      "3 for lint findings with --lint-fatal.");
  sub.add_option("files", o->files, "rule files")->required();
  sub.add_option("--lint", o->lint, "lint: duplicate-rules or none")
      ->check(CLI::IsMember({"duplicate-rules", "none"}))
      ->default_str("duplicate-rules");
  sub.add_flag("--lint-fatal", o->lint_fatal, "lint findings are failures (exit 3)");
  sub.add_flag("--ignore-unknown-fields", o->ignore_unknown_fields, "ignore fields that are not part of the rule format");
  return [o] { return run_check(*o); };
}

}  // namespace monctl
