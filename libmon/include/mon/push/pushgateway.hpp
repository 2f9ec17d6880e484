#pragma once
// A Prometheus Pushgateway client (https://github.com/prometheus/pushgateway#api). Metrics are
// pushed to a group named by a grouping key: the job plus labels, spelled in the URL path as
// /metrics/job/<JOB>{/<LABEL>/<VALUE>}. PUT replaces the whole group, POST replaces only the
// metrics of the same names, DELETE removes the group. The body is Prometheus text.
// libcurl is reached through mon::net::curl(), so nothing is loaded until a push is made.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "mon/error.hpp"
#include "mon/model/metric.hpp"
#include "mon/time/duration.hpp"

namespace mon::push {

struct GroupingKey {
  std::string job;
  model::Labels labels;  // label names must be valid; sorted or not, they keep their order
};

enum class Method { put, post, del };
std::string_view to_string(Method m);  // "PUT", "POST", "DELETE"

// The path for a group. A value holding '/' or empty, which the path cannot carry, is
// written NAME@base64/VALUE in RFC 4648 §5 (URL-safe) base64, "=" for the empty value; other
// values are percent-encoded. The job takes the same rules under the name "job".
std::string group_path(const GroupingKey& key);
// base (scheme, host, optional path prefix; a trailing '/' is dropped) + group_path().
std::string group_url(std::string_view base, const GroupingKey& key);

// RFC 4648 §5 base64 with padding.
std::string base64url(std::string_view data);
// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string percent_encode(std::string_view text);
// The URL with any user:password@ replaced by "***@", for messages.
std::string redact_url(std::string_view url);

struct PushOptions {
  time::Duration timeout = std::chrono::seconds(10);  // per attempt, connection included
  int attempts = 3;                                   // tries in all, >= 1
  time::Duration backoff = std::chrono::milliseconds(250);  // before the 2nd try; doubles after
  std::size_t max_response_bytes = 64 * 1024;         // more of a response body is dropped
  std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
};

struct PushResult {
  long http_status = 0;
  int attempts = 0;
  std::string response;  // the body, at most max_response_bytes
};

// Thrown when the push failed for good: after the last attempt (connection errors, 5xx) or at
// once (4xx, a malformed URL, TLS verification). The message names the redacted URL.
class PushError : public Error {
 public:
  PushError(const std::string& message, int attempts) : Error(message), attempts_(attempts) {}
  int attempts() const { return attempts_; }

 private:
  int attempts_;
};

// Pushes body to the group. Retries connection errors, timeouts and 5xx answers with
// exponential backoff. Throws PushError; loading libcurl failing throws mon::Error.
PushResult push(std::string_view base_url, const GroupingKey& key, Method method, std::string_view body,
                const PushOptions& options = {});

}  // namespace mon::push
