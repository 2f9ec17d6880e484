// Plain values: one number per line (parse_value syntax: 42, -1.5e3, NaN, +Inf), blanks around
// it allowed, blank lines skipped. The lines are successive readings of one gauge, without
// labels or timestamp, named ReadOptions::values_name ("value" when empty): like a StatsD
// gauge, the last one is its value, so the output holds one sample, not a duplicate series per
// line. It is emitted at the end of the input (none for an input without a number). For a
// stream (ReadOptions::stream, watch) every reading is passed on as it is read.
#include <optional>
#include <string>
#include <vector>

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
  // A stream hands its readings on in batches: all that one read(2) brought, at most kBatch at a
  // time, passed on before the reader could block waiting for more.
  constexpr std::size_t kBatch = 4096;
  std::vector<double> batch;
  if (options.stream) batch.reserve(kBatch);
  auto pass_on = [&] {
    if (!batch.empty()) sink.values(family, sample, batch);
    batch.clear();
  };
  std::string_view line;
  for (;;) {
    auto status = in.next(line);
    if (status == io::LineReader::Status::end) break;
    bool go_on = true;
    std::string_view text = trim_blanks(line);
    std::optional<double> v;
    if (status == io::LineReader::Status::too_long || line.size() > options.max_line) {
      ok = false;
      go_on = report_too_long(in, diag, options);
    } else if (text.empty()) {
    } else if ((v = parse_value(text))) {
      sample.value = *v;
      any = true;
      if (options.stream) batch.push_back(*v);
    } else {
      ok = false;
      std::size_t nul = find_nul(line);
      if (nul != std::string_view::npos)
        go_on = diag.error(at(in, nul + 1), nul_message());
      else
        go_on = diag.error(at(in, static_cast<std::size_t>(text.data() - line.data()) + 1),
                           "expected a number (like 42, -1.5e3, NaN or +Inf)");
    }
    if (options.stream && (batch.size() == kBatch || !in.has_line())) pass_on();
    if (!go_on) break;
  }
  pass_on();
  if (any && !options.stream) sink.sample(family, sample);
  return ok;
}

}  // namespace mon::format::detail
