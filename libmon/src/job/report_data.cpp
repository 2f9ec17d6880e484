// The machine-readable reports of a run: JSON (one object per line, so that --append builds a
// JSON Lines history) and RFC 4180 CSV with the same columns.
#include <nlohmann/json.hpp>

#include "mon/format/csv_field.hpp"
#include "mon/format/number.hpp"
#include "mon/job/report.hpp"

namespace mon::job {

namespace {

using Json = nlohmann::ordered_json;

Json labels_json(const model::Labels& labels) {
  Json o = Json::object();
  for (const auto& l : labels) o[l.name] = l.value;
  return o;
}

Json timeline_compact(const std::vector<proc::TreePoint>& timeline) {
  Json a = Json::array();
  for (const auto& p : timeline) a.push_back(Json::array({p.elapsed_seconds, p.processes, p.rss_bytes, p.cpu_seconds}));
  return a;
}

// Doubles in the shortest form that reads back the same.
std::string num(double v) { return format::format_double(v); }

}  // namespace

std::string shell_quote(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                   "-_./=:,+@%") == std::string::npos;
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (char c : a) {
      if (c == '\'')
        out += "'\\''";
      else
        out += c;
    }
    out += '\'';
  }
  return out;
}

std::string json_line(const Record& r) {
  Json j;
  j["name"] = r.name;
  j["labels"] = labels_json(r.labels);
  j["command"] = r.command;
  j["start"] = time::format_rfc3339(r.start, 6);
  j["end"] = time::format_rfc3339(r.end, 6);
  j["status"] = r.status();
  j["exit_code"] = r.exit_code ? Json(*r.exit_code) : Json(nullptr);
  j["signal"] = r.signal ? Json(r.signal) : Json(nullptr);
  j["signal_name"] = r.signal ? Json(r.signal_name()) : Json(nullptr);
  j["core_dumped"] = r.core_dumped;
  j["timed_out"] = r.timed_out;
  j["start_error"] = r.start_error.empty() ? Json(nullptr) : Json(r.start_error);
  j["wall_seconds"] = r.wall_seconds;
  j["user_seconds"] = r.usage.user_seconds;
  j["system_seconds"] = r.usage.system_seconds;
  j["max_rss_bytes"] = r.usage.max_rss_bytes;
  j["minor_page_faults"] = r.usage.minor_faults;
  j["major_page_faults"] = r.usage.major_faults;
  j["voluntary_context_switches"] = r.usage.voluntary_switches;
  j["involuntary_context_switches"] = r.usage.involuntary_switches;
  j["block_input_operations"] = r.usage.block_inputs;
  j["block_output_operations"] = r.usage.block_outputs;
  if (r.sampled) {
    j["sample_every_seconds"] = r.sample_every_seconds;
    j["tree_peak_rss_bytes"] = r.tree_peak_rss_bytes;
    Json tl = Json::array();
    for (const auto& p : r.timeline)
      tl.push_back(Json{{"elapsed_seconds", p.elapsed_seconds},
                        {"processes", p.processes},
                        {"rss_bytes", p.rss_bytes},
                        {"cpu_seconds", p.cpu_seconds}});
    j["timeline"] = std::move(tl);
  }
  // Invalid UTF-8 in a command argument is replaced rather than thrown on.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string csv_header() {
  return "name,labels,command,start,end,status,exit_code,signal,signal_name,core_dumped,timed_out,start_error,"
         "wall_seconds,"
         "user_seconds,system_seconds,max_rss_bytes,minor_page_faults,major_page_faults,voluntary_context_switches,"
         "involuntary_context_switches,block_input_operations,block_output_operations,sample_every_seconds,"
         "tree_peak_rss_bytes,timeline";
}

std::string csv_row(const Record& r) {
  const auto dump = [](const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); };
  std::vector<std::string> cells = {
      r.name,
      dump(labels_json(r.labels)),
      shell_quote(r.command),
      time::format_rfc3339(r.start, 6),
      time::format_rfc3339(r.end, 6),
      std::to_string(r.status()),
      r.exit_code ? std::to_string(*r.exit_code) : "",
      r.signal ? std::to_string(r.signal) : "",
      r.signal ? r.signal_name() : "",
      r.core_dumped ? "true" : "false",
      r.timed_out ? "true" : "false",
      r.start_error,
      num(r.wall_seconds),
      num(r.usage.user_seconds),
      num(r.usage.system_seconds),
      std::to_string(r.usage.max_rss_bytes),
      std::to_string(r.usage.minor_faults),
      std::to_string(r.usage.major_faults),
      std::to_string(r.usage.voluntary_switches),
      std::to_string(r.usage.involuntary_switches),
      std::to_string(r.usage.block_inputs),
      std::to_string(r.usage.block_outputs),
      r.sampled ? num(r.sample_every_seconds) : "",
      r.sampled ? std::to_string(r.tree_peak_rss_bytes) : "",
      r.sampled ? dump(timeline_compact(r.timeline)) : "",
  };
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) row += ',';
    format::append_csv_field(row, cells[i]);
  }
  return row;
}

}  // namespace mon::job
