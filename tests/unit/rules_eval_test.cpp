// The alert state machine and group evaluation over a storage.
#include <doctest/doctest.h>

#include <string>

#include "mon/promql/storage.hpp"
#include "mon/rules/evaluator.hpp"
#include "mon/rules/rule_file.hpp"

using namespace mon;
using namespace mon::rules;

namespace {

constexpr std::int64_t kMin = 60000;

Group group_of(const std::string& yaml) {
  RuleFileLoad l = read_rule_text(yaml, "t.yml");
  REQUIRE(l.errors.empty());
  REQUIRE(l.groups.size() == 1);
  return l.groups[0];
}

model::Labels up_labels(const std::string& instance) {
  return {{"__name__", "up"}, {"instance", instance}, {"job", "j"}};
}

std::string label(const model::Labels& ls, const std::string& name) {
  for (const auto& l : ls)
    if (l.name == name) return l.value;
  return "";
}

}  // namespace

TEST_CASE("rules: pending, firing after for, resolved and kept 15 minutes") {
  promql::Storage st;
  Group g = group_of(
      "groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n    for: 2m\n"
      "    labels: {severity: page}\n    annotations: {summary: 'down'}\n");
  RuleEvaluator ev(st);
  auto at = [&](std::int64_t m, double v) { st.add(up_labels("a"), m * kMin, v); };
  at(0, 0);
  REQUIRE(ev.evaluate(g, 0).empty());
  auto a = ev.alerts();
  REQUIRE(a.size() == 1);
  CHECK(a[0].state == ActiveAlert::State::pending);
  CHECK(label(a[0].labels, "alertname") == "Down");
  CHECK(label(a[0].labels, "severity") == "page");
  CHECK(label(a[0].labels, "__name__").empty());
  CHECK(ev.to_send(0, kMin).empty());  // pending alerts are not sent
  at(1, 0);
  ev.evaluate(g, 1 * kMin);
  CHECK(ev.alerts()[0].state == ActiveAlert::State::pending);
  at(2, 0);
  ev.evaluate(g, 2 * kMin);
  a = ev.alerts();
  CHECK(a[0].state == ActiveAlert::State::firing);
  CHECK(a[0].fired_at_ms == 2 * kMin);
  CHECK(a[0].active_at_ms == 0);
  auto sent = ev.to_send(2 * kMin, kMin);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].ends_at_ms == 2 * kMin + 4 * kMin);
  // The ALERTS series was written.
  promql::Matcher m{"__name__", promql::MatchOp::equal, "ALERTS", nullptr};
  auto series = st.select(std::span<const promql::Matcher>(&m, 1));
  REQUIRE(series.size() == 2);  // pending (now stale) and firing
  at(3, 1);
  ev.evaluate(g, 3 * kMin);
  a = ev.alerts();
  REQUIRE(a.size() == 1);
  CHECK(a[0].state == ActiveAlert::State::inactive);
  CHECK(a[0].resolved_at_ms == 3 * kMin);
  sent = ev.to_send(3 * kMin, kMin);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].ends_at_ms == 3 * kMin);
  for (std::int64_t m2 = 4; m2 <= 18; ++m2) {
    at(m2, 1);
    ev.evaluate(g, m2 * kMin);
  }
  CHECK(ev.alerts().size() == 1);  // 15 minutes after resolving: still held
  at(19, 1);
  ev.evaluate(g, 19 * kMin);
  CHECK(ev.alerts().empty());
}

TEST_CASE("rules: a pending alert that goes away is dropped; keep_firing_for holds a firing one") {
  promql::Storage st;
  Group g = group_of(
      "groups:\n- name: g\n  rules:\n  - alert: P\n    expr: up == 0\n    for: 5m\n"
      "  - alert: K\n    expr: up == 0\n    keep_firing_for: 2m\n");
  RuleEvaluator ev(st);
  st.add(up_labels("a"), 0, 0);
  ev.evaluate(g, 0);
  REQUIRE(ev.alerts_of(g, 0).size() == 1);
  REQUIRE(ev.alerts_of(g, 1).size() == 1);
  CHECK(ev.alerts_of(g, 1)[0].state == ActiveAlert::State::firing);
  st.add(up_labels("a"), kMin, 1);
  ev.evaluate(g, kMin);
  CHECK(ev.alerts_of(g, 0).empty());
  REQUIRE(ev.alerts_of(g, 1).size() == 1);
  CHECK(ev.alerts_of(g, 1)[0].state == ActiveAlert::State::firing);
  CHECK(ev.alerts_of(g, 1)[0].keep_firing_since_ms == kMin);
  st.add(up_labels("a"), 2 * kMin, 1);
  ev.evaluate(g, 2 * kMin);
  CHECK(ev.alerts_of(g, 1)[0].state == ActiveAlert::State::firing);
  st.add(up_labels("a"), 3 * kMin, 1);
  ev.evaluate(g, 3 * kMin);
  CHECK(ev.alerts_of(g, 1)[0].state == ActiveAlert::State::inactive);
}

TEST_CASE("rules: recording rules chain within a group and across evaluations") {
  promql::Storage st;
  Group g = group_of(
      "groups:\n- name: g\n  rules:\n  - record: a:x\n    expr: up * 10\n    labels: {k: v}\n"
      "  - record: b:x\n    expr: a:x + 1\n");
  RuleEvaluator ev(st);
  st.add(up_labels("a"), 0, 1);
  REQUIRE(ev.evaluate(g, 0).empty());
  promql::Matcher m{"__name__", promql::MatchOp::equal, "b:x", nullptr};
  auto s = st.select(std::span<const promql::Matcher>(&m, 1));
  REQUIRE(s.size() == 1);
  REQUIRE(s[0]->points.size() == 1);
  CHECK(s[0]->points[0].v == 11);
  CHECK(label(s[0]->labels, "k") == "v");
}

TEST_CASE("rules: errors of rules: duplicate label sets and limits") {
  promql::Storage st;
  st.add(up_labels("a"), 0, 0);
  st.add(up_labels("b"), 0, 0);
  Group dup = group_of("groups:\n- name: g\n  rules:\n  - alert: D\n    expr: up == 0\n    labels: {instance: same}\n"
                       "  - record: r\n    expr: up\n    labels: {instance: same}\n");
  RuleEvaluator ev(st);
  auto errs = ev.evaluate(dup, 0);
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].message == "vector contains metrics with the same labelset after applying alert labels");
  CHECK(errs[1].message == "vector contains metrics with the same labelset after applying rule labels");
  Group lim = group_of("groups:\n- name: l\n  limit: 1\n  rules:\n  - alert: L\n    expr: up == 0\n");
  errs = ev.evaluate(lim, 0);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].message == "exceeded limit of 1 with 2 alerts");
  CHECK(ev.alerts_of(lim, 0).empty());
}

TEST_CASE("rules: templates see $labels, $value and external labels") {
  promql::Storage st;
  st.add(up_labels("a"), 0, 0);
  Group g = group_of(
      "groups:\n- name: g\n  rules:\n  - alert: T\n    expr: up == 0\n"
      "    labels: {where: '{{ $labels.instance }}-{{ $externalLabels.dc }}'}\n"
      "    annotations: {v: 'value {{ $value }} at {{ .ExternalURL }}', w: 'from {{ $labels.where }}'}\n");
  EvaluatorOptions o;
  o.external_labels = {{"dc", "east"}};
  o.external_url = "http://x";
  RuleEvaluator ev(st, o);
  REQUIRE(ev.evaluate(g, 0).empty());
  auto a = ev.alerts();
  REQUIRE(a.size() == 1);
  CHECK(label(a[0].labels, "where") == "a-east");
  CHECK(label(a[0].annotations, "v") == "value 0 at http://x");
  CHECK(label(a[0].annotations, "w") == "from ");  // missingkey=zero: the sample's labels, not the rule's
}

TEST_CASE("rules: the state carries pending and firing across runs") {
  promql::Storage st;
  Group g = group_of("groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n    for: 2m\n");
  std::string saved;
  {
    RuleEvaluator ev(st);
    st.add(up_labels("a"), 0, 0);
    ev.evaluate(g, 0);
    saved = ev.save_state();
  }
  promql::Storage st2;
  st2.add(up_labels("a"), 3 * kMin, 0);
  RuleEvaluator ev2(st2);
  ev2.load_state(saved);
  REQUIRE(ev2.alerts().size() == 1);
  CHECK(ev2.alerts()[0].state == ActiveAlert::State::pending);
  ev2.evaluate(g, 3 * kMin);
  auto a = ev2.alerts();
  REQUIRE(a.size() == 1);
  CHECK(a[0].state == ActiveAlert::State::firing);
  CHECK(a[0].active_at_ms == 0);
  CHECK_THROWS_AS(ev2.load_state("{"), Error);
  CHECK_THROWS_AS(ev2.load_state("{\"version\":2,\"alerts\":[]}"), Error);
  CHECK_THROWS_AS(ev2.load_state("{\"version\":1,\"alerts\":[{\"rule_key\":1}]}"), Error);
}
