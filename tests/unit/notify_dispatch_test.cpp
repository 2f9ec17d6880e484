// Which notifications a run plans (mon/notify/dispatch.hpp), over a simulated timeline of runs
// sharing one AlertState as the --state file carries it: group_wait, group_interval,
// repeat_interval, new and resolved alerts, send_resolved, silences and inhibition.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "mon/notify/config.hpp"
#include "mon/notify/dispatch.hpp"

using namespace mon::notify;
using mon::model::Labels;

namespace {

constexpr std::int64_t T0 = 1'700'000'000'000;
constexpr std::int64_t S = 1000, M = 60 * S, H = 60 * M;

// `team` does not send resolved notifications; `loud` does (a webhook's default).
std::string config_text(const std::string& receiver, const std::string& extra = "") {
  return R"(route:
  receiver: )" +
         receiver + R"(
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 1h
receivers:
  - name: team
    webhook_configs:
      - url: http://127.0.0.1:9/hook
        send_resolved: false
  - name: loud
    webhook_configs:
      - url: http://127.0.0.1:9/hook
)" + extra;
}

Alert alert(const std::string& instance, std::int64_t starts, std::int64_t ends = 0, const std::string& name = "X") {
  Alert a;
  a.labels = {{"alertname", name}, {"instance", instance}};
  a.starts_at_ms = starts;
  a.ends_at_ms = ends;
  return a;
}

std::vector<std::string> instances(const Notification& n) {
  std::vector<std::string> out;
  for (const auto& a : n.alerts) out.push_back(a.labels.at(1).value + (a.ends_at_ms && a.ends_at_ms <= n.now_ms ? "-" : "+"));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("notify_dispatch: group_wait, group_interval and repeat_interval over a timeline of runs") {
  Config cfg = parse_config(config_text("team"), "am.yml");
  AlertState st;
  std::vector<Alert> alerts{alert("1", T0)};

  // Before group_wait: the group waits.
  DispatchPlan p = plan_notifications(cfg, alerts, st, T0 + 10 * S, "http://mon.example");
  CHECK(p.send.empty());
  CHECK(p.waiting == 1);
  REQUIRE(st.groups.size() == 1);
  CHECK(st.groups.begin()->second.first_seen_ms == T0);
  CHECK(st.groups.begin()->second.notified_ms == 0);

  // group_wait after the alert started: notified.
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S, "http://mon.example");
  REQUIRE(p.send.size() == 1);
  const PlannedNotification& first = p.send[0];
  REQUIRE(first.receiver != nullptr);
  CHECK(first.receiver->name == "team");
  CHECK(first.notification.receiver == "team");
  CHECK(first.notification.group_key == R"({}:{alertname="X"})");
  CHECK(first.notification.group_labels == Labels{{"alertname", "X"}});
  CHECK(first.notification.external_url == "http://mon.example");
  CHECK(first.notification.now_ms == T0 + 30 * S);
  CHECK(instances(first.notification) == V{"1+"});
  CHECK(first.firing == V{alerts[0].fingerprint()});
  CHECK(first.resolved.empty());
  CHECK(p.waiting == 0);
  const std::string log_key = "team\x1f{}:{alertname=\"X\"}";
  REQUIRE(st.groups.count(log_key) == 1);
  CHECK(st.groups[log_key].notified_ms == T0 + 30 * S);
  CHECK(st.groups[log_key].receiver == "team");
  CHECK(st.groups[log_key].firing == V{alerts[0].fingerprint()});

  // Nothing new: nothing sent, nothing waiting.
  p = plan_notifications(cfg, alerts, st, T0 + 60 * S, "");
  CHECK(p.send.empty());
  CHECK(p.waiting == 0);

  // A new firing alert: waits for group_interval after the last notification.
  alerts.push_back(alert("2", T0 + 2 * M));
  p = plan_notifications(cfg, alerts, st, T0 + 2 * M + S, "");
  CHECK(p.send.empty());
  CHECK(p.waiting == 1);
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S + 5 * M - 1, "");
  CHECK(p.send.empty());
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S + 5 * M, "");
  REQUIRE(p.send.size() == 1);
  CHECK(instances(p.send[0].notification) == V{"1+", "2+"});
  const std::int64_t told = T0 + 30 * S + 5 * M;

  // Unchanged: again only after repeat_interval.
  p = plan_notifications(cfg, alerts, st, told + 30 * M, "");
  CHECK(p.send.empty());
  CHECK(p.waiting == 0);
  p = plan_notifications(cfg, alerts, st, told + H + 1, "");
  REQUIRE(p.send.size() == 1);
  CHECK(instances(p.send[0].notification) == V{"1+", "2+"});
}

TEST_CASE("notify_dispatch: group_wait counts from the earliest startsAt, even one long past") {
  Config cfg = parse_config(config_text("team"), "am.yml");
  AlertState st;
  // Met in the history already past group_wait: notified on the first run.
  DispatchPlan p = plan_notifications(cfg, {alert("1", T0 - H)}, st, T0, "");
  REQUIRE(p.send.size() == 1);

  AlertState st2;
  std::vector<Alert> alerts{alert("2", T0 + 20 * S), alert("1", T0)};
  p = plan_notifications(cfg, alerts, st2, T0 + 25 * S, "");
  CHECK(p.send.empty());
  CHECK(st2.groups.begin()->second.first_seen_ms == T0);
  p = plan_notifications(cfg, alerts, st2, T0 + 30 * S, "");
  REQUIRE(p.send.size() == 1);
  CHECK(instances(p.send[0].notification) == V{"1+", "2+"});  // sorted by labels
}

TEST_CASE("notify_dispatch: resolved alerts without send_resolved; the group is forgotten once all are told") {
  Config cfg = parse_config(config_text("team"), "am.yml");
  AlertState st;
  std::vector<Alert> alerts{alert("1", T0), alert("2", T0)};
  REQUIRE(plan_notifications(cfg, alerts, st, T0 + 30 * S, "").send.size() == 1);

  // One resolves: no news for a receiver without send_resolved.
  alerts[0].ends_at_ms = T0 + M;
  DispatchPlan p = plan_notifications(cfg, alerts, st, T0 + 2 * M, "");
  CHECK(p.send.empty());
  CHECK(p.waiting == 0);  // not news: nothing waits for group_interval

  // All resolved: told (Alertmanager clears the log so), once group_interval has passed.
  alerts[1].ends_at_ms = T0 + 3 * M;
  p = plan_notifications(cfg, alerts, st, T0 + 3 * M + S, "");
  CHECK(p.send.empty());
  CHECK(p.waiting == 1);
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S + 5 * M, "");
  REQUIRE(p.send.size() == 1);
  CHECK(p.send[0].firing.empty());
  CHECK(p.send[0].resolved.size() == 2);
  CHECK(instances(p.send[0].notification) == V{"1-", "2-"});
  CHECK(st.groups.empty());  // forgotten

  // The resolved alerts met again: nothing more.
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S + 20 * M, "");
  CHECK(p.send.empty());
  CHECK(p.waiting == 0);
  CHECK(st.groups.empty());

  // Resolved alerts never told as firing are not told at all.
  AlertState fresh;
  p = plan_notifications(cfg, alerts, fresh, T0 + H, "");
  CHECK(p.send.empty());
  CHECK(fresh.groups.empty());
}

TEST_CASE("notify_dispatch: resolved alerts with send_resolved") {
  Config cfg = parse_config(config_text("loud"), "am.yml");
  AlertState st;
  std::vector<Alert> alerts{alert("1", T0), alert("2", T0)};
  REQUIRE(plan_notifications(cfg, alerts, st, T0 + 30 * S, "").send.size() == 1);

  alerts[0].ends_at_ms = T0 + M;
  DispatchPlan p = plan_notifications(cfg, alerts, st, T0 + 2 * M, "");
  CHECK(p.send.empty());
  CHECK(p.waiting == 1);
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S + 5 * M, "");
  REQUIRE(p.send.size() == 1);
  CHECK(p.send[0].receiver->name == "loud");
  CHECK(instances(p.send[0].notification) == V{"2+", "1-"});  // firing first, then resolved
  CHECK(p.send[0].firing == V{alerts[1].fingerprint()});
  CHECK(p.send[0].resolved == V{alerts[0].fingerprint()});

  // Told already: nothing new.
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S + 11 * M, "");
  CHECK(p.send.empty());

  alerts[1].ends_at_ms = T0 + 12 * M;
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S + 16 * M, "");
  REQUIRE(p.send.size() == 1);
  CHECK(instances(p.send[0].notification) == V{"1-", "2-"});
  CHECK(st.groups.empty());
}

TEST_CASE("notify_dispatch: silenced and inhibited alerts are left out and counted") {
  Config cfg = parse_config(config_text("team", R"(inhibit_rules:
  - source_matchers: ['alertname="Down"']
    target_matchers: ['alertname="X"']
    equal: [instance]
)"),
                            "am.yml");
  AlertState st;
  Silence s;
  s.id = "0b5c7fa1-8d31-4c4e-9a3e-2d3f7c1a9b00";
  s.matchers = parse_matchers(R"(instance="1")");
  s.starts_at_ms = T0 - H;
  s.ends_at_ms = T0 + H;
  Silence expired = s;
  expired.id = "0b5c7fa1-8d31-4c4e-9a3e-2d3f7c1a9b01";
  expired.matchers = parse_matchers(R"(instance="2")");
  expired.ends_at_ms = T0 - M;
  st.silences = {s, expired};

  std::vector<Alert> alerts{alert("1", T0 - H), alert("2", T0 - H), alert("3", T0 - H), alert("3", T0 - H, 0, "Down")};
  DispatchPlan p = plan_notifications(cfg, alerts, st, T0, "");
  CHECK(p.silenced == 1);
  CHECK(p.inhibited == 1);  // X on instance 3, by Down on instance 3
  REQUIRE(p.send.size() == 2);
  std::set<std::string> keys;
  for (const auto& n : p.send) keys.insert(n.notification.group_key + " " + instances(n.notification).at(0));
  CHECK(keys == std::set<std::string>{R"({}:{alertname="Down"} 3+)", R"({}:{alertname="X"} 2+)"});
  // The silences are the state's: planning does not change them.
  CHECK(st.silences.size() == 2);
}

TEST_CASE("notify_dispatch: two routes with identical matchers are kept apart") {
  Config cfg = parse_config(R"(route:
  receiver: team
  group_wait: 0s
  routes:
    - matchers: ['team="a"']
      receiver: team
      continue: true
    - matchers: ['team="a"']
      receiver: loud
receivers:
  - name: team
  - name: loud
)",
                            "am.yml");
  AlertState st;
  Alert a;
  a.labels = {{"alertname", "X"}, {"team", "a"}};
  a.starts_at_ms = T0;
  DispatchPlan p = plan_notifications(cfg, {a}, st, T0, "");
  REQUIRE(p.send.size() == 2);
  std::set<std::string> receivers;
  for (const auto& n : p.send) {
    receivers.insert(n.notification.receiver);
    CHECK(n.notification.group_key == R"({}/{team="a"}:{})");
    CHECK(n.notification.alerts.size() == 1);
  }
  CHECK(receivers == std::set<std::string>{"team", "loud"});
  CHECK(st.groups.size() == 2);
  // Each group keeps its own log: nothing is sent again.
  p = plan_notifications(cfg, {a}, st, T0 + M, "");
  CHECK(p.send.empty());
}

// Two routes with the same matchers and the same receiver share one group (the log key is
// receiver + group key); the alert joins it once: Alertmanager's notification log dedups them by
// receiver and key, so one notification carries the alert once.
TEST_CASE("notify_dispatch: the same receiver on two identical routes is told of an alert once") {
  Config cfg = parse_config(R"(route:
  receiver: team
  group_wait: 0s
  routes:
    - matchers: ['team="a"']
      continue: true
    - matchers: ['team="a"']
receivers:
  - name: team
)",
                            "am.yml");
  AlertState st;
  Alert a;
  a.labels = {{"alertname", "X"}, {"team", "a"}};
  a.starts_at_ms = T0;
  DispatchPlan p = plan_notifications(cfg, {a}, st, T0, "");
  REQUIRE(p.send.size() == 1);
  CHECK(p.send[0].notification.alerts.size() == 1);
  CHECK(p.send[0].firing.size() == 1);
}

// While every alert of a group is silenced, the group's log entry is kept, as Alertmanager keeps
// the aggregation group and its notification log entry (a muted flush changes nothing): the
// alert, told before the silence and still firing, is told again only after repeat_interval.
TEST_CASE("notify_dispatch: a silence that ends does not make a told alert news again") {
  Config cfg = parse_config(config_text("team"), "am.yml");
  AlertState st;
  std::vector<Alert> alerts{alert("1", T0)};
  REQUIRE(plan_notifications(cfg, alerts, st, T0 + 30 * S, "").send.size() == 1);
  Silence s;
  s.id = "0b5c7fa1-8d31-4c4e-9a3e-2d3f7c1a9b02";
  s.matchers = parse_matchers(R"(instance="1")");
  s.starts_at_ms = T0 + M;
  s.ends_at_ms = T0 + 10 * M;
  st.silences = {s};
  DispatchPlan p = plan_notifications(cfg, alerts, st, T0 + 2 * M, "");
  CHECK(p.silenced == 1);
  CHECK(p.send.empty());
  p = plan_notifications(cfg, alerts, st, T0 + 11 * M, "");
  CHECK(p.silenced == 0);
  CHECK(p.send.empty());  // within repeat_interval (1h) of the last notification
  p = plan_notifications(cfg, alerts, st, T0 + 30 * S + H + M, "");
  CHECK(p.send.size() == 1);
}

TEST_CASE("notify_dispatch: no alerts, no groups; a state's stale groups are dropped") {
  Config cfg = parse_config(config_text("team"), "am.yml");
  AlertState st;
  DispatchPlan p = plan_notifications(cfg, {}, st, T0, "");
  CHECK(p.send.empty());
  CHECK(p.waiting == 0);
  CHECK(p.silenced == 0);
  CHECK(p.inhibited == 0);
  st.groups["team\x1f{}:{alertname=\"Gone\"}"] = GroupLog{"team", T0, T0, {"00"}, {}};
  p = plan_notifications(cfg, {}, st, T0 + H, "");
  CHECK(p.send.empty());
  CHECK(st.groups.empty());
}
