#pragma once
// A memory file holding text, for reader tests: the reader sees real read(2) chunks, as with a
// pipe or a file.
#include <sys/mman.h>
#include <unistd.h>

#include <string_view>

namespace test_support {

inline int memory_file(std::string_view text) {
  int fd = ::memfd_create("monctl-test", 0);
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

}  // namespace test_support
