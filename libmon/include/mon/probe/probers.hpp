#pragma once
// The probers. Each measures one thing and fills a Result: success, the main value, a message
// that names what went wrong, and metrics. finish() then applies the thresholds and builds the
// perfdata, so every prober is judged the same way.
#include "mon/probe/result.hpp"
#include "mon/probe/spec.hpp"

namespace mon::probe {

// Blocking probers; the runner calls them on its thread pool. They never throw for trouble with
// the thing probed (that is a CRITICAL result), only for bugs.
Result probe_tcp(const Spec& spec);
Result probe_tls(const Spec& spec);
Result probe_dns(const Spec& spec);
Result probe_disk(const Spec& spec);
Result probe_memory(const Spec& spec);
Result probe_load(const Spec& spec);
Result probe_file(const Spec& spec);
Result probe_process(const Spec& spec);
Result probe_cmd(const Spec& spec);

// Runs the blocking prober for spec.kind (not http) and finish()es its result.
Result run_blocking(const Spec& spec);

// A fresh result for spec: name, kind, target, labels, start time.
Result start_result(const Spec& spec);

// Decides the status: a failed probe is CRITICAL (cmd keeps its plugin's status); a successful
// one is CRITICAL or WARNING when its value breaches the ranges. Adds the main perfdata.
void finish(const Spec& spec, Result& r);

}  // namespace mon::probe
