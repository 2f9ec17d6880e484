// CSV writer (RFC 4180): a header row, then one record per sample, records ending in CRLF.
// Columns: name,type,help,unit,labels,value,timestamp. The label set sits in one column in
// Prometheus syntax without braces (code="200",path="/a \"b\""), so any label content survives
// and the file still opens in a spreadsheet; value is the shortest round-trip decimal (or NaN,
// +Inf, -Inf); timestamp is milliseconds or empty; help and unit are empty when absent. Text
// cells that a spreadsheet would run as a formula ("=cmd|...", "-2+3") get a guarding "'"
// (append_csv_text_field); our reader removes it again, so the round trip is lossless.
#include <string>

#include "codecs.hpp"
#include "label_text.hpp"
#include "mon/format/csv_field.hpp"
#include "mon/format/number.hpp"

namespace mon::format::detail {

namespace {

class CsvWriter final : public Sink {
 public:
  explicit CsvWriter(io::Output& out) : out_(out) {}

  void sample(const model::Family& family, const model::Sample& s) override {
    std::string& b = out_.buffer();
    if (!header_done_) {
      b += "name,type,help,unit,labels,value,timestamp\r\n";
      header_done_ = true;
    }
    append_csv_text_field(b, s.name);
    // Consecutive samples mostly share their family: its type/help/unit text is reused.
    if (family.type != type_ || family.help != help_ || family.unit != unit_) {
      type_ = family.type;
      help_ = family.help;
      unit_ = family.unit;
      family_text_ = ',';
      family_text_ += model::to_string(family.type);
      family_text_ += ',';
      append_csv_text_field(family_text_, family.help);
      family_text_ += ',';
      append_csv_text_field(family_text_, family.unit);
      family_text_ += ',';
    }
    b += family_text_;
    labels_.clear();
    append_label_text(labels_, s.labels);
    append_csv_field(b, labels_);  // starts with a label name: never formula-like
    b += ',';
    append_double(b, s.value);
    b += ',';
    if (s.timestamp_ms) append_int64(b, *s.timestamp_ms);
    b += "\r\n";
    out_.maybe_flush();
  }

  void finish() override {
    // An empty input still gives a well-formed file a reader (ours, a spreadsheet) accepts.
    if (!header_done_) out_.buffer() += "name,type,help,unit,labels,value,timestamp\r\n";
    header_done_ = true;
    out_.flush();
  }

 private:
  io::Output& out_;
  bool header_done_ = false;
  std::string labels_;
  model::MetricType type_ = model::MetricType::untyped;
  std::string help_, unit_;
  std::string family_text_ = ",untyped,,,";
};

}  // namespace

std::unique_ptr<Sink> make_csv_writer(io::Output& out) { return std::make_unique<CsvWriter>(out); }

}  // namespace mon::format::detail
