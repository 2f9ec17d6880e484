// JSON Lines writer: one object per sample, keys always in the order
//   {"name":…,"type":…,"help":…,"unit":…,"labels":{…},"value":…,"timestamp":…}
// with "help" only when the family has HELP, "unit" only when it has one, "labels" always
// ({} when none) and "timestamp" (milliseconds) only when the sample has one. JSON has no NaN
// or infinities, so those values are the strings "NaN", "+Inf" and "-Inf"; every other value is
// the shortest decimal that reads back as the same double (std::to_chars output such as 1e+06
// is valid RFC 8259 JSON). Hand-written rather than via a JSON library: this is the hot path
// of prom → json conversion.
#include <string>

#include "codecs.hpp"
#include "json_escape.hpp"
#include "mon/format/number.hpp"
#include "mon/format/writer_notes.hpp"

namespace mon::format::detail {

namespace {

class JsonWriter final : public Sink, public WriterNotes {
 public:
  explicit JsonWriter(io::Output& out) : out_(out) {}

  void sample(const model::Family& family, const model::Sample& s) override {
    std::string& b = out_.buffer();
    b += "{\"name\":";
    replaced_ += append_json_string(b, s.name);
    // Consecutive samples mostly share their family: its escaped type/help/unit are reused.
    if (family.type != type_ || family.has_help != has_help_ || family.help != help_ || family.unit != unit_)
      remember(family);
    b += family_text_;
    replaced_ += family_replaced_;
    b += ",\"labels\":{";
    for (std::size_t i = 0; i < s.labels.size(); ++i) {
      if (i) b += ',';
      replaced_ += append_json_string(b, s.labels[i].name);
      b += ':';
      replaced_ += append_json_string(b, s.labels[i].value);
    }
    b += "},\"value\":";
    std::size_t at = b.size();
    append_double(b, s.value);
    char c = b[at];
    if (c == 'N' || c == '+' || (c == '-' && b[at + 1] == 'I')) {  // NaN, +Inf, -Inf
      b.insert(at, 1, '"');
      b += '"';
    }
    if (s.timestamp_ms) {
      b += ",\"timestamp\":";
      append_int64(b, *s.timestamp_ms);
    }
    b += "}\n";
    out_.maybe_flush();
  }

  void finish() override { out_.flush(); }

  void remember(const model::Family& family) {
    type_ = family.type;
    has_help_ = family.has_help;
    help_ = family.help;
    unit_ = family.unit;
    family_text_ = ",\"type\":\"";
    family_text_ += model::to_string(family.type);
    family_text_ += '"';
    if (family.has_help) {
      family_text_ += ",\"help\":";
      family_replaced_ = append_json_string(family_text_, family.help);
    } else {
      family_replaced_ = 0;
    }
    if (!family.unit.empty()) {
      family_text_ += ",\"unit\":";
      family_replaced_ += append_json_string(family_text_, family.unit);
    }
  }

  std::vector<std::string> notes() const override {
    if (replaced_ == 0) return {};
    return {"json: replaced " + std::to_string(replaced_) +
            " invalid UTF-8 byte(s) in names, labels, help or units with U+FFFD (JSON text must be UTF-8)"};
  }

 private:
  io::Output& out_;
  std::size_t replaced_ = 0, family_replaced_ = 0;
  // The family last written and its text (starts out as an untyped family without help).
  model::MetricType type_ = model::MetricType::untyped;
  bool has_help_ = false;
  std::string help_, unit_;
  std::string family_text_ = ",\"type\":\"untyped\"";
};

}  // namespace

std::unique_ptr<Sink> make_json_writer(io::Output& out) { return std::make_unique<JsonWriter>(out); }

}  // namespace mon::format::detail
