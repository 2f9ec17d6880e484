#include "alert_report.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "alert_output.hpp"
#include "mon/format/number.hpp"
#include "mon/time/rfc3339.hpp"

namespace monctl {

namespace {

using mon::rules::ActiveAlert;

bool shown(const ActiveAlert& a) {
  return a.state == ActiveAlert::State::pending || a.state == ActiveAlert::State::firing;
}

std::string rfc3339(std::int64_t ms) {
  return mon::time::format_rfc3339(mon::time::SystemTime(std::chrono::milliseconds(ms)), ms % 1000 ? 3 : 0);
}


void json_labels(std::string& out, const mon::model::Labels& labels) {
  out += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, labels[i].name);
    out += ':';
    append_json_string(out, labels[i].value);
  }
  out += '}';
}

std::string_view label(const mon::model::Labels& labels, std::string_view name) {
  for (const auto& l : labels)
    if (l.name == name) return l.value;
  return {};
}

}  // namespace

std::string render_alerts_json(const std::vector<ActiveAlert>& alerts) {
  std::string out;
  for (const auto& a : alerts) {
    if (!shown(a)) continue;
    out += "{\"state\":";
    append_json_string(out, mon::rules::to_string(a.state));
    out += ",\"labels\":";
    json_labels(out, a.labels);
    out += ",\"annotations\":";
    json_labels(out, a.annotations);
    out += ",\"value\":";
    if (std::isfinite(a.value)) {
      mon::format::append_double(out, a.value);
    } else {
      out += '"';
      mon::format::append_double(out, a.value);
      out += '"';
    }
    out += ",\"activeAt\":";
    append_json_string(out, rfc3339(a.active_at_ms));
    if (a.fired_at_ms) {
      out += ",\"firedAt\":";
      append_json_string(out, rfc3339(a.fired_at_ms));
    }
    out += ",\"rule\":";
    append_json_string(out, a.rule);
    out += ",\"group\":";
    append_json_string(out, a.group);
    out += ",\"file\":";
    append_json_string(out, a.file);
    out += "}\n";
  }
  return out;
}

std::string render_alerts_text(const std::vector<ActiveAlert>& alerts, bool color) {
  std::string out;
  for (const auto& a : alerts) {
    if (!shown(a)) continue;
    bool firing = a.state == ActiveAlert::State::firing;
    std::string_view severity = label(a.labels, "severity");
    bool critical = severity == "critical" || severity == "page";
    if (color) out += firing ? (critical ? "\x1b[1;31m" : "\x1b[1;33m") : "\x1b[2m";
    out += firing ? "FIRING " : "PENDING";
    if (color) out += "\x1b[0m";
    out += ' ';
    out += label(a.labels, "alertname");
    bool any = false;
    for (const auto& l : a.labels) {
      if (l.name == "alertname") continue;
      out += any ? "," : "{";
      any = true;
      out += l.name;
      out += "=\"";
      out += l.value;
      out += '"';
    }
    if (any) out += '}';
    out += " value=";
    mon::format::append_double(out, a.value);
    out += firing ? " firing since " : " pending since ";
    out += rfc3339(firing ? a.fired_at_ms : a.active_at_ms);
    out += '\n';
    for (const auto& an : a.annotations) {
      out += "    ";
      out += an.name;
      out += ": ";
      for (char c : an.value) {
        out += c;
        if (c == '\n') out += "      ";
      }
      out += '\n';
    }
  }
  return out;
}

int alert_status(const std::vector<ActiveAlert>& alerts) {
  int status = 0;
  for (const auto& a : alerts) {
    if (a.state != ActiveAlert::State::firing) continue;
    std::string_view severity = label(a.labels, "severity");
    status = std::max(status, severity == "critical" || severity == "page" ? 2 : 1);
  }
  return status;
}

}  // namespace monctl
