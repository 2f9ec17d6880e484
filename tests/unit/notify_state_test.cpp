// The --state file of `monctl alert run` (mon/notify/state.hpp): its text round trip, a corrupt
// file set aside, a foreign file refused untouched, the lock serialising two users, and the
// atomic save.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mon/error.hpp"
#include "mon/notify/state.hpp"
#include "temp_files.hpp"

using namespace mon::notify;
using mon::model::Labels;
namespace fs = std::filesystem;

namespace {

AlertState sample_state() {
  AlertState s;
  s.evaluator = R"({"rules":{"HighLoad":{"since":1700000000000}}})";
  s.last_eval = {{"group-a", 1'700'000'000'000}, {"group \"b\"", 5}};
  GroupLog g;
  g.receiver = "team";
  g.first_seen_ms = 1'700'000'000'000;
  g.notified_ms = 1'700'000'030'000;
  g.firing = {"00000000000000aa", "00000000000000bb"};
  g.resolved = {"00000000000000cc"};
  s.groups["team\x1f{}:{alertname=\"X\"}"] = g;
  s.groups["loud\x1f{}/{a=\"b\"}:{}"] = GroupLog{"loud", 1, 0, {}, {}};

  OutboxEntry o;
  o.receiver = "team";
  o.integration = 1;
  o.integration_name = "webhook[1]";
  o.notification.receiver = "team";
  o.notification.group_key = R"({}:{alertname="X"})";
  o.notification.group_labels = {{"alertname", "X"}};
  Alert a;
  a.labels = {{"alertname", "X"}, {"instance", "host:9100"}, {"quote", "a\"b\n\\c"}};
  a.annotations = {{"description", "load is high \xe2\x80\x94 very"}, {"summary", "high"}};
  a.starts_at_ms = 1'700'000'000'000;
  a.ends_at_ms = 0;
  a.generator_url = "http://127.0.0.1:9090/graph?g0.expr=up";
  Alert b = a;
  b.labels[1].value = "other:9100";
  b.ends_at_ms = 1'700'000'060'000;
  o.notification.alerts = {a, b};
  o.notification.external_url = "http://127.0.0.1:9093";
  o.notification.truncated_alerts = 3;
  o.notification.now_ms = 1'700'000'030'000;
  o.attempts = 2;
  o.first_failure_ms = 1'700'000'030'000;
  o.last_error = "connection refused";
  s.outbox.push_back(o);

  Silence si;
  si.id = "5b0c0a56-1f1e-4c1a-8f0e-6c3a1d2e9f00";
  si.matchers = parse_matchers(R"({instance=~"db-\\d+|x", job!="a\"b"})");
  si.starts_at_ms = 1'700'000'000'000;
  si.ends_at_ms = 1'700'003'600'000;
  si.updated_at_ms = 1'700'000'000'001;
  si.created_by = "ops";
  si.comment = "maintenance, \"planned\"";
  s.silences.push_back(si);
  return s;
}

void check_same_alert(const Alert& x, const Alert& y) {
  CHECK(x.labels == y.labels);
  CHECK(x.annotations == y.annotations);
  CHECK(x.starts_at_ms == y.starts_at_ms);
  CHECK(x.ends_at_ms == y.ends_at_ms);
  CHECK(x.generator_url == y.generator_url);
}

void check_same(const AlertState& x, const AlertState& y) {
  CHECK(x.evaluator == y.evaluator);
  CHECK(x.last_eval == y.last_eval);
  REQUIRE(x.groups.size() == y.groups.size());
  for (const auto& [k, g] : x.groups) {
    INFO(k);
    REQUIRE(y.groups.count(k) == 1);
    const GroupLog& h = y.groups.at(k);
    CHECK(g.receiver == h.receiver);
    CHECK(g.first_seen_ms == h.first_seen_ms);
    CHECK(g.notified_ms == h.notified_ms);
    CHECK(g.firing == h.firing);
    CHECK(g.resolved == h.resolved);
  }
  REQUIRE(x.outbox.size() == y.outbox.size());
  for (std::size_t i = 0; i < x.outbox.size(); ++i) {
    const OutboxEntry &o = x.outbox[i], &p = y.outbox[i];
    CHECK(o.receiver == p.receiver);
    CHECK(o.integration == p.integration);
    CHECK(o.integration_name == p.integration_name);
    CHECK(o.attempts == p.attempts);
    CHECK(o.first_failure_ms == p.first_failure_ms);
    CHECK(o.last_error == p.last_error);
    const Notification &n = o.notification, &m = p.notification;
    CHECK(n.receiver == m.receiver);
    CHECK(n.group_key == m.group_key);
    CHECK(n.group_labels == m.group_labels);
    CHECK(n.external_url == m.external_url);
    CHECK(n.truncated_alerts == m.truncated_alerts);
    CHECK(n.now_ms == m.now_ms);
    REQUIRE(n.alerts.size() == m.alerts.size());
    for (std::size_t j = 0; j < n.alerts.size(); ++j) check_same_alert(n.alerts[j], m.alerts[j]);
  }
  REQUIRE(x.silences.size() == y.silences.size());
  for (std::size_t i = 0; i < x.silences.size(); ++i) {
    const Silence &s = x.silences[i], &t = y.silences[i];
    CHECK(s.id == t.id);
    CHECK(text(s.matchers) == text(t.matchers));
    CHECK(s.starts_at_ms == t.starts_at_ms);
    CHECK(s.ends_at_ms == t.ends_at_ms);
    CHECK(s.updated_at_ms == t.updated_at_ms);
    CHECK(s.created_by == t.created_by);
    CHECK(s.comment == t.comment);
  }
}

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

std::set<std::string> names_in(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// True when another open file description can take the lock at once (then releases it).
bool lock_free(const std::string& lock_path) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(fd >= 0);
  bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);
  return free;
}

}  // namespace

TEST_CASE("notify_state: serialize and parse round trip") {
  AlertState s = sample_state();
  std::string text = serialize_state(s);
  CHECK(text.rfind("# monctl alert state 1\n", 0) == 0);
  AlertState back = parse_state(text, "st");
  check_same(s, back);
  CHECK(serialize_state(back) == text);
  // The silence's matchers still match after the trip.
  REQUIRE(back.silences.size() == 1);
  CHECK(back.silences[0].silences({{"instance", "db-12"}, {"job", "b"}}, 1'700'000'000'500));
  CHECK_FALSE(back.silences[0].silences({{"instance", "db-12"}, {"job", "a\"b"}}, 1'700'000'000'500));

  // An empty state.
  AlertState empty;
  AlertState e2 = parse_state(serialize_state(empty), "st");
  CHECK(e2.evaluator.empty());
  CHECK(e2.groups.empty());
  CHECK(e2.outbox.empty());
  CHECK(e2.silences.empty());
}

TEST_CASE("notify_state: texts that are not a state are refused with a ParseError naming the file") {
  const std::string good = serialize_state(sample_state());
  std::vector<std::string> bad = {"",
                                  "{}",
                                  "# monctl alert state 2\n{}",
                                  "# monctl alert state 1",
                                  "# monctl alert state 1\n",
                                  "# monctl alert state 1\n{}",
                                  "# monctl alert state 1\n[1, 2]",
                                  "# monctl alert state 1\nnull",
                                  "# monctl alert state 1x\n{}",
                                  std::string("# monctl alert state 1\n\0\xff\xfe", 26)};
  for (std::size_t n = 0; n < good.size(); n += 97) bad.push_back(good.substr(0, n));
  std::string wrong_type = good;
  auto at = wrong_type.find("\"attempts\": 2");
  REQUIRE(at != std::string::npos);
  wrong_type.replace(at, 13, "\"attempts\": \"two\"");
  bad.push_back(wrong_type);
  std::string bad_matcher = good;
  at = bad_matcher.find("job!=");
  REQUIRE(at != std::string::npos);
  bad_matcher.replace(at, 5, "job!!");
  bad.push_back(bad_matcher);
  for (const auto& t : bad) {
    INFO(t.substr(0, 60));
    try {
      parse_state(t, "state.json");
      FAIL("accepted");
    } catch (const mon::ParseError& e) {
      CHECK(std::string(e.what()).rfind("state.json", 0) == 0);
    }
  }
}

TEST_CASE("notify_state: a truncated file is set aside as FILE.corrupt-* with a warning") {
  temp_files::TempDir dir;
  const std::string path = dir.path + "/alert.state";
  const std::string full = serialize_state(sample_state());
  const std::string cut = full.substr(0, full.size() / 2);
  write(path, cut);
  std::vector<std::string> warnings;
  {
    StateFile sf(path, [&](const std::string& w) { warnings.push_back(w); });
    CHECK(sf.state().groups.empty());
    CHECK(sf.state().silences.empty());
    CHECK(sf.state().outbox.empty());
  }
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find(path + ".corrupt-") != std::string::npos);
  CHECK(warnings[0].find("starts afresh") != std::string::npos);
  CHECK_FALSE(fs::exists(path));
  std::string aside;
  for (const auto& name : names_in(dir.path))
    if (name.rfind("alert.state.corrupt-", 0) == 0) aside = dir.path + "/" + name;
  REQUIRE_FALSE(aside.empty());
  CHECK(temp_files::slurp(aside) == cut);
}

TEST_CASE("notify_state: a file without the header is refused and left untouched") {
  temp_files::TempDir dir;
  const std::string path = dir.path + "/alerts.yml";
  const std::string foreign = "groups:\n  - name: x\n";
  write(path, foreign);
  std::vector<std::string> warnings;
  try {
    StateFile sf(path, [&](const std::string& w) { warnings.push_back(w); });
    FAIL("accepted a foreign file");
  } catch (const mon::Error& e) {
    CHECK(std::string(e.what()).find("not a monctl alert state file") != std::string::npos);
    CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
  CHECK(warnings.empty());
  CHECK(temp_files::slurp(path) == foreign);
  CHECK(names_in(dir.path) == std::set<std::string>{"alerts.yml"});  // no lock file beside it either
}

TEST_CASE("notify_state: a missing or empty file starts an empty state") {
  temp_files::TempDir dir;
  const std::string path = dir.path + "/st";
  {
    StateFile sf(path, nullptr);
    CHECK(sf.state().groups.empty());
  }
  write(path, "");
  StateFile sf(path, nullptr);
  CHECK(sf.state().silences.empty());
}

TEST_CASE("notify_state: a second StateFile waits until the first is destroyed") {
  temp_files::TempDir dir;
  const std::string path = dir.path + "/st";
  std::atomic<bool> first_released{false};
  std::promise<bool> second_saw_release;
  std::future<bool> result = second_saw_release.get_future();
  std::promise<std::size_t> second_silences;
  std::future<std::size_t> silences = second_silences.get_future();
  std::thread second;
  {
    auto first = std::make_unique<StateFile>(path, nullptr);
    CHECK_FALSE(lock_free(path + ".lock"));  // held while the StateFile lives
    first->state() = sample_state();
    first->save();
    second = std::thread([&] {
      try {
        StateFile sf(path, nullptr);
        second_saw_release.set_value(first_released.load());
        second_silences.set_value(sf.state().silences.size());
      } catch (...) {
        second_saw_release.set_exception(std::current_exception());
        second_silences.set_value(0);
      }
    });
    first_released.store(true);
    first.reset();
  }
  second.join();
  CHECK(result.get());         // the second got the lock only after the first was gone
  CHECK(silences.get() == 1);  // and read what the first saved
  CHECK(lock_free(path + ".lock"));
}

TEST_CASE("notify_state: save() replaces the file atomically and leaves no temporary file") {
  temp_files::TempDir dir;
  const std::string path = dir.path + "/st";
  {
    StateFile sf(path, nullptr);
    sf.state() = sample_state();
    sf.save();
    CHECK(names_in(dir.path) == std::set<std::string>{"st", "st.lock"});
    sf.state().silences.clear();
    sf.save();
    CHECK(names_in(dir.path) == std::set<std::string>{"st", "st.lock"});
  }
  struct stat sb {};
  REQUIRE(::stat(path.c_str(), &sb) == 0);
  CHECK((sb.st_mode & 0777) == 0600);
  AlertState expected = sample_state();
  expected.silences.clear();
  CHECK(temp_files::slurp(path) == serialize_state(expected));
  StateFile again(path, nullptr);
  check_same(expected, again.state());
}
