// Running a job under supervision: exit statuses, signals, the timeout's escalation, process
// tree sampling, and the /proc parsing under it. Real child processes throughout.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "mon/proc/supervise.hpp"
#include "mon/proc/tree.hpp"

using namespace mon::proc;
using namespace std::chrono_literals;

namespace {

Supervised run(std::vector<std::string> words, SuperviseOptions options = {}) {
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  return supervise(argv.data(), options);
}

}  // namespace

TEST_CASE("time: parse_proc_stat takes the command name apart even with spaces and parentheses") {
  const char line[] =
      "4242 (a) b (c)) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 30 7 3 20 0 1 0 123 1000000 321 18446744073709551615";
  ProcStat st;
  REQUIRE(parse_proc_stat(line, sizeof line - 1, st));
  CHECK(st.pid == 4242);
  CHECK(st.state == 'S');
  CHECK(st.ppid == 17);
  CHECK(st.utime == 250);
  CHECK(st.stime == 30);
  CHECK(st.cutime == 7);
  CHECK(st.cstime == 3);
  CHECK(st.rss_pages == 321);
  CHECK_FALSE(parse_proc_stat("garbage", 7, st));
  CHECK_FALSE(parse_proc_stat("12 (short) S 1 2", 16, st));
}

TEST_CASE("time: sample_tree sees this process, and nothing for a pid that does not exist") {
  TreeUsage self = sample_tree(::getpid());
  CHECK(self.processes >= 1);
  CHECK(self.rss_bytes > 0);
  CHECK(sample_tree(0x7ffffff0).processes == 0);
}

TEST_CASE("time: exit codes and the child's own usage come back") {
  Supervised s = run({"sh", "-c", "exit 3"});
  CHECK(s.result.status.exited);
  CHECK(s.result.status.code == 3);
  CHECK_FALSE(s.timed_out);
  CHECK(s.wall_seconds > 0);
  CHECK(s.end >= s.start);
  CHECK(s.result.usage.max_rss_bytes > 0);
  CHECK(s.timeline.empty());
}

TEST_CASE("time: a job killed by a signal reports the signal") {
  Supervised s = run({"sh", "-c", "kill -USR1 $$"});
  CHECK_FALSE(s.result.status.exited);
  CHECK(s.result.status.signal == SIGUSR1);
}

TEST_CASE("time: commands that cannot start give 127 and 126") {
  try {
    run({"monctl-no-such-command-anywhere"});
    FAIL("expected SpawnError");
  } catch (const SpawnError& e) {
    CHECK(e.exit_status() == 127);
  }
  try {
    run({"/etc/hostname"});  // exists, not executable
    FAIL("expected SpawnError");
  } catch (const SpawnError& e) {
    CHECK(e.exit_status() == 126);
  }
}

TEST_CASE("time: the timeout sends SIGTERM, and SIGKILL when SIGTERM is ignored") {
  SuperviseOptions o;
  o.timeout = 100ms;
  o.group = GroupMode::own;
  Supervised s = run({"sleep", "30"}, o);
  CHECK(s.timed_out);
  CHECK_FALSE(s.killed);
  CHECK(s.result.status.signal == SIGTERM);

  o.kill_after = 100ms;
  Supervised k = run({"sh", "-c", "trap '' TERM; sleep 30"}, o);
  CHECK(k.timed_out);
  CHECK(k.killed);
  CHECK(k.result.status.signal == SIGKILL);
}

TEST_CASE("time: in a shared group the timeout still reaches the job's children") {
  SuperviseOptions o;
  o.timeout = 100ms;
  o.kill_after = 0ms;
  o.group = GroupMode::shared;
  // Without the descendants being signalled, the shell would wait 30 s for sleep.
  Supervised s = run({"sh", "-c", "trap '' TERM; sleep 30; true"}, o);
  CHECK(s.timed_out);
  CHECK_FALSE(s.own_group);
  CHECK(s.result.status.signal == SIGKILL);
}

TEST_CASE("time: an inherited SIG_IGN for SIGCHLD does not lose the child") {
  struct sigaction ign {}, old {};
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  ::sigaction(SIGCHLD, &ign, &old);
  Supervised s = run({"sh", "-c", "exit 5"});
  struct sigaction now {};
  ::sigaction(SIGCHLD, nullptr, &now);
  ::sigaction(SIGCHLD, &old, nullptr);
  CHECK(s.result.status.code == 5);
  bool restored = now.sa_handler == SIG_IGN;
  CHECK(restored);  // as it was
}

TEST_CASE("time: sampling follows the whole tree, whose peak is at least the largest process") {
  SuperviseOptions o;
  o.sample_every = 5ms;
  // Two children alive at once; the shell waits for both.
  Supervised s = run({"sh", "-c", "sleep 0.3 & sleep 0.3 & wait"}, o);
  REQUIRE_FALSE(s.timeline.empty());
  int most = 0;
  std::int64_t peak = 0;
  for (const auto& p : s.timeline) {
    most = std::max(most, p.processes);
    peak = std::max(peak, p.rss_bytes);
  }
  CHECK(peak > 0);  // a single point may be 0: a process caught exiting has let go of its memory
  CHECK(most == 3);
  CHECK(s.tree_peak_rss_bytes >= s.result.usage.max_rss_bytes);
  for (std::size_t i = 1; i < s.timeline.size(); ++i)
    CHECK(s.timeline[i].elapsed_seconds > s.timeline[i - 1].elapsed_seconds);
}

TEST_CASE("time: the signal mask is restored and nothing is left pending") {
  sigset_t before, after;
  ::pthread_sigmask(SIG_SETMASK, nullptr, &before);
  run({"true"});
  ::pthread_sigmask(SIG_SETMASK, nullptr, &after);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD})
    CHECK(sigismember(&before, sig) == sigismember(&after, sig));
}

TEST_CASE("time: a signal sent to the supervisor is passed on to the job's group") {
  SuperviseOptions o;
  o.group = GroupMode::own;
  // The job signals its supervisor (this test process), which must hand SIGTERM back to it.
  Supervised s = run({"sh", "-c", "kill -TERM $PPID; sleep 30 & wait"}, o);
  CHECK(s.result.status.signal == SIGTERM);
  REQUIRE(s.forwarded.size() == 1);
  CHECK(s.forwarded[0] == SIGTERM);
  CHECK_FALSE(s.timed_out);
}

TEST_CASE("time: a long sampled job keeps a bounded, evenly thinned timeline") {
  SuperviseOptions o;
  o.sample_every = 1ms;
  o.max_timeline_points = 8;
  Supervised s = run({"sleep", "0.3"}, o);
  CHECK(s.timeline.size() < 8);
  CHECK(s.timeline.size() >= 4);
  CHECK(s.timeline_stride >= 4);
  for (std::size_t i = 1; i < s.timeline.size(); ++i)
    CHECK(s.timeline[i].elapsed_seconds > s.timeline[i - 1].elapsed_seconds);
  CHECK(s.timeline[0].elapsed_seconds < 0.1);  // the start is kept through every thinning
  CHECK(s.tree_peak_rss_bytes > 0);
}
