// Summaries of the kept results; see history.hpp. Percentiles are nearest-rank (the smallest
// value with at least q of the values at or below it), computed on the latencies of every
// kept check.
#include "mon/probe/history.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "mon/format/csv_field.hpp"
#include "mon/format/number.hpp"
#include "mon/time/rfc3339.hpp"

namespace mon::probe {

namespace {
// Nagios Core's sample nagios.cfg sets high_service_flap_threshold=20.0 (and the low one to 5.0).
// Each run here sees only the kept states, not whether the probe was flapping before, so the
// high threshold alone decides (no hysteresis).
constexpr double kFlapHigh = 20.0;
constexpr std::size_t kFlapWindow = 21;

std::string rfc3339_ms(std::int64_t ms) {
  return time::format_rfc3339(time::SystemTime(std::chrono::milliseconds(ms)), 0);
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string ms_text(std::optional<double> s) {
  if (!s) return "-";
  return *s < 1 ? fixed(*s * 1000, 1) + " ms" : fixed(*s, 3) + " s";
}
}  // namespace

bool is_up(Status s) { return s == Status::ok || s == Status::warning; }

std::optional<double> percentile(std::vector<double> values, double q) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  if (rank < 1) rank = 1;
  return values[std::min(rank, values.size()) - 1];
}

double percent_state_change(const std::vector<bool>& states) {
  std::size_t n = std::min(states.size(), kFlapWindow);
  if (n < 2) return 0;
  std::size_t first = states.size() - n;
  double weighted = 0;
  // n states have n-1 transitions; weights run from 0.8 (oldest) to 1.2 (newest).
  for (std::size_t i = 1; i < n; ++i) {
    if (states[first + i] != states[first + i - 1]) {
      double weight = n > 2 ? 0.8 + 0.4 * static_cast<double>(i - 1) / static_cast<double>(n - 2) : 1.0;
      weighted += weight;
    }
  }
  return weighted / static_cast<double>(kFlapWindow - 1) * 100;
}

Summary summarize(const std::string& name, const std::vector<Record>& records) {
  Summary s;
  s.name = name;
  s.checks = records.size();
  if (records.empty()) return s;
  std::vector<double> latencies;
  std::vector<bool> states;
  std::size_t up = 0;
  for (const auto& r : records) {
    bool u = is_up(r.status);
    states.push_back(u);
    if (u) ++up;
    latencies.push_back(r.duration_seconds);
    if (!u) {
      s.last_failure_ms = r.time_ms;
      s.last_failure_message = r.message;
    }
  }
  s.uptime_percent = 100.0 * static_cast<double>(up) / static_cast<double>(records.size());
  s.p50_seconds = percentile(latencies, 0.5);
  s.p95_seconds = percentile(latencies, 0.95);
  s.up = states.back();
  s.last_status = records.back().status;
  for (auto it = states.rbegin(); it != states.rend() && *it == s.up; ++it) ++s.streak;
  s.change_percent = percent_state_change(states);
  s.flapping = s.change_percent > kFlapHigh;
  return s;
}

std::vector<Summary> summarize(const History& history) {
  std::vector<Summary> out;
  for (const auto& [name, records] : history) out.push_back(summarize(name, records));
  return out;
}

void write_history_text(std::string& out, const std::vector<Summary>& summaries, const Style& style) {
  std::size_t w = 4;
  for (const auto& s : summaries) w = std::max(w, s.name.size());
  auto pad = [&](const std::string& text, std::size_t width, bool right) {
    std::string spaces(width > text.size() ? width - text.size() : 0, ' ');
    out += right ? spaces + text : text + spaces;
  };
  pad("NAME", w, false);
  out += "  CHECKS  UPTIME    P50       P95       NOW       STREAK  FLAPPING  LAST FAILURE\n";
  for (const auto& s : summaries) {
    pad(s.name, w, false);
    out += "  ";
    pad(std::to_string(s.checks), 6, true);
    out += "  ";
    pad(fixed(s.uptime_percent, 2) + "%", 8, true);
    out += "  ";
    pad(ms_text(s.p50_seconds), 8, true);
    out += "  ";
    pad(ms_text(s.p95_seconds), 8, true);
    out += "  ";
    std::string now(to_string(s.last_status));
    out += s.up ? style.good : style.bad;
    out += now;
    out += style.reset;  // the padding after the mark, not inside it
    pad("", 8 > now.size() ? 8 - now.size() : 0, false);
    out += "  ";
    pad(std::string(s.up ? "up " : "down ") + std::to_string(s.streak), 6, true);
    out += "  ";
    pad(s.flapping ? "yes (" + fixed(s.change_percent, 0) + "%)" : "no", 8, false);
    out += "  ";
    if (s.last_failure_ms)
      out += rfc3339_ms(*s.last_failure_ms) + " " + s.last_failure_message;
    else
      out += "-";
    out += '\n';
  }
}

void write_history_json(std::string& out, const std::vector<Summary>& summaries) {
  nlohmann::json doc = nlohmann::json::array();
  for (const auto& s : summaries) {
    nlohmann::json j;
    j["name"] = s.name;
    j["checks"] = s.checks;
    j["uptime_percent"] = s.uptime_percent;
    j["latency_p50_seconds"] = s.p50_seconds ? nlohmann::json(*s.p50_seconds) : nlohmann::json();
    j["latency_p95_seconds"] = s.p95_seconds ? nlohmann::json(*s.p95_seconds) : nlohmann::json();
    j["status"] = to_string(s.last_status);
    j["up"] = s.up;
    j["streak"] = s.streak;
    j["percent_state_change"] = s.change_percent;
    j["flapping"] = s.flapping;
    j["last_failure"] = s.last_failure_ms ? nlohmann::json(rfc3339_ms(*s.last_failure_ms)) : nlohmann::json();
    j["last_failure_message"] = s.last_failure_ms ? nlohmann::json(s.last_failure_message) : nlohmann::json();
    doc.push_back(std::move(j));
  }
  out += doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  out += '\n';
}

void write_history_csv(std::string& out, const std::vector<Summary>& summaries) {
  auto field = [&](std::string_view s) { format::append_csv_field(out, s); };
  out += "name,checks,uptime_percent,latency_p50_seconds,latency_p95_seconds,status,up,streak,percent_state_change,"
         "flapping,last_failure,last_failure_message\r\n";
  for (const auto& s : summaries) {
    field(s.name);
    out += ',' + std::to_string(s.checks) + ',';
    format::append_double(out, s.uptime_percent);
    out += ',';
    if (s.p50_seconds) format::append_double(out, *s.p50_seconds);
    out += ',';
    if (s.p95_seconds) format::append_double(out, *s.p95_seconds);
    out += ',';
    out += to_string(s.last_status);
    out += s.up ? ",1," : ",0,";
    out += std::to_string(s.streak) + ',';
    format::append_double(out, s.change_percent);
    out += s.flapping ? ",1," : ",0,";
    if (s.last_failure_ms) out += rfc3339_ms(*s.last_failure_ms);
    out += ',';
    if (s.last_failure_ms) field(s.last_failure_message);
    out += "\r\n";
  }
}

}  // namespace mon::probe
