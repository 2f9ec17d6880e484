// The webhook payload and the API v2 body, written byte for byte as Go's encoding/json writes
// Alertmanager's structs (no JSON library: key order, escapes and time format are the point).
#include "mon/notify/payload.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace mon::notify {

namespace {

void append_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

void append_kv(std::string& out, const model::Labels& kv) {
  // Go marshals a map with its keys sorted; model::Labels are sorted by name already, but an
  // empty value is a label Alertmanager would not have.
  out += '{';
  bool first = true;
  for (const auto& l : kv) {
    if (l.value.empty()) continue;
    if (!first) out += ',';
    first = false;
    append_go_json_string(out, l.name);
    out += ':';
    append_go_json_string(out, l.value);
  }
  out += '}';
}

const std::string* find(const model::Labels& kv, const std::string& name) {
  auto it = std::lower_bound(kv.begin(), kv.end(), name, [](const model::Label& l, const std::string& n) { return l.name < n; });
  if (it == kv.end() || it->name != name) return nullptr;
  return &it->value;
}

model::Labels common(const std::vector<const Alert*>& alerts, bool annotations) {
  if (alerts.empty()) return {};
  model::Labels out = annotations ? alerts.front()->annotations : alerts.front()->labels;
  for (std::size_t i = 1; i < alerts.size() && !out.empty(); ++i) {
    const auto& other = annotations ? alerts[i]->annotations : alerts[i]->labels;
    std::erase_if(out, [&](const model::Label& l) {
      const std::string* v = find(other, l.name);
      return v == nullptr || *v != l.value;
    });
  }
  return out;
}

// Decodes one UTF-8 sequence at s[i]; returns its length and the code point, or 0 when invalid.
std::size_t utf8_at(std::string_view s, std::size_t i, char32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  if (n == 1) {
    cp = b;
    return 1;
  }
  cp = b & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 2) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  static constexpr char32_t min_of[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_of[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

}  // namespace

void append_go_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      switch (b) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (b < 0x20 || b == '<' || b == '>' || b == '&') {
            out += "\\u00";
            out += hex[b >> 4];
            out += hex[b & 15];
          } else {
            out += static_cast<char>(b);
          }
      }
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t n = utf8_at(s, i, cp);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
    } else if (cp == 0x2028 || cp == 0x2029) {
      out += cp == 0x2028 ? "\\u2028" : "\\u2029";
      i += n;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  out += '"';
}

std::string quote_meta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(R"(\.+*?()|[]{}^$)").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string go_time(std::int64_t unix_ms) {
  if (unix_ms == 0) return "0001-01-01T00:00:00Z";
  std::int64_t secs = unix_ms / 1000, ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  if (ms != 0) {
    char f[8];
    std::snprintf(f, sizeof f, ".%03d", static_cast<int>(ms));
    std::string frac(f);
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  out += 'Z';
  return out;
}

std::string_view alert_status(const Alert& a, std::int64_t now_ms) { return a.resolved(now_ms) ? "resolved" : "firing"; }

Selection select_alerts(const Notification& n, bool send_resolved, std::uint64_t max_alerts) {
  Selection s;
  s.truncated = n.truncated_alerts;
  for (const auto& a : n.alerts)
    if (send_resolved || !a.resolved(n.now_ms)) s.alerts.push_back(&a);
  if (max_alerts != 0 && s.alerts.size() > max_alerts) {
    s.truncated += s.alerts.size() - max_alerts;
    s.alerts.resize(static_cast<std::size_t>(max_alerts));
  }
  return s;
}

std::string webhook_payload(const Notification& n) { return webhook_payload(n, select_alerts(n, true, 0)); }

std::string webhook_payload(const Notification& n, const Selection& selection) {
  std::string out;
  out.reserve(512 + 512 * selection.alerts.size());
  bool firing = false;
  for (const Alert* a : selection.alerts) firing = firing || !a->resolved(n.now_ms);
  out += '{';
  append_key(out, "receiver");
  append_go_json_string(out, quote_meta(n.receiver));
  out += ',';
  append_key(out, "status");
  append_go_json_string(out, firing ? "firing" : "resolved");
  out += ',';
  append_key(out, "alerts");
  out += '[';
  for (std::size_t i = 0; i < selection.alerts.size(); ++i) {
    const Alert& a = *selection.alerts[i];
    if (i) out += ',';
    bool resolved = a.resolved(n.now_ms);
    out += '{';
    append_key(out, "status");
    append_go_json_string(out, resolved ? "resolved" : "firing");
    out += ',';
    append_key(out, "labels");
    append_kv(out, a.labels);
    out += ',';
    append_key(out, "annotations");
    append_kv(out, a.annotations);
    out += ',';
    append_key(out, "startsAt");
    append_go_json_string(out, go_time(a.starts_at_ms));
    out += ',';
    append_key(out, "endsAt");
    append_go_json_string(out, go_time(resolved ? a.ends_at_ms : 0));
    out += ',';
    append_key(out, "generatorURL");
    append_go_json_string(out, a.generator_url);
    out += ',';
    append_key(out, "fingerprint");
    append_go_json_string(out, a.fingerprint());
    out += '}';
  }
  out += "],";
  append_key(out, "groupLabels");
  append_kv(out, n.group_labels);
  out += ',';
  append_key(out, "commonLabels");
  append_kv(out, common(selection.alerts, false));
  out += ',';
  append_key(out, "commonAnnotations");
  append_kv(out, common(selection.alerts, true));
  out += ',';
  append_key(out, "externalURL");
  append_go_json_string(out, n.external_url);
  out += ',';
  append_key(out, "version");
  out += "\"4\",";
  append_key(out, "groupKey");
  append_go_json_string(out, n.group_key);
  out += ',';
  append_key(out, "truncatedAlerts");
  out += std::to_string(selection.truncated);
  out += "}\n";
  return out;
}

std::string postable_alerts(const std::vector<Alert>& alerts) {
  std::string out = "[";
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const Alert& a = alerts[i];
    if (i) out += ',';
    out += '{';
    append_key(out, "labels");
    append_kv(out, a.labels);
    out += ',';
    append_key(out, "annotations");
    append_kv(out, a.annotations);
    if (a.starts_at_ms != 0) {
      out += ',';
      append_key(out, "startsAt");
      append_go_json_string(out, go_time(a.starts_at_ms));
    }
    if (a.ends_at_ms != 0) {
      out += ',';
      append_key(out, "endsAt");
      append_go_json_string(out, go_time(a.ends_at_ms));
    }
    if (!a.generator_url.empty()) {
      out += ',';
      append_key(out, "generatorURL");
      append_go_json_string(out, a.generator_url);
    }
    out += '}';
  }
  out += ']';
  return out;
}

}  // namespace mon::notify
