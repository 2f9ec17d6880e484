// InfluxDB line protocol writer (https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/):
//   measurement[,tag=value…] value=<float>[ <timestamp ns>]
// The measurement is the sample name, tags are its labels (already sorted by name, as Influx
// prefers), the one field is "value" and the timestamp is milliseconds × 1e6. Escapes: ',' and
// ' ' in the measurement; ',', '=' and ' ' in tag keys and values; '\' is doubled so that a value
// ending in a backslash cannot swallow the separator after it (our reader undoes all four).
//
// Some samples cannot be written, and writers have no Diagnostics: line protocol has no NaN or
// infinite floats, no way to put a line break (or a NUL) in a tag, and int64 nanoseconds end in 2262. Such
// samples are skipped -- nothing else is dropped -- counted, and reported by notes() after
// finish() (WriterNotes), which the caller shows on stderr.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "codecs.hpp"
#include "mon/format/number.hpp"
#include "mon/format/writer_notes.hpp"

namespace mon::format::detail {

namespace {

void append_escaped(std::string& out, std::string_view s, bool escape_equals) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != ',' && c != ' ' && c != '\\' && !(escape_equals && c == '=')) continue;
    out.append(s.data() + run, i - run);
    out.push_back('\\');
    run = i;  // the character itself starts the next run
  }
  out.append(s.data() + run, s.size() - run);
}

// Line breaks end a line; a NUL byte is what our reader (and others) take for binary input.
bool has_line_break(std::string_view s) {
  for (char c : s)
    if (c == '\n' || c == '\r' || c == '\0') return true;
  return false;
}

class InfluxWriter final : public Sink, public WriterNotes {
 public:
  explicit InfluxWriter(io::Output& out) : out_(out) {}

  void sample(const model::Family&, const model::Sample& s) override {
    if (!std::isfinite(s.value)) {
      ++non_finite_;
      return;
    }
    for (const auto& l : s.labels)
      if (has_line_break(l.value)) {  // label names cannot hold one
        ++line_breaks_;
        return;
      }
    constexpr std::int64_t kMaxMs = std::numeric_limits<std::int64_t>::max() / 1000000 - 1;
    if (s.timestamp_ms && (*s.timestamp_ms > kMaxMs || *s.timestamp_ms < -kMaxMs)) {
      ++out_of_range_;
      return;
    }
    std::string& b = out_.buffer();
    append_escaped(b, s.name, false);
    for (const auto& l : s.labels) {
      if (l.value.empty()) continue;  // absent in Prometheus terms; Influx forbids empty tag values
      b.push_back(',');
      append_escaped(b, l.name, true);
      b.push_back('=');
      append_escaped(b, l.value, true);
    }
    b += " value=";
    append_double(b, s.value);
    if (s.timestamp_ms) {
      b.push_back(' ');
      append_int64(b, *s.timestamp_ms * 1000000 + s.timestamp_sub_ms_ns);  // Influx's nanoseconds kept
    }
    b.push_back('\n');
    out_.maybe_flush();
  }

  void finish() override { out_.flush(); }

  std::vector<std::string> notes() const override {
    std::vector<std::string> n;
    if (non_finite_)
      n.push_back("influx: skipped " + std::to_string(non_finite_) +
                  " sample(s) whose value is NaN or ±Inf (line protocol has no such floats)");
    if (line_breaks_)
      n.push_back("influx: skipped " + std::to_string(line_breaks_) +
                  " sample(s) with a line break or NUL byte in a label (line protocol cannot hold one in a tag)");
    if (out_of_range_)
      n.push_back("influx: skipped " + std::to_string(out_of_range_) +
                  " sample(s) whose timestamp does not fit in int64 nanoseconds (before 1678 or after 2262)");
    return n;
  }

 private:
  io::Output& out_;
  std::size_t non_finite_ = 0, line_breaks_ = 0, out_of_range_ = 0;
};

}  // namespace

std::unique_ptr<Sink> make_influx_writer(io::Output& out) { return std::make_unique<InfluxWriter>(out); }

}  // namespace mon::format::detail
