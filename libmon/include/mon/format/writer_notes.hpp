#pragma once
// What a writer could not write as given. Some formats cannot hold every sample (Influx line
// protocol has no NaN, no newline in a tag); writers have no Diagnostics, so they skip or alter
// such samples, count them, and report the counts here once finish() has run.
#include <string>
#include <vector>

#include "mon/format/sink.hpp"

namespace mon::format {

class WriterNotes {
 public:
  virtual ~WriterNotes() = default;
  // One sentence per kind of loss, e.g. "influx: skipped 3 samples whose value is NaN or
  // ±Inf (line protocol has no such floats)". Empty when nothing was lost.
  virtual std::vector<std::string> notes() const = 0;
};

// The notes of any writer (empty for writers that never lose anything).
std::vector<std::string> writer_notes(const Sink& writer);

}  // namespace mon::format
