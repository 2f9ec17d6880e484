#pragma once
// Silences as Alertmanager keeps them: matchers, a start and an end, who and why. An active
// silence (start <= now < end) keeps the alerts it matches from being notified; it does not
// change what they are.
#include <cstdint>
#include <string>
#include <vector>

#include "mon/notify/alert.hpp"
#include "mon/notify/matchers.hpp"

namespace mon::notify {

struct Silence {
  std::string id;  // a UUID (version 4)
  Matchers matchers;
  std::int64_t starts_at_ms = 0;
  std::int64_t ends_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::string created_by;
  std::string comment;

  bool active(std::int64_t now_ms) const { return starts_at_ms <= now_ms && now_ms < ends_at_ms; }
  // "active", "pending" (starts later) or "expired".
  std::string_view state(std::int64_t now_ms) const;
  bool silences(const model::Labels& labels, std::int64_t now_ms) const {
    return active(now_ms) && matches_all(matchers, labels);
  }
};

// A random version 4 UUID from /dev/urandom. Throws mon::Error when it cannot be read.
std::string new_uuid();

// The IDs of the active silences that match `labels` (empty: not silenced).
std::vector<std::string> silenced_by(const std::vector<Silence>& silences, const model::Labels& labels,
                                     std::int64_t now_ms);

// Drops silences that ended more than `retention_ms` ago (Alertmanager keeps them 120 h).
void prune_silences(std::vector<Silence>& silences, std::int64_t now_ms, std::int64_t retention_ms = 120LL * 3'600'000);

}  // namespace mon::notify
