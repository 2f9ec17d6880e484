#pragma once
// Shared by the Prometheus text and OpenMetrics tests: read text into a list of events
// (family() and sample() calls, in order), write events back to text, compare samples.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "format/codecs.hpp"
#include "mon/format/diagnostics.hpp"
#include "mon/io/output.hpp"
#include "memory_file.hpp"

namespace prom_test {

using namespace mon;

struct Event {
  bool is_family = false;
  model::Family family;  // the family announced, or the one the sample belongs to
  model::Sample sample;
};

struct Recorder : format::Sink {
  std::vector<Event> events;
  void family(const model::Family& f) override { events.push_back({true, f, {}}); }
  void sample(const model::Family& f, const model::Sample& s) override { events.push_back({false, f, s}); }
};

struct Result {
  bool ok = false;
  std::vector<Event> events;
  std::vector<std::string> errors, warnings;
  std::vector<model::Sample> samples() const {
    std::vector<model::Sample> out;
    for (const auto& e : events)
      if (!e.is_family) out.push_back(e.sample);
    return out;
  }
  std::vector<model::Family> families() const {
    std::vector<model::Family> out;
    for (const auto& e : events)
      if (e.is_family) out.push_back(e.family);
    return out;
  }
};

using test_support::memory_file;

using ReaderFn = bool (*)(io::LineReader&, format::Sink&, format::Diagnostics&, const format::ReadOptions&);

inline Result read(ReaderFn reader, std::string_view text, std::size_t max_line = 1 << 20, bool stop = false) {
  int fd = memory_file(text);
  format::ReadOptions options;
  options.max_line = max_line;
  io::LineReader in(fd, "in", max_line);
  Recorder sink;
  format::CollectingDiagnostics diag(stop);
  Result r;
  r.ok = reader(in, sink, diag, options);
  ::close(fd);
  r.events = std::move(sink.events);
  r.errors = std::move(diag.errors);
  r.warnings = std::move(diag.warnings);
  return r;
}
inline Result read_prom(std::string_view text) { return read(format::detail::read_prom, text); }
inline Result read_om(std::string_view text) { return read(format::detail::read_openmetrics, text); }

using WriterFn = std::unique_ptr<format::Sink> (*)(io::Output&);

// Replays events (family() and sample() calls) into a writer and returns what it wrote.
inline std::string write(WriterFn make, const std::vector<Event>& events) {
  int fd = ::memfd_create("prom-test-out", 0);
  {
    io::Output out(fd, "out");
    auto writer = make(out);
    for (const auto& e : events) {
      if (e.is_family) writer->family(e.family);
      else writer->sample(e.family, e.sample);
    }
    writer->finish();
  }
  off_t size = ::lseek(fd, 0, SEEK_END);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (::pread(fd, text.data(), text.size(), 0) < 0) text.clear();
  ::close(fd);
  return text;
}
inline std::string write_prom(const std::vector<Event>& e) { return write(format::detail::make_prom_writer, e); }
inline std::string write_om(const std::vector<Event>& e) { return write(format::detail::make_openmetrics_writer, e); }

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Same name, labels, value (NaN equal to NaN, bit for bit otherwise) and timestamp.
inline bool same(const model::Sample& a, const model::Sample& b) {
  bool values = (std::isnan(a.value) && std::isnan(b.value)) || a.value == b.value;
  return a.name == b.name && a.labels == b.labels && values && a.timestamp_ms == b.timestamp_ms;
}

inline std::string show(const model::Sample& s) {
  std::string out = s.name + "{";
  for (const auto& l : s.labels) out += l.name + "=\"" + l.value + "\",";
  out += "} " + std::to_string(s.value);
  if (s.timestamp_ms) out += " @" + std::to_string(*s.timestamp_ms);
  return out;
}

}  // namespace prom_test
