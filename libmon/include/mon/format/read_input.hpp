#pragma once
// Reads one named input ("-" = standard input) into a sink, detecting its format unless one is
// given: the loop every subcommand that reads metrics (export, watch) shares.
#include <optional>
#include <string>

#include "mon/format/codec.hpp"

namespace mon::format {

// `format`: nullopt = detect from the name and the first bytes. Returns false if the input had
// malformed lines (reported to diag). An empty input is fine (true, nothing read). Throws
// mon::Error when the input cannot be opened or its format cannot be told.
bool read_input(const std::string& path, std::optional<Format> format, Sink& sink, Diagnostics& diag,
                const ReadOptions& options = {});

// The same on a descriptor already open (a pipe fed by a follower): `name` is used in
// messages and, like a path, for detection by extension.
bool read_input_fd(int fd, const std::string& name, std::optional<Format> format, Sink& sink, Diagnostics& diag,
                   const ReadOptions& options = {});

}  // namespace mon::format
