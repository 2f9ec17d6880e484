#pragma once
// Runs a PromQL test script (promqltest_script.hpp) against mon::promql's engine and says, eval by
// eval, whether our result agrees with the script's expectation.
#include <string>
#include <vector>

#include "promqltest_script.hpp"

namespace promqltest {

struct RunReport {
  int evals = 0;    // evaluations run
  int passed = 0;
  int skipped = 0;  // native histograms, experimental functions
  std::vector<std::string> failures;  // "LINE: query: why"
  std::vector<std::string> skips;
};

// `file` names the script in the failures.
RunReport run_script(const Script& script, const std::string& file);

}  // namespace promqltest
