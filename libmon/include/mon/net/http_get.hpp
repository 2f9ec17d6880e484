#pragma once
// A plain HTTP(S) GET for pollers (`monctl watch --scrape`): one connection kept alive from
// one request to the next, as a scraper's would be; a time limit for the whole request; a limit
// on the body read (the server is not trusted to send something small); TLS verified. Not
// thread-safe: one client a thread.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mon::net {

// Where the authority of a URL, [scheme://][userinfo@]host[:port][/?#...], lies: what
// messages show of a URL without its userinfo (push::redact_url, watch::shown_url) and what
// an instance label is made of (watch::instance_of).
struct UrlAuthority {
  std::size_t begin = 0;  // after "://"; 0 without a scheme
  std::size_t host = 0;   // after "userinfo@"; begin when there is none
  std::size_t end = 0;    // at the first '/', '?' or '#' after begin; the URL's size without one
};
UrlAuthority url_authority(std::string_view url);

struct GetOptions {
  std::vector<std::string> headers;    // "Name: value"
  std::int64_t timeout_ms = 10'000;    // connect and transfer together
  std::size_t max_body = 16u << 20;    // bytes, after decompression
};

struct GetResult {
  bool ok = false;           // an answer came (whatever its HTTP status)
  std::string error;         // why not: "connection refused", "body larger than ...", ...
  long status = 0;           // HTTP status
  std::string content_type;  // as the server sent it, "" if none
  std::string body;
  double seconds = 0;        // the whole request
};

class HttpClient {
 public:
  HttpClient();  // throws mon::Error when libcurl cannot be loaded
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  // Never throws for a failed transfer: that is a result.
  GetResult get(const std::string& url, const GetOptions& options);

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

}  // namespace mon::net
