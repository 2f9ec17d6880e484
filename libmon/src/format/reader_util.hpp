#pragma once
// Internal: what the line-oriented readers (CSV, Influx, StatsD, plain values) share --
// locations, the messages for over-long lines and binary input, and bounded warnings.
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>

#include "mon/format/codec.hpp"
#include "mon/io/input.hpp"

namespace mon::format::detail {

// A 1-based byte column on the line the reader last returned.
inline Location at(const io::LineReader& in, std::size_t column) { return {in.name(), in.line_number(), column}; }

// LineReader reports too_long only for lines it could not buffer; a shorter line over the
// limit arrives whole, so readers test line.size() too and report both the same way.
inline bool report_too_long(const io::LineReader& in, Diagnostics& diag, const ReadOptions& options) {
  return diag.error(at(in, 1), "line longer than " + std::to_string(options.max_line) + " bytes; skipped");
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

// A label name made valid: characters outside [a-zA-Z0-9_] become '_', a leading digit gets a
// '_' in front, and the reserved "__" prefix is cut to one '_'.
std::string sanitize_label_name(std::string_view text);

}  // namespace mon::format::detail
