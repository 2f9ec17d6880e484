// The running plugins' process groups and the signal cleanup that kills them; see cleanup.hpp
// and command_groups.hpp. Listing and killing meet like Dekker's two flags: a spawn raises
// `spawning` and then reads `stopping`; the handler raises `stopping` and then waits for
// `spawning` to drop. With sequentially consistent atomics one of them sees the other, so a
// plugin is either never started or listed before the handler kills the list.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <array>
#include <atomic>

#include "command_groups.hpp"
#include "mon/probe/cleanup.hpp"

namespace mon::probe {

namespace detail {

namespace {
// More than the most plugins at once (--workers is at most 256, plus the calling thread).
constexpr std::size_t kSlots = 512;
std::array<std::atomic<pid_t>, kSlots> g_groups{};
std::atomic<int> g_spawning{0};
std::atomic<bool> g_stopping{false};
static_assert(std::atomic<pid_t>::is_always_lock_free && std::atomic<int>::is_always_lock_free &&
              std::atomic<bool>::is_always_lock_free, "the signal handler needs lock-free atomics");

sigset_t cleanup_signals() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGTERM);
  sigaddset(&s, SIGINT);
  sigaddset(&s, SIGHUP);
  return s;
}
}  // namespace

CommandGroup::CommandGroup(const std::vector<std::string>& argv, proc::SpawnOptions options) {
  sigset_t hold = cleanup_signals(), saved;
  ::pthread_sigmask(SIG_BLOCK, &hold, &saved);
  struct Unhold {
    sigset_t* mask;
    ~Unhold() { ::pthread_sigmask(SIG_SETMASK, mask, nullptr); }
  } unhold{&saved};
  g_spawning.fetch_add(1);
  struct Listed {
    ~Listed() { g_spawning.fetch_sub(1); }
  } listed;
  if (g_stopping.load()) throw Error("not started: a signal is ending monctl");
  options.new_process_group = true;
  // Dies with the thread that spawned it, which waits for it: with monctl, however monctl dies.
  options.parent_death_signal = SIGKILL;
  pid_ = proc::spawn(argv, options);
  for (std::size_t i = 0; i < kSlots; ++i) {
    pid_t free_slot = 0;
    if (g_groups[i].compare_exchange_strong(free_slot, pid_)) {
      slot_ = static_cast<int>(i);
      break;
    }
  }
  // No free slot cannot happen with at most 257 plugins at once; the death signal still holds.
}

void CommandGroup::unlist() {
  if (slot_ >= 0) g_groups[static_cast<std::size_t>(slot_)].store(0);
  slot_ = -1;
}

CommandGroup::~CommandGroup() { unlist(); }

void kill_command_groups() noexcept {
  g_stopping.store(true);
  // The spawning thread holds these signals off, so this handler runs elsewhere and the wait is
  // for a vfork and one store: microseconds.
  while (g_spawning.load() != 0) ::sched_yield();
  for (auto& g : g_groups)
    if (pid_t pgid = g.load(); pgid > 0) ::kill(-pgid, SIGKILL);
}

}  // namespace detail

namespace {
extern "C" void on_cleanup_signal(int sig) {
  int saved_errno = errno;
  detail::kill_command_groups();
  // End by the same signal: default action back, then raise it. It is blocked while this
  // handler runs and is delivered, with the default action, the moment the handler returns.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  ::raise(sig);
  errno = saved_errno;
}
}  // namespace

SignalCleanup::SignalCleanup() {
  struct sigaction sa {};
  sa.sa_handler = on_cleanup_signal;
  sa.sa_mask = detail::cleanup_signals();
  for (std::size_t i = 0; i < 3; ++i) {
    struct sigaction old {};
    if (::sigaction(kSignals[i], nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;  // nohup stays nohup
    if (::sigaction(kSignals[i], &sa, &previous_[i]) == 0) installed_[i] = true;
  }
}

SignalCleanup::~SignalCleanup() {
  for (std::size_t i = 0; i < 3; ++i)
    if (installed_[i]) ::sigaction(kSignals[i], &previous_[i], nullptr);
}

}  // namespace mon::probe
