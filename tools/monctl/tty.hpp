#pragma once
// The terminal of a full-screen view: the alternate screen on the output, and the controlling
// terminal (/dev/tty, so that keys come in even when the data arrives on stdin) in raw mode or
// merely without echo. Whatever the way out -- the destructor, restore(), exit(), a fatal
// signal (SIGHUP, SIGQUIT, SIGABRT) -- the terminal is left as it was found. What is written
// to stderr meanwhile, when that is a terminal, is held and written out then. One at a time.
#include <cstddef>
#include <string_view>

namespace monctl {

struct TermSize {
  std::size_t columns = 80, rows = 24;
};

// The size of the terminal on fd; 80x24 when it does not say.
TermSize terminal_size(int fd);

// Writes all of text to fd, retrying short writes; errors are ignored (a view has nowhere to
// report them).
void write_all(int fd, std::string_view text);

class Tty {
 public:
  enum class Input {
    keys,     // raw: every key as it is typed, no echo, no signals from Ctrl-C (a key like any)
    no_echo,  // the terminal is the data's input: lines as usual, but not echoed over the view
  };
  // Enters the alternate screen on out_fd (cursor hidden) and sets /dev/tty's mode. Without a
  // controlling terminal, only the screen is taken and no key ever comes.
  Tty(int out_fd, Input input);
  ~Tty();
  Tty(const Tty&) = delete;
  Tty& operator=(const Tty&) = delete;

  // Leaves the alternate screen and puts /dev/tty back as it was. Idempotent.
  void restore();
  bool has_keys() const;

  enum class Event { keys, resize, woken, timeout };
  // Waits up to timeout_ms for keys (appended to `keys`), a resize (SIGWINCH) or wake().
  Event wait(std::string& keys, int timeout_ms);
  // From another thread: the wait() under way, or the next, returns woken.
  void wake();

 private:
  Input input_;
};

}  // namespace monctl
