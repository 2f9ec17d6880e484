#include "mon/format/codec.hpp"

#include <array>

#include "codecs.hpp"
#include "mon/error.hpp"

namespace mon::format {

namespace {
constexpr std::array<std::string_view, 7> kNames = {"prom", "openmetrics", "json", "csv", "influx", "statsd", "values"};
}

std::string_view to_string(Format f) { return kNames[static_cast<std::size_t>(f)]; }

std::optional<Format> parse_format(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Format>(i);
  if (name == "prometheus") return Format::prom;
  if (name == "om") return Format::openmetrics;
  if (name == "jsonl" || name == "ndjson") return Format::json;
  return std::nullopt;
}

bool read(Format format, int fd, const std::string& name, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  io::LineReader in(fd, name, options.max_line);
  return read(format, in, sink, diag, options);
}

bool read(Format format, io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  switch (format) {
    case Format::prom: return detail::read_prom(in, sink, diag, options);
    case Format::openmetrics: return detail::read_openmetrics(in, sink, diag, options);
    case Format::json: return detail::read_json(in, sink, diag, options);
    case Format::csv: return detail::read_csv(in, sink, diag, options);
    case Format::influx: return detail::read_influx(in, sink, diag, options);
    case Format::statsd: return detail::read_statsd(in, sink, diag, options);
    case Format::values: return detail::read_values(in, sink, diag, options);
  }
  return false;
}

std::unique_ptr<Sink> make_writer(Format format, io::Output& out) {
  switch (format) {
    case Format::prom: return detail::make_prom_writer(out);
    case Format::openmetrics: return detail::make_openmetrics_writer(out);
    case Format::json: return detail::make_json_writer(out);
    case Format::csv: return detail::make_csv_writer(out);
    case Format::influx: return detail::make_influx_writer(out);
    case Format::statsd:
    case Format::values: break;
  }
  throw Error("monctl cannot write the " + std::string(to_string(format)) +
              " format (it is read-only); write prom, openmetrics, json, csv or influx");
}

}  // namespace mon::format
