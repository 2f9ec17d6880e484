// The HTTP(S) prober, after blackbox_exporter's http module: status code, body and header
// expectations, redirects, per-phase timings (resolve, connect, tls, processing, transfer, as
// blackbox names them) and the certificate's expiry. The body is kept up to max_body and never
// printed; past the limit reading stops and the probe judges what it has.
#include "mon/probe/http.hpp"

#include <strings.h>

#include <chrono>
#include <cstdio>

#include "curl_util.hpp"
#include "mon/probe/probers.hpp"
#include "regex.hpp"

namespace mon::probe {

namespace {
std::size_t body_cb(char* data, std::size_t size, std::size_t n, void* self) {
  return static_cast<HttpTransfer*>(self)->on_body(data, size * n);
}
std::size_t header_cb(char* data, std::size_t size, std::size_t n, void* self) {
  return static_cast<HttpTransfer*>(self)->on_header(data, size * n);
}

curl_off_t micros(CURL* h, CURLINFO what) {
  curl_off_t us = 0;
  net::curl().easy_getinfo(h, what, &us);
  return us;
}

// Differences in whole microseconds, converted once: no 0.000285999... in the output.
double seconds(curl_off_t us) { return us > 0 ? static_cast<double>(us) / 1e6 : 0.0; }

bool status_expected(const Spec& spec, long code) {
  if (spec.expect_status.empty()) return code >= 200 && code <= 399;
  for (const auto& r : spec.expect_status)
    if (code >= r.low && code <= r.high) return true;
  return false;
}

std::string expected_statuses(const Spec& spec) {
  if (spec.expect_status.empty()) return "200-399";
  std::string s;
  for (const auto& r : spec.expect_status) {
    if (!s.empty()) s += ",";
    s += std::to_string(r.low);
    if (r.high != r.low) s += "-" + std::to_string(r.high);
  }
  return s;
}

// The value of header `name` in the last response's headers, if present.
std::optional<std::string> find_header(const std::string& headers, const std::string& name) {
  std::size_t pos = 0;
  while (pos < headers.size()) {
    std::size_t eol = headers.find('\n', pos);
    if (eol == std::string::npos) eol = headers.size();
    std::string_view line(headers.data() + pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto colon = line.find(':');
    if (colon == name.size() && ::strncasecmp(line.data(), name.data(), name.size()) == 0) {
      std::string_view v = line.substr(colon + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      return std::string(v);
    }
    pos = eol + 1;
  }
  return std::nullopt;
}
}  // namespace

HttpTransfer::HttpTransfer(const Spec& spec) : spec_(spec), error_(CURL_ERROR_SIZE, '\0') {
  const auto& c = net::curl();
  easy_ = c.easy_init();
  if (!easy_) throw Error("libcurl could not create a transfer");
  started_ = std::chrono::system_clock::now();
  detail::set_common_options(easy_, spec, error_.data());
  c.easy_setopt(easy_, CURLOPT_URL, spec.target.c_str());
  c.easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  c.easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  c.easy_setopt(easy_, CURLOPT_USERAGENT, "monctl-probe");
  c.easy_setopt(easy_, CURLOPT_WRITEFUNCTION, body_cb);
  c.easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  c.easy_setopt(easy_, CURLOPT_HEADERFUNCTION, header_cb);
  c.easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  if (spec.follow) {
    c.easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 1L);
    c.easy_setopt(easy_, CURLOPT_MAXREDIRS, 10L);
  }
  if (spec.target.size() > 5 && ::strncasecmp(spec.target.c_str(), "https", 5) == 0)
    c.easy_setopt(easy_, CURLOPT_CERTINFO, 1L);
  if (!spec.body.empty()) {
    c.easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec.body.size()));
    c.easy_setopt(easy_, CURLOPT_POSTFIELDS, spec.body.data());
  }
  if (spec.method == "HEAD")
    c.easy_setopt(easy_, CURLOPT_NOBODY, 1L);
  else if (!spec.method.empty())
    c.easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, spec.method.c_str());
  for (const auto& h : spec.headers) {
    curl_slist* next = c.slist_append(headers_, h.c_str());
    if (!next) throw Error("libcurl could not add a header");
    headers_ = next;
  }
  if (headers_) c.easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
}

HttpTransfer::~HttpTransfer() {
  const auto& c = net::curl();
  if (easy_) c.easy_cleanup(easy_);
  if (headers_) c.slist_free_all(headers_);
}

std::size_t HttpTransfer::on_body(const char* data, std::size_t n) {
  std::size_t room = spec_.max_body - body_.size();
  if (n > room) {
    body_.append(data, room);
    truncated_ = true;
    return 0;  // stops the transfer: CURLE_WRITE_ERROR, judged on what was read
  }
  body_.append(data, n);
  return n;
}

std::size_t HttpTransfer::on_header(const char* data, std::size_t n) {
  // A new status line starts a new response (a redirect, a 100 Continue): keep only the last.
  if (n >= 5 && std::string_view(data, 5) == "HTTP/") response_headers_.clear();
  if (response_headers_.size() + n <= 256 * 1024) response_headers_.append(data, n);
  return n;
}

Result HttpTransfer::finish(CURLcode code) {
  const auto& c = net::curl();
  Result r = start_result(spec_);
  r.started = started_;
  curl_off_t total = micros(easy_, CURLINFO_TOTAL_TIME_T);
  r.duration_seconds = seconds(total);
  r.value = r.duration_seconds;
  r.unit = "s";
  bool https = spec_.target.size() > 5 && ::strncasecmp(spec_.target.c_str(), "https", 5) == 0;

  curl_off_t resolve = micros(easy_, CURLINFO_NAMELOOKUP_TIME_T), connect = micros(easy_, CURLINFO_CONNECT_TIME_T),
             tls = micros(easy_, CURLINFO_APPCONNECT_TIME_T), start = micros(easy_, CURLINFO_STARTTRANSFER_TIME_T),
             pre = micros(easy_, CURLINFO_PRETRANSFER_TIME_T);
  r.metrics.push_back({"probe_dns_lookup_time_seconds", {}, seconds(resolve)});
  auto phase = [&](const char* name, curl_off_t us) {
    r.metrics.push_back({"probe_http_duration_seconds", {{"phase", name}}, seconds(us)});
  };
  phase("resolve", resolve);
  phase("connect", connect > 0 ? connect - resolve : 0);
  phase("tls", tls > 0 ? tls - connect : 0);
  phase("processing", start > 0 ? start - (pre > 0 ? pre : connect) : 0);
  phase("transfer", start > 0 ? total - start : 0);

  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && truncated_)) {
    r.success = false;
    r.message = detail::describe_failure(easy_, code, error_.c_str());
    r.metrics.push_back({"probe_http_ssl", {}, https ? 1.0 : 0.0});
    probe::finish(spec_, r);
    return r;
  }

  long status = 0, redirects = 0, version = 0;
  c.easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  c.easy_getinfo(easy_, CURLINFO_REDIRECT_COUNT, &redirects);
  c.easy_getinfo(easy_, CURLINFO_HTTP_VERSION, &version);
  char* effective = nullptr;
  c.easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &effective);
  bool final_https = effective && ::strncasecmp(effective, "https:", 6) == 0;
  double http_version = version == CURL_HTTP_VERSION_1_0   ? 1.0
                        : version == CURL_HTTP_VERSION_1_1 ? 1.1
                        : version == CURL_HTTP_VERSION_2_0 ? 2.0
                        : version == CURL_HTTP_VERSION_3   ? 3.0
                                                           : 0.0;
  r.metrics.push_back({"probe_http_status_code", {}, static_cast<double>(status)});
  r.metrics.push_back({"probe_http_redirects", {}, static_cast<double>(redirects)});
  r.metrics.push_back({"probe_http_version", {}, http_version});
  r.metrics.push_back({"probe_http_ssl", {}, final_https ? 1.0 : 0.0});
  r.metrics.push_back({"probe_http_content_length", {}, static_cast<double>(body_.size())});

  char buf[160];
  std::snprintf(buf, sizeof buf, "HTTP %ld, %zu%s bytes", status, body_.size(), truncated_ ? "+" : "");
  r.message = buf;
  if (redirects > 0) r.message += ", " + std::to_string(redirects) + (redirects == 1 ? " redirect" : " redirects");
  r.success = true;
  bool regex_failed = false;
  if (!status_expected(spec_, status)) {
    r.success = false;
    r.message = "HTTP " + std::to_string(status) + " (expected " + expected_statuses(spec_) + ")";
    if (auto loc = find_header(response_headers_, "Location"); loc && status >= 300 && status < 400)
      r.message += " to " + printable(*loc, 120);
  } else if (!spec_.expect_body.empty() && !detail::Regex(spec_.expect_body, "--expect-body").search(body_)) {
    r.success = false;
    regex_failed = true;
    r.message += ": the body does not match \"" + spec_.expect_body + "\"";
  } else if (!spec_.reject_body.empty() && detail::Regex(spec_.reject_body, "--reject-body").search(body_)) {
    r.success = false;
    regex_failed = true;
    r.message += ": the body matches the rejected \"" + spec_.reject_body + "\"";
  } else {
    for (const auto& [name, pattern] : spec_.expect_headers) {
      auto value = find_header(response_headers_, name);
      if (!value) {
        r.success = false;
        r.message += ": no " + name + " header";
        break;
      }
      if (!detail::Regex(pattern, "--expect-header").search(*value)) {
        r.success = false;
        regex_failed = true;
        r.message += ": header " + name + " " + quoted(*value, 60) + " does not match \"" + pattern + "\"";
        break;
      }
    }
  }
  if (!spec_.expect_body.empty() || !spec_.reject_body.empty() || !spec_.expect_headers.empty())
    r.metrics.push_back({"probe_failed_due_to_regex", {}, regex_failed ? 1.0 : 0.0});
  if (r.success) r.message += " in " + format_value(r);
  probe::finish(spec_, r);
  if (final_https || https) detail::judge_certificate(easy_, spec_, r, true);
  return r;
}

}  // namespace mon::probe
