#include "mon/notify/state.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "mon/error.hpp"
#include "mon/io/atomic_file.hpp"
#include "mon/io/read_file.hpp"

namespace mon::notify {

namespace {

using nlohmann::json;

constexpr std::string_view kHeader = "# monctl alert state 1";
constexpr std::size_t kMaxBytes = 64u << 20;

json labels_json(const model::Labels& labels) {
  json o = json::object();
  for (const auto& l : labels) o[l.name] = l.value;
  return o;
}
model::Labels labels_of(const json& o) {
  model::Labels out;
  for (auto it = o.begin(); it != o.end(); ++it) out.push_back({it.key(), it.value().get<std::string>()});
  return out;  // nlohmann's objects iterate in key order: sorted
}

json alert_json(const Alert& a) {
  return {{"labels", labels_json(a.labels)},
          {"annotations", labels_json(a.annotations)},
          {"startsAt", a.starts_at_ms},
          {"endsAt", a.ends_at_ms},
          {"generatorURL", a.generator_url}};
}
Alert alert_of(const json& j) {
  Alert a;
  a.labels = labels_of(j.at("labels"));
  a.annotations = labels_of(j.at("annotations"));
  a.starts_at_ms = j.at("startsAt").get<std::int64_t>();
  a.ends_at_ms = j.at("endsAt").get<std::int64_t>();
  a.generator_url = j.at("generatorURL").get<std::string>();
  return a;
}

json notification_json(const Notification& n) {
  json alerts = json::array();
  for (const auto& a : n.alerts) alerts.push_back(alert_json(a));
  return {{"receiver", n.receiver},         {"groupKey", n.group_key}, {"groupLabels", labels_json(n.group_labels)},
          {"alerts", alerts},               {"externalURL", n.external_url},
          {"truncatedAlerts", n.truncated_alerts}, {"now", n.now_ms}};
}
Notification notification_of(const json& j) {
  Notification n;
  n.receiver = j.at("receiver").get<std::string>();
  n.group_key = j.at("groupKey").get<std::string>();
  n.group_labels = labels_of(j.at("groupLabels"));
  for (const auto& a : j.at("alerts")) n.alerts.push_back(alert_of(a));
  n.external_url = j.at("externalURL").get<std::string>();
  n.truncated_alerts = j.at("truncatedAlerts").get<std::uint64_t>();
  n.now_ms = j.at("now").get<std::int64_t>();
  return n;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool has_header(std::string_view text) {
  return text.substr(0, kHeader.size()) == kHeader && (text.size() == kHeader.size() || text[kHeader.size()] == '\n');
}

void refuse_foreign(const std::string& path, std::string_view text) {
  if (!text.empty() && !has_header(text))
    throw Error(path + " is not a monctl alert state file (its first line is not \"" + std::string(kHeader) +
                "\"); it is left untouched");
}

}  // namespace

std::string serialize_state(const AlertState& s) {
  json j = json::object();
  j["evaluator"] = s.evaluator.empty() ? json(nullptr) : json::parse(s.evaluator);
  j["last_eval"] = s.last_eval;
  json groups = json::object();
  for (const auto& [key, g] : s.groups)
    groups[key] = {{"receiver", g.receiver},
                   {"first_seen", g.first_seen_ms},
                   {"notified", g.notified_ms},
                   {"firing", g.firing},
                   {"resolved", g.resolved}};
  j["groups"] = groups;
  json outbox = json::array();
  for (const auto& e : s.outbox)
    outbox.push_back({{"receiver", e.receiver},
                      {"integration", e.integration},
                      {"integration_name", e.integration_name},
                      {"notification", notification_json(e.notification)},
                      {"attempts", e.attempts},
                      {"first_failure", e.first_failure_ms},
                      {"last_error", e.last_error}});
  j["outbox"] = outbox;
  json silences = json::array();
  for (const auto& si : s.silences) {
    json ms = json::array();
    for (const auto& m : si.matchers) ms.push_back(m.text());
    silences.push_back({{"id", si.id},
                        {"matchers", ms},
                        {"startsAt", si.starts_at_ms},
                        {"endsAt", si.ends_at_ms},
                        {"updatedAt", si.updated_at_ms},
                        {"createdBy", si.created_by},
                        {"comment", si.comment}});
  }
  j["silences"] = silences;
  return std::string(kHeader) + "\n" + j.dump(1) + "\n";
}

AlertState parse_state(const std::string& text, const std::string& name) {
  if (!has_header(text)) throw ParseError({name, 1, 1}, "not a monctl alert state file");
  AlertState s;
  try {
    json j = json::parse(text.begin() + static_cast<std::ptrdiff_t>(kHeader.size()), text.end());
    if (!j.at("evaluator").is_null()) s.evaluator = j.at("evaluator").dump();
    s.last_eval = j.at("last_eval").get<std::map<std::string, std::int64_t>>();
    for (auto it = j.at("groups").begin(); it != j.at("groups").end(); ++it) {
      const json& g = it.value();
      GroupLog log;
      log.receiver = g.at("receiver").get<std::string>();
      log.first_seen_ms = g.at("first_seen").get<std::int64_t>();
      log.notified_ms = g.at("notified").get<std::int64_t>();
      log.firing = g.at("firing").get<std::vector<std::string>>();
      log.resolved = g.at("resolved").get<std::vector<std::string>>();
      s.groups[it.key()] = std::move(log);
    }
    for (const auto& e : j.at("outbox")) {
      OutboxEntry o;
      o.receiver = e.at("receiver").get<std::string>();
      o.integration = e.at("integration").get<std::size_t>();
      o.integration_name = e.at("integration_name").get<std::string>();
      o.notification = notification_of(e.at("notification"));
      o.attempts = e.at("attempts").get<int>();
      o.first_failure_ms = e.at("first_failure").get<std::int64_t>();
      o.last_error = e.at("last_error").get<std::string>();
      s.outbox.push_back(std::move(o));
    }
    for (const auto& si : j.at("silences")) {
      Silence x;
      x.id = si.at("id").get<std::string>();
      for (const auto& m : si.at("matchers")) {
        Matchers ms = parse_matchers(m.get<std::string>(), {name, 0, 0});
        x.matchers.insert(x.matchers.end(), ms.begin(), ms.end());
      }
      x.starts_at_ms = si.at("startsAt").get<std::int64_t>();
      x.ends_at_ms = si.at("endsAt").get<std::int64_t>();
      x.updated_at_ms = si.at("updatedAt").get<std::int64_t>();
      x.created_by = si.at("createdBy").get<std::string>();
      x.comment = si.at("comment").get<std::string>();
      s.silences.push_back(std::move(x));
    }
  } catch (const json::parse_error& e) {
    throw ParseError({name, 0, 0}, std::string("the state does not parse: ") + e.what());
  } catch (const json::exception& e) {
    throw ParseError({name, 0, 0}, std::string("the state is not what monctl writes: ") + e.what());
  } catch (const Error& e) {
    throw ParseError({name, 0, 0}, std::string("the state is not what monctl writes: ") + e.what());
  }
  return s;
}

StateFile::StateFile(std::string path, std::function<void(const std::string&)> warn) : path_(std::move(path)) {
  // Looked at before the lock file is made, so that a wrong --state leaves no trace beside it.
  if (auto text = io::read_file_if_exists(path_, kMaxBytes)) refuse_foreign(path_, *text);
  std::string lock_path = path_ + ".lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) throw Error("cannot create the lock file " + lock_path + ": " + std::strerror(errno));
  while (::flock(lock_fd_, LOCK_EX) != 0)
    if (errno != EINTR) {
      ::close(lock_fd_);
      throw Error("cannot lock " + lock_path + ": " + std::strerror(errno));
    }
  auto text = io::read_file_if_exists(path_, kMaxBytes);
  if (!text || text->empty()) return;
  refuse_foreign(path_, *text);  // replaced by something else while we waited for the lock
  try {
    state_ = parse_state(*text, path_);
  } catch (const ParseError& e) {
    std::string aside = path_ + ".corrupt-" + std::to_string(now_ms() / 1000);
    if (::rename(path_.c_str(), aside.c_str()) != 0) {
      ::close(lock_fd_);
      throw Error(std::string(e.what()) + "; and it cannot be set aside: " + std::strerror(errno));
    }
    if (warn) warn(std::string(e.what()) + ": corrupt state file moved to " + aside + "; the state starts afresh");
  }
}

StateFile::~StateFile() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void StateFile::save() { io::write_file_atomic(path_, serialize_state(state_), {true, 0600}); }

}  // namespace mon::notify
