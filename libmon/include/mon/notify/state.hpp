#pragma once
// The --state file of `monctl alert run` and `monctl alert silence`: what a cron job carries from
// one run to the next.
//   # monctl alert state 1
//   {"evaluator": {...}, "last_eval": {...}, "groups": {...}, "outbox": [...], "silences": [...]}
// - evaluator: the rule evaluator's alert states (pending/firing since), as it saves them;
// - last_eval: per rule group, the last evaluation time;
// - groups: per receiver and aggregation group key ("RECEIVER\x1fKEY"), Alertmanager's notification log: when the group was first
//   seen, when it was last notified and which alerts were firing and resolved then;
// - outbox: notifications whose delivery failed and may pass later, retried by the next run;
// - silences.
// The file is locked (flock on FILE.lock) for as long as a StateFile lives, so two runs at once
// are serialised and never notify twice; it is replaced atomically with fsync. A file with the
// header that does not parse is renamed aside (FILE.corrupt-UNIXTIME) with a warning, and the
// state starts afresh; a file without the header is not monctl's and is refused, untouched.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "mon/notify/alert.hpp"
#include "mon/notify/silence.hpp"

namespace mon::notify {

struct GroupLog {
  std::string receiver;
  std::int64_t first_seen_ms = 0;  // when the group's earliest alert started
  std::int64_t notified_ms = 0;    // last notification (0: never)
  std::vector<std::string> firing;    // fingerprints notified as firing then
  std::vector<std::string> resolved;  // and as resolved
};

struct OutboxEntry {
  std::string receiver;
  std::size_t integration = 0;
  std::string integration_name;  // "webhook[0]": for messages
  Notification notification;
  int attempts = 0;  // runs that tried
  std::int64_t first_failure_ms = 0;
  std::string last_error;
};

struct AlertState {
  std::string evaluator;  // JSON text; "" when none
  std::map<std::string, std::int64_t> last_eval;
  std::map<std::string, GroupLog> groups;
  std::vector<OutboxEntry> outbox;
  std::vector<Silence> silences;
};

std::string serialize_state(const AlertState& state);
// Throws mon::ParseError naming `name` when the text is not such a state.
AlertState parse_state(const std::string& text, const std::string& name);

class StateFile {
 public:
  // Waits for the lock. Throws mon::Error when the file is not monctl's alert state, or cannot
  // be locked or read. `warn` gets the warning when a corrupt file is set aside.
  StateFile(std::string path, std::function<void(const std::string&)> warn);
  StateFile(const StateFile&) = delete;
  StateFile& operator=(const StateFile&) = delete;
  ~StateFile();
  AlertState& state() { return state_; }
  void save();  // atomically, with fsync; throws mon::Error

 private:
  std::string path_;
  int lock_fd_ = -1;
  AlertState state_;
};

}  // namespace mon::notify
