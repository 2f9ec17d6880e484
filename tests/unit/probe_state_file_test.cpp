// The --state file on disk: only a file that carries the state header is monctl's to replace or
// to set aside; anything else (`--state probes.yaml`) is refused and left as it was. Reading
// (probe history) creates no file at all.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mon/error.hpp"
#include "mon/probe/state.hpp"
#include "mon/probe/textfile.hpp"

using namespace mon::probe;
namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "monctl-state-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}
Result one(const std::string& name) {
  Result r;
  r.name = name;
  r.status = Status::ok;
  r.duration_seconds = 0.1;
  return r;
}
}  // namespace

TEST_CASE("probe state: a file without the state header is refused and left as it was") {
  TempDir d;
  const std::string config = "probes:\n  - {name: a, type: load}\n";
  for (const std::string& foreign : {config, std::string("not a state file\n"), std::string("# monctl probe state 2\n"),
                                     std::string("# monctl probe state 1x\n")}) {
    fs::path p = d.path / "probes.yaml";
    write(p, foreign);
    std::vector<std::string> warnings;
    for (bool exclusive : {true, false}) {
      try {
        StateFile s(p.string(), exclusive, [&](const std::string& w) { warnings.push_back(w); });
        FAIL("not refused: " << foreign);
      } catch (const mon::Error& e) {
        CHECK(std::string(e.what()).starts_with(p.string() + " is not a monctl probe state file: "));
        CHECK(std::string(e.what()).find("left untouched") != std::string::npos);
      }
    }
    CHECK(warnings.empty());
    CHECK(read(p) == foreign);
    CHECK(names_in(d.path) == std::vector<std::string>{"probes.yaml"});  // no lock file, nothing set aside
  }
}

TEST_CASE("probe state: a state file that does not parse is set aside, an empty one starts afresh") {
  TempDir d;
  fs::path p = d.path / "state";
  write(p, "# monctl probe state 1\nbroken line\n");
  std::vector<std::string> warnings;
  {
    StateFile s(p.string(), true, [&](const std::string& w) { warnings.push_back(w); });
    CHECK(s.history().empty());
    s.save({one("a")}, 10);
  }
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("corrupt state file moved to " + p.string() + ".corrupt-") != std::string::npos);
  auto names = names_in(d.path);
  REQUIRE(names.size() == 3);  // state, state.corrupt-T, state.lock
  CHECK(names[1].starts_with("state.corrupt-"));
  CHECK(read(d.path / names[1]) == "# monctl probe state 1\nbroken line\n");
  CHECK(read(p).starts_with("# monctl probe state 1\na\t"));

  fs::path empty = d.path / "empty";
  write(empty, "");
  {
    StateFile s(empty.string(), true, nullptr);
    s.save({one("b")}, 10);
  }
  CHECK(read(empty).starts_with("# monctl probe state 1\nb\t"));
}

TEST_CASE("probe state: reading the history creates no lock file and no state file") {
  TempDir d;
  fs::path p = d.path / "state";
  write(p, "# monctl probe state 1\na\t1000\tOK\t0.5\t0.5\tfine\n");
  {
    StateFile s(p.string(), false, nullptr);
    CHECK(s.history().at("a").size() == 1);
  }
  CHECK(names_in(d.path) == std::vector<std::string>{"state"});
  fs::path missing = d.path / "missing";
  { StateFile s(missing.string(), false, nullptr); }
  CHECK(names_in(d.path) == std::vector<std::string>{"state"});
}

TEST_CASE("probe textfile: the file is named after the config file or the first probe") {
  Spec s;
  s.name = "api:8080/health";
  CHECK(textfile_name("", {s}) == "monctl_probe_api_8080_health.prom");
  CHECK(textfile_name("/etc/monctl/web.prod.yaml", {s}) == "monctl_probe_web.prom");
  CHECK(textfile_name("probes.yaml", {s}) == "monctl_probe_probes.prom");
  CHECK(textfile_name("/etc/.yaml", {s}) == "monctl_probe_run.prom");
}
