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
  for_each_line(in, diag, options, ok, [&](std::string_view line) {
    std::string_view text = trim_blanks(line);
    if (text.empty()) return true;
    if (auto v = parse_double(text)) {
      sample.value = *v;
      sink.sample(family, sample);
      return true;
    }
    ok = false;
    std::size_t col = static_cast<std::size_t>(text.data() - line.data()) + 1;
    return diag.error(at(in, col), "expected a number (like 42, -1.5e3, NaN or +Inf)");
  });
  return ok;
}

}  // namespace mon::format::detail
