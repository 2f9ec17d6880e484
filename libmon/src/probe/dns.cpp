// The DNS prober: resolves a name through the system resolver (getaddrinfo on a thread of its
// own, so that a timeout is honoured) for A or AAAA records, and checks that every expected
// address is among the answers. Unlike blackbox_exporter it asks the machine's own resolver (nsswitch,
// /etc/hosts), which is what the services on this machine will see.
#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "mon/probe/probers.hpp"

namespace mon::probe {

Result probe_dns(const Spec& spec) {
  Result r = start_result(spec);
  auto t0 = std::chrono::steady_clock::now();
  // getaddrinfo(3) has no timeout: it runs on a thread of its own, and the probe waits at most
  // spec.timeout for it. A lookup that outlives the timeout is abandoned; its thread frees what
  // it found when it finishes. (glibc's getaddrinfo_a would do the same, but its internal
  // threads are invisible to ThreadSanitizer.)
  struct Lookup {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false, abandoned = false;
    int rc = 0, error_number = 0;
    addrinfo* result = nullptr;
  };
  auto lookup = std::make_shared<Lookup>();
  std::thread([lookup, name = spec.target, family = spec.dns_family] {
    addrinfo hints{};
    hints.ai_family = family == 6 ? AF_INET6 : AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* result = nullptr;
    int rc = ::getaddrinfo(name.c_str(), nullptr, &hints, &result);
    int e = errno;
    std::lock_guard lock(lookup->mutex);
    if (lookup->abandoned) {
      if (rc == 0) ::freeaddrinfo(result);
      return;
    }
    lookup->rc = rc;
    lookup->error_number = e;
    lookup->result = rc == 0 ? result : nullptr;
    lookup->done = true;
    lookup->done_cv.notify_all();
  }).detach();
  int rc = 0, error_number = 0;
  addrinfo* answers_list = nullptr;
  bool timed_out = false;
  {
    std::unique_lock lock(lookup->mutex);
    if (!lookup->done_cv.wait_until(lock, t0 + spec.timeout, [&] { return lookup->done; })) {
      lookup->abandoned = true;
      timed_out = true;
    } else {
      rc = lookup->rc;
      error_number = lookup->error_number;
      answers_list = lookup->result;
    }
  }
  r.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.metrics.push_back({"probe_dns_lookup_time_seconds", {}, r.duration_seconds});
  if (timed_out) {
    r.message = "DNS failure: timed out after " + time::format_duration(spec.timeout);
    finish(spec, r);
    return r;
  }
  if (rc != 0) {
    r.message = std::string("DNS failure: ") + spec.target + ": " +
                (rc == EAI_SYSTEM ? std::strerror(error_number) : ::gai_strerror(rc));
    r.metrics.push_back({"probe_dns_answer_rrs", {}, 0});
    finish(spec, r);
    return r;
  }
  std::vector<std::string> answers;
  for (addrinfo* a = answers_list; a; a = a->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (a->ai_family == AF_INET)
      ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr, buf, sizeof buf);
    else if (a->ai_family == AF_INET6)
      ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr, buf, sizeof buf);
    else
      continue;
    if (std::find(answers.begin(), answers.end(), buf) == answers.end()) answers.emplace_back(buf);
  }
  ::freeaddrinfo(answers_list);
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
