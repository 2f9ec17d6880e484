// The DNS prober: resolves a name through the system resolver (getaddrinfo_a, so that a
// timeout is honoured) for A or AAAA records, and checks that every expected address is among
// the answers. Unlike blackbox_exporter it asks the machine's own resolver (nsswitch,
// /etc/hosts), which is what the services on this machine will see.
#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "mon/probe/probers.hpp"

namespace mon::probe {

Result probe_dns(const Spec& spec) {
  Result r = start_result(spec);
  auto t0 = std::chrono::steady_clock::now();
  // On the heap: a lookup that outlives its timeout keeps writing into it (see below).
  struct Lookup {
    std::string name;
    addrinfo hints{};
    gaicb request{};
  };
  auto* lookup = new Lookup;
  lookup->name = spec.target;
  lookup->hints.ai_family = spec.dns_family == 6 ? AF_INET6 : AF_INET;
  lookup->hints.ai_socktype = SOCK_STREAM;
  lookup->request.ar_name = lookup->name.c_str();
  lookup->request.ar_request = &lookup->hints;
  gaicb& request = lookup->request;
  gaicb* list[1] = {&request};
  int rc = ::getaddrinfo_a(GAI_NOWAIT, list, 1, nullptr);
  bool timed_out = false;
  if (rc == 0) {
    auto deadline_at = t0 + spec.timeout;
    const gaicb* wait_list[1] = {&request};
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline_at - std::chrono::steady_clock::now());
      if (left.count() <= 0) left = std::chrono::nanoseconds(0);
      timespec timeout{static_cast<time_t>(left.count() / 1'000'000'000), static_cast<long>(left.count() % 1'000'000'000)};
      int w = ::gai_suspend(wait_list, 1, &timeout);
      rc = ::gai_error(&request);
      if (rc != EAI_INPROGRESS) break;
      if (w == EAI_AGAIN || left.count() == 0) {
        timed_out = true;
        break;
      }
    }
  }
  if (timed_out && ::gai_cancel(&request) != EAI_CANCELED) {
    // glibc's lookup thread cannot be interrupted and still owns the request: it is left to it
    // (a few hundred bytes) rather than waiting past the timeout.
    lookup = nullptr;
  }
  r.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.metrics.push_back({"probe_dns_lookup_time_seconds", {}, r.duration_seconds});
  if (timed_out) {
    if (lookup && request.ar_result) ::freeaddrinfo(request.ar_result);
    delete lookup;
    r.message = "DNS failure: timed out after " + time::format_duration(spec.timeout);
    finish(spec, r);
    return r;
  }
  if (rc != 0) {
    r.message = std::string("DNS failure: ") + spec.target + ": " +
                (rc == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(rc));
    r.metrics.push_back({"probe_dns_answer_rrs", {}, 0});
    delete lookup;
    finish(spec, r);
    return r;
  }
  std::vector<std::string> answers;
  for (addrinfo* a = request.ar_result; a; a = a->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (a->ai_family == AF_INET)
      ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr, buf, sizeof buf);
    else if (a->ai_family == AF_INET6)
      ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr, buf, sizeof buf);
    else
      continue;
    if (std::find(answers.begin(), answers.end(), buf) == answers.end()) answers.emplace_back(buf);
  }
  ::freeaddrinfo(request.ar_result);
  delete lookup;
  r.metrics.push_back({"probe_dns_answer_rrs", {}, static_cast<double>(answers.size())});
  std::string joined;
  for (const auto& a : answers) joined += (joined.empty() ? "" : ", ") + a;
  r.value = r.duration_seconds;
  r.unit = "s";
  r.success = true;
  for (const auto& want : spec.expect_addresses) {
    // Compare addresses, not spellings: "::1" and "0:0::1" are the same.
    unsigned char a[16], b[16];
    int fam = want.find(':') == std::string::npos ? AF_INET : AF_INET6;
    bool found = false;
    if (::inet_pton(fam, want.c_str(), a) == 1)
      for (const auto& got : answers)
        if (::inet_pton(fam, got.c_str(), b) == 1 && std::memcmp(a, b, fam == AF_INET ? 4 : 16) == 0) found = true;
    if (!found) {
      r.success = false;
      r.message = spec.target + " resolves to " + (joined.empty() ? "nothing" : joined) + ", not " + want;
      finish(spec, r);
      return r;
    }
  }
  r.message = spec.target + " -> " + joined + " in " + format_value(r);
  finish(spec, r);
  return r;
}

}  // namespace mon::probe
