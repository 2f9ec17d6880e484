// Rule files: loading, the model, and every problem named at FILE:LINE:COL.
#include <doctest/doctest.h>

#include <string>

#include "mon/error.hpp"
#include "mon/rules/check.hpp"
#include "mon/rules/rule_file.hpp"
#include "sample_inputs.hpp"

using namespace mon;
using namespace mon::rules;

namespace {

std::string own(const std::string& sub) { return sample_inputs::own("rules/" + sub).string(); }

std::string first_error(const std::string& text, bool ignore = false) {
  RuleFileLoad l = read_rule_text(text, "r.yml", ignore);
  REQUIRE_FALSE(l.errors.empty());
  return l.errors.front().text();
}

}  // namespace

TEST_CASE("rules: a rule file loads into groups and rules") {
  auto groups = load_rule_file(own("rules.yml"));
  REQUIRE(groups.size() == 2);
  const Group& rec = groups[0];
  CHECK(rec.name == "recording");
  CHECK(rec.file == own("rules.yml"));
  REQUIRE(rec.rules.size() == 2);
  CHECK(rec.rules[0].record == "job:requests:rate2m");
  CHECK(rec.rules[0].alert.empty());
  CHECK(rec.rules[0].parsed != nullptr);
  // The group's labels are merged into each rule's.
  REQUIRE(rec.rules[0].labels.size() == 1);
  CHECK(rec.rules[0].labels[0].name == "team");
  CHECK(rec.rules[0].expr_where.line == 9);
  CHECK(rec.rules[0].expr_where.column == 15);

  const Group& al = groups[1];
  REQUIRE(al.rules.size() == 2);
  const Rule& down = al.rules[0];
  CHECK(down.alert == "InstanceDown");
  CHECK(down.for_ms == 120000);
  REQUIRE(down.annotations.size() == 2);
  CHECK(down.annotations[0].first == "summary");  // sorted by name
  CHECK(down.annotations[1].first == "value");
  CHECK(al.rules[1].keep_firing_for_ms == 180000);
}

TEST_CASE("rules: group options") {
  auto l = read_rule_text(
      "groups:\n- name: g\n  interval: 30s\n  query_offset: 1m\n  limit: 7\n  rules:\n  - record: x\n    expr: up\n", "r.yml");
  REQUIRE(l.errors.empty());
  REQUIRE(l.groups.size() == 1);
  CHECK(l.groups[0].interval_ms == 30000);
  CHECK(l.groups[0].query_offset_ms == 60000);
  CHECK(l.groups[0].limit == 7);
  CHECK(read_rule_text("", "e.yml").errors.empty());
}

TEST_CASE("rules: malformed YAML is named at its place") {
  RuleFileLoad l = read_rule_file(own("bad/malformed.yml"));
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].where.file == own("bad/malformed.yml"));
  CHECK(l.errors[0].where.line >= 5);
  CHECK(l.errors[0].message.find("YAML error") == 0);
  CHECK_THROWS_AS(load_rule_file(own("bad/malformed.yml")), ParseError);
}

TEST_CASE("rules: bad PromQL is named inside the expression") {
  RuleFileLoad l = read_rule_file(own("bad/bad_promql.yml"));
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].where.line == 5);
  CHECK(l.errors[0].where.column >= 15);
  CHECK(l.errors[0].message.find("group \"g\", rule 1, \"x\": could not parse expression: ") == 0);
}

TEST_CASE("rules: a bad template is an error of its annotation") {
  RuleFileLoad l = read_rule_file(own("bad/bad_template.yml"));
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].where.line == 7);
  CHECK(l.errors[0].message.find("group \"g\", rule 1, \"A\": annotation \"summary\": ") == 0);
  CHECK(l.errors[0].message.find("template: __alert_A:") != std::string::npos);
}

TEST_CASE("rules: unknown fields, unless ignored") {
  RuleFileLoad l = read_rule_file(own("bad/unknown_field.yml"));
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].text() == own("bad/unknown_field.yml") +
                                  ":3:5: group: field owner not found (expected one of name, interval, query_offset, "
                                  "limit, rules, labels)");
  CHECK(read_rule_file(own("bad/unknown_field.yml"), true).errors.empty());
}

TEST_CASE("rules: duplicate groups and the rulefmt checks") {
  RuleFileLoad l = read_rule_file(own("bad/duplicate_group.yml"));
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].text() == own("bad/duplicate_group.yml") + ":6:5: groupname: \"g\" is repeated in the same file");

  CHECK(first_error("groups:\n- name: g\n  rules:\n  - record: x\n    alert: y\n    expr: up\n") ==
        "r.yml:4:13: group \"g\", rule 1, \"y\": only one of 'record' and 'alert' must be set");
  CHECK(first_error("groups:\n- name: g\n  rules:\n  - expr: up\n") ==
        "r.yml:4:5: group \"g\", rule 1, \"\": one of 'record' or 'alert' must be set");
  CHECK(first_error("groups:\n- name: g\n  rules:\n  - record: x\n") ==
        "r.yml:4:5: group \"g\", rule 1, \"x\": field 'expr' must be set in rule");
  CHECK(first_error("groups:\n- name: g\n  rules:\n  - record: x\n    expr: up\n    for: 5m\n") ==
        "r.yml:4:13: group \"g\", rule 1, \"x\": invalid field 'for' in recording rule");
  CHECK(first_error("groups:\n- name: g\n  rules:\n  - record: x{a}\n    expr: up\n") ==
        "r.yml:4:13: group \"g\", rule 1, \"x{a}\": braces present in the recording rule name; should it be in expr?: x{a}");
  CHECK(first_error("groups:\n- name: g\n  rules:\n  - alert: x\n    expr: up\n    for: 5 minutes\n") ==
        "r.yml:6:10: field for: not a valid duration string: \"5 minutes\"");
  CHECK(first_error("groups:\n- name: g\n  rules:\n  - alert: x\n    expr: up\n    labels:\n      __name__: y\n") ==
        "r.yml:7:7: group \"g\", rule 1, \"x\": invalid label name: __name__");
  CHECK(first_error("groups:\n- rules: []\n") == "r.yml:2:3: Groupname must not be empty");
  CHECK(first_error("groups: 3\n") == "r.yml:1:9: field groups: expected a list of groups, got \"3\"");
  CHECK(first_error("groups:\n- name: g\n  limit: many\n") == "r.yml:3:10: field limit: expected a whole number, got \"many\"");
}

TEST_CASE("rules: hostile input gives errors, not crashes") {
  const char* cases[] = {"{", "groups: [", "- a\n- b\n", "groups:\n- [1, 2]\n", "groups:\n- name: g\n  rules: {a: 1}\n",
                         "groups:\n- name: g\n  rules:\n  - 5\n", "\t\x01\xff", "groups:\n- name: g\n  labels: [a]\n",
                         "groups:\n- name: g\n  rules:\n  - alert: a\n    expr: '((((((('\n"};
  for (const char* c : cases) {
    RuleFileLoad l = read_rule_text(c, "h.yml");
    CHECK_FALSE(l.errors.empty());
  }
}

TEST_CASE("rules: check rules counts rules and finds duplicates") {
  FileCheck ok = check_rule_file(own("rules.yml"));
  CHECK(ok.ok());
  CHECK(ok.rules == 4);
  FileCheck dup = check_rule_file(own("duplicates.yml"));
  CHECK(dup.errors.empty());
  REQUIRE(dup.duplicates.size() == 1);
  CHECK(dup.duplicates_text() ==
        "1 duplicate rule(s) found.\nMetric: job:up:sum\nLabel(s):\nMight cause inconsistency while recording expressions");
  CheckReport rep = check_rule_files({own("rules.yml"), own("bad/bad_promql.yml")});
  CHECK(rep.exit_code == 1);
  CHECK(rep.output.find("Checking " + own("rules.yml") + "\n  SUCCESS: 4 rules found\n") == 0);
  CHECK(rep.errors.find("  FAILED:\n" + own("bad/bad_promql.yml") + ":5:") == 0);
  CHECK(check_rule_files({own("duplicates.yml")}).exit_code == 0);
  CHECK(check_rule_files({own("duplicates.yml")}, false, true, true).exit_code == 3);
}
