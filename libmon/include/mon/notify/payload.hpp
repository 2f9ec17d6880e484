#pragma once
// The bodies monctl sends: Alertmanager's webhook payload (version 4, byte for byte what
// Alertmanager 0.25's Go encoder writes: its field order, maps with sorted keys, HTML-safe
// escapes, RFC 3339 times with Go's fractional seconds, a newline at the end) and the
// /api/v2/alerts body Prometheus posts to an Alertmanager.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mon/notify/alert.hpp"

namespace mon::notify {

// The alerts one integration gets of a notification: without the resolved ones unless
// send_resolved, then the first max_alerts (0: all). `truncated` counts what max_alerts cut,
// plus the notification's own truncated_alerts.
struct Selection {
  std::vector<const Alert*> alerts;
  std::uint64_t truncated = 0;
};
Selection select_alerts(const Notification& n, bool send_resolved, std::uint64_t max_alerts);

// The version 4 payload:
// {"receiver","status","alerts":[{"status","labels","annotations","startsAt","endsAt",
//  "generatorURL","fingerprint"}],"groupLabels","commonLabels","commonAnnotations","externalURL",
//  "version":"4","groupKey","truncatedAlerts"}.
// A firing alert's endsAt is Go's zero time, as Alertmanager hides an end not yet reached; the
// receiver name is regexp-quoted as Alertmanager's template data has it.
std::string webhook_payload(const Notification& n, const Selection& selection);
// All alerts of the notification (send_resolved, no max_alerts).
std::string webhook_payload(const Notification& n);

// The /api/v2/alerts body: [{"labels","annotations","startsAt","endsAt","generatorURL"}], endsAt
// and generatorURL left out when not known, startsAt when 0.
std::string postable_alerts(const std::vector<Alert>& alerts);

// Go's time.Time in JSON (RFC 3339 with up to 9 fractional digits, trailing zeros dropped, UTC
// "Z"); 0 ms is Go's zero time "0001-01-01T00:00:00Z".
std::string go_time(std::int64_t unix_ms);
// A JSON string as Go's encoding/json writes it (quotes included): \" \\ \n \r \t, other
// control bytes and < > & U+2028 U+2029 as \u00XX / \u2028, invalid UTF-8 as \ufffd.
void append_go_json_string(std::string& out, std::string_view s);
// Go's regexp.QuoteMeta.
std::string quote_meta(std::string_view s);

// Alertmanager's group status: "firing" when one alert is firing at now_ms, else "resolved".
std::string_view alert_status(const Alert& a, std::int64_t now_ms);

}  // namespace mon::notify
