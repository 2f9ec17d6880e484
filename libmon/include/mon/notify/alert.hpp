#pragma once
// An alert as Alertmanager knows it: what `monctl alert run` produces from its rules, what the
// routing groups and the receivers deliver, and what is posted to /api/v2/alerts.
#include <cstdint>
#include <string>
#include <vector>

#include "mon/model/metric.hpp"

namespace mon::notify {

struct Alert {
  model::Labels labels;       // sorted; alertname among them
  model::Labels annotations;  // sorted by name
  std::int64_t starts_at_ms = 0;
  std::int64_t ends_at_ms = 0;  // 0: not known (still firing, no end given)
  std::string generator_url;

  // Alertmanager's fingerprint of the label set: FNV-1a 64 over name, 0xff, value, 0xff, ...
  // in label-name order, as 16 lower-case hex digits.
  std::string fingerprint() const;
  // Resolved at `now_ms`: an end is known and is not after now.
  bool resolved(std::int64_t now_ms) const { return ends_at_ms != 0 && ends_at_ms <= now_ms; }
};

std::uint64_t fingerprint_of(const model::Labels& labels);

// One notification for one aggregation group, as a receiver gets it.
struct Notification {
  std::string receiver;
  std::string group_key;      // Alertmanager's: route path + "{}:" + group labels, e.g. {}:{alertname="X"}
  model::Labels group_labels;
  std::vector<Alert> alerts;  // firing first, then resolved (when send_resolved)
  std::string external_url;   // where Alertmanager (or monctl) is reached; may be empty
  std::uint64_t truncated_alerts = 0;
  std::int64_t now_ms = 0;
};

}  // namespace mon::notify
