// Supervising one child: the forwarded signals and SIGCHLD are blocked and taken with
// sigtimedwait(2), whose timeout is the next event (a sample, the deadline, the SIGKILL after
// it), so the wait costs nothing while the job runs and nothing is polled. The child is
// spawned with the signal mask we were started with, and keeps the signals we were started
// ignoring ignored (exec resets only handled signals), so it runs exactly as it would
// have run without us: `nohup monctl time -- job` leaves the job immune to SIGHUP, and a job
// started with `&` from a script still ignores SIGINT. It is forked, not vforked, so that its max RSS
// is its own (see SpawnOptions::own_rss_peak), and it dies with us (parent_death_signal). The escalation follows timeout(1): SIGTERM (and SIGCONT, in case
// the job is stopped), then SIGKILL once kill_after has passed.
#include "mon/proc/supervise.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mon/error.hpp"
#include "mon/proc/tree.hpp"

namespace mon::proc {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kForwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

// Blocks the signals we wait for and makes sure SIGCHLD is not ignored (an inherited SIG_IGN
// would make the kernel reap the child itself, and wait4 would fail with ECHILD). Restores
// both on the way out, after draining what is still pending so that a signal meant for the
// job does not hit us once it is over.
class SignalScope {
 public:
  explicit SignalScope(const sigset_t& set) : set_(set) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(SIGCHLD, &dfl, &old_chld_);
    ::pthread_sigmask(SIG_BLOCK, &set_, &old_mask_);
  }
  ~SignalScope() {
    struct timespec zero {};
    while (::sigtimedwait(&set_, nullptr, &zero) > 0) {
    }
    ::pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
    ::sigaction(SIGCHLD, &old_chld_, nullptr);
  }
  const sigset_t& original_mask() const { return old_mask_; }
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

 private:
  sigset_t set_;
  sigset_t old_mask_;
  struct sigaction old_chld_ {};
};

bool ignored_now(int sig) {
  struct sigaction sa {};
  return ::sigaction(sig, nullptr, &sa) == 0 && sa.sa_handler == SIG_IGN;
}

// Signals the job: its whole group when it has one; otherwise the child and its descendants
// found in /proc (they share our group, which we must not signal).
void signal_job(pid_t pid, bool own_group, int sig) {
  if (own_group) {
    ::kill(-pid, sig);
    return;
  }
  auto rest = descendants(pid);
  ::kill(pid, sig);
  for (pid_t p : rest) ::kill(p, sig);
}

struct timespec to_timespec(Clock::duration d) {
  if (d < Clock::duration::zero()) d = Clock::duration::zero();
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  struct timespec ts {};
  ts.tv_sec = static_cast<time_t>(ns / 1000000000);
  ts.tv_nsec = static_cast<long>(ns % 1000000000);
  return ts;
}

}  // namespace

bool in_terminal_foreground() {
  for (int fd = 0; fd <= 2; ++fd)
    if (::isatty(fd) == 1 && ::tcgetpgrp(fd) == ::getpgrp()) return true;
  return false;
}

Supervised supervise(char* const argv[], const SuperviseOptions& options) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  bool forward[NSIG] = {};
  for (int sig : kForwarded) {
    sigaddset(&set, sig);
    forward[sig] = !ignored_now(sig);  // nohup's SIGHUP stays ignored
  }
  SignalScope scope(set);

  Supervised out;
  out.own_group = options.group == GroupMode::own ||
                  (options.group == GroupMode::automatic && !in_terminal_foreground());

  out.start = std::chrono::system_clock::now();
  const Clock::time_point t0 = Clock::now();
  // The job starts with the mask and dispositions monctl itself started with.
  SpawnOptions spawn_options;
  spawn_options.new_process_group = out.own_group;
  spawn_options.inherit_mask = &scope.original_mask();
  // Killed with us, even by SIGKILL (a CI or Nagios timeout killing our process group, an OOM
  // kill): the job must not run on with PPID 1. What the job started itself is in its group,
  // which any signal we can still catch reaches through the forwarding below.
  spawn_options.parent_death_signal = SIGKILL;
  spawn_options.own_rss_peak = true;  // the job's max RSS is its own, not ours
  const pid_t pid = spawn(argv, spawn_options);

  std::optional<Clock::time_point> deadline, kill_deadline, next_sample;
  if (options.timeout) deadline = t0 + std::chrono::duration_cast<Clock::duration>(*options.timeout);
  Clock::duration every{};
  std::size_t samples = 0;
  if (options.sample_every) {
    every = std::max<Clock::duration>(std::chrono::duration_cast<Clock::duration>(*options.sample_every),
                                      std::chrono::milliseconds(1));
    next_sample = t0;
  }

  for (;;) {
    if (try_wait(pid, out.result)) break;
    Clock::time_point now = Clock::now();
    if (next_sample && now >= *next_sample) {
      TreeUsage u = sample_tree(pid);
      if (u.processes > 0) {
        out.tree_peak_rss_bytes = std::max(out.tree_peak_rss_bytes, u.rss_bytes);
        const TreePoint point{std::chrono::duration<double>(now - t0).count(), u.processes, u.rss_bytes,
                              u.cpu_seconds};
        if (samples++ % out.timeline_stride == 0) out.timeline.push_back(point);
        if (options.on_sample) options.on_sample(point);
        if (out.timeline.size() >= std::max<std::size_t>(options.max_timeline_points, 2)) {
          // Full: keep every other point, and from now on every other sample as well.
          std::size_t kept = 0;
          for (std::size_t i = 0; i < out.timeline.size(); i += 2) out.timeline[kept++] = out.timeline[i];
          out.timeline.resize(kept);
          out.timeline_stride *= 2;  // the kept points are the samples whose index is a multiple of it
        }
      }
      *next_sample += every;
      if (*next_sample <= now) *next_sample = now + every;  // fell behind: skip, do not burst
    }
    if (deadline && !out.timed_out && now >= *deadline) {
      out.timed_out = true;
      signal_job(pid, out.own_group, SIGTERM);
      signal_job(pid, out.own_group, SIGCONT);
      kill_deadline = now + std::chrono::duration_cast<Clock::duration>(options.kill_after);
    }
    if (kill_deadline && !out.killed && now >= *kill_deadline) {
      out.killed = true;
      signal_job(pid, out.own_group, SIGKILL);
    }

    std::optional<Clock::time_point> wake;
    for (const auto& t : {next_sample, out.timed_out ? std::nullopt : deadline,
                          out.killed ? std::nullopt : kill_deadline})
      if (t && (!wake || *t < *wake)) wake = t;
    siginfo_t info{};
    int sig;
    if (wake) {
      struct timespec ts = to_timespec(*wake - Clock::now());
      sig = ::sigtimedwait(&set, &info, &ts);
    } else {
      sig = ::sigwaitinfo(&set, &info);
    }
    if (sig < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      int e = errno;
      signal_job(pid, out.own_group, SIGKILL);
      (void)wait(pid);
      throw Error(std::string("cannot wait for signals: ") + std::strerror(e));
    }
    if (sig == SIGCHLD || !forward[sig]) continue;
    // In a shared group the terminal's Ctrl-C (sent by the kernel) reached the job already.
    if (!out.own_group && info.si_code == SI_KERNEL) continue;
    out.forwarded.push_back(sig);
    signal_job(pid, out.own_group, sig);
  }
  const Clock::time_point t1 = Clock::now();
  out.end = std::chrono::system_clock::now();
  out.wall_seconds = std::chrono::duration<double>(t1 - t0).count();
  if (options.sample_every)
    out.tree_peak_rss_bytes = std::max(out.tree_peak_rss_bytes, out.result.usage.max_rss_bytes);
  return out;
}

}  // namespace mon::proc
