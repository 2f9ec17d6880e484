#pragma once
// Saved baselines for the CI gate. `--save-baseline FILE` writes every command's per-run samples
// with a description of the machine; `--baseline FILE` reads that back, or a hyperfine
// `--export-json` file (same results[].command / times / memory_usage_byte shape, no schema field).
//
// Schema (version 1):
//   { "schema": "monctl-bench-baseline", "version": 1, "created": RFC 3339,
//     "machine": { "hostname", "kernel", "cpu", "cpus", "memory_bytes" },
//     "results": [ { "command", "times": [s...], "user": [s...], "system": [s...],
//                    "memory_usage_byte": [bytes...], "exit_codes": [...], "parameters": {...} } ] }
// A reader meets a newer version and refuses it by name rather than misreading it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mon/bench/runner.hpp"

namespace mon::bench {

inline constexpr const char* kBaselineSchema = "monctl-bench-baseline";
inline constexpr int kBaselineVersion = 1;

struct Machine {
  std::string hostname;
  std::string kernel;  // uname -sr
  std::string cpu;     // /proc/cpuinfo "model name"
  int cpus = 0;
  std::int64_t memory_bytes = 0;
};

Machine describe_machine();
// "Intel(R) Xeon(R) Processor, 2 CPUs, 7.8 GiB, Linux 6.1.0 (host)".
std::string to_string(const Machine& m);

struct BaselineEntry {
  std::string command;
  std::vector<Parameter> parameters;  // "parameters": a scan saves several entries under one name
  std::vector<double> times;
  std::vector<double> memory;  // empty when the file has none (hyperfine before 1.18)
};

struct Baseline {
  std::string path;
  bool from_hyperfine = false;
  std::optional<Machine> machine;
  std::string created;
  std::vector<BaselineEntry> entries;
  // The entry with this name and these parameters (in any order); nullptr when there is none or
  // when several match (check_covers refuses that before any run).
  const BaselineEntry* find(const std::string& command, const std::vector<Parameter>& parameters) const;
  std::size_t count(const std::string& command, const std::vector<Parameter>& parameters) const;
};

// Throws mon::Error when two benchmarks have the same name and the same parameters: a baseline
// saved from them could not tell them apart. Checked before any run.
void check_distinct(const std::vector<Benchmark>& benchmarks);

// Throws mon::Error naming the file and what is wrong: unreadable, not JSON (with line and column),
// another schema or version, no results, a result without per-run times.
Baseline load_baseline(const std::string& path);
Baseline parse_baseline(const std::string& path, const std::string& content);

std::string baseline_json(const std::vector<Result>& results, const Machine& machine, const std::string& created);

}  // namespace mon::bench
