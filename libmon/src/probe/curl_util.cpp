#include "curl_util.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "mon/error.hpp"
#include "mon/net/failure.hpp"
#include "mon/time/duration.hpp"

namespace mon::probe::detail {

void set_common_options(CURL* h, const Spec& spec, char* error_buffer) {
  const auto& c = net::curl();
  long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(spec.timeout).count());
  c.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
  c.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
  c.easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  // A probe measures a whole connection: no reuse, no connection left open behind it.
  c.easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  c.easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  if (spec.ip_version == 4) c.easy_setopt(h, CURLOPT_IPRESOLVE, static_cast<long>(CURL_IPRESOLVE_V4));
  if (spec.ip_version == 6) c.easy_setopt(h, CURLOPT_IPRESOLVE, static_cast<long>(CURL_IPRESOLVE_V6));
  c.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, spec.insecure ? 0L : 1L);
  c.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, spec.insecure ? 0L : 2L);
  if (!spec.cacert.empty()) c.easy_setopt(h, CURLOPT_CAINFO, spec.cacert.c_str());
  if (!spec.cert.empty()) c.easy_setopt(h, CURLOPT_SSLCERT, spec.cert.c_str());
  if (!spec.key.empty()) c.easy_setopt(h, CURLOPT_SSLKEY, spec.key.c_str());
}

std::string describe_failure(CURL* h, CURLcode code, const char* error_buffer) {
  return net::describe_failure(h, code, error_buffer);
}

namespace {
// OpenSSL's form in CURLINFO_CERTINFO: "Expire date:Nov 27 14:36:39 2027 GMT".
std::optional<double> parse_expire(const char* text) {
  struct tm tm {};
  const char* end = ::strptime(text, "%b %d %H:%M:%S %Y", &tm);
  if (!end) return std::nullopt;
  return static_cast<double>(::timegm(&tm));
}
}  // namespace

std::optional<double> earliest_expiry(CURL* h) {
  curl_certinfo* info = nullptr;
  if (net::curl().easy_getinfo(h, CURLINFO_CERTINFO, &info) != CURLE_OK || !info) return std::nullopt;
  std::optional<double> earliest;
  static constexpr std::string_view kKey = "Expire date:";
  for (int i = 0; i < info->num_of_certs; ++i)
    for (curl_slist* s = info->certinfo[i]; s; s = s->next)
      if (std::strncmp(s->data, kKey.data(), kKey.size()) == 0)
        if (auto t = parse_expire(s->data + kKey.size()); t && (!earliest || *t < *earliest)) earliest = t;
  return earliest;
}

std::optional<double> judge_certificate(CURL* h, const Spec& spec, Result& r, bool apply_days_options) {
  auto expiry = earliest_expiry(h);
  if (!expiry) return std::nullopt;
  r.metrics.push_back({"probe_ssl_earliest_cert_expiry", {}, *expiry});
  double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  double days = (*expiry - now) / 86400;
  if (!apply_days_options) return days;
  Perf p{r.name + "_cert_days", days, "", "", "", std::nullopt, std::nullopt};
  if (spec.cert_warn_days) p.warn = std::to_string(*spec.cert_warn_days) + ":";
  if (spec.cert_crit_days) p.crit = std::to_string(*spec.cert_crit_days) + ":";
  r.perf.push_back(p);
  if (!r.success) return days;
  char buf[96];
  std::snprintf(buf, sizeof buf, "certificate expires in %.1f days", days);
  if (spec.cert_crit_days && days < *spec.cert_crit_days) {
    r.status = Status::critical;
    r.message += std::string("; ") + buf + " (critical below " + std::to_string(*spec.cert_crit_days) + ")";
  } else if (spec.cert_warn_days && days < *spec.cert_warn_days) {
    r.status = worse(r.status, Status::warning);
    r.message += std::string("; ") + buf + " (warning below " + std::to_string(*spec.cert_warn_days) + ")";
  }
  return days;
}

bool connect_only(const Spec& spec, bool tls, EasyHandle& h, char* error_buffer, Result& r) {
  const auto& c = net::curl();
  h.h = c.easy_init();
  if (!h.h) throw Error("libcurl could not create a connection");
  auto [host, port] = split_host_port(spec.target);
  std::string url = url_for(tls ? "https" : "http", host, port);
  set_common_options(h.h, spec, error_buffer);
  c.easy_setopt(h.h, CURLOPT_URL, url.c_str());
  c.easy_setopt(h.h, CURLOPT_CONNECT_ONLY, 1L);
  // curl_easy_send/recv work on the connection the transfer left open: it must not be closed.
  c.easy_setopt(h.h, CURLOPT_FORBID_REUSE, 0L);
  if (tls) c.easy_setopt(h.h, CURLOPT_CERTINFO, 1L);
  CURLcode code = c.easy_perform(h.h);
  if (code != CURLE_OK) {
    r.success = false;
    r.message = describe_failure(h.h, code, error_buffer);
    return false;
  }
  return true;
}

std::string url_for(const std::string& scheme, const std::string& host, int port) {
  bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
}

}  // namespace mon::probe::detail
