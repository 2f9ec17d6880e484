#pragma once
// Reading a whole small file (a config, a baseline, a state file) with a size limit, so that a
// wrong path (a log, a disk image) is refused instead of filling memory.
#include <cstddef>
#include <optional>
#include <string>

namespace mon::io {

// Throws mon::Error "cannot read PATH: …" (missing, a directory, an I/O error) and
// mon::ParseError "PATH: larger than N MiB" when it holds more than max_bytes.
std::string read_file(const std::string& path, std::size_t max_bytes);

// The same, but nullopt when the file does not exist.
std::optional<std::string> read_file_if_exists(const std::string& path, std::size_t max_bytes);

}  // namespace mon::io
