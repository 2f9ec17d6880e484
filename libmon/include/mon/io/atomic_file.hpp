#pragma once
// Replaces a file atomically: writes a temporary beside it, then renames it over the target,
// so a reader (node_exporter's textfile collector, a dashboard) never sees half a file.
// Targets that are not regular files (/dev/null, a FIFO, a terminal) are written through:
// as root, a rename over /dev/null would replace the device with a plain file. A symbolic link
// is followed: its target is replaced (the temporary sits in the target's folder), the link stays.
#include <string>
#include <sys/types.h>

namespace mon::io {

struct AtomicOptions {
  bool fsync = false;  // for state files that must survive a crash (costs about 1 ms)
  mode_t mode = 0644;  // for a new file; an existing file keeps its mode
};

class AtomicFile {
 public:
  // Throws mon::Error when the folder does not exist or cannot be written.
  explicit AtomicFile(std::string path, AtomicOptions options = {});
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // without commit(): the temporary is removed, the target untouched

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  // Closes (fsyncs if asked) and renames over the target. Throws mon::Error.
  void commit();

 private:
  std::string path_;    // as the user named it, for messages
  std::string target_;  // path_ with symbolic links followed: what is replaced
  std::string temp_;  // empty when writing through
  AtomicOptions options_;
  int fd_ = -1;
};

// Writes `content` to `path` atomically.
void write_file_atomic(const std::string& path, std::string_view content, AtomicOptions options = {});

}  // namespace mon::io
