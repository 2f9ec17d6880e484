// Plain values: one number per line (parse_value syntax: 42, -1.5e3, NaN, +Inf), blanks around
// it allowed, blank lines skipped. The lines are successive readings of one gauge, without
// labels or timestamp, named ReadOptions::values_name ("value" when empty): like a StatsD
// gauge, the last one is its value, so the output holds one sample, not a duplicate series per
// line. It is emitted at the end of the input (none for an input without a number). For a
// stream (ReadOptions::stream, watch) every reading is passed on as it is read.
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
  family.type = model::MetricType::gauge;
  model::Sample sample;
  sample.name = family.name;
  bool ok = true, any = false;
  for_each_line(in, diag, options, ok, [&](std::string_view line) {
    std::string_view text = trim_blanks(line);
    if (text.empty()) return true;
    if (auto v = parse_value(text)) {
      sample.value = *v;
      any = true;
      if (options.stream) sink.sample(family, sample);  // a stream: every reading counts
      return true;
    }
    ok = false;
    std::size_t col = static_cast<std::size_t>(text.data() - line.data()) + 1;
    return diag.error(at(in, col), "expected a number (like 42, -1.5e3, NaN or +Inf)");
  });
  if (any && !options.stream) sink.sample(family, sample);
  return ok;
}

}  // namespace mon::format::detail
