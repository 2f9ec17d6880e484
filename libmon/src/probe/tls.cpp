// The TLS prober, after check_http -C and blackbox_exporter's probe_ssl_earliest_cert_expiry:
// a TLS handshake (verified unless --insecure) and the days left before the earliest expiry in
// the peer's chain; -w/-c (or --cert-warn-days/--cert-crit-days) apply to those days.
#include <chrono>
#include <cstdio>

#include "curl_util.hpp"
#include "mon/probe/probers.hpp"

namespace mon::probe {

Result probe_tls(const Spec& spec) {
  Result r = start_result(spec);
  auto t0 = std::chrono::steady_clock::now();
  char err[CURL_ERROR_SIZE] = {};
  detail::EasyHandle h;
  bool ok = detail::connect_only(spec, true, h, err, r);
  r.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!ok) {
    finish(spec, r);
    return r;
  }
  auto days = detail::judge_certificate(h.h, spec, r, false);
  if (!days) {
    r.message = "TLS failure: the server's certificate has no readable expiry date";
    finish(spec, r);
    return r;
  }
  r.success = true;
  r.value = *days;
  r.unit = "d";
  char buf[128];
  std::snprintf(buf, sizeof buf, "certificate expires in %.1f days (handshake %.1f ms)", *days,
                r.duration_seconds * 1000);
  r.message = buf;
  if (*days < 0) {
    r.success = false;
    r.message = "TLS failure: the certificate expired " + std::to_string(static_cast<long>(-*days)) + " days ago";
  }
  finish(spec, r);
  return r;
}

}  // namespace mon::probe
