// CSV reader (RFC 4180, read leniently: CRLF or LF records, a final record with no line end).
// A header row names the columns; they may come in any order, unknown ones are ignored, and
// name and value are required (the writer's schema: name,type,help,unit,labels,value,timestamp).
// A quoted field may hold ',', '""' (one quote) and line breaks, so a record can span several
// physical lines: the tokenizer keeps its state across LineReader lines and remembers where
// each field started, so errors point at the field's own line and column. A record is bounded
// by ReadOptions::max_line bytes, which stops an unbalanced quote from swallowing the input.
// Since an empty help column cannot be told from an absent one, help is present (has_help)
// exactly when it is non-empty. The "'" the writer puts before formula-like text cells (see
// csv_field.hpp) is removed from name, help and unit.
#include <string>
#include <vector>

#include "codecs.hpp"
#include "label_text.hpp"
#include "mon/format/csv_field.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "reader_util.hpp"
#include "series_seen.hpp"

namespace mon::format::detail {

namespace {

struct Pos {
  std::uint64_t line = 0, col = 0;
};

class CsvReader {
 public:
  CsvReader(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options)
      : in_(in), sink_(sink), diag_(diag), options_(options) {
    if (options.stream) seen_.disable();
  }

  bool run() {
    std::string_view line;
    for (;;) {
      auto status = in_.next(line);
      if (status == io::LineReader::Status::end) break;
      if (status == io::LineReader::Status::too_long || (!in_record_ && line.size() > options_.max_line)) {
        bool mid_record = in_record_;
        reset_record();
        if (!error({in_.line_number(), 1}, mid_record ? "line longer than " + std::to_string(options_.max_line) +
                                                            " bytes inside a quoted field; record skipped"
                                                      : "line longer than " + std::to_string(options_.max_line) +
                                                            " bytes; skipped"))
          break;
        continue;
      }
      if (!in_record_ && (line.empty() || line == "\r")) continue;  // blank lines between records
      if (!tokenize(line)) break;
      if (stop_) break;
    }
    if (!stop_ && in_record_ && in_quotes_)
      error(quote_open_, "this quoted field is not closed at the end of the input (cut off?)");
    return ok_;
  }

 private:
  bool error(Pos p, const std::string& msg) {
    ok_ = false;
    if (!diag_.error({in_.name(), p.line, p.col}, msg)) stop_ = true;
    return !stop_;
  }

  void reset_record() {
    in_record_ = in_quotes_ = after_quote_ = false;
    fields_.clear();
    starts_.clear();
    field_.clear();
    label_pos_.clear();
    record_bytes_ = 0;
  }

  void start_field(Pos p) {
    starts_.push_back(p);
    field_.clear();
    fresh_ = true;
  }

  void end_field() {
    fields_.push_back(std::move(field_));
    field_.clear();
  }

  void append(char c, Pos p) {
    field_.push_back(c);
    fresh_ = false;
    if (have_header_ && starts_.size() - 1 == labels_col_) label_pos_.push_back(p);
  }

  // Feeds one physical line to the tokenizer; completes the record unless a quoted field goes on.
  bool tokenize(std::string_view line) {
    std::uint64_t ln = in_.line_number();
    if (!in_record_) {
      reset_record();
      in_record_ = true;
      start_field({ln, 1});
    }
    record_bytes_ += line.size() + 1;
    if (record_bytes_ > options_.max_line) {
      bool continued = in_quotes_;
      Pos open = quote_open_;
      reset_record();
      if (!continued) return error({ln, 1}, "line longer than " + std::to_string(options_.max_line) + " bytes; skipped");
      return error(open, "a quoted field runs past " + std::to_string(options_.max_line) +
                             " bytes (is its closing '\"' missing?); record skipped");
    }
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      Pos p{ln, i + 1};
      bool last = i + 1 == line.size();
      if (in_quotes_) {
        if (c != '"') {
          append(c, p);
        } else if (!last && line[i + 1] == '"') {
          append('"', p);
          ++i;
        } else {
          in_quotes_ = false;
          after_quote_ = true;
        }
      } else if (c == ',') {
        end_field();
        after_quote_ = false;
        start_field({ln, i + 2});
      } else if (c == '\r' && last) {
        break;  // the CR of a CRLF record end
      } else if (after_quote_) {
        reset_record();
        return error(p, "expected ',' or the end of the record after the closing '\"'; record skipped");
      } else if (c == '\0') {
        // Binary input. (A NUL inside a quoted field is data: label values may hold one.)
        reset_record();
        return error(p, "unexpected NUL byte outside a quoted field (is this a binary file?); record skipped");
      } else if (c == '"') {
        if (!fresh_) {
          reset_record();
          return error(p, "a '\"' inside an unquoted field (quote the whole field and double its quotes); record skipped");
        }
        in_quotes_ = true;
        fresh_ = false;
        quote_open_ = p;
      } else {
        append(c, p);
      }
    }
    if (in_quotes_) {
      append('\n', {ln, line.size() + 1});  // the line break belongs to the quoted field
      return true;
    }
    end_field();
    Pos end{ln, line.size() + 1};
    if (!line.empty() && line.back() == '\r') end.col = line.size();
    bool go_on = record(end);
    reset_record();
    return go_on;
  }

  bool header() {
    static const char* kExpected = "expected a header row naming the columns, at least name and value "
                                   "(monctl writes name,type,help,unit,labels,value,timestamp)";
    if (!fields_.empty() && fields_[0].substr(0, 3) == "\xEF\xBB\xBF") fields_[0].erase(0, 3);  // spreadsheet BOM
    std::size_t* cols[] = {&name_col_, &type_col_, &help_col_, &unit_col_, &labels_col_, &value_col_, &ts_col_};
    const char* names[] = {"name", "type", "help", "unit", "labels", "value", "timestamp"};
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      std::string_view h = trim_blanks(fields_[f]);
      for (std::size_t k = 0; k < 7; ++k) {
        if (h != names[k]) continue;
        if (*cols[k] != kNone) {
          error(starts_[f], "column \"" + std::string(h) + "\" appears twice in the header");
          stop_ = true;
          return false;
        }
        *cols[k] = f;
      }
    }
    if (name_col_ == kNone || value_col_ == kNone) {
      error(starts_[0], kExpected);
      stop_ = true;  // without a header no record can be read
      return false;
    }
    ncols_ = fields_.size();
    have_header_ = true;
    return true;
  }

  bool record(Pos end) {
    if (!have_header_) return header();
    if (fields_.size() != ncols_) {
      std::string msg = "expected " + std::to_string(ncols_) + " fields as in the header, got " +
                        std::to_string(fields_.size()) + "; record skipped";
      return error(fields_.size() > ncols_ ? starts_[ncols_] : end, msg);
    }
    sample_.name = csv_text_value(fields_[name_col_]);
    if (auto why = model::check_metric_name(sample_.name)) return error(starts_[name_col_], "name: " + *why);
    family_.type = model::MetricType::untyped;
    if (type_col_ != kNone && !fields_[type_col_].empty()) {
      auto t = model::parse_type(fields_[type_col_]);
      if (!t)
        return error(starts_[type_col_], "unknown type \"" + fields_[type_col_] +
                                             "\" (expected counter, gauge, histogram, summary, untyped, unknown, "
                                             "gaugehistogram, info, stateset or nothing)");
      family_.type = *t;
    }
    family_.help = help_col_ != kNone ? std::string(csv_text_value(fields_[help_col_])) : std::string();
    family_.has_help = !family_.help.empty();
    family_.unit = unit_col_ != kNone ? std::string(csv_text_value(fields_[unit_col_])) : std::string();
    sample_.labels.clear();
    if (labels_col_ != kNone) {
      std::size_t pos = 0;
      if (auto why = parse_label_text(fields_[labels_col_], sample_.labels, pos))
        return error(pos < label_pos_.size() ? label_pos_[pos] : starts_[labels_col_], "labels: " + *why);
    }
    auto v = parse_value(trim_blanks(fields_[value_col_]));
    if (!v) return error(starts_[value_col_], "expected a number in the value column (like 42, 1.5e-3, NaN, +Inf)");
    sample_.value = *v;
    sample_.timestamp_ms.reset();
    if (ts_col_ != kNone) {
      std::string_view ts = trim_blanks(fields_[ts_col_]);
      if (!ts.empty()) {
        auto t = parse_int64(ts);
        if (!t) return error(starts_[ts_col_], "expected a timestamp in milliseconds (an integer) or nothing");
        sample_.timestamp_ms = t;
      }
    }
    family_.name = std::string(model::family_name_of(sample_.name, family_.type));
    if (auto why = types_.conflict(family_, sample_.name, starts_[0].line))
      return error(type_col_ != kNone ? starts_[type_col_] : starts_[name_col_], *why);
    if (seen_.repeated(sample_))
      diag_.warning({in_.name(), starts_[0].line, starts_[0].col}, duplicate_series_message(sample_));
    sink_.sample(family_, sample_);
    return true;
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  io::LineReader& in_;
  Sink& sink_;
  Diagnostics& diag_;
  const ReadOptions& options_;
  bool ok_ = true, stop_ = false;

  bool have_header_ = false;  // an empty input needs none: it holds no samples
  std::size_t ncols_ = 0;
  std::size_t name_col_ = kNone, type_col_ = kNone, help_col_ = kNone, unit_col_ = kNone, labels_col_ = kNone,
              value_col_ = kNone, ts_col_ = kNone;

  bool in_record_ = false, in_quotes_ = false, after_quote_ = false, fresh_ = false;
  std::vector<std::string> fields_;
  std::vector<Pos> starts_;
  std::string field_;
  std::vector<Pos> label_pos_;  // input position of every byte of the labels field, for errors
  Pos quote_open_;
  std::size_t record_bytes_ = 0;

  model::Family family_;
  model::Sample sample_;
  FamilyTypes types_;
  SeriesSeen seen_;
};

}  // namespace

bool read_csv(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  return CsvReader(in, sink, diag, options).run();
}

}  // namespace mon::format::detail
