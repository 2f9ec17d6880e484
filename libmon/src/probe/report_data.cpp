// The machine-readable reports: JSON (one document) and CSV (RFC 4180: a header row, fields
// quoted when they hold a comma, a quote or a line break, CRLF line ends).
#include <nlohmann/json.hpp>

#include "mon/format/csv_field.hpp"
#include "mon/format/number.hpp"
#include "mon/probe/report.hpp"

namespace mon::probe {

namespace {
nlohmann::json labels_json(const model::Labels& labels) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& l : labels) j[l.name] = l.value;
  return j;
}

}  // namespace

void write_json(std::string& out, const std::vector<Result>& results) {
  Status overall = overall_status(results);
  nlohmann::json doc;
  doc["status"] = to_string(overall);
  doc["exit_code"] = static_cast<int>(overall);
  doc["probes"] = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json p;
    p["name"] = r.name;
    p["type"] = to_string(r.kind);
    p["target"] = r.target;
    p["status"] = to_string(r.status);
    p["success"] = r.success;
    p["critical"] = r.critical_probe;
    p["value"] = r.value ? nlohmann::json(*r.value) : nlohmann::json();
    p["unit"] = r.unit;
    p["duration_seconds"] = r.duration_seconds;
    p["attempts"] = r.attempts;
    p["started"] = time::format_rfc3339(r.started, 3);
    p["message"] = r.message;
    p["labels"] = labels_json(r.labels);
    nlohmann::json metrics = nlohmann::json::array();
    for (const auto& m : r.metrics) metrics.push_back({{"name", m.name}, {"labels", labels_json(m.labels)}, {"value", m.value}});
    p["metrics"] = std::move(metrics);
    nlohmann::json perf = nlohmann::json::array();
    for (const auto& pd : r.perf) perf.push_back(format_perf(pd));
    p["perfdata"] = std::move(perf);
    doc["probes"].push_back(std::move(p));
  }
  out += doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  out += '\n';
}

void write_csv(std::string& out, const std::vector<Result>& results) {
  out += "name,type,target,status,success,value,unit,duration_seconds,attempts,message\r\n";
  for (const auto& r : results) {
    format::append_csv_field(out, r.name);
    out += ',';
    format::append_csv_field(out, to_string(r.kind));
    out += ',';
    format::append_csv_field(out, r.target);
    out += ',';
    out += to_string(r.status);
    out += r.success ? ",1," : ",0,";
    if (r.value) format::append_double(out, *r.value);
    out += ',';
    format::append_csv_field(out, r.unit);
    out += ',';
    format::append_double(out, r.duration_seconds);
    out += ',' + std::to_string(r.attempts) + ',';
    format::append_csv_field(out, r.message);
    out += "\r\n";
  }
}

}  // namespace mon::probe
