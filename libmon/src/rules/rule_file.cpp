// Loading Prometheus rule files (model/rulefmt's rules, promtool check rules' wording).
#include "mon/rules/rule_file.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "mon/promql/parse.hpp"
#include "templates.hpp"
#include "yaml_doc.hpp"

namespace mon::rules {

std::string RuleFileError::text() const { return to_string(where) + ": " + message; }

namespace {

using detail::kind_of;
using detail::YamlDoc;

struct Loader {
  const YamlDoc& doc;
  bool ignore_unknown;
  std::vector<RuleFileError>& errors;

  void error(const Location& where, std::string message) { errors.push_back({where, std::move(message)}); }
  void error(const YAML::Node& n, std::string message) { error(doc.at(n), std::move(message)); }

  // Every key of a mapping with its value node; repeated and (unless ignored) unknown keys
  // reported. Returns false when `n` is no mapping.
  bool entries(const YAML::Node& n, const std::string& what, const std::vector<std::string>& known,
               std::vector<std::pair<std::string, YAML::Node>>& out) {
    if (!n.IsMap()) {
      error(n, what + ": expected a mapping, got " + kind_of(n));
      return false;
    }
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) {
        error(kv.first, what + ": a key must be a string, got " + kind_of(kv.first));
        continue;
      }
      const std::string& k = kv.first.Scalar();
      bool dup = false;
      for (const auto& e : out)
        if (e.first == k) dup = true;
      if (dup) {
        error(kv.first, what + ": mapping key \"" + k + "\" already defined");
        continue;
      }
      if (std::find(known.begin(), known.end(), k) == known.end()) {
        if (ignore_unknown) continue;
        std::string list;
        for (const auto& kn : known) list += (list.empty() ? "" : ", ") + kn;
        error(kv.first, what + ": field " + k + " not found (expected one of " + list + ")");
        continue;
      }
      out.emplace_back(k, kv.second);
    }
    return true;
  }

  std::optional<std::string> string(const YAML::Node& n, const std::string& key) {
    if (n.IsNull()) return std::string();
    if (!n.IsScalar()) {
      error(n, "field " + key + ": expected a string, got " + kind_of(n));
      return std::nullopt;
    }
    return n.Scalar();
  }

  std::optional<std::int64_t> duration(const YAML::Node& n, const std::string& key) {
    if (n.IsNull()) return 0;
    if (!n.IsScalar()) {
      error(n, "field " + key + ": expected a duration such as 5m, got " + kind_of(n));
      return std::nullopt;
    }
    auto d = detail::duration_ms(n.Scalar());
    if (!d) {
      error(n, "field " + key + ": not a valid duration string: \"" + n.Scalar() + "\"");
      return std::nullopt;
    }
    return d;
  }

  // A mapping of names to strings, sorted by name.
  std::optional<std::vector<std::pair<std::string, std::string>>> string_map(const YAML::Node& n, const std::string& key,
                                                                            std::vector<YAML::Node>* key_nodes = nullptr) {
    std::vector<std::pair<std::string, std::string>> out;
    if (n.IsNull()) return out;
    if (!n.IsMap()) {
      error(n, "field " + key + ": expected a mapping of names to strings, got " + kind_of(n));
      return std::nullopt;
    }
    std::vector<std::pair<std::pair<std::string, std::string>, YAML::Node>> items;
    bool ok = true;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) {
        error(kv.first, "field " + key + ": a name must be a string, got " + kind_of(kv.first));
        ok = false;
        continue;
      }
      std::string k = kv.first.Scalar();
      if (!kv.second.IsScalar() && !kv.second.IsNull()) {
        error(kv.second, "field " + key + "." + k + ": expected a string, got " + kind_of(kv.second));
        ok = false;
        continue;
      }
      bool dup = false;
      for (const auto& it : items)
        if (it.first.first == k) dup = true;
      if (dup) {
        error(kv.first, "field " + key + ": mapping key \"" + k + "\" already defined");
        ok = false;
        continue;
      }
      items.push_back({{k, kv.second.IsNull() ? std::string() : kv.second.Scalar()}, kv.first});
    }
    if (!ok) return std::nullopt;
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first.first < b.first.first; });
    for (auto& it : items) {
      out.push_back(std::move(it.first));
      if (key_nodes) key_nodes->push_back(it.second);
    }
    return out;
  }

  void rule(Group& g, const YAML::Node& n, std::size_t index, bool& group_ok) {
    std::vector<std::pair<std::string, YAML::Node>> fields;
    std::size_t before = errors.size();
    if (!entries(n, "rule", {"record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"}, fields)) {
      group_ok = false;
      return;
    }
    Rule r;
    r.where = doc.at(n);
    YAML::Node record_node, alert_node, expr_node;
    bool has_record = false, has_alert = false, has_expr = false;
    std::optional<std::vector<std::pair<std::string, std::string>>> labels, annotations;
    std::vector<YAML::Node> label_keys, annotation_keys;
    YAML::Node labels_node, annotations_node;
    for (auto& [k, v] : fields) {
      if (k == "record") {
        record_node = v;
        has_record = true;
        if (auto s = string(v, k)) r.record = *s;
      } else if (k == "alert") {
        alert_node = v;
        has_alert = true;
        if (auto s = string(v, k)) r.alert = *s;
      } else if (k == "expr") {
        expr_node = v;
        has_expr = true;
        if (auto s = string(v, k)) r.expr = *s;
      } else if (k == "for") {
        if (auto d = duration(v, k)) r.for_ms = *d;
      } else if (k == "keep_firing_for") {
        if (auto d = duration(v, k)) r.keep_firing_for_ms = *d;
      } else if (k == "labels") {
        labels_node = v;
        labels = string_map(v, k, &label_keys);
      } else if (k == "annotations") {
        annotations_node = v;
        annotations = string_map(v, k, &annotation_keys);
      }
    }
    if (errors.size() != before) {
      group_ok = false;
      return;
    }
    // model/rulefmt's Validate, in its order and words.
    std::string name = r.alert.empty() ? r.record : r.alert;
    std::string prefix = "group \"" + g.name + "\", rule " + std::to_string(index + 1) + ", \"" + name + "\": ";
    auto fail = [&](const Location& where, const std::string& message) { error(where, prefix + message); };
    Location rule_at = has_record ? doc.at(record_node) : has_alert ? doc.at(alert_node) : r.where;
    if (!r.record.empty() && !r.alert.empty()) fail(doc.at(record_node), "only one of 'record' and 'alert' must be set");
    if (r.record.empty() && r.alert.empty()) fail(rule_at, "one of 'record' or 'alert' must be set");
    if (r.expr.empty()) {
      fail(has_expr ? doc.at(expr_node) : r.where, "field 'expr' must be set in rule");
    } else {
      r.expr_where = doc.content_at(expr_node);
      try {
        r.parsed = promql::parse(r.expr, r.expr_where);
      } catch (const ParseError& e) {
        fail(e.location().line ? e.location() : r.expr_where, "could not parse expression: " + e.message());
      } catch (const Error& e) {
        fail(r.expr_where, std::string("could not parse expression: ") + e.what());
      }
    }
    if (!r.record.empty()) {
      if (annotations && !annotations->empty()) fail(rule_at, "invalid field 'annotations' in recording rule");
      if (r.for_ms != 0) fail(rule_at, "invalid field 'for' in recording rule");
      if (r.keep_firing_for_ms != 0) fail(rule_at, "invalid field 'keep_firing_for' in recording rule");
      if (!detail::valid_utf8(r.record)) fail(rule_at, "invalid recording rule name: " + r.record);
      if (r.record.find_first_of("{}") != std::string::npos)
        fail(rule_at, "braces present in the recording rule name; should it be in expr?: " + r.record);
    }
    if (!r.alert.empty() && !detail::valid_utf8(r.alert)) fail(rule_at, "invalid alerting rule name: " + r.alert);
    if (labels) {
      for (std::size_t i = 0; i < labels->size(); ++i) {
        const auto& [k, v] = (*labels)[i];
        if (k.empty() || k == "__name__" || !detail::valid_utf8(k)) fail(doc.at(label_keys[i]), "invalid label name: " + k);
        if (!detail::valid_utf8(v)) fail(doc.at(label_keys[i]), "invalid label value: " + v);
      }
    }
    if (annotations) {
      for (std::size_t i = 0; i < annotations->size(); ++i) {
        const auto& k = (*annotations)[i].first;
        if (k.empty() || !detail::valid_utf8(k)) fail(doc.at(annotation_keys[i]), "invalid annotation name: " + k);
      }
    }
    if (!r.alert.empty()) {
      if (labels)
        for (std::size_t i = 0; i < labels->size(); ++i)
          if (auto e = detail::template_error((*labels)[i].second, r.alert))
            fail(doc.content_at(labels_node[(*labels)[i].first]), "label \"" + (*labels)[i].first + "\": " + *e);
      if (annotations)
        for (std::size_t i = 0; i < annotations->size(); ++i)
          if (auto e = detail::template_error((*annotations)[i].second, r.alert))
            fail(doc.content_at(annotations_node[(*annotations)[i].first]),
                 "annotation \"" + (*annotations)[i].first + "\": " + *e);
    }
    if (errors.size() != before) {
      group_ok = false;
      return;
    }
    // The group's labels, then the rule's over them (rules.FromMaps).
    model::Labels merged = g.labels;
    if (labels)
      for (auto& [k, v] : *labels) {
        auto it = std::find_if(merged.begin(), merged.end(), [&](const model::Label& l) { return l.name == k; });
        if (it != merged.end()) it->value = v;
        else merged.push_back({k, v});
      }
    model::sort_labels(merged);
    r.labels = std::move(merged);
    if (annotations) r.annotations = std::move(*annotations);
    g.rules.push_back(std::move(r));
  }

  void group(const YAML::Node& n, std::set<std::string>& names, std::vector<Group>& out) {
    std::vector<std::pair<std::string, YAML::Node>> fields;
    std::size_t before = errors.size();
    if (!entries(n, "group", {"name", "interval", "query_offset", "limit", "rules", "labels"}, fields)) return;
    Group g;
    g.file = doc.file;
    g.where = doc.at(n);
    YAML::Node rules_node;
    for (auto& [k, v] : fields) {
      if (k == "name") {
        if (auto s = string(v, k)) g.name = *s;
      } else if (k == "interval") {
        if (auto d = duration(v, k)) g.interval_ms = *d;
      } else if (k == "query_offset") {
        if (auto d = duration(v, k)) g.query_offset_ms = *d;
      } else if (k == "limit") {
        std::int64_t lim = -1;
        if (v.IsNull()) lim = 0;
        else if (v.IsScalar()) {
          try {
            std::size_t used = 0;
            long long x = std::stoll(v.Scalar(), &used);
            if (used == v.Scalar().size()) lim = x;
          } catch (const std::exception&) {
          }
        }
        if (lim < 0) error(v, "field limit: expected a whole number, got " + kind_of(v));
        else g.limit = static_cast<std::uint64_t>(lim);
      } else if (k == "labels") {
        std::vector<YAML::Node> keys;
        if (auto m = string_map(v, k, &keys)) {
          for (std::size_t i = 0; i < m->size(); ++i) {
            const auto& [lk, lv] = (*m)[i];
            if (lk.empty() || lk == "__name__" || !detail::valid_utf8(lk)) error(keys[i], "invalid label name: " + lk);
            if (!detail::valid_utf8(lv)) error(keys[i], "invalid label value: " + lv);
            g.labels.push_back({lk, lv});
          }
        }
      } else if (k == "rules") {
        rules_node = v;
      }
    }
    if (g.name.empty()) error(n, "Groupname must not be empty");
    if (!names.insert(g.name).second) error(n, "groupname: \"" + g.name + "\" is repeated in the same file");
    bool ok = errors.size() == before;
    if (rules_node && !rules_node.IsNull()) {
      if (!rules_node.IsSequence()) {
        error(rules_node, "field rules: expected a list of rules, got " + kind_of(rules_node));
        ok = false;
      } else {
        std::size_t i = 0;
        for (const auto& r : rules_node) rule(g, r, i++, ok);
      }
    }
    if (ok) out.push_back(std::move(g));
  }
};

}  // namespace

RuleFileLoad read_rule_text(const std::string& text, const std::string& name, bool ignore_unknown_fields) {
  RuleFileLoad out;
  YamlDoc doc(name, text);
  YAML::Node root;
  try {
    root = detail::load_yaml(doc);
  } catch (const ParseError& e) {
    out.errors.push_back({e.location(), e.message()});
    return out;
  }
  if (!root || root.IsNull()) return out;  // an empty file holds no groups
  Loader l{doc, ignore_unknown_fields, out.errors};
  std::vector<std::pair<std::string, YAML::Node>> top;
  if (!l.entries(root, "the top level", {"groups"}, top)) return out;
  std::set<std::string> names;
  for (auto& [k, v] : top) {
    if (v.IsNull()) continue;
    if (!v.IsSequence()) {
      l.error(v, "field groups: expected a list of groups, got " + kind_of(v));
      continue;
    }
    for (const auto& g : v) l.group(g, names, out.groups);
  }
  return out;
}

RuleFileLoad read_rule_file(const std::string& path, bool ignore_unknown_fields) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    RuleFileLoad out;
    out.errors.push_back({{path, 0, 0}, "cannot open the file"});
    return out;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    RuleFileLoad out;
    out.errors.push_back({{path, 0, 0}, "cannot read the file"});
    return out;
  }
  return read_rule_text(ss.str(), path, ignore_unknown_fields);
}

std::vector<Group> load_rule_file(const std::string& path, bool ignore_unknown_fields) {
  RuleFileLoad l = read_rule_file(path, ignore_unknown_fields);
  if (!l.errors.empty()) throw ParseError(l.errors.front().where, l.errors.front().message);
  return std::move(l.groups);
}

}  // namespace mon::rules
