#pragma once
// Delivering one notification to the integrations of a receiver: webhook, Slack, email and
// monctl's command channel. Each integration is tried within the receiver's time limit, with
// retries and exponential backoff on what may pass (connection errors, timeouts, HTTP 5xx and
// 429, a command's non-zero exit) and none on what will not (other 4xx, Slack's non-"ok", a
// bad template, an unreadable secret). Messages never hold a secret: URLs are shown as
// scheme://host only, secret files by name.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mon/notify/alert.hpp"
#include "mon/notify/receiver.hpp"

namespace mon::notify {

enum class Outcome {
  delivered,
  nothing_to_send,   // every alert resolved and send_resolved is false: Alertmanager sends nothing
  failed_retryable,  // worth trying again later (the outbox keeps it)
  failed_permanent,  // will fail the same way until the configuration changes
};
std::string_view to_string(Outcome o);  // "delivered", "nothing to send", "failed (retryable)", ...

// Expands a template field of a receiver (a Slack title, an email subject, ...) on a
// notification whose alerts are those the integration sends. Throws mon::Error.
using Expander = std::function<std::string(std::string_view text, const Notification& n)>;

// The expander used when none is given: text without "{{" is itself, and Alertmanager's default
// Slack fields and email subject (`{{ template "slack.default.title" . }}`, ...,
// `{{ template "email.default.subject" . }}`) give Alertmanager's strings, computed in plain
// C++. `email.default.html` gives the alert list of Alertmanager's __text_alert_list in a
// <pre> block (not Alertmanager's styled HTML). Any other template throws mon::Error.
std::string expand_defaults(std::string_view text, const Notification& n);

struct DeliveryOptions {
  Milliseconds timeout{30'000};         // per integration: all its attempts and waits together
  int attempts = 3;                     // tries in all, >= 1
  Milliseconds backoff{500};            // before the second try; doubles after each
  std::size_t max_response_bytes = 64 * 1024;  // of an HTTP answer or a command's stderr
  Expander expand;                      // empty: expand_defaults
  std::string hostname;                 // email Message-Id and SMTP; empty: gethostname()
};

struct DeliveryResult {
  std::string receiver;
  std::string integration;  // "webhook[0]", "slack[1]", "email[0]", "monctl_command[0]"
  Outcome outcome = Outcome::failed_permanent;
  int attempts = 0;
  long http_status = 0;     // the last HTTP status (0: none); SMTP: the last reply code
  std::string message;      // why it failed, or what was delivered ("HTTP 200")
  bool ok() const { return outcome == Outcome::delivered || outcome == Outcome::nothing_to_send; }
};

// Integration `integration` of r, numbered as integration_name() numbers them. Never throws for
// a failed delivery (that is a result); throws mon::Error only when libcurl cannot be loaded.
DeliveryResult deliver(const Receiver& r, std::size_t integration, const Notification& n, const DeliveryOptions& options);

// Every integration of r in turn.
std::vector<DeliveryResult> deliver_all(const Receiver& r, const Notification& n, const DeliveryOptions& options);

}  // namespace mon::notify
