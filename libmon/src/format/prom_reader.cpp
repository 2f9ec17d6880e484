// Reader for the Prometheus text exposition format 0.0.4 (prometheus.io/docs/instrumenting/
// exposition_formats), matching what Prometheus' own parsers accept where the document is
// silent: blanks are spaces and tabs, blank lines and comments other than HELP/TYPE are
// ignored, a trailing ',' in a label set is fine, an escape in a label value other than \\, \"
// and \n is an error (as expfmt's "invalid escape sequence"), '\r' is not a blank (CRLF files
// are rejected line by line, as Prometheus does), and a NUL byte is text only inside label
// values and HELP (valid UTF-8 there); anywhere else it
// stops the line with "found a NUL byte (is this a binary file?)".
//
// One pass, one line at a time, nothing held back: the Sample and its label strings are reused,
// so steady state allocates nothing. Families are remembered by name (HELP, TYPE and where they
// were declared) so that a family reappearing after another one -- several files concatenated --
// is attributed to its declared type, and a second TYPE is caught. That table grows with the
// number of families, not samples, and is capped (kMaxFamilies entries, kMaxHelpBytes of HELP
// text kept for families already closed) to keep memory bounded whatever the input.
#include <cstring>

#include "codecs.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "prom_families.hpp"
#include "series_seen.hpp"
#include "text_labels.hpp"
#include "text_lexer.hpp"

namespace mon::format::detail {

namespace {

using text::Fault;

using Entry = PromFamilyTable::Entry;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class PromReader {
 public:
  PromReader(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options)
      : in_(in), sink_(sink), diag_(diag), options_(options) {
    if (options.stream) seen_.disable();
  }

  bool run() {
    std::string_view line;
    for (;;) {
      auto status = in_.next(line);
      if (status == io::LineReader::Status::end) break;
      if (status == io::LineReader::Status::too_long) {
        if (!error(1, "line longer than " + std::to_string(options_.max_line) + " bytes; skipped")) return false;
        continue;
      }
      if (in_.unterminated()) {
        if (!error(line.size() + 1, "the last line has no newline at its end (truncated input?); skipped")) return false;
        continue;
      }
      if (!parse_line(line)) return false;
    }
    close_current();
    return !failed_;
  }

 private:
  bool error(std::size_t column, const std::string& message) {
    failed_ = true;
    return diag_.error(Location{in_.name(), in_.line_number(), column}, message);
  }
  bool fault(const Fault& f) { return error(f.pos + 1, f.what); }

  bool parse_line(std::string_view line) {
    std::size_t pos = text::skip_blanks(line, 0);
    if (pos == line.size()) return true;
    // CRLF files get their own message, unless the line is wrong from its first character.
    if (line.back() == '\r' && (line[pos] == '#' || text::is_name_start(line[pos])))
      return error(line.size(), "carriage return at the end of the line: Prometheus text needs LF line endings, "
                                "not CRLF; line skipped");
    if (line[pos] == '#') return comment(line, pos + 1);
    return sample_line(line, pos);
  }

  // "# HELP name text", "# TYPE name type"; any other comment is ignored.
  bool comment(std::string_view line, std::size_t pos) {
    pos = text::skip_blanks(line, pos);
    std::size_t end = pos;
    while (end < line.size() && !text::is_blank(line[end])) ++end;
    std::string_view keyword = line.substr(pos, end - pos);
    bool help = keyword == "HELP";
    if (!help && keyword != "TYPE") return true;
    pos = text::skip_blanks(line, end);
    std::size_t name_end = text::scan_metric_name(line, pos);
    if (name_end == pos)
      return error(pos + 1, std::string("expected a metric name after ") + (help ? "HELP" : "TYPE") + ", found " +
                                text::describe(line, pos));
    std::string_view name = line.substr(pos, name_end - pos);
    if (name_end < line.size() && !text::is_blank(line[name_end]))
      return error(name_end + 1, "expected a space after the metric name \"" + std::string(name) + "\", found " +
                                     text::describe(line, name_end));
    pos = text::skip_blanks(line, name_end);
    std::string_view rest = line.substr(pos);
    model::MetricType type = model::MetricType::untyped;
    if (!help) {
      std::size_t type_end = pos;
      while (type_end < line.size() && !text::is_blank(line[type_end])) ++type_end;
      std::string_view word = line.substr(pos, type_end - pos);
      if (word != "counter" && word != "gauge" && word != "histogram" && word != "summary" && word != "untyped")
        return error(pos + 1, "expected a metric type (counter, gauge, histogram, summary or untyped) after \"" +
                                  std::string(name) + "\", found " +
                                  (word.empty() ? text::describe(line, pos) : "\"" + std::string(word) + "\""));
      std::size_t after = text::skip_blanks(line, type_end);
      if (after < line.size())
        return error(after + 1, "unexpected text after the metric type: expected the end of the line");
      type = *model::parse_type(word);
    }
    if (help) {
      std::size_t bad = text::invalid_utf8_at(rest);
      if (bad != std::string_view::npos)
        return error(pos + bad + 1, "HELP text is not valid UTF-8 (" + text::describe(line, pos + bad) + ")");
    }
    Entry* e = metadata_target(name, help);
    if (!e) return !stopped_;
    if (help) {
      text::unescape_help(rest, false, e->family.help);
      e->family.has_help = e->has_help = true;
    } else {
      e->family.type = type;
      e->has_type = true;
    }
    return true;
  }

  // The family a HELP/TYPE line adds to, or nullptr after reporting why it cannot.
  Entry* metadata_target(std::string_view name, bool help) {
    const char* what = help ? "HELP" : "TYPE";
    if (cur_ && cur_->family.name == name) {
      if (cur_->has_samples) return refuse(std::string(what) + " line for \"" + std::string(name) +
                                           "\" after its samples: it must come before them");
      if (help ? cur_->has_help : cur_->has_type)
        return refuse(std::string("second ") + what + " line for \"" + std::string(name) + "\"");
      return cur_;
    }
    close_current();
    if (const Entry* found = families_.find(name)) {
      const Entry& old = *found;
      return refuse(std::string(what) + " line for \"" + std::string(name) + "\", which line " +
                    std::to_string(old.line) + " already " + (old.has_samples ? "gave samples" : "declared") +
                    ": a family's HELP and TYPE come once, before its samples");
    }
    cur_ = families_.insert(name, in_.line_number());
    return cur_;
  }

  Entry* refuse(const std::string& message) {
    if (!error(1, message)) stopped_ = true;
    return nullptr;
  }

  void close_current() {
    if (cur_ && !cur_->announced) {
      sink_.family(cur_->family);
      cur_->announced = true;
    }
    if (cur_) families_.closed(*cur_);
    cur_ = nullptr;
    attributed_ = false;
  }

  bool sample_line(std::string_view line, std::size_t pos) {
    model::Sample& s = sample_;
    // Most lines repeat the previous line's name: check that before scanning it.
    std::size_t name_end = pos + s.name.size();
    bool same_name = !s.name.empty() && name_end < line.size() &&
                     std::memcmp(line.data() + pos, s.name.data(), s.name.size()) == 0 &&
                     !text::is_name_char(line[name_end]);
    if (!same_name) {
      name_end = text::scan_metric_name(line, pos);
      if (name_end == pos)
        return error(pos + 1, "expected a metric name (letters, digits, '_' or ':', not starting with a digit), found " +
                                  text::describe(line, pos));
      s.name.assign(line.data() + pos, name_end - pos);
      attributed_ = false;
    }
    pos = text::skip_blanks(line, name_end);
    if (pos < line.size() && line[pos] == '{') {
      Fault f;
      pos = labels_.parse(line, pos, s.labels, f);
      if (pos == std::string_view::npos) return fault(f);
      pos = text::skip_blanks(line, pos);
    } else {
      s.labels.clear();
      if (pos == name_end && pos < line.size())
        return error(pos + 1, "expected a space, '{' or the value after the metric name \"" + s.name + "\", found " +
                                  text::describe(line, pos));
    }
    std::size_t value_end = pos;
    while (value_end < line.size() && !text::is_blank(line[value_end])) ++value_end;
    if (value_end == pos) return error(pos + 1, "expected a value after \"" + s.name + "\", found the end of the line");
    auto value = parse_value(line.substr(pos, value_end - pos));
    if (!value)
      return error(pos + 1, "expected a number, NaN, +Inf or -Inf as the value, found \"" +
                                std::string(line.substr(pos, value_end - pos)) + "\"");
    s.value = *value;
    s.timestamp_ms.reset();
    pos = text::skip_blanks(line, value_end);
    if (pos < line.size()) {
      std::size_t ts_end = pos;
      while (ts_end < line.size() && !text::is_blank(line[ts_end])) ++ts_end;
      auto ts = parse_int64(line.substr(pos, ts_end - pos));
      if (!ts)
        return error(pos + 1, "expected a timestamp in milliseconds (an integer) or the end of the line, found \"" +
                                  std::string(line.substr(pos, ts_end - pos)) + "\"");
      s.timestamp_ms = *ts;
      pos = text::skip_blanks(line, ts_end);
      if (pos < line.size())
        return error(pos + 1, "unexpected text after the timestamp: expected the end of the line, found " +
                                  text::describe(line, pos));
    }
    Entry* fam = cur_;
    if (!fam || !((same_name && attributed_) || model::belongs_to(s.name, fam->family.name, fam->family.type))) {
      close_current();
      fam = families_.lookup(s.name);
      if (!fam) {
        // A sample of no declared family: an untyped family named like it, never announced.
        fam = families_.insert(s.name, in_.line_number());
        fam->announced = true;
      }
      cur_ = fam;
    }
    if (!check_special_label(fam->family)) return !stopped_;
    if (!fam->announced) {
      sink_.family(fam->family);
      fam->announced = true;
    }
    fam->has_samples = true;
    attributed_ = true;
    if (seen_.repeated(fam->family.name, s)) diag_.warning(Location{in_.name(), in_.line_number(), 1}, duplicate_series_message(s));
    sink_.sample(fam->family, s);
    return true;
  }

  // A histogram bucket's "le" and a summary quantile's "quantile" label, when present, must be numbers.
  bool check_special_label(const model::Family& f) {
    const char* label = nullptr;
    std::string_view name = sample_.name;
    if (f.type == model::MetricType::histogram && name.size() == f.name.size() + 7 && ends_with(name, "_bucket"))
      label = "le";
    else if (f.type == model::MetricType::summary && name == f.name)
      label = "quantile";
    if (!label) return true;
    for (const auto& l : sample_.labels)
      if (l.name == label) {
        if (parse_double(l.value)) return true;
        if (!error(1, "the \"" + std::string(label) + "\" label of \"" + sample_.name + "\" must be a number, found \"" +
                          l.value + "\""))
          stopped_ = true;
        return false;
      }
    return true;  // absent is fine: Prometheus' parsers accept that too
  }

  // Plain integers (counters, bucket counts) skip the general float parser.
  static std::optional<double> parse_value(std::string_view t) {
    if (!t.empty() && t.size() <= 15) {
      std::int64_t v = 0;
      std::size_t i = 0;
      for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) v = v * 10 + (t[i] - '0');
      if (i == t.size()) return static_cast<double>(v);
    }
    return format::parse_value(t);
  }

  io::LineReader& in_;
  Sink& sink_;
  Diagnostics& diag_;
  const ReadOptions& options_;
  bool failed_ = false, stopped_ = false;
  bool attributed_ = false;  // sample_.name is known to belong to cur_
  PromFamilyTable families_;
  Entry* cur_ = nullptr;
  model::Sample sample_;
  BlockSeriesSeen seen_;
  text::LabelSetParser labels_{text::kPromLabels};
};

}  // namespace

bool read_prom(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  PromReader reader(in, sink, diag, options);
  return reader.run();
}

}  // namespace mon::format::detail
