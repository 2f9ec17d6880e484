// Plain values: one number per line (parse_value syntax: 42, -1.5e3, NaN, +Inf), blanks around
// it allowed, blank lines skipped. The lines are successive readings of one gauge, without
// labels or timestamp, named ReadOptions::values_name ("value" when empty): like a StatsD
// gauge, the last one is its value, so the output holds one sample, not a duplicate series per
// line. It is emitted at the end of the input (none for an input without a number). For a
// stream (ReadOptions::stream, watch) every reading is passed on as it is read.
#include <cstring>
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
  auto take = [&](double v) {
    sample.value = v;
    any = true;
    if (options.stream) {
      batch.push_back(v);
      if (batch.size() == kBatch) pass_on();
    }
  };
  // A line that is not a plain number alone (blanks, NaN, a bad one ...) is parsed in full here.
  auto one_line = [&](std::string_view line, std::uint64_t line_no, bool too_long) {
    std::string_view text = trim_blanks(line);
    if (too_long || line.size() > options.max_line) {
      ok = false;
      return diag.error({in.name(), line_no, 1}, too_long_message(options));
    }
    if (text.empty()) return true;
    if (auto v = parse_value(text)) {
      take(*v);
      return true;
    }
    ok = false;
    std::size_t nul = find_nul(line);
    if (nul != std::string_view::npos) return diag.error({in.name(), line_no, nul + 1}, nul_message());
    return diag.error({in.name(), line_no, static_cast<std::size_t>(text.data() - line.data()) + 1},
                      "expected a number (like 42, -1.5e3, NaN or +Inf)");
  };
  bool go_on = true;
  while (go_on) {
    // The lines buffered now, scanned in one pass: most are a plain number and its '\n'.
    std::string_view block = in.buffered_lines();
    if (!block.empty()) {
      const char* p = block.data();
      const char* const end = p + block.size();
      std::uint64_t lines = 0;
      while (p != end && go_on) {
        double v;
        const char* q = parse_decimal_prefix(p, end, v);
        ++lines;
        if (q && *q == '\n') {
          take(v);
          p = q + 1;
          continue;
        }
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        go_on = one_line(std::string_view(p, static_cast<std::size_t>(nl - p)), in.line_number() + lines, false);
        p = nl + 1;
      }
      in.consume(static_cast<std::size_t>(p - block.data()), lines);
      continue;
    }
    // No whole line buffered: what is held goes on before the reader may block, then one line
    // the general way (it reads more, and knows over-long lines, a cut-off last line, the end).
    if (options.stream) pass_on();
    std::string_view line;
    auto status = in.next(line);
    if (status == io::LineReader::Status::end) break;
    go_on = one_line(line, in.line_number(), status == io::LineReader::Status::too_long);
  }
  pass_on();
  if (any && !options.stream) sink.sample(family, sample);
  return ok;
}

}  // namespace mon::format::detail
