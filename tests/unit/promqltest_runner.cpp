// Runs Prometheus' PromQL test scripts against mon::promql: loads series with the expanding
// notation, evaluates instant and range queries and compares results, errors and annotations
// as Prometheus' harness does (without its extra re-runs at shifted times).
#include "promqltest_runner.hpp"


#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "mon/error.hpp"
#include "mon/promql/engine.hpp"
#include "mon/promql/parse.hpp"
#include "mon/promql/storage.hpp"

namespace promqltest {

using namespace mon;
using namespace mon::promql;

namespace {

struct LoadedSeries {
  model::Labels labels;
  std::vector<std::optional<double>> values;  // nullopt: `_`; stale_marker() for `stale`
};

// The series and its values in the expanding notation, read by the parser's parse_series().
LoadedSeries read_series(const SeriesLine& line) {
  auto parsed = parse_series(line.series + " " + line.values);
  LoadedSeries out;
  out.labels = std::move(parsed.labels);
  for (const auto& v : parsed.values) {
    switch (v.kind) {
      case SeriesValue::value: out.values.push_back(v.v); break;
      case SeriesValue::missing: out.values.push_back(std::nullopt); break;
      case SeriesValue::stale: out.values.push_back(stale_marker()); break;
    }
  }
  return out;
}

std::string labels_text(const model::Labels& labels) {
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ", ";
    out += labels[i].name + "=\"" + labels[i].value + "\"";
  }
  return out + "}";
}

std::string value_text(double v) {
  if (is_stale(v)) return "stale";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

const char* const experimental[] = {
    "histogram_quantiles(", "double_exponential_smoothing(", "info(", "max_of(", "min_of(", "mad_over_time(",
    "ts_of_first_over_time(", "ts_of_max_over_time(", "ts_of_min_over_time(", "ts_of_last_over_time(",
    "sort_by_label(", "sort_by_label_desc(", "start_timestamp(", "limitk(", "limit_ratio(", "limitk (",
    "limit_ratio (", "anchored", "smoothed", "fill(", "fill_left(", "fill_right(", "step()", "range()",
};

// Experimental functions and the features of the feature-flag files: not in scope.
std::optional<std::string> out_of_scope(const std::string& query) {
  for (const char* word : experimental)
    if (query.find(word) != std::string::npos) return std::string("experimental: ") + word;
  for (const char* fn : {"start()", "end()"}) {
    for (auto pos = query.find(fn); pos != std::string::npos; pos = query.find(fn, pos + 1)) {
      auto before = query.find_last_not_of(' ', pos == 0 ? 0 : pos - 1);
      if (pos == 0 || before == std::string::npos || query[before] != '@')
        return std::string("duration expression: ") + fn;
    }
  }
  return std::nullopt;
}

bool matches(const std::string& text, const Expect& e) {
  if (!e.regex.empty()) {
    try {
      return std::regex_search(text, std::regex(e.regex));
    } catch (const std::regex_error&) {
      return false;
    }
  }
  if (!e.message.empty()) return text == e.message;
  return true;
}

class Runner {
 public:
  explicit Runner(const std::string& file) : file_(file) {}

  RunReport run(const Script& script) {
    for (const auto& err : script.errors) report_.failures.push_back(file_ + ":" + err + ": unreadable");
    for (const auto& cmd : script.commands) {
      switch (cmd.kind) {
        case Command::clear:
          storage_.clear();
          tainted_.clear();
          any_native_ = false;
          break;
        case Command::load: load(cmd); break;
        case Command::eval_instant:
        case Command::eval_range: eval(cmd); break;
      }
    }
    return std::move(report_);
  }

 private:
  void load(const Command& cmd) {
    for (const auto& line : cmd.lines) {
      auto name = line.series.substr(0, line.series.find('{'));
      if (cmd.nhcb) {
        // The classic series load as they are; the native histograms made of them are left out,
        // and so are the queries naming their family.
        std::string base = name;
        for (const char* suffix : {"_bucket", "_count", "_sum"}) {
          std::string sfx = suffix;
          if (base.size() > sfx.size() && base.compare(base.size() - sfx.size(), sfx.size(), sfx) == 0)
            base = base.substr(0, base.size() - sfx.size());
        }
        if (!base.empty()) tainted_.insert(base);
      }
      if (line.values.find("{{") != std::string::npos) {
        if (!name.empty()) tainted_.insert(name);
        any_native_ = true;
        continue;
      }
      try {
        auto s = read_series(line);
        model::sort_labels(s.labels);
        for (std::size_t i = 0; i < s.values.size(); ++i)
          if (s.values[i]) storage_.add(s.labels, static_cast<std::int64_t>(i) * cmd.step_ms, *s.values[i]);
      } catch (const std::exception& e) {
        report_.failures.push_back(file_ + ":" + std::to_string(line.line) + ": load: " + e.what());
      }
    }
    if (cmd.nhcb) any_native_ = true;
  }

  static bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }

  // Does the query name `name` as a whole word?
  static bool names(const std::string& query, const std::string& name) {
    for (auto pos = query.find(name); pos != std::string::npos; pos = query.find(name, pos + 1)) {
      bool before = pos == 0 || !is_ident(query[pos - 1]);
      bool after = pos + name.size() >= query.size() || !is_ident(query[pos + name.size()]);
      if (before && after) return true;
    }
    return false;
  }

  // A selector without a metric name (`{job="x"}`, `{__name__=~"..."}`) may reach native histograms.
  static bool nameless_selector(const std::string& query) {
    if (query.find("__name__") != std::string::npos) return true;
    for (std::size_t i = 0; i < query.size(); ++i) {
      if (query[i] != '{') continue;
      std::size_t k = i;
      while (k > 0 && query[k - 1] == ' ') --k;
      if (k == 0 || !is_ident(query[k - 1])) return true;
    }
    return false;
  }

  std::optional<std::string> skip_reason(const Command& cmd) const {
    if (cmd.native_histograms) return "native histograms";
    for (const auto& name : tainted_)
      if (names(cmd.query, name)) return "native histogram series " + name;
    if (any_native_ && nameless_selector(cmd.query)) return "a selector without a name, with native histograms loaded";
    return out_of_scope(cmd.query);
  }

  void eval(const Command& cmd) {
    if (auto why = skip_reason(cmd)) {
      report_.skipped++;
      report_.skips.push_back(file_ + ":" + std::to_string(cmd.line) + ": " + *why + ": " + cmd.query);
      return;
    }
    report_.evals++;
    std::string why = check(cmd);
    if (why.empty())
      report_.passed++;
    else
      report_.failures.push_back(file_ + ":" + std::to_string(cmd.line) + ": " + cmd.query + ": " + why);
  }

  static const Expect* find(const Command& cmd, Expect::Kind kind) {
    for (const auto& e : cmd.expects)
      if (e.kind == kind) return &e;
    return nullptr;
  }

  std::string check(const Command& cmd) {
    EngineOptions options;
    options.delayed_name_removal = true;
    Engine engine(storage_, options);
    const Expect* fail = find(cmd, Expect::fail);
    Result result;
    try {
      auto expr = parse(cmd.query);
      if (cmd.kind == Command::eval_instant)
        result = engine.instant(*expr, cmd.time_ms);
      else
        result = engine.range(*expr, cmd.start_ms, cmd.end_ms, cmd.step_ms);
    } catch (const ParseError& e) {
      if (fail) return matches(e.message(), *fail) || matches(e.what(), *fail) ? "" : "wrong error: " + e.message();
      return std::string("unexpected error: ") + e.what();
    } catch (const std::exception& e) {
      if (fail) return matches(e.what(), *fail) ? "" : std::string("wrong error: ") + e.what();
      return std::string("unexpected error: ") + e.what();
    }
    if (fail) return "expected an error, got none";
    if (auto why = check_annotations(cmd, result); !why.empty()) return why;
    if (const Expect* s = find(cmd, Expect::string)) {
      if (result.value.type != ValueType::string) return "expected a string";
      return result.value.string == s->message ? "" : "string " + result.value.string;
    }
    if (cmd.kind == Command::eval_range) return compare_matrix(cmd, result.value, cmd.start_ms, cmd.step_ms);
    if (const Expect* rv = find(cmd, Expect::range_vector)) {
      if (result.value.type != ValueType::matrix) return "expected a range vector";
      return compare_matrix(cmd, result.value, rv->start_ms, rv->step_ms);
    }
    return compare_instant(cmd, result.value);
  }

  static std::string check_annotations(const Command& cmd, const Result& r) {
    for (const auto& e : cmd.expects) {
      const auto& list = e.kind == Expect::warn || e.kind == Expect::no_warn ? r.warnings : r.infos;
      switch (e.kind) {
        case Expect::warn:
        case Expect::info: {
          bool any = false;
          for (const auto& a : list) any = any || matches(a, e);
          if (!any) {
            std::string got;
            for (const auto& a : list) got += " [" + a + "]";
            return std::string("expected ") + (e.kind == Expect::warn ? "a warning" : "an info") +
                   (e.message.empty() && e.regex.empty() ? "" : " " + e.message + e.regex) + ", got" +
                   (got.empty() ? " none" : got);
          }
          break;
        }
        case Expect::no_warn:
        case Expect::no_info:
          if (!list.empty()) return "unexpected annotation: " + list.front();
          break;
        default: break;
      }
    }
    return "";
  }

  std::string compare_instant(const Command& cmd, const Value& v) {
    if (cmd.lines.size() == 1 && cmd.lines[0].series.empty()) {
      if (v.type != ValueType::scalar) return "expected a scalar, got " + std::string(to_string(v.type));
      double want = 0;
      try {
        auto s = read_series(SeriesLine{"{}", cmd.lines[0].values, 0});
        want = s.values.empty() || !s.values[0] ? 0 : *s.values[0];
      } catch (const std::exception& e) {
        return std::string("unreadable expectation: ") + e.what();
      }
      return almost_equal(want, v.scalar) ? "" : "scalar " + value_text(v.scalar) + ", expected " + value_text(want);
    }
    if (v.type != ValueType::vector) return "expected a vector, got " + std::string(to_string(v.type));
    const bool ordered = find(cmd, Expect::ordered) != nullptr;
    if (v.vector.size() != cmd.lines.size())
      return "got " + std::to_string(v.vector.size()) + " samples, expected " + std::to_string(cmd.lines.size()) +
             describe(v.vector);
    std::vector<bool> used(v.vector.size());
    for (std::size_t i = 0; i < cmd.lines.size(); ++i) {
      LoadedSeries want;
      try {
        want = read_series(cmd.lines[i]);
      } catch (const std::exception& e) {
        return std::string("unreadable expectation: ") + e.what();
      }
      model::sort_labels(want.labels);
      // A plain flag and value rather than an optional: GCC 12 warns (wrongly) that a copied
      // optional<double> may be read uninitialised.
      const bool has_want = !want.values.empty() && want.values[0].has_value();
      const double want_value = has_want ? *want.values[0] : 0.0;
      bool found = false;
      for (std::size_t k = 0; k < v.vector.size(); ++k) {
        if (used[k] || v.vector[k].labels != want.labels) continue;
        if (ordered && k != i) return "out of order: " + labels_text(want.labels);
        if (!has_want || !almost_equal(want_value, v.vector[k].value))
          return labels_text(want.labels) + " = " + value_text(v.vector[k].value) + ", expected " +
                 (has_want ? value_text(want_value) : "_");
        used[k] = true;
        found = true;
        break;
      }
      if (!found) return "missing " + labels_text(want.labels) + describe(v.vector);
    }
    return "";
  }

  static std::string describe(const Vector& v) {
    std::string out = "; got";
    for (std::size_t i = 0; i < v.size() && i < 6; ++i) out += " " + labels_text(v[i].labels) + "=" + value_text(v[i].value);
    return out;
  }

  std::string compare_matrix(const Command& cmd, const Value& v, std::int64_t start, std::int64_t step) {
    if (v.type != ValueType::matrix) return "expected a matrix, got " + std::string(to_string(v.type));
    if (v.matrix.size() != cmd.lines.size()) {
      std::string got;
      for (const auto& s : v.matrix) got += " " + labels_text(s.labels);
      return "got " + std::to_string(v.matrix.size()) + " series, expected " + std::to_string(cmd.lines.size()) +
             ":" + got;
    }
    for (const auto& line : cmd.lines) {
      LoadedSeries want;
      try {
        want = read_series(line.series.empty() ? SeriesLine{"{}", line.values, 0} : line);
      } catch (const std::exception& e) {
        return std::string("unreadable expectation: ") + e.what();
      }
      model::sort_labels(want.labels);
      const SeriesPoints* got = nullptr;
      for (const auto& s : v.matrix)
        if (s.labels == want.labels) got = &s;
      if (!got) return "missing series " + labels_text(want.labels);
      std::vector<Point> expected;
      for (std::size_t i = 0; i < want.values.size(); ++i)
        if (want.values[i]) expected.push_back(Point{start + static_cast<std::int64_t>(i) * step, *want.values[i]});
      if (expected.size() != got->points.size())
        return labels_text(want.labels) + ": " + std::to_string(got->points.size()) + " points, expected " +
               std::to_string(expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i)
        if (expected[i].t != got->points[i].t || !almost_equal(expected[i].v, got->points[i].v))
          return labels_text(want.labels) + ": point " + std::to_string(i) + " is " +
                 value_text(got->points[i].v) + "@" + std::to_string(got->points[i].t) + ", expected " +
                 value_text(expected[i].v) + "@" + std::to_string(expected[i].t);
    }
    return "";
  }

  std::string file_;
  Storage storage_;
  std::set<std::string> tainted_;
  bool any_native_ = false;
  RunReport report_;
};

}  // namespace

RunReport run_script(const Script& script, const std::string& file) { return Runner(file).run(script); }

}  // namespace promqltest
