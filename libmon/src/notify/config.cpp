// Alertmanager's configuration file (config/config.go: Config, Route, InhibitRule and their
// checks), read with yaml-cpp; receivers and the global block through receiver_yaml.
#include "mon/notify/config.hpp"

#include <fmt/format.h>

#include <set>

#include "../probe/yaml_walker.hpp"
#include "mon/io/read_file.hpp"
#include "mon/model/names.hpp"
#include "mon/time/duration.hpp"
#include "receiver_yaml.hpp"

namespace mon::notify {

namespace {

using probe::detail::Walker;

struct ConfigReader {
  Walker w;
  Config& cfg;

  void note(const YAML::Node& n, const std::string& what) {
    cfg.unsupported.push_back(to_string(w.at(n)) + ": " + what + " is not supported by monctl");
  }
  static bool null(const YAML::Node& n) { return !n.IsDefined() || n.IsNull(); }

  Milliseconds duration(const YAML::Node& n, const std::string& key) {
    std::string s = w.scalar(n, key);
    try {
      return std::chrono::duration_cast<Milliseconds>(time::parse_duration(s));
    } catch (const Error& e) {
      w.fail(n, "key '" + key + "': " + e.what());
    }
  }

  std::vector<std::string> strings(const YAML::Node& n, const std::string& key) {
    std::vector<std::string> out;
    if (null(n)) return out;
    if (!n.IsSequence()) w.fail(n, "key '" + key + "': expected a list of strings, got " + Walker::kind_of(n));
    for (const auto& item : n) out.push_back(w.scalar(item, key));
    return out;
  }

  // `matchers: ['a="b"', ...]`: each item parsed at its own place.
  void matcher_list(const YAML::Node& n, const std::string& key, Matchers& out) {
    if (null(n)) return;
    if (!n.IsSequence()) w.fail(n, "key '" + key + "': expected a list of matchers, got " + Walker::kind_of(n));
    for (const auto& item : n) {
      std::string text = w.scalar(item, key);
      Location at = w.at(item);
      // A quoted YAML scalar's text starts one column after its mark (the quote).
      if (item.Tag() == "!" && at.column) ++at.column;
      Matchers ms = parse_matchers(text, at);
      out.insert(out.end(), ms.begin(), ms.end());
    }
  }
  // The older `match: {a: b}` and `match_re: {a: "b.*"}`.
  void match_map(const YAML::Node& n, const std::string& key, MatchType type, Matchers& out) {
    if (null(n)) return;
    if (!n.IsMap()) w.fail(n, "key '" + key + "': expected a mapping of label names to values, got " + Walker::kind_of(n));
    for (const auto& kv : n) {
      std::string name = kv.first.Scalar();
      try {
        out.push_back(make_matcher(name, type, w.scalar(kv.second, key + "." + name)));
      } catch (const ParseError&) {
        throw;
      } catch (const Error& e) {
        w.fail(kv.first, "key '" + key + "': " + e.what());
      }
    }
  }

  void route(const YAML::Node& n, Route& r, const Route* parent) {
    if (!n.IsMap()) w.fail(n, "a route must be a mapping, got " + Walker::kind_of(n));
    r.where = w.at(n);
    if (parent) {
      r.receiver = parent->receiver;
      r.group_by = parent->group_by;
      r.group_by_all = parent->group_by_all;
      r.group_wait = parent->group_wait;
      r.group_interval = parent->group_interval;
      r.repeat_interval = parent->repeat_interval;
    }
    bool group_by_given = false;
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      if (key == "receiver") {
        if (!null(v)) r.receiver = w.scalar(v, key);
      } else if (key == "group_by") {
        group_by_given = true;
        r.group_by.clear();
        r.group_by_all = false;
        std::set<std::string> seen;
        for (const auto& name : strings(v, key)) {
          if (name == "...") {
            r.group_by_all = true;
            continue;
          }
          if (model::check_label_name(name)) w.fail(v, fmt::format("invalid label name \"{}\" in group_by list", name));
          if (!seen.insert(name).second) w.fail(v, fmt::format("duplicated label \"{}\" in group_by", name));
          r.group_by.push_back(name);
        }
        if (r.group_by_all && !r.group_by.empty())
          w.fail(v, "cannot have wildcard group_by (`...`) and other other labels at the same time");
      } else if (key == "continue") {
        r.continue_matching = !null(v) && w.boolean(v, key);
      } else if (key == "matchers") {
        matcher_list(v, key, r.matchers);
      } else if (key == "match") {
        match_map(v, key, MatchType::equal, r.matchers);
      } else if (key == "match_re") {
        match_map(v, key, MatchType::regex, r.matchers);
      } else if (key == "group_wait") {
        if (!null(v)) r.group_wait = duration(v, key);
      } else if (key == "group_interval") {
        if (!null(v)) {
          r.group_interval = duration(v, key);
          if (r.group_interval.count() == 0) w.fail(v, "group_interval cannot be zero");
        }
      } else if (key == "repeat_interval") {
        if (!null(v)) {
          r.repeat_interval = duration(v, key);
          if (r.repeat_interval.count() == 0) w.fail(v, "repeat_interval cannot be zero");
        }
      } else if (key == "mute_time_intervals" || key == "active_time_intervals") {
        auto names = strings(v, key);
        (key == "mute_time_intervals" ? r.mute_time_intervals : r.active_time_intervals) = names;
        if (!names.empty()) note(kv.first, "'" + key + "' (the route's notifications are not muted by time)");
      } else if (key == "routes") {
        if (null(v)) continue;
        if (!v.IsSequence()) w.fail(v, "key 'routes': expected a list of routes, got " + Walker::kind_of(v));
        // Children are read after this route's own keys, whatever their order in the file.
      } else {
        w.fail(kv.first, "field " + key + " not found in type config.plain");
      }
    }
    (void)group_by_given;
    sort_matchers(r.matchers);
    r.key = parent ? parent->key + "/" + text(r.matchers) : text(r.matchers);
    if (const YAML::Node children = n["routes"]; children && children.IsSequence()) {
      for (const auto& child : children) {
        r.routes.emplace_back();
        route(child, r.routes.back(), &r);
      }
    }
  }

  void inhibit(const YAML::Node& n) {
    if (!n.IsMap()) w.fail(n, "an inhibit rule must be a mapping, got " + Walker::kind_of(n));
    InhibitRule rule;
    rule.where = w.at(n);
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      if (key == "source_matchers") matcher_list(v, key, rule.source);
      else if (key == "target_matchers") matcher_list(v, key, rule.target);
      else if (key == "source_match") match_map(v, key, MatchType::equal, rule.source);
      else if (key == "source_match_re") match_map(v, key, MatchType::regex, rule.source);
      else if (key == "target_match") match_map(v, key, MatchType::equal, rule.target);
      else if (key == "target_match_re") match_map(v, key, MatchType::regex, rule.target);
      else if (key == "equal") rule.equal = strings(v, key);
      else w.fail(kv.first, "field " + key + " not found in type config.plain");
    }
    cfg.inhibit_rules.push_back(std::move(rule));
  }

  void check_receivers(const Route& r, const std::set<std::string>& names) {
    if (!r.receiver.empty() && !names.count(r.receiver))
      throw ParseError(r.where, fmt::format("undefined receiver \"{}\" used in route", r.receiver));
    for (const auto& child : r.routes) check_receivers(child, names);
  }

  void top(const YAML::Node& root) {
    if (null(root)) w.fail(root, "the configuration is empty: expected a mapping with route and receivers");
    if (!root.IsMap()) w.fail(root, "expected a mapping with route and receivers, got " + Walker::kind_of(root));
    cfg.global = parse_global(root["global"], cfg.file, cfg.unsupported);
    for (const auto& kv : root) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      if (key == "global" || key == "route" || key == "receivers") {
        continue;
      } else if (key == "inhibit_rules") {
        if (null(v)) continue;
        if (!v.IsSequence()) w.fail(v, "key 'inhibit_rules': expected a list, got " + Walker::kind_of(v));
        for (const auto& item : v) inhibit(item);
      } else if (key == "templates") {
        for (auto t : strings(v, key)) {
          if (!t.empty() && t[0] != '/' && !w.dir.empty()) t = w.dir + "/" + t;
          cfg.templates.push_back(t);
        }
      } else if (key == "time_intervals" || key == "mute_time_intervals") {
        if (!null(v)) note(kv.first, "'" + key + "'");
      } else {
        w.fail(kv.first, "field " + key + " not found in type config.plain");
      }
    }
    std::set<std::string> names;
    if (const YAML::Node rs = root["receivers"]; rs && !rs.IsNull()) {
      if (!rs.IsSequence()) w.fail(rs, "key 'receivers': expected a list, got " + Walker::kind_of(rs));
      for (const auto& item : rs) {
        Receiver r = parse_receiver(item, cfg.global, cfg.file, cfg.unsupported);
        if (!names.insert(r.name).second)
          throw ParseError(r.where, fmt::format("notification config name \"{}\" is not unique", r.name));
        cfg.receivers.push_back(std::move(r));
      }
    }
    const YAML::Node rt = root["route"];
    if (null(rt)) w.fail(root, "no routes provided");
    route(rt, cfg.route, nullptr);
    if (cfg.route.receiver.empty()) throw ParseError(cfg.route.where, "root route must specify a default receiver");
    if (!cfg.route.matchers.empty()) throw ParseError(cfg.route.where, "root route must not have any matchers");
    if (cfg.route.continue_matching) throw ParseError(cfg.route.where, "cannot have continue in root route");
    if (!cfg.route.mute_time_intervals.empty() || !cfg.route.active_time_intervals.empty())
      throw ParseError(cfg.route.where, "root route must not have any mute time intervals");
    check_receivers(cfg.route, names);
  }
};

std::string dir_of(const std::string& file) {
  auto slash = file.rfind('/');
  if (slash == std::string::npos) return "";
  return slash == 0 ? "/" : file.substr(0, slash);
}

}  // namespace

const Receiver* Config::receiver(const std::string& name) const {
  for (const auto& r : receivers)
    if (r.name == name) return &r;
  return nullptr;
}

Config parse_config(const std::string& text, const std::string& name) {
  Config cfg;
  cfg.file = name;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ParseError({name, static_cast<std::uint64_t>(e.mark.line + 1), static_cast<std::uint64_t>(e.mark.column + 1)},
                     e.msg);
  }
  ConfigReader reader{Walker{name, dir_of(name)}, cfg};
  reader.top(root);
  return cfg;
}

Config load_config(const std::string& path) {
  return parse_config(io::read_file(path, 16u << 20), path);
}

}  // namespace mon::notify
