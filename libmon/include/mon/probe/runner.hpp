#pragma once
// Runs many probes at once: HTTP(S) on one libcurl multi handle, everything else on a small
// thread pool, each retried with exponential backoff. A run takes about as long as its slowest
// probe, not the sum.
#include <cstddef>
#include <vector>

#include "mon/probe/result.hpp"
#include "mon/probe/spec.hpp"
#include "mon/time/duration.hpp"

namespace mon::probe {

struct RunOptions {
  std::size_t workers = 8;        // threads for the blocking probers
  std::size_t max_http = 512;     // HTTP transfers in flight at once
};

// The wait before attempt `attempt` (2, 3, ...): 250 ms, doubling, at most 4 s.
time::Duration retry_delay(int attempt);

// Runs every spec (already validated). Results come back in the order of specs.
std::vector<Result> run_probes(const std::vector<Spec>& specs, const RunOptions& options = {});

}  // namespace mon::probe
