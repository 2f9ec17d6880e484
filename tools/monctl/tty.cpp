// The alternate screen and /dev/tty's mode, and their restoration on every way out; see tty.hpp.
// The state lives in globals because a signal handler and an atexit function restore it too;
// what they do is async-signal-safe (write, tcsetattr, a lock-free atomic).
#include "tty.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>

#include "mon/error.hpp"

namespace monctl {

namespace {

constexpr std::string_view kEnter = "\033[?1049h\033[?25l\033[H\033[2J";  // alternate screen, cursor hidden
constexpr std::string_view kLeave = "\033[?25h\033[?1049l";

std::atomic<bool> g_taken{false};  // the screen and the mode are ours, to give back
int g_out = -1;
int g_tty = -1;                    // /dev/tty, or -1
termios g_saved{};                 // its mode before
int g_pipe[2] = {-1, -1};          // wakes wait(): 'w' for wake(), 'r' for SIGWINCH
constexpr int kFatal[] = {SIGHUP, SIGQUIT, SIGABRT};
struct sigaction g_old_fatal[3], g_old_winch;
int g_stderr = -1;                 // the terminal's stderr, while fd 2 is g_held
int g_held = -1;                   // what was written to stderr meanwhile

// Messages written to stderr, a terminal too, would land in the middle of the view and be
// drawn over: while the screen is taken they go to a memory file, shown when it is given back.
void hold_stderr() {
  if (::isatty(STDERR_FILENO) != 1) return;
  g_held = ::memfd_create("monctl-stderr", MFD_CLOEXEC);
  g_stderr = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
  if (g_held < 0 || g_stderr < 0 || ::dup2(g_held, STDERR_FILENO) < 0) {
    if (g_held >= 0) ::close(g_held);
    if (g_stderr >= 0) ::close(g_stderr);
    g_held = g_stderr = -1;
  }
}

void release_stderr() {
  if (g_stderr < 0) return;
  ::dup2(g_stderr, STDERR_FILENO);
  ::lseek(g_held, 0, SEEK_SET);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(g_held, buf, sizeof buf)) > 0)
    write_all(STDERR_FILENO, std::string_view(buf, static_cast<std::size_t>(n)));
  ::close(g_held);
  ::close(g_stderr);
  g_held = g_stderr = -1;
}

// Gives the terminal back once, whoever calls first.
void give_back() {
  if (!g_taken.exchange(false)) return;
  write_all(g_out, kLeave);
  if (g_tty >= 0) ::tcsetattr(g_tty, TCSANOW, &g_saved);
  release_stderr();
}

extern "C" void at_exit_give_back() { give_back(); }

extern "C" void on_fatal(int sig) {
  give_back();
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

extern "C" void on_winch(int) {
  int saved = errno;
  [[maybe_unused]] ssize_t n = ::write(g_pipe[1], "r", 1);
  errno = saved;
}

void handle(int sig, void (*handler)(int), struct sigaction* old) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(sig, &sa, old);
}

}  // namespace

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

TermSize terminal_size(int fd) {
  winsize ws{};
  TermSize size;
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
    size.columns = ws.ws_col;
    size.rows = ws.ws_row;
  }
  return size;
}

Tty::Tty(int out_fd, Input input) : input_(input) {
  if (g_taken.load()) throw mon::Error("the terminal is already taken");
  if (::pipe2(g_pipe, O_NONBLOCK | O_CLOEXEC) != 0) throw mon::Error("pipe: cannot make one");
  g_out = out_fd;
  g_tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  termios mode{};
  if (g_tty >= 0 && ::tcgetattr(g_tty, &g_saved) == 0) {
    mode = g_saved;
    if (input == Input::keys) {
      mode.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
      mode.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL | BRKINT | INPCK | ISTRIP);
      mode.c_cc[VMIN] = 1;
      mode.c_cc[VTIME] = 0;
    } else {
      mode.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    }
  } else if (g_tty >= 0) {
    ::close(g_tty);
    g_tty = -1;
  }
  static bool registered = false;
  if (!registered) registered = std::atexit(at_exit_give_back) == 0;
  for (std::size_t i = 0; i < std::size(kFatal); ++i) handle(kFatal[i], on_fatal, &g_old_fatal[i]);
  handle(SIGWINCH, on_winch, &g_old_winch);
  hold_stderr();
  g_taken.store(true);
  if (g_tty >= 0) ::tcsetattr(g_tty, TCSANOW, &mode);
  write_all(g_out, kEnter);
}

Tty::~Tty() {
  restore();
  ::close(g_pipe[0]);
  ::close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
  if (g_tty >= 0) ::close(g_tty);
  g_tty = -1;
}

void Tty::restore() {
  bool was = g_taken.load();
  give_back();
  if (!was) return;
  for (std::size_t i = 0; i < std::size(kFatal); ++i) ::sigaction(kFatal[i], &g_old_fatal[i], nullptr);
  ::sigaction(SIGWINCH, &g_old_winch, nullptr);
}

bool Tty::has_keys() const { return input_ == Input::keys && g_tty >= 0; }

Tty::Event Tty::wait(std::string& keys, int timeout_ms) {
  pollfd fds[2] = {{g_pipe[0], POLLIN, 0}, {has_keys() ? g_tty : -1, POLLIN, 0}};
  int n = ::poll(fds, 2, timeout_ms);
  if (n <= 0) return Event::timeout;  // EINTR (SIGWINCH) also lands here; its byte comes next
  if (fds[0].revents & POLLIN) {
    char buf[64];
    bool woken = false;
    ssize_t got;
    while ((got = ::read(g_pipe[0], buf, sizeof buf)) > 0)
      for (ssize_t i = 0; i < got; ++i) woken = woken || buf[i] == 'w';
    return woken ? Event::woken : Event::resize;
  }
  if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
    char buf[256];
    ssize_t got = ::read(g_tty, buf, sizeof buf);
    if (got <= 0) {  // the terminal went away: no more keys
      input_ = Input::no_echo;
      return Event::timeout;
    }
    keys.append(buf, static_cast<std::size_t>(got));
    return Event::keys;
  }
  return Event::timeout;
}

void Tty::wake() {
  [[maybe_unused]] ssize_t n = ::write(g_pipe[1], "w", 1);
}

}  // namespace monctl
