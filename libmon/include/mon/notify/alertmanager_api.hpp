#pragma once
// Posting alerts to Alertmanagers as Prometheus does: `POST {url}/api/v2/alerts` with the
// postable-alerts body, to every Alertmanager given, each on its own (an HA pair gets both and
// gossips the rest), with the delivery's retry rules: connection errors, timeouts, 5xx and 429
// retried with backoff, other 4xx not. A URL's user:password@ is used for basic auth and never
// shown.
#include <string>
#include <vector>

#include "mon/notify/alert.hpp"
#include "mon/notify/deliver.hpp"
#include "mon/notify/receiver.hpp"

namespace mon::notify {

struct ApiOptions {
  Milliseconds timeout{10'000};  // per Alertmanager: all its attempts and waits together
  int attempts = 3;
  Milliseconds backoff{500};
  std::size_t max_response_bytes = 64 * 1024;
  HttpConfig http;  // TLS files, authorization, proxy for every Alertmanager
};

struct ApiResult {
  std::string url;  // as shown: without user:password@
  Outcome outcome = Outcome::failed_permanent;
  int attempts = 0;
  long http_status = 0;
  std::string message;
  bool ok() const { return outcome == Outcome::delivered || outcome == Outcome::nothing_to_send; }
};

// "http://am:9093" or "http://am:9093/prefix/" -> "http://am:9093/prefix/api/v2/alerts".
std::string alerts_endpoint(const std::string& alertmanager_url);

// One result per URL, in order. No alerts: nothing is posted (nothing_to_send). Never throws
// for a failed post; throws mon::Error only when libcurl cannot be loaded.
std::vector<ApiResult> post_alerts(const std::vector<std::string>& alertmanager_urls, const std::vector<Alert>& alerts,
                                   const ApiOptions& options = {});

}  // namespace mon::notify
