#include "test_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "mon/format/number.hpp"
#include "yaml_doc.hpp"

namespace mon::rules::detail {

namespace {

struct Reader {
  const YamlDoc& doc;

  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const { throw ParseError(doc.at(n), message); }

  std::vector<std::pair<std::string, YAML::Node>> fields(const YAML::Node& n, const std::string& what,
                                                         const std::vector<std::string>& known) const {
    std::vector<std::pair<std::string, YAML::Node>> out;
    if (n.IsNull()) return out;
    if (!n.IsMap()) fail(n, what + ": expected a mapping, got " + kind_of(n));
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) fail(kv.first, what + ": a key must be a string, got " + kind_of(kv.first));
      const std::string& k = kv.first.Scalar();
      for (const auto& e : out)
        if (e.first == k) fail(kv.first, what + ": mapping key \"" + k + "\" already defined");
      if (std::find(known.begin(), known.end(), k) == known.end()) {
        std::string list;
        for (const auto& kn : known) list += (list.empty() ? "" : ", ") + kn;
        fail(kv.first, what + ": field " + k + " not found (expected one of " + list + ")");
      }
      out.emplace_back(k, kv.second);
    }
    return out;
  }

  std::string str(const YAML::Node& n, const std::string& key) const {
    if (n.IsNull()) return "";
    if (!n.IsScalar()) fail(n, "field " + key + ": expected a string, got " + kind_of(n));
    return n.Scalar();
  }

  std::int64_t duration(const YAML::Node& n, const std::string& key) const {
    if (n.IsNull()) return 0;
    if (!n.IsScalar()) fail(n, "field " + key + ": expected a duration such as 5m, got " + kind_of(n));
    auto d = duration_ms(n.Scalar());
    if (!d) fail(n, "field " + key + ": not a valid duration string: \"" + n.Scalar() + "\"");
    return *d;
  }

  bool boolean(const YAML::Node& n, const std::string& key) const {
    if (n.IsNull()) return false;
    if (n.IsScalar()) {
      const std::string& v = n.Scalar();
      if (v == "true" || v == "True" || v == "TRUE" || v == "yes" || v == "on") return true;
      if (v == "false" || v == "False" || v == "FALSE" || v == "no" || v == "off") return false;
    }
    fail(n, "field " + key + ": expected true or false, got " + kind_of(n));
  }

  double number(const YAML::Node& n, const std::string& key) const {
    if (n.IsNull()) return 0;
    if (n.IsScalar()) {
      std::string v = n.Scalar();
      if (v == ".inf" || v == ".Inf" || v == ".INF" || v == "+.inf" || v == "+.Inf" || v == "+.INF") return INFINITY;
      if (v == "-.inf" || v == "-.Inf" || v == "-.INF") return -INFINITY;
      if (v == ".nan" || v == ".NaN" || v == ".NAN") return NAN;
      std::string t = v;
      t.erase(std::remove(t.begin(), t.end(), '_'), t.end());
      if (!t.empty() && (std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '-' || t[0] == '+' || t[0] == '.')) {
        char* end = nullptr;
        double d = std::strtod(t.c_str(), &end);
        if (end && *end == '\0') return d;
      }
    }
    fail(n, "field " + key + ": expected a number, got " + kind_of(n));
  }

  std::vector<YAML::Node> list(const YAML::Node& n, const std::string& key) const {
    std::vector<YAML::Node> out;
    if (n.IsNull()) return out;
    if (!n.IsSequence()) fail(n, "field " + key + ": expected a list, got " + kind_of(n));
    for (const auto& i : n) out.push_back(i);
    return out;
  }

  StringMap string_map(const YAML::Node& n, const std::string& key) const {
    StringMap out;
    if (n.IsNull()) return out;
    if (!n.IsMap()) fail(n, "field " + key + ": expected a mapping of names to strings, got " + kind_of(n));
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) fail(kv.first, "field " + key + ": a name must be a string, got " + kind_of(kv.first));
      std::string k = kv.first.Scalar();
      for (const auto& e : out)
        if (e.first == k) fail(kv.first, "field " + key + ": mapping key \"" + k + "\" already defined");
      if (!kv.second.IsScalar() && !kv.second.IsNull())
        fail(kv.second, "field " + key + "." + k + ": expected a string, got " + kind_of(kv.second));
      out.emplace_back(k, kv.second.IsNull() ? std::string() : kv.second.Scalar());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  TestGroup group(const YAML::Node& n) const {
    TestGroup g;
    g.where = doc.at(n);
    for (auto& [k, v] : fields(n, "test group",
                               {"interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels",
                                "external_url", "name", "start_timestamp"})) {
      if (k == "interval") g.interval_ms = duration(v, k);
      else if (k == "name") g.name = str(v, k);
      else if (k == "external_url") g.external_url = str(v, k);
      else if (k == "external_labels") {
        for (auto& [lk, lv] : string_map(v, k)) g.external_labels.push_back({lk, lv});
      } else if (k == "start_timestamp") {
        std::string s = str(v, k);
        if (!s.empty()) {
          auto t = parse_time_ms(s);
          if (!t) fail(v, "field start_timestamp: cannot parse \"" + s + "\" as a Unix timestamp or an RFC 3339 time");
          g.start_ms = *t;
          g.has_start = *t != 0;
        }
      } else if (k == "input_series") {
        for (const auto& s : list(v, k)) {
          TestSeries ts;
          ts.where = doc.at(s);
          for (auto& [sk, sv] : fields(s, "input series", {"series", "values"})) {
            if (sk == "series") {
              ts.series = str(sv, sk);
              ts.where = doc.content_at(sv);
            } else {
              ts.values = str(sv, sk);
            }
          }
          g.input_series.push_back(std::move(ts));
        }
      } else if (k == "alert_rule_test") {
        for (const auto& a : list(v, k)) {
          AlertTest at;
          at.where = doc.at(a);
          for (auto& [ak, av] : fields(a, "alert test case", {"eval_time", "alertname", "exp_alerts"})) {
            if (ak == "eval_time") at.eval_time_ms = duration(av, ak);
            else if (ak == "alertname") at.alertname = str(av, ak);
            else
              for (const auto& e : list(av, ak)) {
                ExpAlert ea;
                for (auto& [ek, ev] : fields(e, "expected alert", {"exp_labels", "exp_annotations"})) {
                  if (ek == "exp_labels") ea.labels = string_map(ev, ek);
                  else ea.annotations = string_map(ev, ek);
                }
                at.exp_alerts.push_back(std::move(ea));
              }
          }
          g.alert_tests.push_back(std::move(at));
        }
      } else if (k == "promql_expr_test") {
        for (const auto& p : list(v, k)) {
          PromqlTest pt;
          pt.where = doc.at(p);
          for (auto& [pk, pv] : fields(p, "promql test case", {"expr", "eval_time", "exp_samples"})) {
            if (pk == "expr") {
              pt.expr = str(pv, pk);
              pt.expr_where = doc.content_at(pv);
            } else if (pk == "eval_time") {
              pt.eval_time_ms = duration(pv, pk);
            } else {
              for (const auto& s : list(pv, pk)) {
                ExpSample es;
                es.where = doc.at(s);
                for (auto& [sk, sv] : fields(s, "expected sample", {"labels", "value", "histogram"})) {
                  if (sk == "labels") {
                    es.labels = str(sv, sk);
                    es.where = doc.content_at(sv);
                  } else if (sk == "value") {
                    es.value = number(sv, sk);
                  } else {
                    es.histogram = str(sv, sk);
                  }
                }
                pt.exp_samples.push_back(std::move(es));
              }
            }
          }
          g.promql_tests.push_back(std::move(pt));
        }
      }
    }
    model::sort_labels(g.external_labels);
    return g;
  }
};

}  // namespace

std::optional<std::int64_t> parse_time_ms(const std::string& text) {
  // Unix seconds, possibly fractional.
  {
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (!text.empty() && end && *end == '\0' && std::isfinite(d) && std::fabs(d) < 9.2e15)
      return static_cast<std::int64_t>(std::llround(d * 1000.0));
  }
  // RFC 3339: YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  int Y, M, D, h, m, s;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &s, &consumed) != 6) return std::nullopt;
  std::size_t i = static_cast<std::size_t>(consumed);
  std::int64_t frac_ms = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::int64_t scale = 100;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      frac_ms += (text[i] - '0') * scale;
      scale /= 10;
      ++i;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
  }
  std::int64_t offset_s = 0;
  if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
    ++i;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int oh = 0, om = 0;
    if (i + 6 > text.size() || std::sscanf(text.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset_s = (oh * 3600 + om * 60) * (text[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != text.size() || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || s > 60) return std::nullopt;
  // Days from the civil date (Howard Hinnant's algorithm).
  std::int64_t y = Y - (M <= 2 ? 1 : 0);
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  std::int64_t yoe = y - era * 400;
  std::int64_t doy = (153 * (M + (M > 2 ? -3 : 9)) + 2) / 5 + D - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  std::int64_t days = era * 146097 + doe - 719468;
  std::int64_t secs = days * 86400 + h * 3600 + m * 60 + s - offset_s;
  return secs * 1000 + frac_ms;
}

TestFile parse_test_file(const std::string& text, const std::string& name) {
  YamlDoc doc(name, text);
  YAML::Node root = load_yaml(doc);
  Reader r{doc};
  TestFile f;
  if (!root || root.IsNull()) return f;
  for (auto& [k, v] : r.fields(root, "test file",
                               {"rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"})) {
    if (k == "rule_files") {
      for (const auto& i : r.list(v, k)) f.rule_files.push_back(r.str(i, k));
    } else if (k == "evaluation_interval") {
      f.evaluation_interval_ms = r.duration(v, k);
    } else if (k == "group_eval_order") {
      for (const auto& i : r.list(v, k)) f.group_eval_order.push_back(r.str(i, k));
    } else if (k == "fuzzy_compare") {
      f.fuzzy_compare = r.boolean(v, k);
    } else {
      for (const auto& g : r.list(v, k)) f.tests.push_back(r.group(g));
    }
  }
  return f;
}

}  // namespace mon::rules::detail
