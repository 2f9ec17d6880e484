#include "mon/notify/dispatch.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "mon/notify/route.hpp"

namespace mon::notify {

namespace {

struct Group {
  std::string key;  // Alertmanager's group key (two routes with the same matchers share one)
  const Route* route = nullptr;
  model::Labels labels;
  std::vector<const Alert*> alerts;
};

bool send_resolved(const Receiver& r) {
  for (const auto& x : r.webhooks)
    if (x.send_resolved) return true;
  for (const auto& x : r.slack)
    if (x.send_resolved) return true;
  for (const auto& x : r.email)
    if (x.send_resolved) return true;
  for (const auto& x : r.commands)
    if (x.send_resolved) return true;
  for (const auto& x : r.files)
    if (x.send_resolved) return true;
  return false;
}

bool subset(const std::vector<std::string>& part, const std::vector<std::string>& whole) {
  std::set<std::string> w(whole.begin(), whole.end());
  return std::all_of(part.begin(), part.end(), [&](const std::string& s) { return w.count(s) > 0; });
}

}  // namespace

DispatchPlan plan_notifications(const Config& config, const std::vector<Alert>& alerts, AlertState& state,
                                std::int64_t now_ms, const std::string& external_url) {
  DispatchPlan plan;
  std::map<std::string, Group> groups;
  std::set<std::string> muted_groups;  // groups of silenced or inhibited alerts: their log stays
  for (const Alert& a : alerts) {
    bool silenced = !silenced_by(state.silences, a.labels, now_ms).empty();
    bool muted = silenced || inhibited(config.inhibit_rules, a, alerts, now_ms);
    if (silenced) ++plan.silenced;
    else if (muted) ++plan.inhibited;
    for (const Route* r : match_routes(config.route, a.labels)) {
      model::Labels gl = group_labels(*r, a.labels);
      std::string key = group_key(*r, gl);
      if (muted) {
        muted_groups.insert(r->receiver + '\x1f' + key);
        continue;
      }
      // Alertmanager keeps the groups of each route apart; the log tells them by receiver too.
      Group& g = groups[r->receiver + '\x1f' + key];
      g.key = std::move(key);
      g.route = r;
      g.labels = std::move(gl);
      // Two routes with the same matchers and receiver share the group: the alert once.
      if (g.alerts.empty() || g.alerts.back() != &a) g.alerts.push_back(&a);
    }
  }

  std::map<std::string, GroupLog> kept;
  for (auto& [log_key, g] : groups) {
    const Receiver* receiver = config.receiver(g.route->receiver);
    if (!receiver) continue;  // load_config checked every route's receiver
    std::sort(g.alerts.begin(), g.alerts.end(), [](const Alert* x, const Alert* y) {
      return std::lexicographical_compare(x->labels.begin(), x->labels.end(), y->labels.begin(), y->labels.end(),
                                          [](const model::Label& a, const model::Label& b) {
                                            return a.name != b.name ? a.name < b.name : a.value < b.value;
                                          });
    });
    std::vector<const Alert*> firing, resolved;
    for (const Alert* a : g.alerts) (a->resolved(now_ms) ? resolved : firing).push_back(a);
    std::vector<std::string> firing_fp, resolved_fp;
    for (const Alert* a : firing) firing_fp.push_back(a->fingerprint());
    for (const Alert* a : resolved) resolved_fp.push_back(a->fingerprint());

    auto found = state.groups.find(log_key);
    GroupLog log;
    if (found != state.groups.end()) {
      log = found->second;
    } else {
      if (firing.empty()) continue;  // Alertmanager does not tell of alerts it never told of firing
      log.receiver = receiver->name;
      log.first_seen_ms = now_ms;
      for (const Alert* a : firing) log.first_seen_ms = std::min(log.first_seen_ms, std::max<std::int64_t>(a->starts_at_ms, 0));
    }

    bool due = log.notified_ms == 0 ? now_ms >= log.first_seen_ms + g.route->group_wait.count()
                                    : now_ms >= log.notified_ms + g.route->group_interval.count();
    bool changed = false;
    if (log.notified_ms == 0) {
      changed = !firing.empty();
    } else if (!subset(firing_fp, log.firing)) {
      changed = true;
    } else if (firing.empty()) {
      changed = !log.firing.empty();
    } else if (send_resolved(*receiver) && !subset(resolved_fp, log.resolved)) {
      changed = true;
    } else {
      changed = now_ms >= log.notified_ms + g.route->repeat_interval.count();
    }

    if (changed && due) {
      PlannedNotification p;
      p.receiver = receiver;
      p.notification.receiver = receiver->name;
      p.notification.group_key = g.key;
      p.notification.group_labels = g.labels;
      for (const Alert* a : firing) p.notification.alerts.push_back(*a);
      for (const Alert* a : resolved) p.notification.alerts.push_back(*a);
      p.notification.external_url = external_url;
      p.notification.now_ms = now_ms;
      p.firing = firing_fp;
      p.resolved = resolved_fp;
      log.notified_ms = now_ms;
      log.firing = firing_fp;
      log.resolved = resolved_fp;
      plan.send.push_back(std::move(p));
    } else if (changed) {
      ++plan.waiting;
    }
    // Everything resolved and told: the group ends, as Alertmanager's aggregation group does.
    if (firing.empty() && log.firing.empty()) continue;
    kept[log_key] = std::move(log);
  }
  // A group whose alerts are all muted now keeps its log as it was, so that it is not told
  // again the moment the silence ends (Alertmanager waits for repeat_interval).
  for (const auto& key : muted_groups) {
    auto found = state.groups.find(key);
    if (found != state.groups.end() && !kept.count(key)) kept[key] = found->second;
  }
  state.groups = std::move(kept);
  return plan;
}

}  // namespace mon::notify
