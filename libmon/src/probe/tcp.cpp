// The TCP prober, after blackbox_exporter's tcp module and check_tcp: connect (optionally with
// TLS), send a line, wait for the expected answer. Covers line protocols such as Redis
// (PING / +PONG), SMTP banners or memcached. The connection and TLS come from libcurl
// (CURLOPT_CONNECT_ONLY), the exchange from curl_easy_send/curl_easy_recv.
#include <poll.h>

#include <chrono>

#include "curl_util.hpp"
#include "mon/probe/probers.hpp"
#include "regex.hpp"

namespace mon::probe {

namespace {
using Clock = std::chrono::steady_clock;

// Waits until the socket is ready for `events` or the deadline passes. False on timeout.
bool wait_socket(CURL* h, short events, Clock::time_point deadline) {
  curl_socket_t fd = CURL_SOCKET_BAD;
  net::curl().easy_getinfo(h, CURLINFO_ACTIVESOCKET, &fd);
  if (fd == CURL_SOCKET_BAD) return false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return false;
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, static_cast<int>(left)) > 0;
}

constexpr std::size_t kMaxAnswer = 64 * 1024;
}  // namespace

Result probe_tcp(const Spec& spec) {
  Result r = start_result(spec);
  auto t0 = Clock::now();
  auto deadline = t0 + spec.timeout;
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  char err[CURL_ERROR_SIZE] = {};
  detail::EasyHandle h;
  bool ok = detail::connect_only(spec, spec.tls, h, err, r);
  r.duration_seconds = elapsed();
  r.metrics.push_back({"probe_tls", {}, spec.tls ? 1.0 : 0.0});
  if (!ok) {
    finish(spec, r);
    return r;
  }
  const auto& c = net::curl();
  // Send everything.
  std::size_t sent = 0;
  while (sent < spec.send.size()) {
    std::size_t n = 0;
    CURLcode code = c.easy_send(h.h, spec.send.data() + sent, spec.send.size() - sent, &n);
    if (code == CURLE_AGAIN) {
      if (!wait_socket(h.h, POLLOUT, deadline)) {
        r.message = "timed out sending after " + time::format_duration(spec.timeout);
        r.duration_seconds = elapsed();
        finish(spec, r);
        return r;
      }
      continue;
    }
    if (code != CURLE_OK) {
      r.message = detail::describe_failure(h.h, code, err);
      r.duration_seconds = elapsed();
      finish(spec, r);
      return r;
    }
    sent += n;
  }
  std::string answer;
  if (!spec.expect.empty()) {
    bool is_regex = spec.expect.size() >= 2 && spec.expect.front() == '/' && spec.expect.back() == '/';
    std::optional<detail::Regex> re;
    if (is_regex) re.emplace(spec.expect.substr(1, spec.expect.size() - 2), "--expect");
    auto matches = [&] { return re ? re->search(answer) : answer.find(spec.expect) != std::string::npos; };
    char buf[4096];
    bool found = false;
    std::string why;
    while (!found) {
      std::size_t n = 0;
      CURLcode code = c.easy_recv(h.h, buf, sizeof buf, &n);
      if (code == CURLE_AGAIN) {
        if (!wait_socket(h.h, POLLIN, deadline)) {
          why = "timed out after " + time::format_duration(spec.timeout) + " waiting for";
          break;
        }
        continue;
      }
      if (code != CURLE_OK) {
        why = detail::describe_failure(h.h, code, err) + " while waiting for";
        break;
      }
      if (n == 0) {
        why = "the connection was closed before";
        break;
      }
      answer.append(buf, n);
      found = matches();
      if (!found && answer.size() >= kMaxAnswer) {
        why = "64 KiB read without";
        break;
      }
    }
    r.duration_seconds = elapsed();
    r.metrics.push_back({"probe_failed_due_to_regex", {}, found ? 0.0 : 1.0});
    if (!found) {
      r.message = why + " " + quoted(spec.expect, 60);
      if (!answer.empty()) r.message += "; got " + quoted(answer, 60);
      finish(spec, r);
      return r;
    }
  }
  r.duration_seconds = elapsed();
  r.success = true;
  r.value = r.duration_seconds;
  r.unit = "s";
  if (spec.tls) detail::judge_certificate(h.h, spec, r, false);
  auto line_end = answer.find_first_of("\r\n");
  r.message = answer.empty() ? "connected" : "got " + quoted(answer.substr(0, line_end), 60);
  r.message += " in " + format_value(r);
  finish(spec, r);
  return r;
}

}  // namespace mon::probe
