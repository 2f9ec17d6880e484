#pragma once
// Reading input: a file or standard input, and a line reader over it in constant memory.
#include <cstdint>
#include <string>
#include <string_view>

namespace mon::io {

// An open input. "-" is standard input, named "<stdin>" in messages.
class InputFile {
 public:
  explicit InputFile(const std::string& path);  // throws mon::Error (missing, a directory, no permission)
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();
  int fd() const { return fd_; }
  const std::string& name() const { return name_; }

 private:
  int fd_ = -1;
  bool owned_ = false;
  std::string name_;
};

// Reads lines from a descriptor in chunks. Lines are returned without their '\n'. A line
// longer than max_line is not returned whole: next() reports too_long and skips to its end.
class LineReader {
 public:
  enum class Status { line, too_long, end };

  LineReader(int fd, std::string name, std::size_t max_line = 1 << 20);
  // `prefix`: bytes already read from fd (format detection), handed out first.
  LineReader(int fd, std::string name, std::string_view prefix, std::size_t max_line = 1 << 20);
  Status next(std::string_view& line);
  // Byte-oriented readers (a JSON array on one line): the next run of raw bytes, whatever
  // their lines. Returns false at end of input. Do not mix with next() on the same input.
  bool next_chunk(std::string_view& chunk);
  // Reads up to n bytes ahead without consuming them (detection). Returns what is there.
  std::string_view peek(std::size_t n);
  // For streams that may pause (a pipe, a followed file): what is there once it holds a whole
  // line (or max bytes, or the input ended), without waiting for more. Not consumed.
  std::string_view peek_line(std::size_t max);
  // Readers that scan many short lines at once: the whole lines buffered now, each ending in
  // '\n' (empty when next() would have to read, and so might block: a stream's reader passes on
  // what it holds first), and consume(), which moves past `bytes` of them holding `lines` lines.
  // line_number() then counts them (the last one consumed).
  std::string_view buffered_lines() const {
    return lines_end_ > begin_ ? std::string_view(buf_.data() + begin_, lines_end_ - begin_) : std::string_view();
  }
  void consume(std::size_t bytes, std::uint64_t lines) {
    begin_ += bytes;
    line_no_ += lines;
    unterminated_ = false;
  }
  std::uint64_t line_number() const { return line_no_; }  // of the line last returned
  // True when the line last returned had no '\n' (the input was cut off).
  bool unterminated() const { return unterminated_; }
  const std::string& name() const { return name_; }
  std::uint64_t bytes_read() const { return total_; }

 private:
  bool fill();  // reads more; false at end of input
  void note_lines(std::size_t from);  // lines_end_ after bytes from `from` on arrived

  int fd_;
  std::string name_;
  std::size_t max_line_;
  std::string buf_;
  std::size_t begin_ = 0, end_ = 0;
  std::size_t lines_end_ = 0;  // one past the last '\n' in the buffer (0: none)
  std::uint64_t line_no_ = 0, total_ = 0;
  bool eof_ = false, unterminated_ = false;
};

}  // namespace mon::io
