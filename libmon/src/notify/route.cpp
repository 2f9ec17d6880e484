#include "mon/notify/route.hpp"

#include <algorithm>

namespace mon::notify {

namespace {

void walk(const Route& r, const model::Labels& labels, std::vector<const Route*>& out) {
  std::size_t before = out.size();
  for (const Route& child : r.routes) {
    if (!matches_all(child.matchers, labels)) continue;
    std::size_t mark = out.size();
    walk(child, labels, out);
    if (out.size() > mark && !child.continue_matching) break;
  }
  if (out.size() == before) out.push_back(&r);
}

std::string_view value_of(const model::Labels& labels, std::string_view name) {
  for (const auto& l : labels)
    if (l.name == name) return l.value;
  return {};
}

}  // namespace

std::vector<const Route*> match_routes(const Route& root, const model::Labels& labels) {
  std::vector<const Route*> out;
  if (!matches_all(root.matchers, labels)) return out;
  walk(root, labels, out);
  return out;
}

model::Labels group_labels(const Route& route, const model::Labels& labels) {
  if (route.group_by_all) return labels;
  model::Labels out;
  for (const auto& l : labels)
    if (std::find(route.group_by.begin(), route.group_by.end(), l.name) != route.group_by.end() && !l.value.empty())
      out.push_back(l);
  return out;
}

std::string label_set_text(const model::Labels& labels) {
  // Go sorts the "name=value" strings; for sorted unique names that is the names' order, save
  // where one name is a prefix of another and '=' sorts after the next character.
  std::vector<std::string> parts;
  for (const auto& l : labels) {
    std::string p = l.name + "=" + go_quote(l.value);
    parts.push_back(std::move(p));
  }
  std::sort(parts.begin(), parts.end());
  std::string out = "{";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += ", ";
    out += parts[i];
  }
  return out + "}";
}

std::string group_key(const Route& route, const model::Labels& labels) {
  return route.key + ":" + label_set_text(labels);
}

bool inhibited(const std::vector<InhibitRule>& rules, const Alert& target, const std::vector<Alert>& alerts,
               std::int64_t now_ms) {
  for (const auto& rule : rules) {
    if (!matches_all(rule.target, target.labels)) continue;
    bool target_is_source = matches_all(rule.source, target.labels);
    for (const auto& source : alerts) {
      if (source.resolved(now_ms) || !matches_all(rule.source, source.labels)) continue;
      // As Alertmanager: when the target matches both sides, sources that are targets too do
      // not count (so an alert never inhibits itself, nor its peers).
      if (target_is_source && matches_all(rule.target, source.labels)) continue;
      bool equal = std::all_of(rule.equal.begin(), rule.equal.end(), [&](const std::string& name) {
        return value_of(source.labels, name) == value_of(target.labels, name);
      });
      if (equal) return true;
    }
  }
  return false;
}

}  // namespace mon::notify
