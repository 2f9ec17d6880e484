// The small helpers every subcommand shares: command-line durations and labels, the one -o
// output, atomic replacement through a symbolic link.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "mon/error.hpp"
#include "mon/io/output_file.hpp"
#include "mon/model/label_args.hpp"
#include "mon/time/duration.hpp"

using namespace std::chrono_literals;

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string temp_dir() {
  char tmpl[] = "/tmp/monctl-unit.XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  return tmpl;
}
}  // namespace

TEST_CASE("parse_cli_duration: timeout(1)'s forms and Prometheus durations") {
  using mon::time::parse_cli_duration;
  CHECK(parse_cli_duration("90") == 90s);
  CHECK(parse_cli_duration("1.5") == 1500ms);
  CHECK(parse_cli_duration("1.5s") == 1500ms);
  CHECK(parse_cli_duration("0.25m") == 15s);
  CHECK(parse_cli_duration("2h") == 2h);
  CHECK(parse_cli_duration("1d") == 24h);
  CHECK(parse_cli_duration(".5") == 500ms);
  CHECK(parse_cli_duration("0") == 0s);
  CHECK(parse_cli_duration("1m30s") == 90s);
  CHECK(parse_cli_duration("250ms") == 250ms);
  CHECK(parse_cli_duration("1w") == std::chrono::hours(24 * 7));
}

TEST_CASE("parse_cli_duration: negative, empty, garbage and huge values are refused") {
  using mon::time::parse_cli_duration;
  for (const char* bad : {"", "-1", "+1", "1.5.5", "1.5ms", "abc", "1x", ".", "1e3", "99999999999999999999", "nan"})
    CHECK_THROWS_AS(parse_cli_duration(bad), mon::Error);
}

TEST_CASE("parse_label_args: NAME=VALUE, sorted; bad names and repeats are errors naming the option") {
  auto labels = mon::model::parse_label_args({"zone=eu=1", "env=", "app=web"}, "--label");
  REQUIRE(labels.size() == 3);
  CHECK(labels[0].name == "app");
  CHECK(labels[1].name == "env");
  CHECK(labels[1].value == "");
  CHECK(labels[2].value == "eu=1");
  CHECK_THROWS_WITH_AS(mon::model::parse_label_args({"novalue"}, "--label"), doctest::Contains("--label \"novalue\""),
                       mon::Error);
  CHECK_THROWS_AS(mon::model::parse_label_args({"1x=a"}), mon::Error);
  CHECK_THROWS_AS(mon::model::parse_label_args({"__name__=a"}), mon::Error);
  CHECK_THROWS_WITH_AS(mon::model::parse_label_args({"a=1", "a=2"}), doctest::Contains("twice"), mon::Error);
}

TEST_CASE("OutputFile: an uncommitted file target keeps the previous content") {
  std::string dir = temp_dir();
  std::string path = dir + "/out.prom";
  mon::io::write_output(path, "old\n");
  {
    mon::io::OutputFile file(path);
    file.out().write("new, never committed\n");
    file.out().flush();
  }
  CHECK(slurp(path) == "old\n");
  {
    mon::io::OutputFile file(path);
    file.out().write("new\n");
    file.commit();
  }
  CHECK(slurp(path) == "new\n");
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("atomic replacement through a symbolic link writes the target and keeps the link") {
  std::string dir = temp_dir();
  REQUIRE(::mkdir((dir + "/real").c_str(), 0755) == 0);
  mon::io::write_output(dir + "/real/metrics.prom", "old\n");
  REQUIRE(::symlink("real/metrics.prom", (dir + "/link.prom").c_str()) == 0);
  mon::io::write_output(dir + "/link.prom", "new\n");
  struct stat st {};
  REQUIRE(::lstat((dir + "/link.prom").c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
  CHECK(slurp(dir + "/real/metrics.prom") == "new\n");
  // A dangling link creates its target.
  REQUIRE(::symlink("real/new.prom", (dir + "/dangling.prom").c_str()) == 0);
  mon::io::write_output(dir + "/dangling.prom", "x\n");
  CHECK(slurp(dir + "/real/new.prom") == "x\n");
  // A loop is an error, not a hang.
  REQUIRE(::symlink("loop2", (dir + "/loop1").c_str()) == 0);
  REQUIRE(::symlink("loop1", (dir + "/loop2").c_str()) == 0);
  CHECK_THROWS_AS(mon::io::write_output(dir + "/loop1", "x\n"), mon::Error);
  std::system(("rm -rf " + dir).c_str());
}
