#pragma once
// Typed access to a yaml-cpp tree for the probe configuration: every accessor checks the node's
// shape and throws mon::ParseError at its FILE:LINE:COL naming the key and what was expected.
#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

#include "mon/error.hpp"
#include "mon/format/number.hpp"
#include "mon/probe/range.hpp"
#include "mon/probe/spec.hpp"
#include "mon/time/duration.hpp"

namespace mon::probe::detail {

struct Walker {
  std::string file, dir;

  Location at(const YAML::Node& n) const {
    YAML::Mark m = n.Mark();
    if (m.is_null()) return {file, 0, 0};
    return {file, static_cast<std::uint64_t>(m.line + 1), static_cast<std::uint64_t>(m.column + 1)};
  }
  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const { throw ParseError(at(n), message); }

  static std::string kind_of(const YAML::Node& n) {
    switch (n.Type()) {
      case YAML::NodeType::Map: return "a mapping";
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Null: return "nothing";
      default: return "\"" + n.Scalar() + "\"";
    }
  }

  std::string scalar(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, "key '" + key + "': expected a string, got " + kind_of(n));
    return n.Scalar();
  }
  // A string that goes into a protocol line (a URL, a header, a DNS name): one line, no NUL.
  std::string line(const YAML::Node& n, const std::string& key) const {
    std::string v = scalar(n, key);
    if (auto broken = breaks_line(v)) fail(n, "key '" + key + "': " + quoted(v) + ": " + *broken);
    return v;
  }
  // A header name or a method: an RFC 9110 token.
  std::string token(const YAML::Node& n, const std::string& key) const {
    std::string v = scalar(n, key);
    if (auto bad = not_a_token(v)) fail(n, "key '" + key + "': " + quoted(v) + ": " + *bad);
    return v;
  }
  bool boolean(const YAML::Node& n, const std::string& key) const {
    if (n.IsScalar()) {
      std::string v = n.Scalar();
      if (v == "true" || v == "yes" || v == "on") return true;
      if (v == "false" || v == "no" || v == "off") return false;
    }
    fail(n, "key '" + key + "': expected true or false, got " + kind_of(n));
  }
  std::int64_t integer(const YAML::Node& n, const std::string& key, std::int64_t lo, std::int64_t hi) const {
    std::optional<std::int64_t> v;
    if (n.IsScalar()) v = format::parse_int64(n.Scalar());
    if (!v) fail(n, "key '" + key + "': expected an integer, got " + kind_of(n));
    if (*v < lo || *v > hi)
      fail(n, "key '" + key + "': " + std::to_string(*v) + " is out of range (" + std::to_string(lo) + "-" +
                  std::to_string(hi) + ")");
    return *v;
  }
  time::Duration duration(const YAML::Node& n, const std::string& key) const {
    std::string s = scalar(n, key);
    try {
      return time::parse_cli_duration(s);
    } catch (const Error& e) {
      fail(n, "key '" + key + "': " + e.what());
    }
  }
  Range range(const YAML::Node& n, const std::string& key) const {
    std::string s = scalar(n, key);
    try {
      return parse_range(s);
    } catch (const Error& e) {
      fail(n, "key '" + key + "': " + e.what());
    }
  }
  // A string or a list of strings, each read by `item` (scalar, or line for a protocol line).
  using Read = std::string (Walker::*)(const YAML::Node&, const std::string&) const;
  std::vector<std::string> strings(const YAML::Node& n, const std::string& key, Read item = &Walker::scalar) const {
    if (n.IsScalar()) return {(this->*item)(n, key)};
    if (!n.IsSequence()) fail(n, "key '" + key + "': expected a string or a list of strings, got " + kind_of(n));
    std::vector<std::string> out;
    for (const auto& i : n) out.push_back((this->*item)(i, key));
    return out;
  }
  std::string path(const YAML::Node& n, const std::string& key) const {
    std::string p = scalar(n, key);
    if (!p.empty() && p.front() != '/' && !dir.empty()) p = dir + "/" + p;
    return p;
  }
  // A mapping of strings, in file order, with repeated keys refused.
  std::vector<std::pair<std::string, std::string>> pairs(const YAML::Node& n, const std::string& key) const {
    if (!n.IsMap()) fail(n, "key '" + key + "': expected a mapping of names to strings, got " + kind_of(n));
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& kv : n) {
      std::string k = scalar(kv.first, key);
      for (const auto& [seen, v] : out)
        if (seen == k) fail(kv.first, "key '" + key + "': '" + k + "' is given twice");
      out.emplace_back(k, scalar(kv.second, key + "." + k));
    }
    return out;
  }
  // Every key of a mapping once, with its node; repeated keys refused.
  std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node& n, const std::string& what) const {
    if (!n.IsMap()) fail(n, what + ": expected a mapping, got " + kind_of(n));
    std::vector<std::pair<std::string, YAML::Node>> out;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) fail(kv.first, what + ": a key must be a string, got " + kind_of(kv.first));
      std::string k = kv.first.Scalar();
      for (const auto& e : out)
        if (e.first == k) fail(kv.first, what + ": duplicate key '" + k + "'");
      out.emplace_back(k, kv.second);
    }
    return out;
  }
};

}  // namespace mon::probe::detail
