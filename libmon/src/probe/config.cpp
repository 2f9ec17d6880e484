// Loading a file of probes with yaml-cpp (JSON is a subset of YAML, so both parse here). The
// walk checks every key against the keys its probe type knows and every value against the type
// it must have, so that a typo stops the run with FILE:LINE:COL instead of silently doing less.
// yaml-cpp keeps repeated keys in a map, so duplicates are caught here too.
#include "mon/probe/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <yaml-cpp/yaml.h>

#include "mon/format/number.hpp"
#include "mon/io/read_file.hpp"
#include "yaml_walker.hpp"

namespace mon::probe {

namespace {

constexpr std::size_t kMaxConfig = 16 << 20;
using detail::Walker;

// The keys each probe type accepts besides the common ones.
const std::map<Kind, std::set<std::string>>& keys_by_kind() {
  static const std::map<Kind, std::set<std::string>> keys = {
      {Kind::http,
       {"url", "method", "headers", "body", "expect_status", "expect_body", "reject_body", "expect_header", "follow",
        "insecure", "cacert", "cert", "key", "cert_warn_days", "cert_crit_days", "ip", "max_body"}},
      {Kind::tcp, {"target", "send", "expect", "tls", "insecure", "cacert", "cert", "key", "ip"}},
      {Kind::dns, {"target", "query_type", "expect"}},
      {Kind::tls, {"target", "insecure", "cacert", "cert", "key", "cert_warn_days", "cert_crit_days", "ip"}},
      {Kind::disk, {"path"}},
      {Kind::memory, {}},
      {Kind::load, {}},
      {Kind::file, {"path", "max_age", "min_size", "max_size"}},
      {Kind::process, {"process"}},
      {Kind::cmd, {"command"}},
  };
  return keys;
}
const std::set<std::string> kCommonKeys = {"name", "type", "warning", "critical", "timeout", "retries", "labels"};
const std::set<std::string> kDefaultKeys = {"timeout", "retries", "labels", "critical", "follow", "insecure",
                                            "cacert",  "ip",      "max_body"};

std::string join(const std::set<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
  return s;
}

model::Labels labels_of(const Walker& w, const YAML::Node& n) {
  model::Labels out;
  for (auto& [k, v] : w.pairs(n, "labels")) out.push_back({k, v});
  return out;
}

// Applies one key to a spec (the key is known to be valid for its type).
void apply(const Walker& w, Spec& s, const std::string& key, const YAML::Node& n) {
  if (key == "name") s.name = w.line(n, key);
  else if (key == "warning") s.warning = w.range(n, key);
  else if (key == "critical") {
    // `critical: true|false` marks the probe; any other value is a range.
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) s.critical_probe = n.Scalar() == "true";
    else s.critical = w.range(n, key);
  } else if (key == "timeout") s.timeout = w.duration(n, key);
  else if (key == "retries") s.retries = static_cast<int>(w.integer(n, key, 0, 10));
  else if (key == "labels") {
    // Defaults' labels are kept; the probe's own override by name.
    for (auto& l : labels_of(w, n)) {
      auto it = std::find_if(s.labels.begin(), s.labels.end(), [&](const model::Label& x) { return x.name == l.name; });
      if (it != s.labels.end()) it->value = l.value;
      else s.labels.push_back(l);
    }
  } else if (key == "url" || key == "target") s.target = w.line(n, key);
  else if (key == "path") s.target = w.path(n, key);
  else if (key == "process") s.target = w.scalar(n, key);
  else if (key == "command") {
    if (!n.IsSequence()) w.fail(n, "key 'command': expected a list such as [/usr/lib/nagios/plugins/check_dummy, \"0\"], got " + Walker::kind_of(n));
    s.command = w.strings(n, key);
  } else if (key == "method") s.method = w.token(n, key);
  else if (key == "headers") {
    s.headers.clear();
    if (n.IsMap()) {
      w.pairs(n, key);  // the shape and repeated names
      for (const auto& kv : n) s.headers.push_back(w.token(kv.first, key) + ": " + w.line(kv.second, key));
    } else {
      s.headers = w.strings(n, key, &Walker::line);
    }
  } else if (key == "body") {
    try {
      s.body = load_body(w.scalar(n, key), w.dir);
    } catch (const Error& e) {
      w.fail(n, "key 'body': " + std::string(e.what()));
    }
  } else if (key == "expect_status") {
    s.expect_status.clear();
    for (const auto& item : n.IsSequence() ? n : YAML::Node(YAML::NodeType::Sequence)) {
      try {
        for (auto r : parse_status_list(w.scalar(item, key))) s.expect_status.push_back(r);
      } catch (const ParseError&) {
        throw;
      } catch (const Error& e) {
        w.fail(item, "key 'expect_status': " + std::string(e.what()));
      }
    }
    if (!n.IsSequence()) {
      try {
        s.expect_status = parse_status_list(w.scalar(n, key));
      } catch (const ParseError&) {
        throw;
      } catch (const Error& e) {
        w.fail(n, "key 'expect_status': " + std::string(e.what()));
      }
    }
  } else if (key == "expect_body") s.expect_body = w.scalar(n, key);
  else if (key == "reject_body") s.reject_body = w.scalar(n, key);
  else if (key == "expect_header") {
    w.pairs(n, key);
    for (const auto& kv : n) s.expect_headers.emplace_back(w.token(kv.first, key), w.line(kv.second, key));
  } else if (key == "follow") s.follow = w.boolean(n, key);
  else if (key == "insecure") s.insecure = w.boolean(n, key);
  else if (key == "tls") s.tls = w.boolean(n, key);
  else if (key == "cacert") s.cacert = w.path(n, key);
  else if (key == "cert") s.cert = w.path(n, key);
  else if (key == "key") s.key = w.path(n, key);
  else if (key == "cert_warn_days") s.cert_warn_days = static_cast<int>(w.integer(n, key, 0, 100000));
  else if (key == "cert_crit_days") s.cert_crit_days = static_cast<int>(w.integer(n, key, 0, 100000));
  else if (key == "ip") {
    auto v = w.integer(n, key, 0, 6);
    if (v != 0 && v != 4 && v != 6) w.fail(n, "key 'ip': expected 4 or 6");
    s.ip_version = static_cast<int>(v);
  } else if (key == "max_body") s.max_body = static_cast<std::size_t>(w.integer(n, key, 1, 1 << 30));
  else if (key == "send") s.send = w.scalar(n, key);
  else if (key == "expect") {
    if (s.kind == Kind::dns) s.expect_addresses = w.strings(n, key, &Walker::line);
    else s.expect = w.scalar(n, key);
  } else if (key == "query_type") {
    std::string t = w.scalar(n, key);
    if (t != "A" && t != "AAAA") w.fail(n, "key 'query_type': expected A or AAAA, got \"" + t + "\"");
    s.dns_family = t == "A" ? 4 : 6;
  } else if (key == "max_age") s.max_age = w.duration(n, key);
  else if (key == "min_size") s.min_size = static_cast<std::uint64_t>(w.integer(n, key, 0, INT64_MAX));
  else if (key == "max_size") s.max_size = static_cast<std::uint64_t>(w.integer(n, key, 0, INT64_MAX));
}

}  // namespace

std::vector<Spec> parse_config(const std::string& text, const std::string& name, const std::string& dir) {
  Walker w{name, dir};
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ParseError({name, static_cast<std::uint64_t>(e.mark.line + 1), static_cast<std::uint64_t>(e.mark.column + 1)},
                     "YAML error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw ParseError({name, 0, 0}, std::string("YAML error: ") + e.what());
  }
  if (!root.IsMap()) throw ParseError(w.at(root).line ? w.at(root) : Location{name, 1, 1},
                                      "expected a mapping with 'probes:' (and optionally 'defaults:'), got " +
                                          (root.IsNull() ? std::string("an empty file") : Walker::kind_of(root)));
  YAML::Node defaults, probes;
  for (auto& [key, node] : w.entries(root, "the top level")) {
    if (key == "defaults") defaults = node;
    else if (key == "probes") probes = node;
    else w.fail(node, "unknown top-level key '" + key + "' (expected defaults, probes)");
  }
  if (!probes) throw ParseError(w.at(root), "the file has no 'probes:' list");
  if (!probes.IsSequence()) w.fail(probes, "'probes': expected a list, got " + Walker::kind_of(probes));

  Spec base;
  std::vector<std::pair<std::string, YAML::Node>> default_entries;
  if (defaults && !defaults.IsNull()) {
    default_entries = w.entries(defaults, "defaults");
    for (auto& [key, node] : default_entries)
    {
      if (!kDefaultKeys.count(key))
        w.fail(node, "defaults: unknown key '" + key + "' (expected one of: " + join(kDefaultKeys) + ")");
      // A range means something different for each probe type: only the flag has a default.
      if (key == "critical" && !(node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")))
        w.fail(node, "defaults: 'critical' takes true or false (ranges belong to each probe)");
    }
  }

  std::vector<Spec> specs;
  std::map<std::string, std::uint64_t> names;  // name -> line of its first definition
  for (const auto& p : probes) {
    auto entries = w.entries(p, "a probe");
    const YAML::Node* type_node = nullptr;
    for (auto& [key, node] : entries)
      if (key == "type") type_node = &node;
    if (!type_node) w.fail(p, "a probe needs 'type:' (one of: " + kind_names() + ")");
    std::string type = w.scalar(*type_node, "type");
    auto kind = parse_kind(type);
    if (!kind) w.fail(*type_node, "unknown probe type '" + type + "' (expected one of: " + kind_names() + ")");
    const auto& own = keys_by_kind().at(*kind);
    Spec s = base;
    s.kind = *kind;
    s.where = w.at(p);
    for (auto& [key, node] : default_entries)
      if (kCommonKeys.count(key) || own.count(key)) apply(w, s, key, node);
    for (auto& [key, node] : entries) {
      if (key == "type") continue;
      if (!kCommonKeys.count(key) && !own.count(key)) {
        std::set<std::string> all = own;
        all.insert(kCommonKeys.begin(), kCommonKeys.end());
        w.fail(node, "unknown key '" + key + "' for a " + type + " probe (expected one of: " + join(all) + ")");
      }
      apply(w, s, key, node);
    }
    validate(s);
    auto [it, fresh] = names.emplace(s.name, s.where.line);
    if (!fresh) {
      const YAML::Node name_node = p["name"];
      w.fail(name_node ? name_node : p, "duplicate probe name '" + s.name + "' (first defined at line " +
                                            std::to_string(it->second) + "); give each probe its own name:");
    }
    specs.push_back(std::move(s));
  }
  if (specs.empty()) w.fail(probes, "'probes' is empty");
  return specs;
}

std::vector<Spec> load_config(const std::string& path) {
  std::string text = io::read_file(path, kMaxConfig);
  if (text.find('\0') != std::string::npos) throw ParseError({path, 0, 0}, "contains a NUL byte; not a YAML or JSON file");
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : slash == 0 ? "/" : path.substr(0, slash);
  return parse_config(text, path, dir);
}

}  // namespace mon::probe
