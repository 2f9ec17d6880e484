#pragma once
// Internal: an append-only byte store that holds up to kMemory bytes in memory and moves to an
// unlinked temporary file ($TMPDIR, else /tmp) beyond that, so a writer that must hold its
// output back (OpenMetrics, to group families) keeps its memory bounded whatever the input.
#include <cstdint>
#include <string>
#include <string_view>

#include "mon/io/output.hpp"

namespace mon::format::detail {

class SpillStore {
 public:
  static constexpr std::size_t kMemory = 8 << 20;

  SpillStore() = default;
  SpillStore(const SpillStore&) = delete;
  SpillStore& operator=(const SpillStore&) = delete;
  ~SpillStore();

  // Appends; throws mon::Error when the temporary file cannot be created or written.
  void append(std::string_view bytes);
  std::uint64_t size() const { return file_size_ + buf_.size(); }
  // Copies bytes [offset, offset+length) to out (flushing it as it grows).
  void copy_to(io::Output& out, std::uint64_t offset, std::uint64_t length);
  // The same into another store.
  void copy_to(SpillStore& other, std::uint64_t offset, std::uint64_t length);

 private:
  template <class Put>
  void read_range(std::uint64_t offset, std::uint64_t length, Put&& put);
  void spill();

  std::string buf_;  // the bytes after file_size_ (all of them while fd_ < 0)
  int fd_ = -1;
  std::uint64_t file_size_ = 0;
  std::string chunk_;
};

}  // namespace mon::format::detail
