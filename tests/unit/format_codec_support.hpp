#pragma once
// Shared by the codec tests: run a reader over a string, run a writer into a string.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "format/codecs.hpp"
#include "mon/format/codec.hpp"
#include "mon/format/diagnostics.hpp"
#include "mon/format/writer_notes.hpp"
#include "mon/io/output.hpp"
#include "memory_file.hpp"

namespace codec_test {

using namespace mon;

struct Got {
  model::Family family;
  model::Sample sample;
};

struct Collect : format::Sink {
  std::vector<Got> got;
  void sample(const model::Family& f, const model::Sample& s) override { got.push_back({f, s}); }
};

struct ReadResult {
  bool ok = false;
  std::vector<Got> got;
  std::vector<std::string> errors, warnings;
};

using test_support::memory_file;

using ReaderFn = bool (*)(io::LineReader&, format::Sink&, format::Diagnostics&, const format::ReadOptions&);

inline ReadResult read_text(ReaderFn reader, std::string_view text, const format::ReadOptions& options = {},
                            bool stop_at_first = false) {
  int fd = memory_file(text);
  io::LineReader in(fd, "in", options.max_line);
  Collect sink;
  format::CollectingDiagnostics diag(stop_at_first);
  ReadResult r;
  r.ok = reader(in, sink, diag, options);
  ::close(fd);
  r.got = std::move(sink.got);
  r.errors = std::move(diag.errors);
  r.warnings = std::move(diag.warnings);
  return r;
}

using WriterFn = std::unique_ptr<format::Sink> (*)(io::Output&);

inline std::string write_all(WriterFn make, const std::vector<Got>& items, std::vector<std::string>* notes = nullptr) {
  int fd = ::memfd_create("codec-test-out", 0);
  {
    io::Output out(fd, "out");
    auto writer = make(out);
    for (const auto& g : items) writer->sample(g.family, g.sample);
    writer->finish();
    if (notes) *notes = format::writer_notes(*writer);
  }
  off_t size = ::lseek(fd, 0, SEEK_END);
  std::string text(static_cast<std::size_t>(size), '\0');
  ::pread(fd, text.data(), text.size(), 0);
  ::close(fd);
  return text;
}

inline Got make(std::string name, double value, model::Labels labels = {},
                model::MetricType type = model::MetricType::untyped) {
  Got g;
  g.family.name = std::string(model::family_name_of(name, type));
  g.family.type = type;
  g.sample.name = std::move(name);
  g.sample.labels = std::move(labels);
  g.sample.value = value;
  return g;
}

// Reads a whole file with the Prometheus text reader (another codec) into samples.
inline ReadResult read_prom_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  Collect sink;
  format::CollectingDiagnostics diag;
  ReadResult r;
  r.ok = fd >= 0 && format::read(format::Format::prom, fd, path, sink, diag);
  if (fd >= 0) ::close(fd);
  r.got = std::move(sink.got);
  r.errors = std::move(diag.errors);
  return r;
}

// Every field of every family and sample read back equals what was written (NaN equals NaN).
inline void check_same_events(const std::vector<Got>& got, const std::vector<Got>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].family.name == want[i].family.name);
    CHECK(got[i].family.type == want[i].family.type);
    CHECK(got[i].family.help == want[i].family.help);
    CHECK(got[i].family.has_help == want[i].family.has_help);
    CHECK(got[i].family.unit == want[i].family.unit);
    CHECK(got[i].sample.name == want[i].sample.name);
    CHECK(got[i].sample.labels == want[i].sample.labels);
    CHECK(got[i].sample.timestamp_ms == want[i].sample.timestamp_ms);
    if (std::isnan(want[i].sample.value)) CHECK(std::isnan(got[i].sample.value));
    else CHECK(got[i].sample.value == want[i].sample.value);
  }
}


}  // namespace codec_test
