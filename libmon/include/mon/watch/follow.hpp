#pragma once
// Follows a file as `tail -F` does, and hands its bytes to a reader through a pipe, so that any
// format reader reads a followed file like a stream that never ends: the file is read from its
// start; then, at its end, the follower waits for more; a file replaced under the same name
// (log rotation) is read from the start of the new one once the old one is drained; a file cut
// shorter (truncation) is read again from its start; a file that does not exist yet is waited
// for. A line cut off by a rotation is ended with a newline rather than glued to the next file's.
#include <atomic>
#include <string>
#include <thread>

namespace mon::watch {

class Follower {
 public:
  // Throws mon::Error when the pipe cannot be made.
  explicit Follower(std::string path);
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;
  ~Follower();  // stops following and closes both ends

  int fd() const { return read_fd_; }  // the reader's end
  const std::string& path() const { return path_; }

 private:
  void loop();

  std::string path_;
  int read_fd_ = -1, write_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace mon::watch
