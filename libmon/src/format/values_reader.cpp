// Plain values: one number per line (parse_double syntax: 42, -1.5e3, NaN, +Inf, 0x1p-3),
// blanks around it allowed, blank lines skipped. Each becomes an untyped sample, without
// labels or timestamp, of the metric ReadOptions::values_name ("value" when empty).
#include <string>

#include "codecs.hpp"
#include "mon/error.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "reader_util.hpp"

namespace mon::format::detail {

bool read_values(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  model::Family family;
  family.name = options.values_name.empty() ? "value" : options.values_name;
  // A bad name is the caller's mistake, not the input's: it is thrown, before reading.
  if (auto why = model::check_metric_name(family.name))
    throw Error("invalid metric name \"" + family.name + "\" for plain values: " + *why);
  model::Sample sample;
  sample.name = family.name;
  bool ok = true;
  std::string_view line;
  for (;;) {
    auto status = in.next(line);
    if (status == io::LineReader::Status::end) break;
    bool go_on = true;
    if (status == io::LineReader::Status::too_long || line.size() > options.max_line) {
      ok = false;
      go_on = report_too_long(in, diag, options);
    } else if (auto nul = find_nul(line); nul != std::string_view::npos) {
      ok = false;
      go_on = diag.error(at(in, nul + 1), nul_message());
    } else {
      std::string_view text = trim_blanks(line);
      if (text.empty()) continue;
      if (auto v = parse_double(text)) {
        sample.value = *v;
        sink.sample(family, sample);
        continue;
      }
      ok = false;
      std::size_t col = static_cast<std::size_t>(text.data() - line.data()) + 1;
      go_on = diag.error(at(in, col), "expected a number (like 42, -1.5e3, NaN or +Inf)");
    }
    if (!go_on) break;
  }
  return ok;
}

}  // namespace mon::format::detail
