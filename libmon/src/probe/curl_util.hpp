#pragma once
// What the libcurl-based probers share: TLS settings, naming a failure the way an operator
// reads it (refused, reset, timed out, TLS failure, DNS failure) and the certificate's expiry.
#include <optional>
#include <string>

#include "mon/net/curl.hpp"
#include "mon/probe/result.hpp"
#include "mon/probe/spec.hpp"

namespace mon::probe::detail {

// Timeouts, no signals (threads), verification on unless --insecure, --cacert, --cert/--key.
void set_common_options(CURL* h, const Spec& spec, char* error_buffer);

// "connection refused", "connection reset by peer", "timed out after 200 ms ...",
// "TLS failure: ...", "DNS failure: could not resolve host ..." from a failed transfer.
std::string describe_failure(CURL* h, CURLcode code, const char* error_buffer);

// The earliest notAfter of the peer's chain (CURLOPT_CERTINFO), as Unix seconds.
std::optional<double> earliest_expiry(CURL* h);

// Adds probe_ssl_earliest_cert_expiry, and the certificate days perfdata; with
// --cert-warn-days/--cert-crit-days degrades a successful result. Returns the days left.
std::optional<double> judge_certificate(CURL* h, const Spec& spec, Result& r, bool apply_days_options);

// An easy handle that cleans up after itself.
struct EasyHandle {
  CURL* h = nullptr;
  EasyHandle() = default;
  EasyHandle(const EasyHandle&) = delete;
  EasyHandle& operator=(const EasyHandle&) = delete;
  ~EasyHandle() {
    if (h) net::curl().easy_cleanup(h);
  }
};

// Opens a TCP connection to spec.target (and completes the TLS handshake when `tls`) with
// CURLOPT_CONNECT_ONLY, for the tcp and tls probers. On failure fills r.message and returns false.
bool connect_only(const Spec& spec, bool tls, EasyHandle& h, char* error_buffer, Result& r);

// "http://host:port/" with IPv6 literals bracketed.
std::string url_for(const std::string& scheme, const std::string& host, int port);

}  // namespace mon::probe::detail
