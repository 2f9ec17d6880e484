// The run loop of monctl bench on real processes: order of setup/prepare/conclude/cleanup, run
// counts, failures, timeouts, interleaving, input. Asserts events and counts, never durations.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "mon/bench/runner.hpp"

using namespace mon::bench;

namespace {

std::string temp_dir() {
  char tmpl[] = "/tmp/monctl-bench-test.XXXXXX";
  const char* d = ::mkdtemp(tmpl);
  REQUIRE(d != nullptr);
  return d;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Benchmark> plan(std::initializer_list<std::string> commands) {
  return expand(std::vector<std::string>(commands), {}, std::nullopt, {});
}

}  // namespace

TEST_CASE("runner: hooks run in order around every run, setup and cleanup once") {
  std::string dir = temp_dir();
  std::string log = dir + "/log";
  RunOptions o;
  o.runs = 2;
  o.warmup = 1;
  o.setup = "sh -c 'echo setup >> " + log + "'";
  o.prepare = "sh -c 'echo prepare >> " + log + "'";
  o.conclude = "sh -c 'echo conclude >> " + log + "'";
  o.cleanup = "sh -c 'echo cleanup >> " + log + "'";
  Runner runner(plan({"sh -c 'echo run >> " + log + "'"}), o);
  Progress quiet;
  auto results = runner.run(quiet);
  REQUIRE(results.size() == 1);
  CHECK(results[0].wall.size() == 2);
  CHECK(results[0].max_rss.size() == 2);
  CHECK(results[0].failures == 0);
  CHECK(slurp(log) ==
        "setup\nprepare\nrun\nconclude\nprepare\nrun\nconclude\nprepare\nrun\nconclude\ncleanup\n");
  CHECK(results[0].rss_floor_bytes > 0);
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("runner: --min-runs and --max-runs bound the count") {
  RunOptions o;
  o.min_runs = 4;
  o.min_time_seconds = 0;
  Progress quiet;
  CHECK(Runner(plan({"true"}), o).run(quiet)[0].wall.size() == 4);
  RunOptions m;
  m.min_runs = 2;
  m.max_runs = 3;
  m.min_time_seconds = 3600;  // would be millions of runs of `true`
  CHECK(Runner(plan({"true"}), m).run(quiet)[0].wall.size() == 3);
}

TEST_CASE("runner: a failing run stops the benchmark unless failures are ignored") {
  RunOptions o;
  o.runs = 3;
  Progress quiet;
  Runner failing(plan({"false"}), o);
  CHECK_THROWS_WITH_AS(failing.run(quiet), doctest::Contains("'false' failed in run 1 (exit status 1)"), CommandFailed);
  o.ignore_failure = true;
  auto r = Runner(plan({"false"}), o).run(quiet);
  CHECK(r[0].wall.size() == 3);
  CHECK(r[0].failures == 3);
  CHECK(r[0].exits[0].code == 1);
  o.ignore_failure = false;
  o.prepare = "false";
  CHECK_THROWS_WITH_AS(Runner(plan({"true"}), o).run(quiet), doctest::Contains("the --prepare command 'false'"),
                       CommandFailed);
}

TEST_CASE("runner: a missing program is reported before anything runs") {
  RunOptions o;
  CHECK_THROWS_AS(Runner(plan({"true", "no-such-program-xyz"}), o), CommandNotFound);
  o.setup = "no-such-setup-xyz";
  CHECK_THROWS_AS(Runner(plan({"true"}), o), CommandNotFound);
}

TEST_CASE("runner: --timeout kills the run and marks it") {
  RunOptions o;
  o.runs = 1;
  o.timeout_seconds = 0.1;
  o.ignore_failure = true;
  Progress quiet;
  auto r = Runner(plan({"sleep 30"}), o).run(quiet);
  CHECK(r[0].timeouts == 1);
  CHECK(r[0].failures == 1);
  CHECK_FALSE(r[0].exits[0].exited);
  CHECK(r[0].exits[0].signal == 9);
}

TEST_CASE("runner: --interleave alternates the commands") {
  std::string dir = temp_dir();
  std::string log = dir + "/log";
  RunOptions o;
  o.runs = 3;
  o.interleave = true;
  Progress quiet;
  auto r = Runner(plan({"sh -c 'echo A >> " + log + "'", "sh -c 'echo B >> " + log + "'"}), o).run(quiet);
  CHECK(r[0].wall.size() == 3);
  CHECK(r[1].wall.size() == 3);
  CHECK(slurp(log) == "A\nB\nA\nB\nA\nB\n");
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("runner: --input feeds the same file to every run; shell time is calibrated") {
  std::string dir = temp_dir();
  std::ofstream(dir + "/in") << "hello\n";
  RunOptions o;
  o.runs = 3;
  o.input = dir + "/in";
  Progress quiet;
  Runner runner(plan({"read x && test \"$x\" = hello"}), o);  // fails if a run saw no input
  auto r = runner.run(quiet);
  CHECK(r[0].uses_shell);
  CHECK(r[0].failures == 0);
  CHECK(runner.shell_overhead_seconds() > 0);
  std::system(("rm -rf " + dir).c_str());
}
