#pragma once
// "Standard output, or FILE replaced atomically": the one output every subcommand's -o uses.
// Write through out(), then commit(): a file target is renamed into place only then, so an
// error, an exception or an empty result that the caller chooses not to commit leaves the
// previous file whole.
#include <memory>
#include <string>
#include <string_view>

#include "mon/io/atomic_file.hpp"
#include "mon/io/output.hpp"

namespace mon::io {

class OutputFile {
 public:
  // "" and "-" are standard output. Throws mon::Error when FILE cannot be created.
  explicit OutputFile(const std::string& path, AtomicOptions options = {});
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // without commit(): a file target is left untouched

  Output& out() { return *out_; }
  bool is_stdout() const { return !file_; }
  const std::string& name() const { return out_->name(); }
  // Flushes, and for a file renames it over the target. Throws mon::Error.
  void commit();

 private:
  std::unique_ptr<AtomicFile> file_;
  std::unique_ptr<Output> out_;
};

// Writes `text` to standard output ("" or "-") or replaces `path` atomically with it.
void write_output(const std::string& path, std::string_view text, AtomicOptions options = {});

}  // namespace mon::io
