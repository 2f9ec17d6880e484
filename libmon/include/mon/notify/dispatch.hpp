#pragma once
// Which notifications one run of `monctl alert run` sends: Alertmanager's dispatcher, aggregation
// groups and notification log (dispatch/, notify/notify.go's DedupStage) for a program that runs
// now and then instead of all the time.
// - Every alert (firing, or resolved within the evaluator's retention) is routed through the tree
//   and joins, on each route it takes, the aggregation group of its group labels.
// - Silenced and inhibited alerts are left out of their groups' notifications.
// - A group first notifies once group_wait has passed since its earliest firing alert started
//   (alerts met in the history may be past it already); later changes are notified once
//   group_interval has passed since the group's last notification; a group that has not changed
//   is notified again after repeat_interval (the seed's cooldown).
// - "Changed" is Alertmanager's: a firing alert not notified before, all alerts resolved, or (when
//   an integration of the receiver has send_resolved) an alert resolved since.
// - A group with nothing firing and nothing left to tell is forgotten.
#include <cstdint>
#include <string>
#include <vector>

#include "mon/notify/alert.hpp"
#include "mon/notify/config.hpp"
#include "mon/notify/state.hpp"

namespace mon::notify {

struct PlannedNotification {
  const Receiver* receiver = nullptr;
  Notification notification;
  std::vector<std::string> firing, resolved;  // fingerprints, for the notification log
};

struct DispatchPlan {
  std::vector<PlannedNotification> send;
  std::size_t silenced = 0;   // alerts left out because a silence matched
  std::size_t inhibited = 0;  // and because an inhibit rule did
  std::size_t waiting = 0;    // groups with news not due yet (group_wait / group_interval)
};

// Plans the run's notifications and updates the groups' log in `state` as if every planned one
// were delivered (a failed delivery goes to the outbox: it is not planned again).
DispatchPlan plan_notifications(const Config& config, const std::vector<Alert>& alerts, AlertState& state,
                                std::int64_t now_ms, const std::string& external_url);

}  // namespace mon::notify
