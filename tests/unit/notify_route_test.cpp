// Alertmanager's routing, grouping and inhibition (mon/notify/route.hpp): the routes an alert
// takes, its group labels and group key, and whether a firing alert inhibits it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "mon/notify/config.hpp"
#include "mon/notify/route.hpp"

using namespace mon::notify;
using mon::model::Labels;

namespace {

const char* kTree = R"(route:
  receiver: root
  group_by: [alertname]
  routes:
    - matchers: ['team="a"']
      receiver: a
      continue: true
    - matchers: ['team=~"a|b"']
      receiver: ab
      routes:
        - matchers: ['severity="page"']
          receiver: ab-page
        - matchers: ['severity="page"', 'team="b"']
          receiver: never
    - matchers: ['team="a"']
      receiver: a2
    - matchers: ['team="c"']
      receiver: c
      continue: true
receivers:
  - name: root
  - name: a
  - name: ab
  - name: ab-page
  - name: never
  - name: a2
  - name: c
)";

std::vector<std::string> receivers_of(const Config& cfg, const Labels& labels) {
  std::vector<std::string> out;
  for (const Route* r : match_routes(cfg.route, labels)) out.push_back(r->receiver);
  return out;
}

Alert alert(Labels labels, std::int64_t starts = 1000, std::int64_t ends = 0) {
  Alert a;
  a.labels = std::move(labels);
  a.starts_at_ms = starts;
  a.ends_at_ms = ends;
  return a;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("notify_route: match_routes with continue, nested routes and the fallback to the parent") {
  Config cfg = parse_config(kTree, "am.yml");
  // `a` continues; `ab` matches and does not, so `a2` is never reached.
  CHECK(receivers_of(cfg, {{"alertname", "X"}, {"team", "a"}}) == V{"a", "ab"});
  // Nested: the first matching child of `ab` ends the search there.
  CHECK(receivers_of(cfg, {{"alertname", "X"}, {"severity", "page"}, {"team", "a"}}) == V{"a", "ab-page"});
  CHECK(receivers_of(cfg, {{"severity", "page"}, {"team", "b"}}) == V{"ab-page"});
  // No child of `ab` matches: `ab` itself is the match.
  CHECK(receivers_of(cfg, {{"severity", "info"}, {"team", "b"}}) == V{"ab"});
  // A last route with continue: true that matches is still a match.
  CHECK(receivers_of(cfg, {{"team", "c"}}) == V{"c"});
  // Nothing matches: the root.
  CHECK(receivers_of(cfg, {{"team", "d"}}) == V{"root"});
  CHECK(receivers_of(cfg, {}) == V{"root"});
  // The routes returned are the tree's own, with their keys.
  auto routes = match_routes(cfg.route, {{"severity", "page"}, {"team", "a"}});
  REQUIRE(routes.size() == 2);
  CHECK(routes[1]->key == R"({}/{team=~"a|b"}/{severity="page"})");
  CHECK(routes[1] == &cfg.route.routes[1].routes[0]);

  // A root whose matchers fail matches nothing (never the case for a valid configuration).
  Route root;
  root.receiver = "r";
  root.matchers = parse_matchers(R"(x="y")");
  CHECK(match_routes(root, {{"x", "z"}}).empty());
  CHECK(match_routes(root, {{"x", "y"}}).size() == 1);
}

TEST_CASE("notify_route: group_labels keep the labels named by group_by, all of them with '...'") {
  Route r;
  r.group_by = {"alertname", "job"};
  Labels l = {{"alertname", "X"}, {"instance", "i"}, {"job", "y"}};
  CHECK(group_labels(r, l) == Labels{{"alertname", "X"}, {"job", "y"}});
  CHECK(group_labels(r, {{"alertname", "X"}}) == Labels{{"alertname", "X"}});  // a missing label is left out
  r.group_by_all = true;
  r.group_by.clear();
  CHECK(group_labels(r, l) == l);
  Route none;
  CHECK(group_labels(none, l).empty());
}

TEST_CASE("notify_route: group_key is the route's key, ':' and the group labels") {
  Config cfg = parse_config(R"(route:
  receiver: r
  group_by: [alertname, job]
  routes:
    - matchers: ['a="b"']
receivers:
  - name: r
)",
                            "am.yml");
  const Route& child = cfg.route.routes.at(0);
  Labels l = {{"a", "b"}, {"alertname", "X"}, {"instance", "i"}, {"job", "y"}};
  CHECK(group_key(child, group_labels(child, l)) == R"({}/{a="b"}:{alertname="X", job="y"})");
  CHECK(group_key(cfg.route, {}) == "{}:{}");
  CHECK(group_key(cfg.route, group_labels(cfg.route, l)) == R"({}:{alertname="X", job="y"})");
}

TEST_CASE("notify_route: label_set_text quotes as Go's %q and sorts as Prometheus' LabelSet.String()") {
  CHECK(label_set_text({}) == "{}");
  CHECK(label_set_text({{"a", "1"}, {"b", "2"}}) == R"({a="1", b="2"})");
  CHECK(label_set_text({{"a", "x\"y\\z\n\t"}}) == R"({a="x\"y\\z\n\t"})");
  CHECK(label_set_text({{"a", std::string("\x01\x7f", 2)}}) == R"({a="\x01\x7f"})");
  CHECK(label_set_text({{"a", "caf\xc3\xa9"}}) == "{a=\"caf\xc3\xa9\"}");
  // The "name=value" strings are sorted: "a0=..." comes before "a=..." ('0' < '=').
  CHECK(label_set_text({{"a", "x"}, {"a0", "y"}}) == R"({a0="y", a="x"})");
}

TEST_CASE("notify_route: inhibited by a firing source with equal labels") {
  InhibitRule rule;
  rule.source = parse_matchers(R"(severity="critical")");
  rule.target = parse_matchers(R"(severity="warning")");
  rule.equal = {"cluster"};
  std::vector<InhibitRule> rules{rule};
  Alert src = alert({{"alertname", "Down"}, {"cluster", "c1"}, {"severity", "critical"}});
  Alert same = alert({{"alertname", "Slow"}, {"cluster", "c1"}, {"severity", "warning"}});
  Alert other = alert({{"alertname", "Slow"}, {"cluster", "c2"}, {"severity", "warning"}});
  Alert info = alert({{"alertname", "Slow"}, {"cluster", "c1"}, {"severity", "info"}});
  std::vector<Alert> all{src, same, other, info};
  const std::int64_t now = 5000;
  CHECK(inhibited(rules, same, all, now));
  CHECK_FALSE(inhibited(rules, other, all, now));  // cluster differs
  CHECK_FALSE(inhibited(rules, info, all, now));   // not a target
  CHECK_FALSE(inhibited(rules, src, all, now));    // the source itself is no target
  CHECK_FALSE(inhibited({}, same, all, now));
  // Both without the equal label: "" == "".
  Alert src_nc = alert({{"alertname", "Down"}, {"severity", "critical"}});
  Alert tgt_nc = alert({{"alertname", "Slow"}, {"severity", "warning"}});
  CHECK(inhibited(rules, tgt_nc, {src_nc, tgt_nc}, now));
  CHECK_FALSE(inhibited(rules, tgt_nc, {src, tgt_nc}, now));  // c1 vs ""
  // A resolved source inhibits nothing; one that ends later still does.
  Alert resolved_src = alert(src.labels, 1000, 4000);
  CHECK_FALSE(inhibited(rules, same, {resolved_src, same}, now));
  CHECK_FALSE(inhibited(rules, same, {alert(src.labels, 1000, now), same}, now));
  CHECK(inhibited(rules, same, {alert(src.labels, 1000, now + 1), same}, now));
  // No equal labels: any firing source.
  InhibitRule any = rule;
  any.equal.clear();
  CHECK(inhibited({any}, other, all, now));
}

TEST_CASE("notify_route: the two-sided rule: an alert never inhibits itself nor its peers") {
  InhibitRule both;
  both.source = parse_matchers(R"(team="x")");
  both.target = parse_matchers(R"(team="x")");
  Alert a = alert({{"alertname", "A"}, {"team", "x"}});
  Alert b = alert({{"alertname", "B"}, {"team", "x"}});
  CHECK_FALSE(inhibited({both}, a, {a}, 10));
  CHECK_FALSE(inhibited({both}, a, {a, b}, 10));
  CHECK_FALSE(inhibited({both}, b, {a, b}, 10));

  // Source critical, target team x: a critical alert of team x (source and target) inhibits a
  // warning of team x, but is not inhibited by itself.
  InhibitRule rule;
  rule.source = parse_matchers(R"(severity="critical")");
  rule.target = parse_matchers(R"(team="x")");
  Alert crit = alert({{"alertname", "C"}, {"severity", "critical"}, {"team", "x"}});
  Alert warn = alert({{"alertname", "W"}, {"severity", "warning"}, {"team", "x"}});
  CHECK(inhibited({rule}, warn, {crit, warn}, 10));
  CHECK_FALSE(inhibited({rule}, crit, {crit, warn}, 10));
  // A critical source outside team x inhibits the team-x critical alert (it is no target).
  Alert crit_y = alert({{"alertname", "C"}, {"severity", "critical"}, {"team", "y"}});
  CHECK(inhibited({rule}, crit, {crit, crit_y}, 10));
}
