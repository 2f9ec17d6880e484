// mon::host::sample_process_tree on our own fixture tree (tests/data/proc: 100 -> 101 -> 102,
// a zombie; 200 outside the tree), values worked out by hand from its stat, fd/ and io files.
// The tree is found both ways: through the children files (101 is the child of 100's second
// thread, 103) and through the parent pids of every stat.
#include <doctest/doctest.h>

#include <unistd.h>

#include <map>

#include "mon/host/process_tree.hpp"

using namespace mon;

namespace {

struct Collect : format::Sink {
  std::map<std::string, double> values;  // "name" or "name{mode}" -> value
  std::map<std::string, model::MetricType> types;
  std::int64_t stamp = 0;
  void family(const model::Family& f) override { types[f.name] = f.type; }
  void sample(const model::Family&, const model::Sample& s) override {
    values[s.labels.empty() ? s.name : s.name + "{" + s.labels[0].value + "}"] = s.value;
    stamp = s.timestamp_ms.value_or(-1);
  }
};

host::ProcessTreeOptions fixture(pid_t root, bool children_files) {
  host::ProcessTreeOptions o;
  o.proc_root = std::string(MONCTL_TEST_DATA) + "/proc";
  o.root = root;
  o.children_files = children_files;
  return o;
}

}  // namespace

TEST_CASE("process tree: the root and its descendants summed under process_* names") {
  for (bool children_files : {true, false}) {
    CAPTURE(children_files);
    Collect c;
    REQUIRE(host::sample_process_tree(fixture(100, children_files), c, 5000));
    const double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
    // utime+cutime: 250+30 (100), 100 (101), 5 (102, a zombie not yet folded into its parent).
    CHECK(c.values.at("process_cpu_seconds_total{user}") == doctest::Approx(385 / hz));
    CHECK(c.values.at("process_cpu_seconds_total{system}") == doctest::Approx(85 / hz));
    CHECK(c.values.at("process_resident_memory_bytes") == (2560 + 1024) * page);
    CHECK(c.values.at("process_threads") == 6);  // the zombie's thread is gone
    CHECK(c.values.at("process_open_fds") == 7);
    CHECK(c.values.at("process_io_read_bytes_total") == 1500);  // rchar, not read_bytes
    CHECK(c.values.at("process_io_write_bytes_total") == 2100);
    CHECK(c.values.at("process_count") == 2);
    CHECK(c.types.at("process_cpu_seconds_total") == model::MetricType::counter);
    CHECK(c.types.at("process_resident_memory_bytes") == model::MetricType::gauge);
    CHECK(c.stamp == 5000);
  }
}

TEST_CASE("process tree: a subtree, and a process outside it left out") {
  for (bool children_files : {true, false}) {
    CAPTURE(children_files);
    Collect c;
    REQUIRE(host::sample_process_tree(fixture(101, children_files), c, 0));
    CHECK(c.values.at("process_count") == 1);
    CHECK(c.values.at("process_threads") == 2);
    CHECK(c.values.at("process_io_read_bytes_total") == 500);
  }
}

TEST_CASE("process tree: a root that is gone or a zombie sends nothing") {
  Collect c;
  for (bool children_files : {true, false}) {
    CHECK_FALSE(host::sample_process_tree(fixture(4242, children_files), c, 0));
    CHECK_FALSE(host::sample_process_tree(fixture(102, children_files), c, 0));
  }
  CHECK(c.values.empty());
}

TEST_CASE("process tree: this test process, live") {
  for (bool children_files : {true, false}) {
    CAPTURE(children_files);
    Collect c;
    host::ProcessTreeOptions o;
    o.root = ::getpid();
    o.children_files = children_files;
    REQUIRE(host::sample_process_tree(o, c, 0));
    CHECK(c.values.at("process_count") >= 1);
    CHECK(c.values.at("process_resident_memory_bytes") > 0);
    CHECK(c.values.at("process_open_fds") >= 3);
    CHECK(c.values.at("process_threads") >= 1);
  }
}
