// Turning a prober's measurement into a verdict, the same way for every prober: a failure is
// CRITICAL (network trouble is never UNKNOWN); a success is judged on its main value against
// the critical range, then the warning range, as the Monitoring Plugins' get_status() does.
#include <chrono>

#include "mon/probe/probers.hpp"

namespace mon::probe {

namespace {
// The perfdata label suffix for each kind's main value.
const char* value_key(Kind k) {
  switch (k) {
    case Kind::http:
    case Kind::tcp:
    case Kind::dns: return "time";
    case Kind::tls: return "cert_days";
    case Kind::disk:
    case Kind::memory: return "used";
    case Kind::load: return "load1_per_core";
    case Kind::file: return "age";
    case Kind::process: return "count";
    case Kind::cmd: return "value";
  }
  return "value";
}

// Nagios knows s, %, B and c; anything else (days) goes without a unit.
std::string nagios_uom(const std::string& unit) {
  return unit == "s" || unit == "%" || unit == "B" || unit == "c" ? unit : "";
}
}  // namespace

Result start_result(const Spec& spec) {
  Result r;
  r.name = spec.name;
  r.kind = spec.kind;
  r.target = spec.kind == Kind::cmd ? spec.command.empty() ? "" : spec.command.front() : spec.target;
  r.critical_probe = spec.critical_probe;
  r.labels = spec.labels;
  r.started = std::chrono::system_clock::now();
  r.attempts = 1;
  return r;
}

void finish(const Spec& spec, Result& r) {
  if (spec.kind == Kind::cmd) return;  // the plugin's exit status is the verdict
  if (!r.success) {
    r.status = Status::critical;
  } else {
    r.status = Status::ok;
    if (r.value) {
      if (spec.critical && spec.critical->alerts(*r.value)) {
        r.status = Status::critical;
        r.message += " (critical: " + format_value(r) + " " + spec.critical->why(*r.value) + ")";
      } else if (spec.warning && spec.warning->alerts(*r.value)) {
        r.status = Status::warning;
        r.message += " (warning: " + format_value(r) + " " + spec.warning->why(*r.value) + ")";
      }
    }
  }
  if (r.value) {
    Perf p;
    p.label = r.name + "_" + value_key(spec.kind);
    p.value = *r.value;
    p.uom = nagios_uom(r.unit);
    if (spec.warning) p.warn = spec.warning->text;
    if (spec.critical) p.crit = spec.critical->text;
    if (spec.kind != Kind::tls) p.min = 0;  // only days to expiry go below zero
    if (r.unit == "%") p.max = 100;
    r.perf.insert(r.perf.begin(), p);
  }
}

namespace {
Result dispatch(const Spec& spec) {
  switch (spec.kind) {
    case Kind::tcp: return probe_tcp(spec);
    case Kind::tls: return probe_tls(spec);
    case Kind::dns: return probe_dns(spec);
    case Kind::disk: return probe_disk(spec);
    case Kind::memory: return probe_memory(spec);
    case Kind::load: return probe_load(spec);
    case Kind::file: return probe_file(spec);
    case Kind::process: return probe_process(spec);
    case Kind::cmd: return probe_cmd(spec);
    case Kind::http: break;
  }
  throw Error("internal error: http probes run on the multi handle");
}
}  // namespace

Result run_blocking(const Spec& spec) {
  auto t0 = std::chrono::steady_clock::now();
  Result r = dispatch(spec);
  // The host checks do not time themselves: their duration is the whole call.
  if (r.duration_seconds == 0) r.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace mon::probe
