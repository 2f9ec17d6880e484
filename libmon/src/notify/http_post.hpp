#pragma once
// One HTTP POST of a notification through libcurl, with a receiver's http_config applied (TLS
// files, bearer/authorization, basic auth, proxy, redirects), a time limit and a limit on the
// response kept. Secrets (*_file) are read here, at delivery. Internal to mon::notify.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mon/notify/receiver.hpp"

namespace mon::notify::detail {

struct HttpAttempt {
  bool answered = false;   // an HTTP status came back
  bool retryable = false;  // when not answered: a connection error or a timeout
  long status = 0;
  std::string body;        // at most max_response bytes
  std::string error;       // when not answered; never holds the URL
};

HttpAttempt http_post(const std::string& url, std::string_view body, const std::vector<std::string>& headers,
                      const HttpConfig& config, long timeout_ms, std::size_t max_response);

// What messages show of a URL: scheme and host[:port] only (a Slack webhook's path is its
// secret, and so is a url_file's content): "https://hooks.slack.com/…".
std::string shown_url(const std::string& url);

}  // namespace mon::notify::detail
