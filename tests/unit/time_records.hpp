#pragma once
// The counters the job-report tests give a record's usage: each a different value, so that a
// report that swaps two of them is caught.
#include "mon/proc/spawn.hpp"

inline void set_sample_counters(mon::proc::Usage& u) {
  u.minor_faults = 100;
  u.major_faults = 2;
  u.voluntary_switches = 7;
  u.involuntary_switches = 3;
  u.block_inputs = 8;
  u.block_outputs = 16;
}
