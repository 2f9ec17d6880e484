// statsd_send HOST PORT COUNT RATE [LINES]: sends COUNT StatsD datagrams to HOST:PORT (a
// numeric IPv4 or IPv6 address) at RATE datagrams per second, paced in batches of 64 by
// sendmmsg, each holding LINES metric lines (default 1): "bench_hits:1|c|#worker:W" with W
// cycling over 16 workers. Prints "sent N in S s: R packets/s" on stdout. For
// scripts/bench-watch-statsd; loopback only is what the bench uses.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: statsd_send HOST PORT COUNT RATE [LINES]\n");
    return 2;
  }
  const std::string host = argv[1];
  const int port = std::atoi(argv[2]);
  const long long count = std::atoll(argv[3]);
  const double rate = std::atof(argv[4]);
  const int lines = argc > 5 ? std::atoi(argv[5]) : 1;
  sockaddr_storage to{};
  socklen_t to_len;
  int family;
  if (auto* v4 = reinterpret_cast<sockaddr_in*>(&to); inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    to_len = sizeof *v4;
  } else if (auto* v6 = reinterpret_cast<sockaddr_in6*>(&to); inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    to_len = sizeof *v6;
  } else {
    std::fprintf(stderr, "statsd_send: %s is not a numeric address\n", host.c_str());
    return 2;
  }
  int fd = socket(family, SOCK_DGRAM, 0);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&to), to_len) != 0) {
    std::perror("statsd_send: socket");
    return 1;
  }
  constexpr int kBatch = 64;
  std::vector<std::string> payloads(16);
  for (int w = 0; w < 16; ++w)
    for (int l = 0; l < lines; ++l) payloads[w] += (l ? "\n" : "") + std::string("bench_hits:1|c|#worker:") + std::to_string(w);
  iovec iov[kBatch];
  mmsghdr msgs[kBatch];
  const auto start = std::chrono::steady_clock::now();
  long long sent = 0;
  while (sent < count) {
    int n = static_cast<int>(std::min<long long>(kBatch, count - sent));
    for (int i = 0; i < n; ++i) {
      const std::string& p = payloads[(sent + i) % 16];
      iov[i] = {const_cast<char*>(p.data()), p.size()};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int done = sendmmsg(fd, msgs, static_cast<unsigned>(n), 0);
    if (done < 0) {
      if (errno == ECONNREFUSED || errno == ENOBUFS || errno == EAGAIN) continue;  // nobody bound yet / queue full
      std::perror("statsd_send: sendmmsg");
      return 1;
    }
    sent += done;
    // Pacing: batch k leaves no earlier than k * batch / rate seconds after the start.
    auto due = start + std::chrono::duration<double>(static_cast<double>(sent) / rate);
    std::this_thread::sleep_until(due);
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("sent %lld in %.3f s: %.0f packets/s\n", sent, s, static_cast<double>(sent) / s);
  close(fd);
  return 0;
}
