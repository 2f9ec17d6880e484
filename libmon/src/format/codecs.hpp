#pragma once
// Internal: one reader and one writer per format, each in its own file.
#include <memory>

#include "mon/format/codec.hpp"
#include "mon/io/input.hpp"

namespace mon::format::detail {

bool read_prom(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options);
bool read_openmetrics(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options);
bool read_json(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options);
bool read_csv(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options);
bool read_influx(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options);
bool read_statsd(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options);
bool read_values(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options);

std::unique_ptr<Sink> make_prom_writer(io::Output& out);
std::unique_ptr<Sink> make_openmetrics_writer(io::Output& out);
std::unique_ptr<Sink> make_json_writer(io::Output& out);
std::unique_ptr<Sink> make_csv_writer(io::Output& out);
std::unique_ptr<Sink> make_influx_writer(io::Output& out);

}  // namespace mon::format::detail
