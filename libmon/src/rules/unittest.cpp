// promtool test rules (cmd/promtool/unittest.go): the loop, the comparisons and the messages.
#include "mon/rules/unittest.hpp"

#include <glob.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "go_format.hpp"
#include "input_series.hpp"
#include "mon/promql/engine.hpp"
#include "mon/promql/parse.hpp"
#include "mon/promql/regex.hpp"
#include "mon/rules/evaluator.hpp"
#include "mon/rules/rule_file.hpp"
#include "test_file.hpp"
#include "yaml_doc.hpp"

namespace mon::rules {

namespace {

using namespace detail;

struct Out {
  TestOutcome& o;
  void out(const std::string& s) {
    o.output += s;
    o.combined += s;
  }
  void err(const std::string& s) {
    o.errors += s;
    o.combined += s;
  }
};

std::string indent_lines(const std::string& lines, const std::string& indent) {
  std::string out;
  std::size_t start = 0;
  bool first = true;
  while (true) {
    std::size_t nl = lines.find('\n', start);
    if (!first) out += indent;
    first = false;
    if (nl == std::string::npos) {
      out.append(lines, start, std::string::npos);
      break;
    }
    out.append(lines, start, nl - start);
    out += '\n';
    start = nl + 1;
  }
  return out;
}

int compare_labels(const model::Labels& a, const model::Labels& b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].name != b[i].name) return a[i].name < b[i].name ? -1 : 1;
    if (a[i].value != b[i].value) return a[i].value < b[i].value ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

struct LabelsAndAnnotations {
  model::Labels labels, annotations;
};

bool la_less(const LabelsAndAnnotations& a, const LabelsAndAnnotations& b) {
  int d = compare_labels(a.labels, b.labels);
  if (d != 0) return d < 0;
  return compare_labels(a.annotations, b.annotations) < 0;
}

std::string la_string(const std::vector<LabelsAndAnnotations>& la) {
  if (la.empty()) return "[]";
  std::string s = "[\n0:" + indent_lines("\nLabels:" + labels_string(la[0].labels) + "\nAnnotations:" +
                                             labels_string(la[0].annotations),
                                         "  ");
  for (std::size_t i = 1; i < la.size(); ++i)
    s += ",\n" + std::to_string(i) + ":" +
         indent_lines("\nLabels:" + labels_string(la[i].labels) + "\nAnnotations:" + labels_string(la[i].annotations),
                      "  ");
  return s + "\n]";
}

struct ParsedSample {
  model::Labels labels;
  double value = 0;
};

std::string samples_string(const std::vector<ParsedSample>& ss) {
  if (ss.empty()) return "nil";
  std::string s;
  for (std::size_t i = 0; i < ss.size(); ++i) {
    if (i) s += ", ";
    s += labels_string(ss[i].labels) + " " + go_float_E(ss[i].value);
  }
  return s;
}

bool floats_equal(double x, double y, bool fuzzy) {
  if (x == y) return true;
  if (!fuzzy) return false;
  return std::nextafter(x, -INFINITY) == y || std::nextafter(x, INFINITY) == y;
}

// An error's text as Go's %v of promql's errors would give it ("1:7: parse error: ...").
std::string query_error_text(const Error& e) {
  if (const auto* pe = dynamic_cast<const ParseError*>(&e)) {
    std::string where;
    if (pe->location().line) {
      where = std::to_string(pe->location().line) + ":" + std::to_string(pe->location().column) + ": ";
    }
    return where + "parse error: " + pe->message();
  }
  return e.what();
}

model::Labels from_map(const StringMap& m) {
  model::Labels ls;
  for (const auto& [k, v] : m)
    if (!v.empty()) ls.push_back({k, v});
  return ls;
}

// Rule files, loaded once per run of a test file (promtool loads them per test group; the
// result is the same).
struct RuleSet {
  std::vector<Group> groups;
  std::vector<std::string> errors;
};

class Runner {
 public:
  Runner(const TestFile& file, const std::vector<std::string>& rule_files, const TestOptions& options,
         const std::string& test_path)
      : file_(file), rule_files_(rule_files), options_(options), test_path_(test_path) {}

  std::vector<std::string> run_group(const TestGroup& tg, const std::map<std::string, int>& order) {
    std::vector<std::string> errs;
    const std::int64_t eval_interval = file_.evaluation_interval_ms;
    const std::int64_t interval = tg.interval_ms ? tg.interval_ms : file_.evaluation_interval_ms;
    const std::int64_t mint = tg.start_ms;

    // The input series, expanded; loaded into the storage as time goes on.
    std::vector<ExpandedSeries> inputs;
    std::map<std::string, std::size_t> by_key;
    try {
      for (const auto& s : tg.input_series) {
        ExpandedSeries e = expand_series(s.series, s.values, mint, interval, s.where);
        std::string k = labels_key(e.labels);
        auto it = by_key.find(k);
        if (it != by_key.end()) inputs[it->second] = std::move(e);
        else {
          by_key.emplace(k, inputs.size());
          inputs.push_back(std::move(e));
        }
      }
    } catch (const Error& e) {
      return {e.what()};
    }
    std::vector<std::size_t> cursor(inputs.size(), 0);
    promql::Storage storage;
    auto load_till = [&](std::int64_t t) {
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        auto& pts = inputs[i].points;
        while (cursor[i] < pts.size() && pts[cursor[i]].t <= t) {
          storage.add(inputs[i].labels, pts[cursor[i]].t, pts[cursor[i]].v);
          ++cursor[i];
        }
      }
    };

    // The rule files.
    const RuleSet& rules = rule_set();
    if (!rules.errors.empty()) return rules.errors;
    std::vector<const Group*> groups;
    for (const auto& g : rules.groups) groups.push_back(&g);
    std::stable_sort(groups.begin(), groups.end(), [&](const Group* a, const Group* b) {
      auto ia = order.find(a->name), ib = order.find(b->name);
      int oa = ia == order.end() ? 0 : ia->second, ob = ib == order.end() ? 0 : ib->second;
      return oa < ob;
    });

    EvaluatorOptions eo;
    eo.external_labels = tg.external_labels;
    eo.external_url = tg.external_url;
    eo.engine.default_subquery_step_ms = eval_interval;
    RuleEvaluator evaluator(storage, eo);

    std::int64_t max_eval = 0;
    for (const auto& a : tg.alert_tests) max_eval = std::max(max_eval, a.eval_time_ms);
    for (const auto& p : tg.promql_tests) max_eval = std::max(max_eval, p.eval_time_ms);
    const std::int64_t maxt = mint + max_eval;

    std::vector<std::int64_t> alert_times;
    std::map<std::int64_t, std::set<std::string>> alerts_in_test;
    std::map<std::int64_t, std::vector<const AlertTest*>> alert_tests;
    for (const auto& a : tg.alert_tests) {
      if (a.alertname.empty()) {
        std::string in_group = tg.name.empty() ? "" : " (in TestGroup " + tg.name + ")";
        return {"an item under alert_rule_test misses required attribute alertname at eval_time " +
                format_duration_ms(a.eval_time_ms) + in_group};
      }
      if (!alerts_in_test.count(a.eval_time_ms)) alert_times.push_back(a.eval_time_ms);
      alerts_in_test[a.eval_time_ms].insert(a.alertname);
      alert_tests[a.eval_time_ms].push_back(&a);
    }
    std::sort(alert_times.begin(), alert_times.end());
    std::size_t curr = 0;

    for (std::int64_t ts = mint; ts <= maxt; ts += eval_interval) {
      load_till(ts);
      std::vector<std::string> eval_errs;
      for (const Group* g : groups) {
        for (const auto& re : evaluator.evaluate(*g, ts))
          eval_errs.push_back("    rule: " + re.rule + ", time: " + go_duration(ts) + ", err: " + re.message);
      }
      errs.insert(errs.end(), eval_errs.begin(), eval_errs.end());
      if (!eval_errs.empty()) return errs;

      while (curr < alert_times.size() && ts - mint <= alert_times[curr] && alert_times[curr] < ts + eval_interval - mint) {
        std::int64_t t = alert_times[curr];
        const auto& present = alerts_in_test[t];
        std::map<std::string, std::vector<LabelsAndAnnotations>> got;
        for (const Group* g : groups)
          for (std::size_t i = 0; i < g->rules.size(); ++i) {
            const Rule& r = g->rules[i];
            if (!r.alerting() || !present.count(r.alert)) continue;
            auto& list = got[r.alert];
            for (auto& a : evaluator.alerts_of(*g, i))
              if (a.state == ActiveAlert::State::firing) list.push_back({std::move(a.labels), std::move(a.annotations)});
          }
        for (const AlertTest* tc : alert_tests[t]) {
          std::vector<LabelsAndAnnotations> got_alerts = got[tc->alertname];
          std::vector<LabelsAndAnnotations> exp_alerts;
          for (const auto& ea : tc->exp_alerts) {
            StringMap m = ea.labels;
            bool set = false;
            for (auto& [k, v] : m)
              if (k == "alertname") {
                v = tc->alertname;
                set = true;
              }
            if (!set) m.emplace_back("alertname", tc->alertname);
            std::sort(m.begin(), m.end());
            exp_alerts.push_back({from_map(m), from_map(ea.annotations)});
          }
          std::sort(got_alerts.begin(), got_alerts.end(), la_less);
          std::sort(exp_alerts.begin(), exp_alerts.end(), la_less);
          bool equal = got_alerts.size() == exp_alerts.size();
          for (std::size_t i = 0; equal && i < got_alerts.size(); ++i)
            equal = got_alerts[i].labels == exp_alerts[i].labels && got_alerts[i].annotations == exp_alerts[i].annotations;
          if (!equal) {
            std::string test_name = tg.name.empty() ? "" : "    name: " + tg.name + ",\n";
            errs.push_back(test_name + "    alertname: " + tc->alertname + ", time: " + format_duration_ms(tc->eval_time_ms) +
                           ", \n        exp:" + indent_lines(la_string(exp_alerts), "            ") +
                           ", \n        got:" + indent_lines(la_string(got_alerts), "            "));
          }
        }
        ++curr;
      }
    }

    // The PromQL expressions.
    promql::EngineOptions qo;
    qo.default_subquery_step_ms = eval_interval;
    promql::Engine engine(storage, qo);
    for (const auto& tc : tg.promql_tests) {
      std::string head = "    expr: " + go_quote(tc.expr) + ", time: " + format_duration_ms(tc.eval_time_ms);
      std::vector<ParsedSample> got;
      try {
        promql::ExprPtr e = promql::parse(tc.expr);
        promql::Result res = engine.instant(*e, mint + tc.eval_time_ms);
        if (res.value.type == promql::ValueType::vector) {
          for (auto& s : res.value.vector) got.push_back({std::move(s.labels), s.value});
        } else if (res.value.type == promql::ValueType::scalar) {
          got.push_back({{}, res.value.scalar});
        } else {
          throw Error("rule result is not a vector or scalar");
        }
      } catch (const Error& e) {
        errs.push_back(head + ", err: " + query_error_text(e));
        continue;
      }
      std::vector<ParsedSample> exp;
      bool bad = false;
      for (const auto& s : tc.exp_samples) {
        try {
          if (!s.histogram.empty()) throw Error("native histograms are not supported");
          exp.push_back({parse_metric_labels(s.labels, {}), s.value});
        } catch (const Error& e) {
          errs.push_back(head + ", err: labels " + go_quote(s.labels) + ": " + query_error_text(e));
          bad = true;
          break;
        }
      }
      if (bad) continue;
      auto by_labels = [](const ParsedSample& a, const ParsedSample& b) { return compare_labels(a.labels, b.labels) < 0; };
      std::stable_sort(exp.begin(), exp.end(), by_labels);
      std::stable_sort(got.begin(), got.end(), by_labels);
      bool equal = exp.size() == got.size();
      for (std::size_t i = 0; equal && i < exp.size(); ++i)
        equal = exp[i].labels == got[i].labels && floats_equal(exp[i].value, got[i].value, file_.fuzzy_compare);
      if (!equal)
        errs.push_back(head + ",\n        exp: " + samples_string(exp) + "\n        got: " + samples_string(got));
    }
    return errs;
  }

 private:
  const RuleSet& rule_set() {
    if (!rules_) {
      rules_ = std::make_unique<RuleSet>();
      for (const auto& f : rule_files_) {
        RuleFileLoad l = read_rule_file(f, options_.ignore_unknown_fields);
        for (const auto& e : l.errors) rules_->errors.push_back(e.text());
        if (!rules_->errors.empty()) break;
        for (auto& g : l.groups) rules_->groups.push_back(std::move(g));
      }
    }
    return *rules_;
  }

  const TestFile& file_;
  const std::vector<std::string>& rule_files_;
  const TestOptions& options_;
  std::string test_path_;
  std::unique_ptr<RuleSet> rules_;
};

std::vector<std::string> test_one_file(const std::string& path, const std::unique_ptr<promql::Regex>& run,
                                       const TestOptions& options, Out& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {"open " + path + ": no such file or cannot be read"};
  std::ostringstream ss;
  ss << in.rdbuf();
  TestFile file;
  try {
    file = parse_test_file(ss.str(), path);
  } catch (const Error& e) {
    return {e.what()};
  }
  // Rule files: relative to the test file, globs expanded.
  std::string base = std::filesystem::path(path).parent_path().string();
  std::vector<std::string> rule_files;
  for (std::string rf : file.rule_files) {
    if (!rf.empty() && rf.front() != '/') rf = (base.empty() ? std::string(".") : base) + "/" + rf;
    glob_t g{};
    int rc = ::glob(rf.c_str(), 0, nullptr, &g);
    if (rc == 0) {
      for (std::size_t i = 0; i < g.gl_pathc; ++i) rule_files.emplace_back(g.gl_pathv[i]);
    } else if (rc == GLOB_NOMATCH) {
      out.err("  WARNING: no file match pattern " + rf + "\n");
    } else {
      globfree(&g);
      return {"cannot expand the pattern " + rf};
    }
    globfree(&g);
  }
  if (file.evaluation_interval_ms == 0) file.evaluation_interval_ms = 60000;
  std::map<std::string, int> order;
  for (std::size_t i = 0; i < file.group_eval_order.size(); ++i) {
    if (order.count(file.group_eval_order[i]))
      return {"group name repeated in evaluation order: " + file.group_eval_order[i]};
    order[file.group_eval_order[i]] = static_cast<int>(i);
  }
  Runner runner(file, rule_files, options, path);
  std::vector<std::string> errs;
  for (const auto& tg : file.tests) {
    if (run && !run->full_match(tg.name)) continue;
    auto e = runner.run_group(tg, order);
    errs.insert(errs.end(), e.begin(), e.end());
  }
  return errs;
}

}  // namespace

TestOutcome run_test_files(const std::vector<std::string>& paths, const TestOptions& options) {
  TestOutcome o;
  Out out{o};
  std::unique_ptr<promql::Regex> run;
  if (!options.run.empty()) {
    std::string joined;
    for (const auto& r : options.run) joined += (joined.empty() ? "" : "|") + r;
    try {
      run = std::make_unique<promql::Regex>(".*(?:" + joined + ").*");
    } catch (const Error& e) {
      out.err(std::string("error: --run: ") + e.what() + "\n");
      o.exit_code = 1;
      return o;
    }
  }
  bool failed = false;
  for (const auto& p : paths) {
    auto errs = test_one_file(p, run, options, out);
    if (!errs.empty()) {
      out.err("  FAILED:\n");
      for (const auto& e : errs) {
        out.err(e + "\n");
        out.out("\n");
      }
      failed = true;
    } else {
      out.out("  SUCCESS\n");
    }
    out.out("\n");
  }
  o.exit_code = failed ? 1 : 0;
  return o;
}

TestOutcome run_test_file(const std::string& path, const TestOptions& options) {
  return run_test_files({path}, options);
}

}  // namespace mon::rules
