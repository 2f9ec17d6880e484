// The StatsD server of mon/watch/statsd_listen.hpp: address parsing, binding, the receive loop.
#include "mon/watch/statsd_listen.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "mon/error.hpp"
#include "mon/format/number.hpp"
#include "mon/format/statsd_stream.hpp"

namespace mon::watch {

namespace {

constexpr unsigned kBatch = 64;  // datagrams per recvmmsg

std::string errno_text(int e) { return std::strerror(e); }

struct Address {
  std::string host, port;
};

// "udp://HOST:PORT" -> host and port; HOST may be "[v6]".
Address split_address(const std::string& text) {
  const std::string scheme = "udp://";
  if (text.rfind(scheme, 0) != 0) throw Error("--listen " + text + ": expected udp://HOST:PORT (e.g. udp://127.0.0.1:8125)");
  std::string rest = text.substr(scheme.size());
  Address a;
  std::size_t colon;
  if (!rest.empty() && rest[0] == '[') {
    std::size_t close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':')
      throw Error("--listen " + text + ": expected udp://[IPv6]:PORT (e.g. udp://[::1]:8125)");
    a.host = rest.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = rest.rfind(':');
    if (colon == std::string::npos) throw Error("--listen " + text + ": expected a port: udp://HOST:PORT");
    a.host = rest.substr(0, colon);
    if (a.host.find(':') != std::string::npos)
      throw Error("--listen " + text + ": expected an IPv6 address in brackets: udp://[" + a.host + "]:PORT");
  }
  a.port = rest.substr(colon + 1);
  if (a.host.empty()) throw Error("--listen " + text + ": expected a host before the port (e.g. udp://127.0.0.1:8125)");
  auto port = format::parse_int64(a.port);
  if (!port || *port < 1 || *port > 65535 || a.port.find_first_not_of("0123456789") != std::string::npos)
    throw Error("--listen " + text + ": expected a port from 1 to 65535, not \"" + a.port + "\"");
  return a;
}

// Cumulative drops of the socket with this inode in one /proc/net/udp* table, if there.
std::optional<std::uint64_t> proc_drops(const char* table, unsigned long inode) {
  std::ifstream in(table);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string f[13];
    for (auto& x : f) fields >> x;  // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    if (!fields) continue;
    if (f[9] != std::to_string(inode)) continue;
    auto drops = format::parse_int64(f[12]);
    if (drops && *drops >= 0) return static_cast<std::uint64_t>(*drops);
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

void check_listen_address(const std::string& address) { split_address(address); }

StatsdServer::StatsdServer(const std::vector<std::string>& addresses, std::size_t receive_buffer) {
  try {
    for (const auto& text : addresses) {
      Address a = split_address(text);
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_DGRAM;
      hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
      addrinfo* found = nullptr;
      if (int rc = ::getaddrinfo(a.host.c_str(), a.port.c_str(), &hints, &found); rc != 0)
        throw Error("--listen " + text + ": cannot resolve host \"" + a.host + "\": " + ::gai_strerror(rc));
      int fd = ::socket(found->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        int e = errno;
        ::freeaddrinfo(found);
        throw Error("--listen " + text + ": cannot open a UDP socket: " + errno_text(e));
      }
      auto& sock = *sockets_.emplace_back(std::make_unique<Socket>());
      sock.fd = fd;
      sock.ipv6 = found->ai_family == AF_INET6;
      sock.address = text;
      int one = 1;
      if (found->ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
      ::setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
      // A privileged process may pass net.core.rmem_max; anyone else gets at most that.
      int asked = static_cast<int>(receive_buffer);
      if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &asked, sizeof asked) != 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &asked, sizeof asked);
      int granted = 0;
      socklen_t len = sizeof granted;
      ::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &len);
      int bound = ::bind(fd, found->ai_addr, found->ai_addrlen);
      int e = errno;
      ::freeaddrinfo(found);
      if (bound != 0) throw Error("--listen " + text + ": cannot bind: " + errno_text(e));
      struct stat st {};
      ::fstat(fd, &st);
      sock.inode = static_cast<unsigned long>(st.st_ino);
      sock.receive_buffer = static_cast<std::size_t>(granted) / 2;  // Linux reports twice the size asked (its bookkeeping)
    }
  } catch (...) {
    for (const auto& sock : sockets_) ::close(sock->fd);
    throw;
  }
}

StatsdServer::~StatsdServer() {
  for (const auto& sock : sockets_) ::close(sock->fd);
}

std::vector<ListenCounts> StatsdServer::counts() const {
  std::vector<ListenCounts> all;
  for (const auto& sock : sockets_) {
    ListenCounts c;
    c.address = sock->address;
    c.receive_buffer = sock->receive_buffer;
    c.packets = sock->packets.load(std::memory_order_relaxed);
    c.lines = sock->lines.load(std::memory_order_relaxed);
    c.malformed = sock->malformed.load(std::memory_order_relaxed);
    c.truncated = sock->truncated.load(std::memory_order_relaxed);
    c.dropped = sock->dropped.load(std::memory_order_relaxed);
    // The drops after the last datagram received reach no SO_RXQ_OVFL: the kernel's table has them.
    if (auto now = proc_drops(sock->ipv6 ? "/proc/net/udp6" : "/proc/net/udp", sock->inode); now && *now > c.dropped)
      c.dropped = *now;
    all.push_back(std::move(c));
  }
  return all;
}

void StatsdServer::serve(format::Sink& sink, format::Diagnostics& diag, const format::ReadOptions& read) {
  format::StatsdStream stream(sink, diag, read);
  std::vector<char> buffers(std::size_t(kBatch) * kMaxDatagram);
  constexpr std::size_t kControl = CMSG_SPACE(sizeof(std::uint32_t));
  std::vector<char> controls(std::size_t(kBatch) * kControl);
  iovec iov[kBatch];
  mmsghdr msgs[kBatch];
  std::vector<pollfd> polls;
  for (const auto& sock : sockets_) polls.push_back({sock->fd, POLLIN, 0});
  for (;;) {
    if (::poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw Error("--listen: poll: " + errno_text(errno));
    }
    for (std::size_t s = 0; s < polls.size(); ++s) {
      if (!(polls[s].revents & (POLLIN | POLLERR))) continue;
      Socket& c = *sockets_[s];
      // Drain what waits, but hand the other sockets a turn after a few batches.
      for (int round = 0; round < 16; ++round) {
        for (unsigned i = 0; i < kBatch; ++i) {
          iov[i] = {buffers.data() + std::size_t(i) * kMaxDatagram, kMaxDatagram};
          msgs[i] = {};
          msgs[i].msg_hdr.msg_iov = &iov[i];
          msgs[i].msg_hdr.msg_iovlen = 1;
          msgs[i].msg_hdr.msg_control = controls.data() + std::size_t(i) * kControl;
          msgs[i].msg_hdr.msg_controllen = kControl;
        }
        int n = ::recvmmsg(c.fd, msgs, kBatch, MSG_DONTWAIT, nullptr);
        if (n < 0) {
          if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
          if (errno == ECONNREFUSED) continue;  // an ICMP error queued on the socket: not ours to mind
          throw Error(c.address + ": receive: " + errno_text(errno));
        }
        bool go_on = true;
        for (int i = 0; i < n && go_on; ++i) {
          const msghdr& h = msgs[i].msg_hdr;
          for (cmsghdr* cm = CMSG_FIRSTHDR(&h); cm; cm = CMSG_NXTHDR(const_cast<msghdr*>(&h), cm)) {
            if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_RXQ_OVFL) {
              std::uint32_t drops;
              std::memcpy(&drops, CMSG_DATA(cm), sizeof drops);
              c.dropped.store(drops, std::memory_order_relaxed);
            }
          }
          if (h.msg_flags & MSG_TRUNC) c.truncated.fetch_add(1, std::memory_order_relaxed);
          const std::uint64_t number = c.packets.fetch_add(1, std::memory_order_relaxed) + 1;
          std::uint64_t lines = stream.lines(), bad = stream.malformed();
          go_on = stream.packet(std::string_view(static_cast<const char*>(h.msg_iov->iov_base), msgs[i].msg_len),
                                c.address, number);
          c.lines.fetch_add(stream.lines() - lines, std::memory_order_relaxed);
          c.malformed.fetch_add(stream.malformed() - bad, std::memory_order_relaxed);
        }
        if (!go_on) return;
        if (n < static_cast<int>(kBatch)) break;
      }
    }
  }
}

}  // namespace mon::watch
