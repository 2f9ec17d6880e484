#pragma once
// Internal to mon::watch: what runner.cpp shares with the sources that live in files of their own.
#include <atomic>
#include <optional>

#include "mon/format/sink.hpp"
#include "mon/watch/runner.hpp"

namespace mon::watch::detail {

// Thrown by the runner's sink once --count windows are written: the source stops there.
struct Enough {};

// --pid / -- CMD (process_source.cpp): the tree sampled at the start and on the multiples of
// interval_ms, until the root ends, `stop` is set or the sink says Enough. A command is spawned
// here (call from a thread that outlives it: it gets SIGKILL when that thread ends) and, when
// stopped, gets the stop signal (SIGTERM for Enough; none when the terminal sent it to the
// whole group), up to 10 s to end, then SIGKILL. Returns the command's status (the code, or
// 128+signal) when it ended by itself; nullopt otherwise.
// Throws proc::SpawnError when the command cannot start, mon::Error when --pid names no process.
std::optional<int> watch_process(const WatchOptions& options, format::Sink& sink, const std::atomic<bool>& stop);

}  // namespace mon::watch::detail
