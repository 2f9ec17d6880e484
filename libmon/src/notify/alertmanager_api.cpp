#include "mon/notify/alertmanager_api.hpp"

#include "channels.hpp"
#include "http_post.hpp"
#include "mon/net/http_get.hpp"
#include "mon/notify/payload.hpp"

namespace mon::notify {

std::string alerts_endpoint(const std::string& url) {
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/api/v2/alerts";
}

std::vector<ApiResult> post_alerts(const std::vector<std::string>& urls, const std::vector<Alert>& alerts,
                                   const ApiOptions& o) {
  std::vector<ApiResult> out;
  std::string body = postable_alerts(alerts);
  for (const auto& url : urls) {
    ApiResult r;
    net::UrlAuthority a = net::url_authority(url);
    r.url = url.substr(0, a.begin) + url.substr(a.host);
    if (alerts.empty()) {
      r.outcome = Outcome::nothing_to_send;
      r.message = "no alerts to send";
      out.push_back(r);
      continue;
    }
    const std::string endpoint = alerts_endpoint(url);
    const std::string shown = alerts_endpoint(r.url);
    auto attempt = [&](long timeout_ms) {
      detail::HttpAttempt h = detail::http_post(endpoint, body, {}, o.http, timeout_ms, o.max_response_bytes);
      detail::Attempt at = detail::judge_http(h, shown);
      if (!h.answered) at.message = "POST " + shown + ": " + h.error;
      return at;
    };
    auto deadline = std::chrono::steady_clock::now() + o.timeout;
    detail::Attempt last = detail::with_retries(attempt, 0, o.attempts, o.backoff, deadline, r.attempts);
    r.outcome = last.outcome;
    r.http_status = last.status;
    r.message = last.message;
    if (last.outcome == Outcome::failed_retryable)
      r.message += " (" + std::to_string(r.attempts) + (r.attempts == 1 ? " attempt)" : " attempts)");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mon::notify
