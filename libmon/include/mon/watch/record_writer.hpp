#pragma once
// Writes window records in every output format monctl has. One closed window is one call.
// - json: one JSON object a record: name, labels, start and end (RFC 3339), count, sum, min,
//   max, mean, stddev, first, last, rate and increase (null for gauges), quantiles keyed as the
//   user wrote them. NaN and infinities are the strings "NaN", "+Inf", "-Inf" (as export writes).
// - csv: RFC 4180, a header row first, then a row a record; quantile columns named q<as written>.
// - prom, openmetrics: one exposition a window; per series a summary family named like the
//   series (a counter without its _total) carrying the quantiles, _sum and _count, and gauges
//   NAME_min, _max, _mean, _stddev, _first, _last, and for counters _rate and _increase, all
//   stamped with the window's end.
// - influx: the same samples in line protocol.
// - text: an aligned table a window, for people.
#include <memory>
#include <vector>

#include "mon/format/codec.hpp"
#include "mon/io/output.hpp"
#include "mon/watch/record.hpp"

namespace mon::watch {

enum class RecordFormat { json, csv, prom, openmetrics, influx, text };

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void write(const std::vector<WindowRecord>& window, io::Output& out) = 0;
};

// `quantile_names`: the quantiles as the user wrote them (CSV's header).
std::unique_ptr<RecordWriter> make_record_writer(RecordFormat format, std::vector<std::string> quantile_names);

}  // namespace mon::watch
