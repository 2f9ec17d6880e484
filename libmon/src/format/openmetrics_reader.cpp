// Reader for the OpenMetrics 1.0 text format, following the spec's ABNF to the byte: single
// spaces only, no blank lines, no comments but HELP/TYPE/UNIT, "# EOF" last (its newline
// optional), no '\r'. Above the syntax, openmetrics_checks.* enforces the per-type rules.
//
// Timestamps are seconds, possibly fractional; the model keeps milliseconds, so they are
// rounded to the nearest millisecond (exactly, from the decimal text, when it has at most 15
// integer digits -- every real timestamp); finer digits are lost. A timestamp beyond int64
// milliseconds is dropped with a warning. Exemplars are parsed and validated, then dropped:
// the model has no place for them.
#include <vector>

#include "codecs.hpp"
#include "mon/model/names.hpp"
#include "openmetrics_checks.hpp"
#include "series_seen.hpp"
#include "text_labels.hpp"
#include "text_lexer.hpp"

namespace mon::format::detail {

namespace {

using model::MetricType;
using text::Fault;

class OpenMetricsReader {
 public:
  OpenMetricsReader(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options)
      : in_(in), sink_(sink), diag_(diag), options_(options) {
    if (options.stream) seen_.disable();
  }

  bool run() {
    std::string_view line;
    for (;;) {
      auto status = in_.next(line);
      if (status == io::LineReader::Status::end) break;
      if (eof_) {
        error(1, "text after \"# EOF\": an OpenMetrics exposition ends there");
        return false;
      }
      if (status == io::LineReader::Status::too_long) {
        if (!error(1, "line longer than " + std::to_string(options_.max_line) + " bytes; skipped")) return false;
        continue;
      }
      if (in_.unterminated() && line != "# EOF") {
        if (!error(line.size() + 1, "the last line has no newline at its end (truncated input?); skipped")) return false;
        continue;
      }
      if (!parse_line(line) || stopped_) return false;
    }
    if (!close_family()) return false;
    if (!eof_) error_at(in_.line_number() + 1, 1, "missing \"# EOF\" at the end: the input is incomplete");
    return !failed_;
  }

 private:
  bool error_at(std::uint64_t line, std::size_t column, const std::string& message) {
    failed_ = true;
    if (!diag_.error(Location{in_.name(), line, column}, message)) stopped_ = true;
    return !stopped_;
  }
  bool error(std::size_t column, const std::string& message) { return error_at(in_.line_number(), column, message); }
  bool fault(const Fault& f) { return error(f.pos + 1, f.what); }

  bool parse_line(std::string_view line) {
    if (line.empty()) return error(1, "blank line: OpenMetrics allows none");
    if (line.back() == '\r')
      return error(line.size(), "carriage return at the end of the line: OpenMetrics needs LF line endings");
    if (line[0] == '#') return descriptor(line);
    return sample_line(line);
  }

  bool descriptor(std::string_view line) {
    if (line == "# EOF") {
      eof_ = true;
      return close_family();
    }
    std::string_view kw = line.substr(0, 7);
    bool help = kw == "# HELP ", type = kw == "# TYPE ", unit = kw == "# UNIT ";
    if (!help && !type && !unit)
      return error(1, "expected \"# HELP \", \"# TYPE \", \"# UNIT \" or \"# EOF\": OpenMetrics allows no other "
                      "lines starting with '#'");
    std::size_t pos = 7, name_end = text::scan_metric_name(line, pos);
    if (name_end == pos) return error(pos + 1, "expected a metric name, found " + text::describe(line, pos));
    std::string_view name = line.substr(pos, name_end - pos);
    if (name_end >= line.size() || line[name_end] != ' ')
      return error(name_end + 1, "expected a space after the metric name, found " + text::describe(line, name_end));
    std::string_view rest = line.substr(name_end + 1);
    MetricType mt = MetricType::untyped;
    if (type) {
      auto parsed = model::parse_type(rest);
      if (!parsed || rest == "untyped")
        return error(name_end + 2, "expected a type (counter, gauge, histogram, gaugehistogram, stateset, info, "
                                   "summary or unknown), found \"" + std::string(rest) + "\"");
      mt = *parsed;
    } else if (unit) {
      for (std::size_t i = 0; i < rest.size(); ++i)
        if (!text::is_name_char(rest[i]))
          return error(name_end + 2 + i, "a unit may hold only letters, digits, '_' and ':', found " +
                                             text::describe(rest, i));
    } else {
      std::size_t bad = text::invalid_utf8_at(rest);
      if (bad != std::string_view::npos)
        return error(name_end + 2 + bad, "HELP text is not valid UTF-8 (" + text::describe(rest, bad) + ")");
    }
    const char* what = help ? "HELP" : type ? "TYPE" : "UNIT";
    if (!(open_ && family_.name == name)) {
      if (!close_family()) return false;
      family_ = model::Family{};
      family_.name.assign(name);
      open_ = true;
      ready_ = declared_ = has_help_ = has_type_ = has_unit_ = has_samples_ = false;
      family_line_ = in_.line_number();
    } else if (has_samples_) {
      return error(1, std::string(what) + " line for \"" + std::string(name) + "\" after its samples");
    }
    bool& seen = help ? has_help_ : type ? has_type_ : has_unit_;
    if (seen) return error(1, std::string("second ") + what + " line for \"" + std::string(name) + "\"");
    seen = declared_ = true;
    if (help) {
      // An empty HELP counts as none (spec: "MUST be treated as if no metadata line existed").
      text::unescape_help(rest, true, family_.help);
      family_.has_help = !family_.help.empty();
    } else if (type) {
      family_.type = mt;
    } else {
      family_.unit.assign(rest);
      unit_line_ = in_.line_number();
    }
    return true;
  }

  // The family's metadata is complete: check it, announce it, start checking its samples.
  bool make_ready() {
    ready_ = true;
    if (!family_.unit.empty()) {
      const std::string& n = family_.name;
      const std::string& u = family_.unit;
      if (!(n.size() > u.size() && n.compare(n.size() - u.size(), u.size(), u) == 0 && n[n.size() - u.size() - 1] == '_'))
        if (!error_at(unit_line_, 1, "the unit \"" + u + "\" must be the end of the family name (\"" + n + "\" should "
                                     "end in \"_" + u + "\")"))
          return false;
      if (family_.type == MetricType::info || family_.type == MetricType::stateset)
        if (!error_at(unit_line_, 1, std::string(model::to_string(family_.type)) + " families have no unit"))
          return false;
    }
    if (auto clash = checks_.register_names(family_))
      if (!error_at(family_line_, 1, "family \"" + family_.name + "\" clashes with an earlier family: the name \"" +
                                         *clash + "\" is already taken"))
        return false;
    if (declared_) sink_.family(family_);
    checks_.begin(family_);
    return true;
  }

  bool close_family() {
    if (!open_) return true;
    open_ = false;
    if (!ready_ && !make_ready()) return false;
    problems_.clear();
    checks_.end(problems_);
    return report(problems_);
  }

  bool report(const std::vector<om::Problem>& problems) {
    for (const auto& p : problems)
      if (!error_at(p.line, 1, p.message)) return false;
    return true;
  }

  bool sample_line(std::string_view line) {
    model::Sample& s = sample_;
    std::size_t name_end = text::scan_metric_name(line, 0);
    if (name_end == 0)
      return error(1, "expected a metric name (letters, digits, '_' or ':', not starting with a digit), found " +
                          text::describe(line, 0));
    s.name.assign(line.data(), name_end);
    std::size_t pos = name_end;
    if (pos < line.size() && line[pos] == '{') {
      Fault f;
      pos = labels_.parse(line, pos, s.labels, f);
      if (pos == std::string_view::npos) return fault(f);
    } else {
      s.labels.clear();
    }
    if (pos >= line.size() || line[pos] != ' ')
      return error(pos + 1, std::string("expected a space and the value after ") +
                                (pos == name_end ? "the metric name" : "the labels") + ", found " +
                                text::describe(line, pos));
    ++pos;
    std::size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    std::string_view token = line.substr(pos, end - pos);
    auto value = om::parse_number(token);
    if (!value)
      return error(pos + 1, "expected a number, NaN, +Inf or -Inf as the value, found " +
                                (token.empty() ? text::describe(line, pos) : "\"" + std::string(token) + "\""));
    s.value = *value;
    s.timestamp_ms.reset();
    bool has_ts = false, exemplar = false;
    double ts = 0;
    pos = end;
    if (pos < line.size()) {
      ++pos;
      if (pos < line.size() && line[pos] == '#') {
        exemplar = true;
      } else {
        end = line.find(' ', pos);
        if (end == std::string_view::npos) end = line.size();
        token = line.substr(pos, end - pos);
        auto t = om::parse_real(token);
        if (!t)
          return error(pos + 1, "expected a timestamp in seconds or \"# {\" and an exemplar, found " +
                                    (token.empty() ? text::describe(line, pos) : "\"" + std::string(token) + "\""));
        has_ts = true;
        ts = *t;
        auto ms = om::seconds_to_ms(token, ts);
        if (ms) s.timestamp_ms = *ms;
        else diag_.warning(Location{in_.name(), in_.line_number(), pos + 1},
                           "timestamp " + std::string(token) + " is beyond what milliseconds in 64 bits hold; dropped");
        pos = end;
        if (pos < line.size()) {
          ++pos;
          if (pos >= line.size() || line[pos] != '#')
            return error(pos + 1, "expected \"# {\" and an exemplar or the end of the line, found " +
                                      text::describe(line, pos));
          exemplar = true;
        }
      }
    }
    if (exemplar && !parse_exemplar(line, pos)) return !stopped_;

    if (!(open_ && om::allowed(s.name, family_.name, family_.type))) {
      // A sample that cannot belong to the open family starts an unknown family of its name.
      if (!close_family()) return false;
      family_ = model::Family{};
      family_.name = s.name;
      open_ = true;
      ready_ = declared_ = has_help_ = has_type_ = has_unit_ = has_samples_ = false;
      family_line_ = in_.line_number();
    }
    if (!ready_ && !make_ready()) return false;
    has_samples_ = true;
    std::string_view suffix = std::string_view(s.name).substr(family_.name.size());
    if (exemplar && !(((family_.type == MetricType::histogram || family_.type == MetricType::gaugehistogram) &&
                       suffix == "_bucket") ||
                      (family_.type == MetricType::counter && suffix == "_total")))
      return error(1, "only counters' _total and histograms' _bucket samples may have an exemplar");
    std::optional<std::string> own;
    problems_.clear();
    checks_.sample(s, has_ts, ts, in_.line_number(), own, problems_);
    if (!report(problems_)) return false;
    if (own) return error(1, *own);
    if (seen_.repeated(family_.name, s)) diag_.warning(Location{in_.name(), in_.line_number(), 1}, duplicate_series_message(s));
    sink_.sample(family_, s);
    return true;
  }

  // " # {labels} value [timestamp]" from the '#' at line[pos]; only validated.
  bool parse_exemplar(std::string_view line, std::size_t pos) {
    if (line.substr(pos, 3) != "# {")
      return error(pos + 1, "expected \"# {\" to start an exemplar, found " + text::describe(line, pos));
    Fault f;
    pos = text::parse_labels(line, pos + 2, exemplar_labels_, text::kOpenMetricsLabels, f);
    if (pos == std::string_view::npos) return fault(f);
    std::size_t length = 0;
    for (const auto& l : exemplar_labels_) length += text::code_points(l.name) + text::code_points(l.value);
    if (length > 128)
      return error(1, "an exemplar's label names and values may hold 128 characters together, these hold " +
                          std::to_string(length));
    if (pos >= line.size() || line[pos] != ' ')
      return error(pos + 1, "expected a space and the exemplar's value, found " + text::describe(line, pos));
    ++pos;
    std::size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    std::string_view token = line.substr(pos, end - pos);
    if (!om::parse_number(token))
      return error(pos + 1, "expected the exemplar's value, found " +
                                (token.empty() ? text::describe(line, pos) : "\"" + std::string(token) + "\""));
    if (end == line.size()) return true;
    pos = end + 1;
    token = line.substr(pos);
    if (!om::parse_real(token))
      return error(pos + 1, "expected the exemplar's timestamp in seconds and the end of the line, found " +
                                (token.empty() ? text::describe(line, pos) : "\"" + std::string(token) + "\""));
    return true;
  }

  io::LineReader& in_;
  Sink& sink_;
  Diagnostics& diag_;
  const ReadOptions& options_;
  bool failed_ = false, stopped_ = false, eof_ = false;
  model::Family family_;
  bool open_ = false, ready_ = false, declared_ = false, has_help_ = false, has_type_ = false, has_unit_ = false,
       has_samples_ = false;
  std::uint64_t family_line_ = 0, unit_line_ = 0;
  om::FamilyChecks checks_;
  std::vector<om::Problem> problems_;
  model::Sample sample_;
  BlockSeriesSeen seen_;
  model::Labels exemplar_labels_;
  text::LabelSetParser labels_{text::kOpenMetricsLabels};
};

}  // namespace

bool read_openmetrics(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  OpenMetricsReader reader(in, sink, diag, options);
  return reader.run();
}

}  // namespace mon::format::detail
