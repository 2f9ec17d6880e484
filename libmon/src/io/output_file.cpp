#include "mon/io/output_file.hpp"

#include <unistd.h>

namespace mon::io {

OutputFile::OutputFile(const std::string& path, AtomicOptions options) {
  if (path.empty() || path == "-") {
    out_ = std::make_unique<Output>(STDOUT_FILENO, "<stdout>");
    return;
  }
  file_ = std::make_unique<AtomicFile>(path, options);
  out_ = std::make_unique<Output>(file_->fd(), path);
}

OutputFile::~OutputFile() {
  if (file_) out_->buffer().clear();  // an uncommitted file: nothing of it is kept
}

void OutputFile::commit() {
  out_->flush();
  if (file_) {
    file_->commit();
    file_.reset();
  }
}

void write_output(const std::string& path, std::string_view text, AtomicOptions options) {
  OutputFile file(path, options);
  file.out().write(text);
  file.commit();
}

}  // namespace mon::io
