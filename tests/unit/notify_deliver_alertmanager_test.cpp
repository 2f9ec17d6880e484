// The Alertmanager API v2 client against a real pair of Debian's prometheus-alertmanager on
// loopback (--cluster.peer each other, as an HA pair runs). Alertmanager does not gossip alerts
// between peers (only silences and the notification log), which is why Prometheus, and monctl,
// post every alert to every Alertmanager: both are read back here. Waits are polls with a bound.
#include <doctest/doctest.h>
#include <httplib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>

#include "mon/notify/alertmanager_api.hpp"
#include "mon/notify/deliver.hpp"
#include "mon/notify/payload.hpp"
#include "mon/proc/spawn.hpp"
#include "notify_test_support.hpp"

using namespace mon::notify;
using namespace std::chrono_literals;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* kAlertmanager = "/usr/bin/prometheus-alertmanager";

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Polls `ok` every 20 ms for at most `limit`.
template <class F>
bool eventually(F ok, std::chrono::milliseconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (ok()) return true;
    ::usleep(20'000);
  }
  return ok();
}

class AlertmanagerPair {
 public:
  AlertmanagerPair() {
    char tmpl[] = "/tmp/notify_am_pair_XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ / "alertmanager.yml") << "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n";
    int web[2] = {free_port(), free_port()}, cluster[2] = {free_port(), free_port()};
    for (int i = 0; i < 2; ++i) {
      fs::create_directories(dir_ / ("data" + std::to_string(i)));
      std::vector<std::string> argv = {
          kAlertmanager,
          "--config.file=" + (dir_ / "alertmanager.yml").string(),
          "--storage.path=" + (dir_ / ("data" + std::to_string(i))).string(),
          "--web.listen-address=127.0.0.1:" + std::to_string(web[i]),
          "--cluster.listen-address=127.0.0.1:" + std::to_string(cluster[i]),
          "--cluster.peer=127.0.0.1:" + std::to_string(cluster[1 - i]),
          "--log.level=error"};
      int log = ::open((dir_ / ("log" + std::to_string(i))).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
      mon::proc::SpawnOptions so;
      so.stdout_fd = log;
      so.stderr_fd = log;
      so.parent_death_signal = SIGKILL;
      pids_[i] = mon::proc::spawn(argv, so);
      ::close(log);
      urls_[i] = "http://127.0.0.1:" + std::to_string(web[i]);
    }
    for (int i = 0; i < 2; ++i) {
      httplib::Client c("127.0.0.1", web[i]);
      REQUIRE(eventually([&] {
        auto r = c.Get("/-/ready");
        return r && r->status == 200;
      }));
    }
  }
  ~AlertmanagerPair() {
    for (pid_t p : pids_)
      if (p > 0) {
        ::kill(p, SIGTERM);
        mon::proc::wait(p);
      }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& url(int i) const { return urls_[i]; }
  json get(int i, const std::string& path) const {
    httplib::Client c(urls_[i]);
    auto r = c.Get(path.c_str());
    if (!r || r->status != 200) return json();
    return json::parse(r->body, nullptr, false);
  }
  // The alerts an instance has (GET /api/v2/alerts: the unresolved ones).
  json alerts(int i) const { return get(i, "/api/v2/alerts"); }

 private:
  fs::path dir_;
  pid_t pids_[2] = {-1, -1};
  std::string urls_[2];
};

const json* find_alert(const json& alerts, const std::string& name) {
  if (!alerts.is_array()) return nullptr;
  for (const auto& a : alerts)
    if (a["labels"].value("alertname", "") == name) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("notify_deliver: alerts posted to a real Alertmanager HA pair reach both") {
  if (::access(kAlertmanager, X_OK) != 0) {
    std::printf("SKIPPED: %s is not installed (scripts/test installs prometheus-alertmanager)\n", kAlertmanager);
    return;
  }
  AlertmanagerPair pair;
  // The two know each other: a cluster of two peers.
  CHECK(eventually([&] {
    json s = pair.get(0, "/api/v2/status");
    return s.is_object() && s["cluster"]["peers"].size() == 2;
  }));

  std::int64_t now = now_ms();
  Alert a;
  a.labels = {{"alertname", "MonctlPairTest"}, {"instance", "db1"}, {"severity", "critical"}};
  a.annotations = {{"summary", "disk <full> & \"more\""}};
  a.starts_at_ms = now - 60'000;
  a.ends_at_ms = now + 3'600'000;  // re-sent each run, as Prometheus does, with an end ahead
  a.generator_url = "http://monctl.local/rule?x=1";

  ApiOptions o;
  o.backoff = 1ms;
  // A third, dead Alertmanager: its failure is its own and does not stop the others.
  int dead = free_port();
  std::vector<std::string> urls = {pair.url(0), pair.url(1) + "/", "http://127.0.0.1:" + std::to_string(dead)};
  auto results = post_alerts(urls, {a}, o);
  REQUIRE(results.size() == 3);
  CHECK(results[0].outcome == Outcome::delivered);
  CHECK(results[0].http_status == 200);
  CHECK(results[1].outcome == Outcome::delivered);
  CHECK(results[2].outcome == Outcome::failed_retryable);
  CHECK(results[2].attempts == 3);
  CHECK(results[2].message.find("connection refused") != std::string::npos);

  for (int i = 0; i < 2; ++i) {
    CAPTURE(i);
    REQUIRE(eventually([&] { return find_alert(pair.alerts(i), "MonctlPairTest") != nullptr; }));
    json got = *find_alert(pair.alerts(i), "MonctlPairTest");
    CHECK(got["labels"] == json({{"alertname", "MonctlPairTest"}, {"instance", "db1"}, {"severity", "critical"}}));
    CHECK(got["annotations"]["summary"] == "disk <full> & \"more\"");
    CHECK(got["generatorURL"] == a.generator_url);
    CHECK(got["status"]["state"] == "active");
    CHECK(got["fingerprint"] == a.fingerprint());
    CHECK(got["startsAt"].get<std::string>().rfind(go_time(a.starts_at_ms).substr(0, 19), 0) == 0);
    CHECK(got["endsAt"].get<std::string>().rfind(go_time(a.ends_at_ms).substr(0, 19), 0) == 0);
  }

  // Resolved: sent with its end, it leaves both instances' active alerts.
  a.ends_at_ms = now_ms() - 1000;
  results = post_alerts({pair.url(0), pair.url(1)}, {a}, o);
  CHECK(results[0].ok());
  CHECK(results[1].ok());
  for (int i = 0; i < 2; ++i) {
    CAPTURE(i);
    CHECK(eventually([&] {
      json all = pair.alerts(i);
      return all.is_array() && find_alert(all, "MonctlPairTest") == nullptr;
    }));
  }

  // What Alertmanager refuses (a label name it cannot take) is a 400: permanent, not retried.
  Alert bad;
  bad.labels = {{"0bad name", "x"}};
  results = post_alerts({pair.url(0)}, {bad}, o);
  CHECK(results[0].outcome == Outcome::failed_permanent);
  CHECK(results[0].http_status == 400);
  CHECK(results[0].attempts == 1);
}

TEST_CASE("notify_deliver: the API endpoint and what is shown of its URL") {
  CHECK(alerts_endpoint("http://am:9093") == "http://am:9093/api/v2/alerts");
  CHECK(alerts_endpoint("http://am:9093/prefix/") == "http://am:9093/prefix/api/v2/alerts");
  auto r = post_alerts({"http://user:pw@127.0.0.1:9"}, {}, {});
  REQUIRE(r.size() == 1);
  CHECK(r[0].outcome == Outcome::nothing_to_send);
  CHECK(r[0].url == "http://127.0.0.1:9");
}

TEST_CASE("notify_deliver: our webhook payload is byte for byte what a real Alertmanager sends") {
  if (::access(kAlertmanager, X_OK) != 0) {
    std::printf("SKIPPED: %s is not installed (scripts/test installs prometheus-alertmanager)\n", kAlertmanager);
    return;
  }
  // The webhook receiver Alertmanager notifies.
  httplib::Server hook;
  std::mutex m;
  std::vector<std::string> bodies, agents, slack;
  hook.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> l(m);
    bodies.push_back(req.body);
    agents.push_back(req.get_header_value("User-Agent"));
    res.status = 200;
  });
  hook.Post("/slack", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> l(m);
    slack.push_back(req.body);
    res.status = 200;
    res.set_content("ok", "text/plain");
  });
  int hook_port = hook.bind_to_any_port("127.0.0.1");
  std::thread hook_thread([&] { hook.listen_after_bind(); });

  std::unique_ptr<notify_test::SmtpSink> sink;
  if (notify_test::have_aiosmtpd()) sink = std::make_unique<notify_test::SmtpSink>();
  char tmpl[] = "/tmp/notify_am_hook_XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  fs::path dir = tmpl;
  std::ofstream(dir / "am.yml") << "route:\n  receiver: hook.team\n  group_by: [alertname]\n  group_wait: 0s\n"
                                   "receivers:\n  - name: hook.team\n    webhook_configs:\n      - url: http://127.0.0.1:"
                                << hook_port << "/hook\n    slack_configs:\n      - api_url: http://127.0.0.1:" << hook_port
                                << "/slack\n        channel: '#ops'\n";
  if (sink)
    std::ofstream(dir / "am.yml", std::ios::app) << "    email_configs:\n      - to: ops@example.org\n        from: am@example.org\n"
                                                 << "        smarthost: " << sink->smarthost() << "\n        require_tls: false\n";
  int web = free_port();
  std::vector<std::string> argv = {kAlertmanager, "--config.file=" + (dir / "am.yml").string(),
                                   "--storage.path=" + (dir / "data").string(),
                                   "--web.listen-address=127.0.0.1:" + std::to_string(web),
                                   "--cluster.listen-address=", "--web.external-url=http://am.example:9093",
                                   "--log.level=error"};
  int log = ::open((dir / "log").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  mon::proc::SpawnOptions so;
  so.stdout_fd = log;
  so.stderr_fd = log;
  so.parent_death_signal = SIGKILL;
  pid_t pid = mon::proc::spawn(argv, so);
  ::close(log);
  httplib::Client c("127.0.0.1", web);
  bool ready = eventually([&] {
    auto r = c.Get("/-/ready");
    return r && r->status == 200;
  });

  Notification n;
  n.receiver = "hook.team";
  n.group_key = "{}:{alertname=\"HookTest\"}";
  n.group_labels = {{"alertname", "HookTest"}};
  n.external_url = "http://am.example:9093";
  n.now_ms = now_ms();
  Alert a;
  a.labels = {{"alertname", "HookTest"}, {"b", "<&> \"q\""}, {"instance", "db1"}};
  a.annotations = {{"summary", "caf\xc3\xa9 \xe2\x80\xa8 line\nbreak"}};
  a.starts_at_ms = (n.now_ms / 1000 - 60) * 1000 + 120;  // .12: Go drops the trailing zero
  a.generator_url = "http://prom:9090/graph?g0.expr=up&x=<y>";
  n.alerts.push_back(a);
  std::vector<ApiResult> posted;
  if (ready) posted = post_alerts({"http://127.0.0.1:" + std::to_string(web)}, n.alerts, {});
  bool notified = ready && eventually([&] {
    std::lock_guard<std::mutex> l(m);
    return !bodies.empty() && !slack.empty() && (!sink || sink->has(1));
  });
  ::kill(pid, SIGTERM);
  mon::proc::wait(pid);
  hook.stop();
  hook_thread.join();
  std::error_code ec;
  fs::remove_all(dir, ec);

  REQUIRE(ready);
  REQUIRE(posted.size() == 1);
  CHECK(posted[0].outcome == Outcome::delivered);
  REQUIRE(notified);
  CHECK(agents[0].rfind("Alertmanager/", 0) == 0);
  CHECK(bodies[0] == webhook_payload(n));

  // Slack: the same message from Alertmanager's default templates as from ours.
  std::string url = "http://127.0.0.1:" + std::to_string(hook_port) + "/slack";
  httplib::Server ours;
  std::string ours_body;
  ours.Post("/slack", [&](const httplib::Request& req, httplib::Response& res) {
    ours_body = req.body;
    res.set_content("ok", "text/plain");
  });
  int ours_port = ours.bind_to_any_port("127.0.0.1");
  std::thread ours_thread([&] { ours.listen_after_bind(); });
  Receiver r;
  r.name = "hook.team";
  SlackConfig sc;
  sc.api_url.value = "http://127.0.0.1:" + std::to_string(ours_port) + "/slack";
  sc.channel = "#ops";
  r.slack.push_back(sc);
  DeliveryResult d = deliver(r, 0, n, {});
  ours.stop();
  ours_thread.join();
  CHECK(d.outcome == Outcome::delivered);
  json theirs = json::parse(slack.at(0));
  json mine = json::parse(ours_body);
  CHECK(mine == theirs);
  CHECK(theirs["attachments"][0]["title"] == "[FIRING:1] HookTest (<&> \"q\" db1)");

  if (!sink) {
    std::printf("SKIPPED (email part): Debian's python3-aiosmtpd is not installed\n");
    return;
  }
  json mail = sink->message(1);
  std::string data = mail["data"];
  CHECK(mail["mail_from"] == "am@example.org");
  CHECK(mail["rcpt_tos"] == json({"ops@example.org"}));
  CHECK(notify_test::header_of(data, "Subject") == expand_defaults(R"({{ template "email.default.subject" . }})", n));
  for (const char* h : {"From", "To", "Date", "Message-Id", "MIME-Version", "Content-Type"}) {
    CAPTURE(h);
    CHECK(notify_test::header_of(data, h) != "(none)");
  }
  CHECK(notify_test::header_of(data, "Content-Type").rfind("multipart/alternative;", 0) == 0);
}
