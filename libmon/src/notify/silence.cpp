#include "mon/notify/silence.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "mon/error.hpp"

namespace mon::notify {

std::string_view Silence::state(std::int64_t now_ms) const {
  if (now_ms < starts_at_ms) return "pending";
  if (now_ms >= ends_at_ms) return "expired";
  return "active";
}

std::string new_uuid() {
  std::array<unsigned char, 16> b{};
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(std::string("cannot open /dev/urandom: ") + std::strerror(errno));
  std::size_t got = 0;
  while (got < b.size()) {
    ssize_t n = ::read(fd, b.data() + got, b.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      throw Error("cannot read /dev/urandom");
    }
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 15];
  }
  return out;
}

std::vector<std::string> silenced_by(const std::vector<Silence>& silences, const model::Labels& labels,
                                     std::int64_t now_ms) {
  std::vector<std::string> ids;
  for (const auto& s : silences)
    if (s.silences(labels, now_ms)) ids.push_back(s.id);
  return ids;
}

void prune_silences(std::vector<Silence>& silences, std::int64_t now_ms, std::int64_t retention_ms) {
  silences.erase(std::remove_if(silences.begin(), silences.end(),
                                [&](const Silence& s) { return s.ends_at_ms + retention_ms < now_ms; }),
                 silences.end());
}

}  // namespace mon::notify
