#pragma once
// The --state file: the last N results of every probe, kept across cron runs.
// Text, one record a line, tab-separated and escaped:
//   # monctl probe state 1
//   NAME <TAB> UNIX_MS <TAB> STATUS <TAB> DURATION_S <TAB> VALUE <TAB> MESSAGE
// Two runs at once are serialised by flock(2) on FILE.lock (the file itself is replaced by
// rename, so its own inode cannot carry the lock); writes go through AtomicFile with fsync. A
// state file (its first line is the header) that does not parse is renamed aside
// (FILE.corrupt-UNIXTIME) and history starts afresh; a file without the header is not monctl's
// (`--state probes.yaml`) and is refused, untouched. An empty file counts as no history.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mon/probe/result.hpp"

namespace mon::probe {

struct Record {
  std::int64_t time_ms = 0;
  Status status = Status::unknown;
  double duration_seconds = 0;
  std::optional<double> value;
  std::string message;
};

using History = std::map<std::string, std::vector<Record>>;  // oldest first

// Holds the lock for as long as it lives.
class StateFile {
 public:
  // exclusive: for a run that will save; shared: for reading (probe history), which creates no
  // file (no lock file either). `warn` receives the warning when a corrupt file is set aside.
  // Throws mon::Error when FILE is not a state file, or the lock file cannot be created.
  StateFile(std::string path, bool exclusive, std::function<void(const std::string&)> warn);
  StateFile(const StateFile&) = delete;
  StateFile& operator=(const StateFile&) = delete;
  ~StateFile();

  const History& history() const { return history_; }
  // Appends each result, keeps at most `keep` records per probe, writes atomically with fsync.
  void save(const std::vector<Result>& results, std::size_t keep);

 private:
  std::string path_;
  int lock_fd_ = -1;
  History history_;
};

// Parses state text. Throws mon::ParseError at the first malformed line.
History parse_state(const std::string& text, const std::string& name);
std::string serialize_state(const History& history);

}  // namespace mon::probe
