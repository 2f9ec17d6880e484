// mon/net/http_get.hpp on libcurl's easy interface. The body limit is enforced twice: a
// Content-Length over it fails before anything is read (CURLOPT_MAXFILESIZE_LARGE), and the
// write callback refuses the byte that would pass it (a chunked or compressed answer).
#include "mon/net/http_get.hpp"

#include <algorithm>

#include "mon/error.hpp"
#include "mon/net/curl.hpp"
#include "mon/net/failure.hpp"

namespace mon::net {

struct HttpClient::Handle {
  CURL* easy = nullptr;
};

namespace {

struct Body {
  std::string* text;
  std::size_t limit;
  bool too_large = false;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::size_t n = size * count;
  if (body->text->size() + n > body->limit) {
    body->too_large = true;
    return 0;  // CURLE_WRITE_ERROR: the transfer stops here
  }
  body->text->append(data, n);
  return n;
}

}  // namespace

UrlAuthority url_authority(std::string_view url) {
  UrlAuthority a;
  if (auto sep = url.find("://"); sep != std::string_view::npos) a.begin = sep + 3;
  a.end = std::min(url.size(), url.find_first_of("/?#", a.begin));
  auto at = url.rfind('@', a.end);
  a.host = at != std::string_view::npos && at >= a.begin ? at + 1 : a.begin;
  return a;
}

HttpClient::HttpClient() : handle_(std::make_unique<Handle>()) {
  handle_->easy = curl().easy_init();
  if (!handle_->easy) throw Error("libcurl could not create a connection");
}

HttpClient::~HttpClient() { curl().easy_cleanup(handle_->easy); }

GetResult HttpClient::get(const std::string& url, const GetOptions& options) {
  const CurlApi& c = curl();
  CURL* h = handle_->easy;
  c.easy_reset(h);  // keeps the connection cache: the next request reuses the connection
  GetResult r;
  Body body{&r.body, options.max_body};
  char errbuf[CURL_ERROR_SIZE] = {};
  curl_slist* headers = nullptr;
  for (const auto& line : options.headers) headers = c.slist_append(headers, line.c_str());
  const long timeout_ms = std::max<long>(1, static_cast<long>(options.timeout_ms));
  c.easy_setopt(h, CURLOPT_URL, url.c_str());
  c.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  c.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  c.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  c.easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
  c.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  c.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  c.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  c.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  c.easy_setopt(h, CURLOPT_USERAGENT, "monctl");
  c.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
  c.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  c.easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  c.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body));
  c.easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
  c.easy_setopt(h, CURLOPT_WRITEDATA, &body);
  const CURLcode code = c.easy_perform(h);
  double seconds = 0;
  c.easy_getinfo(h, CURLINFO_TOTAL_TIME, &seconds);
  r.seconds = seconds;
  if (code == CURLE_OK) {
    r.ok = true;
    c.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    char* type = nullptr;
    if (c.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) r.content_type = type;
  } else if (body.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    r.error = "body larger than " + std::to_string(options.max_body) + " bytes";
    r.body.clear();
  } else {
    r.error = describe_failure(h, code, errbuf);
    r.body.clear();
  }
  c.easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  c.easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  c.slist_free_all(headers);
  return r;
}

}  // namespace mon::net
