#pragma once
// The list of benchmarks from the command line: each command string, crossed with the parameter
// values of -P/--parameter-scan or -L/--parameter-list (repeatable: cross product), with the
// names given by -n/--command-name. Follows hyperfine's rules so that the same options give the
// same benchmarks in the same order.
#include <optional>
#include <string>
#include <vector>

#include "mon/bench/command.hpp"

namespace mon::bench {

struct Benchmark {
  std::string name;      // -n NAME (parameters substituted), or the command itself
  std::string command;   // with parameters substituted
  std::vector<Parameter> parameters;
};

struct ParameterScan {
  std::string name;
  std::string min;
  std::string max;
  std::string step;  // empty: 1
};

struct ParameterList {
  std::string name;
  std::vector<std::string> values;
};

// How messages name a benchmark: 'NAME', followed by " (x = 0.01, y = 2)" for the parameters
// whose values the name does not show - what tells apart the benchmarks of a scan named alike.
std::string label(const Benchmark& benchmark);
std::string label(const std::string& name, const std::vector<Parameter>& parameters);

// True when both lists hold the same name = value pairs, in any order.
bool same_parameters(const std::vector<Parameter>& a, const std::vector<Parameter>& b);

// Splits "a,b,c" on commas; "\," is a literal comma (hyperfine's tokenizer rule).
std::vector<std::string> split_list(const std::string& text);

// The values of a scan: integers when min, max and step are integers, otherwise decimals computed
// exactly in the step's precision ("0.3 0.7 -D 0.2" gives 0.3, 0.5, 0.7, never 0.49999999).
// Throws mon::Error (bad number, step <= 0, min > max, more than 100,000 values).
std::vector<std::string> scan_values(const ParameterScan& scan);

// Throws mon::Error for: no command, a name count that is neither 1 nor the number of benchmarks,
// duplicate parameter names.
std::vector<Benchmark> expand(const std::vector<std::string>& commands, const std::vector<std::string>& names,
                              const std::optional<ParameterScan>& scan, const std::vector<ParameterList>& lists);

}  // namespace mon::bench
