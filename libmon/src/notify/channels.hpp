#pragma once
// What deliver() asks of each channel: prepare the message once (templates, secrets, payload),
// then try it as often as the retry policy says, each time within the time left. Internal.
#include <chrono>
#include <functional>
#include <string>

#include "mon/notify/deliver.hpp"
#include "mon/notify/payload.hpp"

namespace mon::notify::detail {

struct Attempt {
  Outcome outcome = Outcome::failed_permanent;
  long status = 0;
  std::string message;
};

struct Prepared {
  bool nothing_to_send = false;
  long own_timeout_ms = 0;  // the integration's own per-attempt limit (0: none)
  std::function<Attempt(long timeout_ms)> attempt;
};

// Tries `attempt` up to `attempts` times while the deadline allows, each within the time left
// (and own_timeout_ms when set), waiting `backoff` (doubled each time) after a retryable
// failure. `made` counts the tries.
Attempt with_retries(const std::function<Attempt(long)>& attempt, long own_timeout_ms,
                     int attempts, Milliseconds backoff, std::chrono::steady_clock::time_point deadline, int& made);

// The notification restricted to what an integration sends (send_resolved, max_alerts).
Notification restricted(const Notification& n, const Selection& s);

// HTTP answers as Alertmanager's Retrier judges them: 2xx delivered, 5xx and 429 retryable,
// other statuses permanent; a transport failure retryable when it may pass.
Attempt judge_http(const struct HttpAttempt& h, const std::string& shown);

// Each throws mon::Error when the message cannot be prepared (a template, a secret file).
Prepared prepare_webhook(const WebhookConfig& c, const Notification& n, const DeliveryOptions& o);
Prepared prepare_slack(const SlackConfig& c, const Notification& n, const DeliveryOptions& o);
Prepared prepare_email(const EmailConfig& c, const Notification& n, const DeliveryOptions& o);
Prepared prepare_command(const CommandConfig& c, const Notification& n, const DeliveryOptions& o);
Prepared prepare_file(const FileConfig& c, const Notification& n, const DeliveryOptions& o);

}  // namespace mon::notify::detail
