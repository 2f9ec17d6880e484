#pragma once
// Writing a run's results: an aligned table for people, the Nagios plugin line with perfdata,
// JSON, CSV (RFC 4180) and Prometheus metrics with blackbox_exporter's names.
#include <string>
#include <vector>

#include "mon/format/sink.hpp"
#include "mon/probe/result.hpp"
#include "mon/style.hpp"

namespace mon::probe {

// STATUS  NAME  VALUE  LATENCY  MESSAGE, columns aligned; each status marked with `style`
// (good, warning, bad, unknown), plain by default.
void write_text(std::string& out, const std::vector<Result>& results, const Style& style = {});

// "MONCTL CRITICAL: api connection refused, 2 ok | 'api_time'=0.012s;1;2;0; ...", then one line per
// probe; perfdata quoted per the plugin guidelines.
void write_nagios(std::string& out, const std::vector<Result>& results);

// {"status": "...", "exit_code": N, "probes": [...]}
void write_json(std::string& out, const std::vector<Result>& results);

// name,type,target,status,success,value,unit,duration_seconds,attempts,message
void write_csv(std::string& out, const std::vector<Result>& results);

// probe_success, probe_duration_seconds, probe_http_* ... with a `probe` label and the probe's
// labels; monctl_probe_* for the host checks. Families are grouped, each announced once.
void write_metrics(format::Sink& sink, const std::vector<Result>& results);

// 'label'=value[UOM];warn;crit;min;max with the label quoted (and ' doubled) when needed.
std::string format_perf(const Perf& p);

}  // namespace mon::probe
