// Reading and writing benchmark baselines; the schema is in mon/bench/baseline.hpp.
#include "mon/bench/baseline.hpp"

#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "mon/error.hpp"
#include "mon/io/read_file.hpp"
#include "run_json.hpp"

namespace mon::bench {

namespace {

using Json = nlohmann::ordered_json;
constexpr std::size_t kMaxBaselineBytes = 256u << 20;

std::string proc_value(const char* file, const char* key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? std::string() : line.substr(start);
  }
  return {};
}

[[noreturn]] void bad(const std::string& path, const std::string& what) { throw Error(path + ": " + what); }

std::vector<double> numbers(const std::string& path, const std::string& where, const Json& arr, bool required) {
  std::vector<double> out;
  if (!arr.is_array()) {
    if (required) bad(path, where + " is not an array of numbers");
    return out;
  }
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_number()) bad(path, where + "[" + std::to_string(i) + "] is not a number");
    double v = arr[i].get<double>();
    if (!std::isfinite(v) || v < 0) bad(path, where + "[" + std::to_string(i) + "] is negative or not finite");
    out.push_back(v);
  }
  return out;
}

}  // namespace

Machine describe_machine() {
  Machine m;
  struct utsname u {};
  if (::uname(&u) == 0) {
    m.hostname = u.nodename;
    m.kernel = std::string(u.sysname) + " " + u.release;
  }
  m.cpu = proc_value("/proc/cpuinfo", "model name");
  m.cpus = static_cast<int>(std::thread::hardware_concurrency());
  std::string mem = proc_value("/proc/meminfo", "MemTotal");  // "8011456 kB"
  if (!mem.empty()) m.memory_bytes = std::atoll(mem.c_str()) * 1024;
  return m;
}

std::string to_string(const Machine& m) {
  std::ostringstream s;
  s << (m.cpu.empty() ? "unknown CPU" : m.cpu) << ", " << m.cpus << " CPUs";
  if (m.memory_bytes > 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(m.memory_bytes) / (1024.0 * 1024 * 1024));
    s << ", " << buf;
  }
  if (!m.kernel.empty()) s << ", " << m.kernel;
  if (!m.hostname.empty()) s << " (" << m.hostname << ")";
  return s.str();
}

std::size_t Baseline::count(const std::string& command, const std::vector<Parameter>& parameters) const {
  return static_cast<std::size_t>(std::count_if(entries.begin(), entries.end(), [&](const BaselineEntry& e) {
    return e.command == command && same_parameters(e.parameters, parameters);
  }));
}

const BaselineEntry* Baseline::find(const std::string& command, const std::vector<Parameter>& parameters) const {
  const BaselineEntry* found = nullptr;
  for (const auto& e : entries) {
    if (e.command != command || !same_parameters(e.parameters, parameters)) continue;
    if (found) return nullptr;  // ambiguous
    found = &e;
  }
  return found;
}

void check_distinct(const std::vector<Benchmark>& benchmarks) {
  for (std::size_t i = 0; i < benchmarks.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (benchmarks[i].name == benchmarks[j].name && same_parameters(benchmarks[i].parameters, benchmarks[j].parameters))
        throw Error("benchmarks " + std::to_string(j + 1) + " and " + std::to_string(i + 1) + " are both " +
                    label(benchmarks[i]) + " with the same parameters: a baseline could not tell them apart; " +
                    "give each its own name with -n (one per benchmark, or one with {PARAM} in it)");
}

Baseline load_baseline(const std::string& path) { return parse_baseline(path, io::read_file(path, kMaxBaselineBytes)); }

Baseline parse_baseline(const std::string& path, const std::string& content) {
  Json doc;
  try {
    doc = Json::parse(content);
  } catch (const nlohmann::json::parse_error& e) {
    // Turn the byte offset into line and column for the message.
    std::size_t line = 1, col = 1;
    std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, content.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (content[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string msg = e.what();
    auto pos = msg.find("parse error");
    if (pos != std::string::npos) msg = msg.substr(pos);
    throw ParseError(Location{path, line, col}, "not a valid JSON baseline: " + msg);
  }
  Baseline b;
  b.path = path;
  if (!doc.is_object()) bad(path, "not a baseline: expected a JSON object with a 'results' array");
  if (doc.contains("schema")) {
    std::string schema = doc["schema"].is_string() ? doc["schema"].get<std::string>() : doc["schema"].dump();
    int version = doc.contains("version") && doc["version"].is_number_integer() ? doc["version"].get<int>() : -1;
    if (schema != kBaselineSchema || version != kBaselineVersion)
      bad(path, "baseline schema '" + schema + "' version " + std::to_string(version) + " is not supported (expected '" +
                    kBaselineSchema + "' version " + std::to_string(kBaselineVersion) + ")");
    if (doc.contains("created") && doc["created"].is_string()) b.created = doc["created"].get<std::string>();
    if (doc.contains("machine") && doc["machine"].is_object()) {
      const auto& m = doc["machine"];
      Machine machine;
      try {
        machine.hostname = m.value("hostname", "");
        machine.kernel = m.value("kernel", "");
        machine.cpu = m.value("cpu", "");
        machine.cpus = m.value("cpus", 0);
        machine.memory_bytes = m.value("memory_bytes", std::int64_t{0});
      } catch (const nlohmann::json::exception&) {
        bad(path, "'machine' has a field of the wrong type");
      }
      b.machine = machine;
    }
  } else {
    b.from_hyperfine = true;
  }
  if (!doc.contains("results") || !doc["results"].is_array())
    bad(path, "neither a monctl baseline nor a hyperfine JSON export: no 'results' array");
  const auto& results = doc["results"];
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::string where = "results[" + std::to_string(i) + "]";
    const auto& r = results[i];
    if (!r.is_object()) bad(path, where + " is not an object");
    if (!r.contains("command") || !r["command"].is_string()) bad(path, where + " has no 'command' string");
    BaselineEntry e;
    e.command = r["command"].get<std::string>();
    where += " ('" + e.command + "')";
    if (!r.contains("times")) bad(path, where + " has no 'times' array: the per-run samples are needed to compare");
    e.times = numbers(path, where + ".times", r["times"], true);
    if (e.times.empty()) bad(path, where + " has no samples in 'times'");
    if (r.contains("memory_usage_byte") && !r["memory_usage_byte"].is_null())
      e.memory = numbers(path, where + ".memory_usage_byte", r["memory_usage_byte"], true);
    if (r.contains("parameters") && !r["parameters"].is_null()) {
      if (!r["parameters"].is_object()) bad(path, where + ".parameters is not an object");
      for (const auto& [name, value] : r["parameters"].items()) {
        // hyperfine writes the values as strings; a number is taken as it is written.
        if (!value.is_string() && !value.is_number())
          bad(path, where + ".parameters." + name + " is not a string");
        e.parameters.push_back({name, value.is_string() ? value.get<std::string>() : value.dump()});
      }
    }
    b.entries.push_back(std::move(e));
  }
  if (b.entries.empty()) bad(path, "the baseline has no results");
  return b;
}

std::string baseline_json(const std::vector<Result>& results, const Machine& machine, const std::string& created) {
  std::vector<Benchmark> benchmarks;
  for (const auto& r : results) benchmarks.push_back(r.benchmark);
  check_distinct(benchmarks);
  Json doc;
  doc["schema"] = kBaselineSchema;
  doc["version"] = kBaselineVersion;
  doc["created"] = created;
  doc["machine"] = {{"hostname", machine.hostname},
                    {"kernel", machine.kernel},
                    {"cpu", machine.cpu},
                    {"cpus", machine.cpus},
                    {"memory_bytes", machine.memory_bytes}};
  Json list = Json::array();
  for (const auto& r : results) {
    Json o;
    o["command"] = r.benchmark.name;
    o["times"] = r.wall;
    o["user"] = r.user;
    o["system"] = r.system;
    o["memory_usage_byte"] = r.max_rss;
    detail::add_exit_codes_and_parameters(o, r);
    list.push_back(std::move(o));
  }
  doc["results"] = std::move(list);
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace mon::bench
