// monctl's file channel: the webhook payload (version 4) appended to a file, a JSON line per
// notification, with one write(2) on an O_APPEND descriptor so that runs at once do not
// interleave. An error opening or writing is permanent: retrying will not make room or rights.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "channels.hpp"

namespace mon::notify::detail {

Prepared prepare_file(const FileConfig& c, const Notification& n, const DeliveryOptions&) {
  Prepared p;
  Selection s = select_alerts(n, c.send_resolved, c.max_alerts);
  if (s.alerts.empty()) {
    p.nothing_to_send = true;
    return p;
  }
  std::string body = webhook_payload(n, s);
  if (body.empty() || body.back() != '\n') body += '\n';
  std::string path = c.path;
  p.attempt = [path, body](long) {
    Attempt a;
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      a.message = "cannot open " + path + ": " + std::strerror(errno);
      return a;
    }
    ssize_t written = ::write(fd, body.data(), body.size());
    int err = errno;
    ::close(fd);
    if (written != static_cast<ssize_t>(body.size())) {
      a.message = "cannot append to " + path + ": " + (written < 0 ? std::strerror(err) : "short write");
      return a;
    }
    a.outcome = Outcome::delivered;
    a.message = "appended to " + path;
    return a;
  };
  return p;
}

}  // namespace mon::notify::detail
