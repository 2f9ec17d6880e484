// One push with retries. Connection failures, timeouts and 5xx answers are worth another try
// (a Pushgateway restarting, a proxy hiccup); exponential backoff keeps a struggling server
// from being hammered. A 4xx, a malformed URL or a failed TLS verification would fail the
// same way again, so they end the push at once. The response body is kept only up to a limit:
// the server is not trusted to send something small.
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "mon/net/curl.hpp"
#include "mon/push/pushgateway.hpp"

namespace mon::push {

namespace {

struct Body {
  std::string text;
  std::size_t limit = 0;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  std::size_t n = size * count;
  if (body->text.size() < body->limit) body->text.append(data, std::min(n, body->limit - body->text.size()));
  return n;  // keep reading: the transfer is bounded by the timeout
}

bool retryable(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

void sleep_for(time::Duration d) {
  auto ns = d.count();
  struct timespec ts {};
  ts.tv_sec = static_cast<time_t>(ns / 1000000000);
  ts.tv_nsec = static_cast<long>(ns % 1000000000);
  while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// The first line of a server's answer, trimmed, for the error message.
std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

}  // namespace

PushResult push(std::string_view base_url, const GroupingKey& key, Method method, std::string_view body,
                const PushOptions& options) {
  const net::CurlApi& c = net::curl();
  const std::string url = group_url(base_url, key);
  const std::string shown = redact_url(url);
  std::unique_ptr<CURL, void (*)(CURL*)> handle(c.easy_init(), c.easy_cleanup);
  if (!handle) throw PushError("cannot push to " + shown + ": libcurl could not start a transfer", 0);
  curl_slist* headers = nullptr;
  headers = c.slist_append(headers, ("Content-Type: " + options.content_type).c_str());
  headers = c.slist_append(headers, "Expect:");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_guard(headers, c.slist_free_all);

  const int attempts = std::max(1, options.attempts);
  time::Duration wait = options.backoff;
  std::string last_error;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    CURL* h = handle.get();
    c.easy_reset(h);
    Body response;
    response.limit = options.max_response_bytes;
    char errbuf[CURL_ERROR_SIZE] = {};
    const long timeout_ms =
        std::max<long>(1, static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout).count()));
    c.easy_setopt(h, CURLOPT_URL, url.c_str());
    c.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    c.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    c.easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    c.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    c.easy_setopt(h, CURLOPT_USERAGENT, "monctl");
    c.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    c.easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
    c.easy_setopt(h, CURLOPT_WRITEDATA, &response);
    c.easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(to_string(method)).c_str());
    if (method != Method::del) {
      c.easy_setopt(h, CURLOPT_HTTPHEADER, headers);
      c.easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
      c.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    CURLcode rc = c.easy_perform(h);
    if (rc != CURLE_OK) {
      last_error = errbuf[0] ? std::string(errbuf) : std::string(c.easy_strerror(rc));
      if (!retryable(rc)) throw PushError("cannot push to " + shown + ": " + last_error, attempt);
    } else {
      long status = 0;
      c.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
      if (status >= 200 && status < 300) return {status, attempt, std::move(response.text)};
      std::string why = "the server answered HTTP " + std::to_string(status);
      if (!response.text.empty()) why += ": " + first_line(response.text);
      if (status < 500) throw PushError("cannot push to " + shown + ": " + why, attempt);
      last_error = why;
    }
    if (attempt < attempts) {
      sleep_for(wait);
      wait *= 2;
    }
  }
  throw PushError("cannot push to " + shown + " (" + std::to_string(attempts) +
                      (attempts == 1 ? " attempt): " : " attempts): ") + last_error,
                  attempts);
}

}  // namespace mon::push
