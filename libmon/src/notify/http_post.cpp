#include "http_post.hpp"

#include <algorithm>
#include <memory>

#include "mon/net/curl.hpp"
#include "mon/net/failure.hpp"
#include "mon/net/http_get.hpp"

namespace mon::notify::detail {

namespace {

struct Sink {
  std::string text;
  std::size_t limit = 0;
  bool overflow = false;
};

size_t collect(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  std::size_t bytes = size * n;
  std::size_t room = s->limit > s->text.size() ? s->limit - s->text.size() : 0;
  s->text.append(data, std::min(bytes, room));
  if (bytes > room) {
    s->overflow = true;
    return 0;  // stop: the server is not trusted to send something small
  }
  return bytes;
}

bool retryable(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR: return true;
    default: return false;
  }
}

std::string scrub(std::string message, const std::string& url) {
  if (url.empty()) return message;
  for (auto at = message.find(url); at != std::string::npos; at = message.find(url))
    message.replace(at, url.size(), shown_url(url));
  return message;
}

}  // namespace

std::string shown_url(const std::string& url) {
  net::UrlAuthority a = net::url_authority(url);
  std::string out = url.substr(0, a.begin) + url.substr(a.host, a.end - a.host);
  if (a.end < url.size()) out += "/\u2026";
  return out;
}

HttpAttempt http_post(const std::string& url, std::string_view body, const std::vector<std::string>& headers,
                      const HttpConfig& config, long timeout_ms, std::size_t max_response) {
  HttpAttempt out;
  const net::CurlApi& c = net::curl();
  std::unique_ptr<CURL, void (*)(CURL*)> handle(c.easy_init(), c.easy_cleanup);
  if (!handle) {
    out.error = "libcurl could not start a transfer";
    return out;
  }
  CURL* h = handle.get();
  // Secrets first: a file that cannot be read fails the delivery without touching the network.
  std::string auth_header, user, password;
  try {
    if (!config.authorization_type.empty())
      auth_header = "Authorization: " + config.authorization_type + " " + read_secret(config.authorization_credentials);
    if (config.has_basic_auth) {
      user = read_secret(config.basic_username);
      password = read_secret(config.basic_password);
    }
  } catch (const Error& e) {
    out.error = e.what();
    return out;
  }
  curl_slist* list = nullptr;
  list = c.slist_append(list, "Content-Type: application/json");
  list = c.slist_append(list, "Expect:");
  for (const auto& hd : headers) list = c.slist_append(list, hd.c_str());
  if (!auth_header.empty()) list = c.slist_append(list, auth_header.c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> guard(list, c.slist_free_all);

  Sink sink;
  sink.limit = max_response;
  char errbuf[CURL_ERROR_SIZE] = {};
  timeout_ms = std::max(1L, timeout_ms);
  c.easy_setopt(h, CURLOPT_URL, url.c_str());
  c.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  c.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  c.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  c.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  c.easy_setopt(h, CURLOPT_USERAGENT, "monctl");
  c.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  c.easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
  c.easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  c.easy_setopt(h, CURLOPT_HTTPHEADER, list);
  c.easy_setopt(h, CURLOPT_POST, 1L);
  c.easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  c.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  if (config.follow_redirects) {
    c.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    c.easy_setopt(h, CURLOPT_MAXREDIRS, 10L);  // Go's http.Client stops after 10
    c.easy_setopt(h, CURLOPT_POSTREDIR, static_cast<long>(CURL_REDIR_POST_ALL));
  }
  if (!config.tls.ca_file.empty()) c.easy_setopt(h, CURLOPT_CAINFO, config.tls.ca_file.c_str());
  if (!config.tls.cert_file.empty()) c.easy_setopt(h, CURLOPT_SSLCERT, config.tls.cert_file.c_str());
  if (!config.tls.key_file.empty()) c.easy_setopt(h, CURLOPT_SSLKEY, config.tls.key_file.c_str());
  if (config.tls.insecure_skip_verify) {
    c.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    c.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (config.has_basic_auth) {
    c.easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    c.easy_setopt(h, CURLOPT_USERNAME, user.c_str());
    c.easy_setopt(h, CURLOPT_PASSWORD, password.c_str());
  }
  if (!config.proxy_url.empty()) c.easy_setopt(h, CURLOPT_PROXY, config.proxy_url.c_str());

  CURLcode rc = c.easy_perform(h);
  long status = 0;
  c.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && sink.overflow && status != 0)) {
    out.answered = true;
    out.status = status;
    out.body = std::move(sink.text);
    return out;
  }
  out.retryable = retryable(rc);
  out.error = scrub(net::describe_failure(h, rc, errbuf), url);
  return out;
}

}  // namespace mon::notify::detail
