#pragma once
// Internal: what the line-oriented readers (CSV, Influx, StatsD, plain values) share --
// locations, the messages for over-long lines and binary input, and bounded warnings.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "mon/format/codec.hpp"
#include "mon/io/input.hpp"

namespace mon::format::detail {

// A 1-based byte column on the line the reader last returned.
inline Location at(const io::LineReader& in, std::size_t column) { return {in.name(), in.line_number(), column}; }

// LineReader reports too_long only for lines it could not buffer; a shorter line over the
// limit arrives whole, so readers test line.size() too and report both the same way.
inline std::string too_long_message(const ReadOptions& options) {
  return "line longer than " + std::to_string(options.max_line) + " bytes; skipped";
}
inline bool report_too_long(const io::LineReader& in, Diagnostics& diag, const ReadOptions& options) {
  return diag.error(at(in, 1), too_long_message(options));
}

// Binary input shows up as NUL bytes: no text format here allows them, so a line holding one
// is reported at the first NUL instead of as whatever token it happens to break.
inline std::size_t find_nul(std::string_view line) {
  const void* p = std::memchr(line.data(), '\0', line.size());
  return p ? static_cast<std::size_t>(static_cast<const char*>(p) - line.data()) : std::string_view::npos;
}
inline std::string nul_message() { return "unexpected NUL byte (is this a binary file?); line skipped"; }

// The loop of every simple line reader: each line that fits within max_line and holds no NUL
// goes to parse(line), which returns false to stop; the others are reported and skipped. `ok`
// turns false on any report here (parse reports its own).
template <typename Parse>
void for_each_line(io::LineReader& in, Diagnostics& diag, const ReadOptions& options, bool& ok, Parse&& parse) {
  std::string_view line;
  for (;;) {
    auto status = in.next(line);
    if (status == io::LineReader::Status::end) return;
    bool go_on;
    if (status == io::LineReader::Status::too_long || line.size() > options.max_line) {
      ok = false;
      go_on = report_too_long(in, diag, options);
    } else if (auto nul = find_nul(line); nul != std::string_view::npos) {
      ok = false;
      go_on = diag.error(at(in, nul + 1), nul_message());
    } else {
      go_on = parse(line);
    }
    if (!go_on) return;
  }
}

inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Warnings that could repeat on every line (a renamed measurement) are given once per key, and
// only for the first `limit` keys, so a million-line input yields a handful of warnings and
// the set stays small.
class WarnOnce {
 public:
  explicit WarnOnce(std::size_t limit = 100) : limit_(limit) {}
  bool first(std::string_view key) {
    if (seen_.size() >= limit_) return false;
    return seen_.emplace(key).second;
  }

 private:
  std::size_t limit_;
  std::unordered_set<std::string> seen_;
};

// Record formats (JSON, CSV) repeat a family's type on every record; it must not change from
// one record to the next (a writer would keep the first and mislabel the rest). Remembers each
// family's first type and line, for at most kMax families (then new ones go unchecked), so
// memory stays bounded.
class FamilyTypes {
 public:
  static constexpr std::size_t kMax = 20000;
  // A message when the family of sample `sample_name` had another type before; `line` is where
  // this record is. Families are told apart as in Prometheus text: a counter "x" of samples
  // "x_total" is family "x_total" there, not the same as a gauge "x" (Go's go_memstats_alloc_bytes).
  std::optional<std::string> conflict(const model::Family& f, std::string_view sample_name, std::uint64_t line) {
    key_ = f.name;
    if (f.type == model::MetricType::counter && sample_name != f.name) key_ += "_total";
    if (key_ == last_name_ && f.type == last_type_) return std::nullopt;  // most records: as the previous one
    auto it = seen_.find(key_);
    if (it == seen_.end()) {
      if (seen_.size() < kMax) seen_.emplace(key_, std::pair{f.type, line});
    } else if (it->second.first != f.type) {
      return "family \"" + key_ + "\" has type " + std::string(model::to_string(f.type)) + " here but " +
             std::string(model::to_string(it->second.first)) + " on line " + std::to_string(it->second.second) +
             " (a family has one type); record skipped";
    }
    last_name_ = key_;
    last_type_ = f.type;
    return std::nullopt;
  }

 private:
  std::unordered_map<std::string, std::pair<model::MetricType, std::uint64_t>> seen_;
  std::string last_name_, key_;
  model::MetricType last_type_ = model::MetricType::untyped;
};

// A label name made valid: characters outside [a-zA-Z0-9_] become '_', a leading digit gets a
// '_' in front, and the reserved "__" prefix is cut to one '_'.
std::string sanitize_label_name(std::string_view text);

}  // namespace mon::format::detail
