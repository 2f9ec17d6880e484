// Prometheus metrics for a run, with blackbox_exporter's names for the network probers
// (probe_success, probe_duration_seconds, probe_http_status_code, probe_http_duration_seconds
// {phase}, probe_ssl_earliest_cert_expiry, ...) so that its dashboards and alerts apply, and
// monctl_probe_* for the host checks blackbox does not have. Every sample carries a `probe`
// label (the probe's name) and the probe's own labels. No timestamps: node_exporter's textfile
// collector refuses them.
#include <map>
#include <string_view>

#include "mon/probe/report.hpp"

namespace mon::probe {

namespace {
std::string_view help_for(std::string_view name) {
  static const std::map<std::string_view, std::string_view> help = {
      {"probe_success", "Whether the probe succeeded (1) or failed (0), thresholds aside."},
      {"probe_duration_seconds", "How long the probe's last attempt took."},
      {"monctl_probe_status", "The probe's Nagios status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."},
      {"monctl_probe_attempts", "Attempts made (1 plus the retries used)."},
      {"probe_dns_lookup_time_seconds", "Time taken to resolve the target's name."},
      {"probe_http_duration_seconds", "Duration of each phase of the HTTP request (last attempt)."},
      {"probe_http_status_code", "The HTTP status code of the last response."},
      {"probe_http_redirects", "The number of redirects followed."},
      {"probe_http_version", "The HTTP version of the last response."},
      {"probe_http_ssl", "Whether the final response came over TLS."},
      {"probe_http_content_length", "Bytes of body read (at most the body limit)."},
      {"probe_failed_due_to_regex", "Whether a body, header or answer expectation failed."},
      {"probe_ssl_earliest_cert_expiry", "The earliest notAfter of the peer's certificate chain, in Unix seconds."},
      {"probe_tls", "Whether the TCP probe used TLS."},
      {"probe_dns_answer_rrs", "Addresses the lookup returned."},
      {"monctl_probe_disk_size_bytes", "Size of the file system."},
      {"monctl_probe_disk_free_bytes", "Bytes available to unprivileged users."},
      {"monctl_probe_disk_used_ratio", "Used share of the file system, as df(1) counts it."},
      {"monctl_probe_disk_inodes_used_ratio", "Used share of the inodes."},
      {"monctl_probe_memory_total_bytes", "MemTotal from /proc/meminfo."},
      {"monctl_probe_memory_available_bytes", "MemAvailable from /proc/meminfo."},
      {"monctl_probe_memory_used_ratio", "1 - MemAvailable / MemTotal."},
      {"monctl_probe_swap_total_bytes", "SwapTotal from /proc/meminfo."},
      {"monctl_probe_swap_used_ratio", "Used share of swap (0 without swap)."},
      {"monctl_probe_load_per_core", "Load average over the window, divided by the online CPUs."},
      {"monctl_probe_cpus", "Online CPUs."},
      {"monctl_probe_file_age_seconds", "Seconds since the file was last modified."},
      {"monctl_probe_file_size_bytes", "Size of the file."},
      {"monctl_probe_file_modified_timestamp_seconds", "The file's modification time, in Unix seconds."},
      {"monctl_probe_process_count", "Processes with the probed name."},
      {"monctl_probe_cmd_exit_code", "The command's exit status (128+N for signal N)."},
      {"monctl_probe_cmd_perfdata", "The command's performance data, by label, in the plugin's own unit."},
  };
  auto it = help.find(name);
  return it == help.end() ? std::string_view("A probe measurement.") : it->second;
}

struct Group {
  model::Family family;
  std::vector<model::Sample> samples;
};
}  // namespace

void write_metrics(format::Sink& sink, const std::vector<Result>& results) {
  std::vector<Group> groups;
  std::map<std::string, std::size_t> index;
  auto add = [&](const Result& r, const std::string& name, const model::Labels& extra, double value) {
    auto [it, fresh] = index.emplace(name, groups.size());
    if (fresh) {
      Group g;
      g.family.name = name;
      g.family.type = model::MetricType::gauge;
      g.family.help = std::string(help_for(name));
      g.family.has_help = true;
      groups.push_back(std::move(g));
    }
    model::Sample s;
    s.name = name;
    s.labels = r.labels;
    auto set = [&](const std::string& k, const std::string& v) {
      for (auto& l : s.labels)
        if (l.name == k) {
          l.value = v;
          return;
        }
      s.labels.push_back({k, v});
    };
    set("probe", r.name);
    for (const auto& l : extra) set(l.name, l.value);
    model::sort_labels(s.labels);
    model::drop_empty_labels(s.labels);
    s.value = value;
    groups[it->second].samples.push_back(std::move(s));
  };
  for (const auto& r : results) {
    add(r, "probe_success", {}, r.success ? 1 : 0);
    add(r, "probe_duration_seconds", {}, r.duration_seconds);
    add(r, "monctl_probe_status", {}, static_cast<double>(static_cast<int>(r.status)));
    add(r, "monctl_probe_attempts", {}, r.attempts);
    for (const auto& m : r.metrics) add(r, m.name, m.labels, m.value);
  }
  for (const auto& g : groups) {
    sink.family(g.family);
    for (const auto& s : g.samples) sink.sample(g.family, s);
  }
  sink.finish();
}

}  // namespace mon::probe
