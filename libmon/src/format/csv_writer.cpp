// CSV writer (RFC 4180): a header row, then one record per sample, records ending in CRLF.
// Columns: name,type,help,unit,labels,value,timestamp. The label set sits in one column in
// Prometheus syntax without braces (code="200",path="/a \"b\""), so any label content survives
// and the file still opens in a spreadsheet; value is the shortest round-trip decimal (or NaN,
// +Inf, -Inf); timestamp is milliseconds or empty; help and unit are empty when absent.
// A field is quoted when it holds ',', '"', CR or LF, with '"' doubled (RFC 4180 section 2).
#include <string>

#include "codecs.hpp"
#include "label_text.hpp"
#include "mon/format/number.hpp"

namespace mon::format::detail {

namespace {

void append_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

class CsvWriter final : public Sink {
 public:
  explicit CsvWriter(io::Output& out) : out_(out) {}

  void sample(const model::Family& family, const model::Sample& s) override {
    std::string& b = out_.buffer();
    if (!header_done_) {
      b += "name,type,help,unit,labels,value,timestamp\r\n";
      header_done_ = true;
    }
    append_field(b, s.name);
    b += ',';
    b += model::to_string(family.type);
    b += ',';
    append_field(b, family.help);
    b += ',';
    append_field(b, family.unit);
    b += ',';
    labels_.clear();
    append_label_text(labels_, s.labels);
    append_field(b, labels_);
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
};

}  // namespace

std::unique_ptr<Sink> make_csv_writer(io::Output& out) { return std::make_unique<CsvWriter>(out); }

}  // namespace mon::format::detail
