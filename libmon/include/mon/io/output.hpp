#pragma once
// A buffered writer on a file descriptor. Codecs append to buffer() directly; the buffer is
// flushed when it grows past a threshold, so memory stays constant whatever is written.
#include <string>
#include <string_view>

namespace mon::io {

class Output {
 public:
  // Does not own fd. `name` is used in error messages ("<stdout>", a path).
  Output(int fd, std::string name);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();  // flushes, ignoring errors: call flush() to see them

  std::string& buffer() { return buf_; }
  void write(std::string_view s) {
    buf_.append(s);
    maybe_flush();
  }
  void put(char c) {
    buf_.push_back(c);
  }
  // Call after appending to buffer(); flushes once it holds 64 KiB.
  void maybe_flush() {
    if (buf_.size() >= kFlushAt) flush();
  }
  // Throws mon::Error naming the output on a write error (EPIPE included).
  void flush();
  const std::string& name() const { return name_; }
  int fd() const { return fd_; }

 private:
  static constexpr std::size_t kFlushAt = 64 * 1024;
  int fd_;
  std::string name_;
  std::string buf_;
};

}  // namespace mon::io
