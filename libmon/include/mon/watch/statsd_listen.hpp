#pragma once
// `monctl watch --listen udp://HOST:PORT`: a StatsD server. Every address gets a UDP socket with
// a large receive buffer (a burst waits in the kernel instead of being dropped); one thread
// reads all of them, many datagrams per system call (recvmmsg), and parses each datagram's
// lines into a sink as they arrive (format::StatsdStream): arrival time is event time.
// Datagrams the kernel dropped because the buffer was full are counted from its own counter
// (SO_RXQ_OVFL on each datagram; /proc/net/udp's drops column for the final figure).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mon/format/codec.hpp"

namespace mon::watch {

struct ListenCounts {
  std::string address;            // as given: "udp://127.0.0.1:8125", "udp://[::1]:8125"
  std::size_t receive_buffer = 0;  // bytes the kernel granted (asked: StatsdServer's argument)
  std::uint64_t packets = 0;      // datagrams received
  std::uint64_t lines = 0;        // metric lines in them
  std::uint64_t malformed = 0;    // lines reported and skipped
  std::uint64_t truncated = 0;    // datagrams longer than 64 KiB (their lines are parsed as cut)
  std::uint64_t dropped = 0;      // datagrams the kernel dropped: the receive buffer was full
};

// The largest datagram read whole.
inline constexpr std::size_t kMaxDatagram = 64 * 1024;

// Checks the form of one address ("udp://HOST:PORT", PORT 1-65535, an IPv6 HOST in brackets)
// without resolving it. Throws mon::Error saying what is wrong.
void check_listen_address(const std::string& address);

class StatsdServer {
 public:
  // Binds every address ("udp://HOST:PORT"; HOST an IPv4 address, a name, or an IPv6 address
  // in brackets). Throws mon::Error naming the address that is malformed, does not resolve or
  // cannot be bound (a port in use).
  explicit StatsdServer(const std::vector<std::string>& addresses, std::size_t receive_buffer = 32u << 20);
  ~StatsdServer();
  StatsdServer(const StatsdServer&) = delete;
  StatsdServer& operator=(const StatsdServer&) = delete;

  // The counts so far, one per address, the kernel's drops as /proc/net/udp has them now; safe
  // from any thread while serve() runs (a packet being parsed may be counted, its lines not yet).
  std::vector<ListenCounts> counts() const;

  // Receives for ever, every packet's lines into sink. Returns only when the diagnostics say
  // stop; what the sink throws passes through. Throws mon::Error when receiving fails.
  void serve(format::Sink& sink, format::Diagnostics& diag, const format::ReadOptions& read);

 private:
  struct Socket {
    int fd = -1;
    bool ipv6 = false;
    unsigned long inode = 0;  // to find it in /proc/net/udp*
    std::string address;
    std::size_t receive_buffer = 0;
    std::atomic<std::uint64_t> packets{0}, lines{0}, malformed{0}, truncated{0}, dropped{0};
  };
  std::vector<std::unique_ptr<Socket>> sockets_;
};

}  // namespace mon::watch
