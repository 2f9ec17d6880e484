// Alertmanager's webhook_configs: the version 4 payload POSTed as JSON to url (or the URL in
// url_file, read at each delivery and trimmed as Alertmanager trims it).
#include "channels.hpp"
#include "http_post.hpp"

namespace mon::notify::detail {

Notification restricted(const Notification& n, const Selection& s) {
  Notification out;
  out.receiver = n.receiver;
  out.group_key = n.group_key;
  out.group_labels = n.group_labels;
  out.external_url = n.external_url;
  out.truncated_alerts = s.truncated;
  out.now_ms = n.now_ms;
  for (const Alert* a : s.alerts) out.alerts.push_back(*a);
  return out;
}

Attempt judge_http(const HttpAttempt& h, const std::string& shown) {
  Attempt a;
  if (!h.answered) {
    a.outcome = h.retryable ? Outcome::failed_retryable : Outcome::failed_permanent;
    a.message = "POST " + shown + ": " + h.error;
    return a;
  }
  a.status = h.status;
  if (h.status / 100 == 2) {
    a.outcome = Outcome::delivered;
    a.message = "HTTP " + std::to_string(h.status);
    return a;
  }
  a.outcome = (h.status / 100 == 5 || h.status == 429) ? Outcome::failed_retryable : Outcome::failed_permanent;
  a.message = "POST " + shown + ": unexpected status code " + std::to_string(h.status);
  std::string first = h.body.substr(0, h.body.find('\n'));
  if (first.size() > 200) first = first.substr(0, 200) + "...";
  if (!first.empty()) a.message += ": " + first;
  return a;
}

Prepared prepare_webhook(const WebhookConfig& c, const Notification& n, const DeliveryOptions& o) {
  Prepared p;
  Selection s = select_alerts(n, c.send_resolved, c.max_alerts);
  if (s.alerts.empty()) {
    p.nothing_to_send = true;
    return p;
  }
  std::string url = read_secret(c.url);
  if (url.find("{{") != std::string::npos) {
    Notification data = restricted(n, s);
    url = o.expand ? o.expand(url, data) : expand_defaults(url, data);
  }
  if (url.empty()) throw Error("webhook URL is empty after templating");
  std::string shown = shown_url(url);
  std::string body = webhook_payload(n, s);
  p.own_timeout_ms = c.timeout.count();
  HttpConfig http = c.http_config;
  std::size_t limit = o.max_response_bytes;
  p.attempt = [url, shown, body, http, limit](long timeout_ms) {
    return judge_http(http_post(url, body, {}, http, timeout_ms, limit), shown);
  };
  return p;
}

}  // namespace mon::notify::detail
