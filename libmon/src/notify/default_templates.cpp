// Alertmanager's default Slack and email texts computed without a template engine, for when no
// Expander is given: the strings Alertmanager's default.tmpl gives (its __subject with the
// trailing space it has when the common labels add nothing, __alertmanagerURL with Go's
// url.QueryEscape, the color by the group's status).
#include <algorithm>
#include <cctype>

#include "mon/notify/deliver.hpp"

namespace mon::notify {

namespace {

bool firing_at(const Alert& a, std::int64_t now) { return !a.resolved(now); }

// KV.SortedPairs: alertname first, then by name.
std::vector<const model::Label*> sorted_pairs(const model::Labels& kv) {
  std::vector<const model::Label*> out;
  for (const auto& l : kv)
    if (!l.value.empty()) out.push_back(&l);
  std::stable_partition(out.begin(), out.end(), [](const model::Label* l) { return l->name == "alertname"; });
  return out;
}

std::string join_values(const std::vector<const model::Label*>& pairs, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i) out += sep;
    out += pairs[i]->value;
  }
  return out;
}

model::Labels common_labels(const std::vector<Alert>& alerts, bool annotations) {
  if (alerts.empty()) return {};
  model::Labels out = annotations ? alerts.front().annotations : alerts.front().labels;
  for (std::size_t i = 1; i < alerts.size(); ++i) {
    const auto& other = annotations ? alerts[i].annotations : alerts[i].labels;
    std::erase_if(out, [&](const model::Label& l) {
      return std::find(other.begin(), other.end(), l) == other.end();
    });
  }
  std::erase_if(out, [](const model::Label& l) { return l.value.empty(); });
  return out;
}

std::string query_escape(const std::string& s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

bool group_firing(const Notification& n) {
  return std::any_of(n.alerts.begin(), n.alerts.end(), [&](const Alert& a) { return firing_at(a, n.now_ms); });
}

std::string subject(const Notification& n) {
  bool firing = group_firing(n);
  std::string out = firing ? "[FIRING:" : "[RESOLVED";
  if (firing)
    out += std::to_string(std::count_if(n.alerts.begin(), n.alerts.end(), [&](const Alert& a) { return firing_at(a, n.now_ms); }));
  out += "] ";
  model::Labels group = n.group_labels;
  std::erase_if(group, [](const model::Label& l) { return l.value.empty(); });
  out += join_values(sorted_pairs(group), " ");
  out += ' ';
  model::Labels common = common_labels(n.alerts, false);
  if (common.size() > group.size()) {
    std::erase_if(common, [&](const model::Label& l) {
      return std::any_of(group.begin(), group.end(), [&](const model::Label& g) { return g.name == l.name; });
    });
    if (!common.empty()) out += "(" + join_values(sorted_pairs(common), " ") + ")";
  }
  return out;
}

std::string alertmanager_url(const Notification& n) {
  // .Receiver is regexp-quoted in Alertmanager's template data.
  std::string quoted;
  for (char c : n.receiver) {
    if (std::string_view(R"(\.+*?()|[]{}^$)").find(c) != std::string_view::npos) quoted += '\\';
    quoted += c;
  }
  return n.external_url + "/#/alerts?receiver=" + query_escape(quoted);
}

std::string text_alert_list(const Notification& n) {
  std::string out;
  for (const Alert& a : n.alerts) {
    out += "Labels:\n";
    for (const auto* l : sorted_pairs(a.labels)) out += " - " + l->name + " = " + l->value + "\n";
    out += "Annotations:\n";
    for (const auto* l : sorted_pairs(a.annotations)) out += " - " + l->name + " = " + l->value + "\n";
    out += "Source: " + a.generator_url + "\n";
  }
  return out;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::string expand_defaults(std::string_view text, const Notification& n) {
  if (text.find("{{") == std::string_view::npos) return std::string(text);
  std::string t = trimmed(text);
  auto is = [&](const char* name) { return t == std::string("{{ template \"") + name + "\" . }}"; };
  if (is("slack.default.title") || is("email.default.subject")) return subject(n);
  if (is("slack.default.username")) return "Alertmanager";
  if (is("slack.default.titlelink")) return alertmanager_url(n);
  if (is("slack.default.fallback")) return subject(n) + " | " + alertmanager_url(n);
  if (is("slack.default.callbackid") || is("slack.default.pretext") || is("slack.default.iconemoji") ||
      is("slack.default.iconurl") || is("slack.default.text") || is("slack.default.footer"))
    return "";
  if (is("slack.default.color") || t == R"({{ if eq .Status "firing" }}danger{{ else }}good{{ end }})")
    return group_firing(n) ? "danger" : "good";
  if (is("email.default.html"))
    return "<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>" + html_escape(subject(n)) +
           "</title></head><body><pre>" + html_escape(text_alert_list(n)) + "</pre><p><a href=\"" +
           html_escape(alertmanager_url(n)) + "\">View in Alertmanager</a></p></body></html>\n";
  throw Error("the template " + std::string(text.substr(0, 80)) +
              " needs monctl's template engine, which this delivery was not given");
}

}  // namespace mon::notify
