#include "mon/format/writer_notes.hpp"

namespace mon::format {

std::vector<std::string> writer_notes(const Sink& writer) {
  if (auto* notes = dynamic_cast<const WriterNotes*>(&writer)) return notes->notes();
  return {};
}

}  // namespace mon::format
