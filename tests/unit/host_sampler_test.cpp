// mon::host: /proc read under node_exporter's names. Our own small fixture tree (tests/data/proc)
// with values worked out by hand; and, when the shared data is there, node_exporter's own
// fixture tree and what node_exporter printed for it.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "mon/host/sampler.hpp"
#include "prom_test_support.hpp"
#include "sample_inputs.hpp"

using namespace mon;

namespace {

struct Collect : format::Sink {
  std::map<std::string, double> values;  // "name{a="x",b="y"}" -> value
  std::map<std::string, model::MetricType> types;
  void family(const model::Family& f) override { types[f.name] = f.type; }
  void sample(const model::Family&, const model::Sample& s) override { values[key(s.name, s.labels)] = s.value; }
  static std::string key(const std::string& name, const model::Labels& labels) {
    std::string k = name;
    if (!labels.empty()) {
      k += "{";
      for (std::size_t i = 0; i < labels.size(); ++i) k += (i ? "," : "") + labels[i].name + "=\"" + labels[i].value + "\"";
      k += "}";
    }
    return k;
  }
};

Collect sample_dir(const std::string& root) {
  host::HostOptions o;
  o.proc_root = root;
  o.filesystems = false;
  Collect c;
  host::sample_host(o, c, 1000);
  return c;
}

}  // namespace

TEST_CASE("host: /proc/stat, meminfo, loadavg, diskstats and net/dev under node_exporter's names") {
  auto c = sample_dir(std::string(MONCTL_TEST_DATA) + "/proc");
  const double hz = 100;  // Linux's USER_HZ
  CHECK(c.values.at("node_cpu_seconds_total{cpu=\"0\",mode=\"user\"}") == doctest::Approx(2500 / hz));
  CHECK(c.values.at("node_cpu_seconds_total{cpu=\"1\",mode=\"steal\"}") == doctest::Approx(3 / hz));
  CHECK(c.values.at("node_cpu_guest_seconds_total{cpu=\"1\",mode=\"user\"}") == doctest::Approx(4 / hz));
  CHECK_FALSE(c.values.count("node_cpu_seconds_total{cpu=\"\",mode=\"user\"}"));  // the "cpu" total line is not a CPU
  CHECK(c.types.at("node_cpu_seconds_total") == model::MetricType::counter);
  CHECK(c.values.at("node_context_switches_total") == 987654);
  CHECK(c.values.at("node_boot_time_seconds") == 1764600000);
  CHECK(c.values.at("node_forks_total") == 4321);
  CHECK(c.values.at("node_intr_total") == 123456);
  CHECK(c.values.at("node_procs_running") == 3);
  CHECK(c.values.at("node_procs_blocked") == 1);
  CHECK(c.values.at("node_memory_MemTotal_bytes") == 8000000.0 * 1024);
  CHECK(c.values.at("node_memory_SwapFree_bytes") == 900000.0 * 1024);
  CHECK(c.values.at("node_memory_Active_anon_bytes") == 300000.0 * 1024);
  CHECK(c.values.at("node_memory_HugePages_Total") == 4);
  CHECK(c.values.at("node_load1") == 0.52);
  CHECK(c.values.at("node_load15") == 0.70);
  CHECK(c.values.at("node_disk_read_bytes_total{device=\"sda\"}") == 80000.0 * 512);
  CHECK(c.values.at("node_disk_io_time_seconds_total{device=\"sda\"}") == doctest::Approx(3.0));
  CHECK(c.values.at("node_disk_flush_requests_total{device=\"nvme0n1\"}") == 3);
  CHECK(c.values.at("node_disk_io_now{device=\"nvme0n1\"}") == 1);
  CHECK_FALSE(c.values.count("node_disk_read_bytes_total{device=\"sda1\"}"));   // a partition
  CHECK_FALSE(c.values.count("node_disk_read_bytes_total{device=\"loop0\"}"));  // a loop device
  CHECK(c.values.at("node_network_receive_bytes_total{device=\"eth0\"}") == 9876543);
  CHECK(c.values.at("node_network_receive_multicast_total{device=\"eth0\"}") == 3);
  CHECK(c.values.at("node_network_transmit_drop_total{device=\"eth0\"}") == 1);
  CHECK(c.values.at("node_network_transmit_bytes_total{device=\"lo\"}") == 123456);
}

TEST_CASE("host: a missing /proc file yields no samples and no error") {
  auto c = sample_dir("/nonexistent/proc");
  CHECK(c.values.empty());
}

TEST_CASE("host: the live host's filesystems are measured with statfs and / is among them") {
  host::HostOptions o;
  Collect c;
  host::sample_host(o, c, 0);
  bool root = false;
  for (const auto& [k, v] : c.values)
    if (k.starts_with("node_filesystem_size_bytes{") && k.find("mountpoint=\"/\"") != std::string::npos) root = v > 0;
  CHECK(root);
  CHECK(c.values.count("node_memory_MemTotal_bytes") == 1);
}

TEST_CASE("host: node_exporter's fixture tree gives what node_exporter printed for it") {
  if (sample_inputs::skip_without_shared("upstream/node_exporter/collector/fixtures")) return;
  auto root = sample_inputs::shared("upstream/node_exporter/collector/fixtures");
  auto c = sample_dir((root / "proc").string());
  std::ifstream in(root / "e2e-output.txt");
  std::stringstream text;
  text << in.rdbuf();
  auto expected = prom_test::read_prom(text.str());
  int compared = 0;
  for (const auto& s : expected.samples()) {
    const std::string& n = s.name;
    bool ours = n.starts_with("node_cpu_seconds_total") || n.starts_with("node_cpu_guest_seconds_total") ||
                n == "node_context_switches_total" || n == "node_boot_time_seconds" || n == "node_forks_total" ||
                n == "node_intr_total" || n == "node_procs_running" || n == "node_procs_blocked" ||
                n.starts_with("node_load") || (n.starts_with("node_memory_") && !n.starts_with("node_memory_numa_")) ||
                (n.starts_with("node_disk_") && n.ends_with("_total")) || n == "node_disk_io_now";
    if (!ours) continue;
    std::string k = Collect::key(s.name, s.labels);
    INFO(k);
    auto it = c.values.find(k);
    REQUIRE(it != c.values.end());
    CHECK(it->second == doctest::Approx(s.value).epsilon(1e-12));
    ++compared;
  }
  CHECK(compared > 200);
}
