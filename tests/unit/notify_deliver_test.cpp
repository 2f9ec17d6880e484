// Delivery against real parts on loopback: an HTTP receiver (cpp-httplib, started here on a port
// the kernel picks) for webhooks and Slack, an SMTP sink (Debian's python3-aiosmtpd) for email, a
// real child for the command channel. Retries, timeouts and redaction are checked by what the
// servers saw and what the result says, never by timing.
#include <doctest/doctest.h>
#include <httplib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "mon/notify/deliver.hpp"
#include "mon/notify/payload.hpp"
#include "mon/tmpl/alertmanager.hpp"
#include "mon/proc/spawn.hpp"
#include "notify_test_support.hpp"

using namespace mon::notify;
using namespace std::chrono_literals;
using nlohmann::json;
namespace fs = std::filesystem;
using namespace notify_test;

namespace {

constexpr std::int64_t t0 = 1796292000000;  // 2026-12-03T10:00:00Z

Notification notification() {
  Notification n;
  n.receiver = "ops";
  n.group_key = "{}:{alertname=\"DiskFull\"}";
  n.group_labels = {{"alertname", "DiskFull"}};
  n.external_url = "http://monctl.local:9093";
  n.now_ms = t0 + 60'000;
  Alert a;
  a.labels = {{"alertname", "DiskFull"}, {"instance", "db1"}, {"severity", "critical"}};
  a.annotations = {{"summary", "disk of db1 is full"}};
  a.starts_at_ms = t0;
  a.generator_url = "http://prom:9090/graph";
  n.alerts.push_back(a);
  return n;
}



// An HTTP receiver on 127.0.0.1: answers POSTs with the next status of a script (the last one
// repeats) and records what came.
class Receiver_ {
 public:
  explicit Receiver_(std::vector<int> statuses, std::string ok_body = "") : statuses_(std::move(statuses)), ok_body_(std::move(ok_body)) {
    server_.Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      int status;
      {
        std::lock_guard<std::mutex> l(m_);
        bodies.push_back(req.body);
        paths.push_back(req.path);
        content_types.push_back(req.get_header_value("Content-Type"));
        authorizations.push_back(req.get_header_value("Authorization"));
        status = statuses_[std::min(bodies.size() - 1, statuses_.size() - 1)];
      }
      if (slow_) {
        std::unique_lock<std::mutex> l(m_);
        cv_.wait_for(l, 10s, [this] { return released_; });
      }
      res.status = status;
      res.set_content(status / 100 == 2 ? ok_body_ : "it broke\nsecond line", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver_() {
    release();
    server_.stop();
    thread_.join();
  }
  void slow() { slow_ = true; }
  void release() {
    std::lock_guard<std::mutex> l(m_);
    released_ = true;
    cv_.notify_all();
  }
  std::string url(const std::string& path = "/hook") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::size_t count() {
    std::lock_guard<std::mutex> l(m_);
    return bodies.size();
  }
  std::vector<std::string> bodies, paths, content_types, authorizations;

 private:
  httplib::Server server_;
  std::vector<int> statuses_;
  std::string ok_body_;
  int port_ = 0;
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  std::atomic<bool> slow_{false};
  bool released_ = false;
};

DeliveryOptions fast() {
  DeliveryOptions o;
  o.timeout = 20s;
  o.attempts = 3;
  o.backoff = 1ms;
  o.hostname = "monctl.test";
  return o;
}

Receiver webhook_receiver(const std::string& url) {
  Receiver r;
  r.name = "ops";
  WebhookConfig w;
  w.url.value = url;
  r.webhooks.push_back(w);
  return r;
}

}  // namespace

TEST_CASE("notify_deliver: a webhook gets the payload as JSON with the configured credentials") {
  Receiver_ server({200});
  TempDir dir;
  std::ofstream(dir.path / "token") << "tok-123\n";
  Receiver r = webhook_receiver(server.url());
  r.webhooks[0].http_config.authorization_type = "Bearer";
  r.webhooks[0].http_config.authorization_credentials.file = (dir.path / "token").string();
  Notification n = notification();
  DeliveryResult res = deliver(r, 0, n, fast());
  CHECK(res.outcome == Outcome::delivered);
  CHECK(res.attempts == 1);
  CHECK(res.http_status == 200);
  CHECK(res.integration == "webhook[0]");
  REQUIRE(server.count() == 1);
  CHECK(server.bodies[0] == webhook_payload(n));
  CHECK(server.paths[0] == "/hook");
  CHECK(server.content_types[0] == "application/json");
  CHECK(server.authorizations[0] == "Bearer tok-123");
}

TEST_CASE("notify_deliver: 500 then 200 is retried and delivered; 429 is retried") {
  Receiver_ server({500, 429, 200});
  DeliveryResult res = deliver(webhook_receiver(server.url()), 0, notification(), fast());
  CHECK(res.outcome == Outcome::delivered);
  CHECK(res.attempts == 3);
  CHECK(server.count() == 3);
  CHECK(server.bodies[0] == server.bodies[2]);
}

TEST_CASE("notify_deliver: a 400 is not retried") {
  Receiver_ server({400, 200});
  DeliveryResult res = deliver(webhook_receiver(server.url()), 0, notification(), fast());
  CHECK(res.outcome == Outcome::failed_permanent);
  CHECK(res.attempts == 1);
  CHECK(res.http_status == 400);
  CHECK(server.count() == 1);
  CHECK(res.message.find("unexpected status code 400: it broke") != std::string::npos);
  CHECK(res.message.find("second line") == std::string::npos);
}

TEST_CASE("notify_deliver: 5xx until the attempts run out is retryable") {
  Receiver_ server({503});
  DeliveryResult res = deliver(webhook_receiver(server.url()), 0, notification(), fast());
  CHECK(res.outcome == Outcome::failed_retryable);
  CHECK(res.attempts == 3);
  CHECK(server.count() == 3);
  CHECK(res.message.find("(3 attempts)") != std::string::npos);
}

TEST_CASE("notify_deliver: a slow server meets the timeout") {
  Receiver_ server({200});
  server.slow();
  Receiver r = webhook_receiver(server.url());
  r.webhooks[0].timeout = 200ms;  // the webhook's own limit per attempt
  DeliveryOptions o = fast();
  o.attempts = 1;
  DeliveryResult res = deliver(r, 0, notification(), o);
  server.release();
  CHECK(res.outcome == Outcome::failed_retryable);
  CHECK(res.message.find("timed out") != std::string::npos);

  // The receiver's overall limit bounds the attempts too.
  Receiver_ slow2({200});
  slow2.slow();
  o.attempts = 5;
  o.timeout = 300ms;
  res = deliver(webhook_receiver(slow2.url()), 0, notification(), o);
  slow2.release();
  CHECK(res.outcome == Outcome::failed_retryable);
  CHECK(res.attempts == 1);
}

TEST_CASE("notify_deliver: connection refused is retryable; the URL's secret parts are not shown") {
  int port;
  {
    // A port bound and closed without listening: nothing answers there now.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    ::close(fd);
  }
  std::string url = "http://user:pw@127.0.0.1:" + std::to_string(port) + "/services/T000/B000/SECRETXYZ";
  DeliveryResult res = deliver(webhook_receiver(url), 0, notification(), fast());
  CAPTURE(res.message);
  CHECK(res.outcome == Outcome::failed_retryable);
  CHECK(res.attempts == 3);
  CHECK(res.message.find("connection refused") != std::string::npos);
  CHECK(res.message.find("SECRETXYZ") == std::string::npos);
  CHECK(res.message.find("pw@") == std::string::npos);
  CHECK(res.message.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
}

TEST_CASE("notify_deliver: url_file is read at delivery and its URL never shown") {
  Receiver_ server({500, 404});
  TempDir dir;
  std::ofstream(dir.path / "url") << server.url("/secret-path-42") << "\n";
  Receiver r;
  r.name = "ops";
  WebhookConfig w;
  w.url.file = (dir.path / "url").string();
  r.webhooks.push_back(w);
  DeliveryResult res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::failed_permanent);
  REQUIRE(server.count() == 2);
  CHECK(server.paths[0] == "/secret-path-42");
  CHECK(res.message.find("secret-path-42") == std::string::npos);
  fs::remove(dir.path / "url");
  res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::failed_permanent);
  CHECK(res.message.find("url") != std::string::npos);
}

TEST_CASE("notify_deliver: send_resolved false and only resolved alerts: nothing is sent") {
  Receiver_ server({200});
  Receiver r = webhook_receiver(server.url());
  r.webhooks[0].send_resolved = false;
  Notification n = notification();
  n.alerts[0].ends_at_ms = t0 + 1000;
  DeliveryResult res = deliver(r, 0, n, fast());
  CHECK(res.outcome == Outcome::nothing_to_send);
  CHECK(res.ok());
  CHECK(server.count() == 0);
  r.webhooks[0].send_resolved = true;
  CHECK(deliver(r, 0, n, fast()).outcome == Outcome::delivered);
  CHECK(json::parse(server.bodies.at(0))["status"] == "resolved");
}

TEST_CASE("notify_deliver: Slack gets Alertmanager's default message; success is the body ok") {
  Receiver_ server({200}, "ok");
  Receiver r;
  r.name = "ops";
  SlackConfig s;
  s.api_url.value = server.url("/services/T/B/SECRET");
  s.channel = "#alerts";
  r.slack.push_back(s);
  DeliveryResult res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::delivered);
  CHECK(res.integration == "slack[0]");
  REQUIRE(server.count() == 1);
  json body = json::parse(server.bodies[0]);
  CHECK(body["channel"] == "#alerts");
  CHECK(body["username"] == "Alertmanager");
  CHECK_FALSE(body.contains("icon_emoji"));
  const json& att = body["attachments"].at(0);
  CHECK(att["title"] == "[FIRING:1] DiskFull (db1 critical)");
  CHECK(att["title_link"] == "http://monctl.local:9093/#/alerts?receiver=ops");
  CHECK(att["fallback"] == "[FIRING:1] DiskFull (db1 critical) | http://monctl.local:9093/#/alerts?receiver=ops");
  CHECK(att["color"] == "danger");
  CHECK(att["text"] == "");
  CHECK(att["mrkdwn_in"] == json({"fallback", "pretext", "text"}));

  Receiver_ refusing({200}, "invalid_token");
  r.slack[0].api_url.value = refusing.url("/services/T/B/SECRET");
  res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::failed_permanent);
  CHECK(res.attempts == 1);
  CHECK(res.message.find("received an error response from Slack: invalid_token") != std::string::npos);
  CHECK(res.message.find("SECRET") == std::string::npos);
}

TEST_CASE("notify_deliver: templates come from the expander given") {
  Receiver_ server({200}, "ok");
  Receiver r;
  r.name = "ops";
  SlackConfig s;
  s.api_url.value = server.url();
  s.title = "{{ .CommonLabels.instance }} needs a look";
  r.slack.push_back(s);
  // Without a template engine, a template other than the defaults is refused, not sent wrong.
  DeliveryResult res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::failed_permanent);
  CHECK(res.message.find("needs monctl's template engine") != std::string::npos);
  CHECK(server.count() == 0);
  DeliveryOptions o = fast();
  o.expand = [](std::string_view text, const Notification& n) {
    if (text.find("{{") == std::string_view::npos) return std::string(text);
    if (text == "{{ .CommonLabels.instance }} needs a look") return n.alerts.at(0).labels.at(1).value + " needs a look";
    return expand_defaults(text, n);
  };
  res = deliver(r, 0, notification(), o);
  CHECK(res.outcome == Outcome::delivered);
  CHECK(json::parse(server.bodies.at(0))["attachments"][0]["title"] == "db1 needs a look");
}

TEST_CASE("notify_deliver: the command channel gets the payload on its standard input") {
  TempDir dir;
  fs::path out = dir.path / "payload.json";
  Receiver r;
  r.name = "ops";
  CommandConfig c;
  c.argv = {"sh", "-c", "cat > \"$0\"", out.string()};
  r.commands.push_back(c);
  Notification n = notification();
  DeliveryResult res = deliver(r, 0, n, fast());
  CHECK(res.outcome == Outcome::delivered);
  CHECK(res.integration == "monctl_command[0]");
  CHECK(read_all(out) == webhook_payload(n));

  r.commands[0].argv = {"sh", "-c", "echo 'pager is down' >&2; exit 3"};
  res = deliver(r, 0, n, fast());
  CHECK(res.outcome == Outcome::failed_retryable);
  CHECK(res.attempts == 3);
  CHECK(res.message.find("exit status 3: pager is down") != std::string::npos);

  // A child that never reads its input and exits at once: EPIPE, not SIGPIPE for us.
  r.commands[0].argv = {"true"};
  Notification big = n;
  for (int i = 0; i < 2000; ++i) big.alerts.push_back(n.alerts[0]);
  CHECK(deliver(r, 0, big, fast()).outcome == Outcome::delivered);

  r.commands[0].argv = {"/nonexistent/pager"};
  res = deliver(r, 0, n, fast());
  CHECK(res.outcome == Outcome::failed_permanent);
  CHECK(res.attempts == 1);
}

TEST_CASE("notify_deliver: a command past its time limit is killed with its children") {
  TempDir dir;
  Receiver r;
  r.name = "ops";
  CommandConfig c;
  c.argv = {"sh", "-c", "sleep 30 & echo $! > \"$0\"; wait", (dir.path / "pid").string()};
  c.timeout = 300ms;
  r.commands.push_back(c);
  DeliveryOptions o = fast();
  o.attempts = 1;
  DeliveryResult res = deliver(r, 0, notification(), o);
  CHECK(res.outcome == Outcome::failed_retryable);
  CHECK(res.message.find("killed after the time limit") != std::string::npos);
  // The grandchild was in the killed process group: it dies (SIGKILL is delivered soon after
  // kill() returns; polled with a bound, as it may still be on its way out for a moment).
  std::string pid = read_all(dir.path / "pid");
  REQUIRE_FALSE(pid.empty());
  std::string stat = "/proc/" + std::to_string(std::stoi(pid)) + "/stat";
  auto gone = [&] {
    std::string state = read_all(stat);
    auto close = state.rfind(')');
    return state.empty() || close == std::string::npos || state.compare(close, 3, ") Z") == 0 ||
           state.compare(close, 3, ") X") == 0;
  };
  bool dead = false;
  for (int i = 0; i < 500 && !(dead = gone()); ++i) ::usleep(10'000);
  CHECK(dead);
}


TEST_CASE("notify_deliver: email through a local SMTP sink") {
  if (!have_aiosmtpd()) {
    std::printf("SKIPPED: Debian's python3-aiosmtpd is not installed (scripts/test installs it)\n");
    return;
  }
  SmtpSink sink;
  Receiver r;
  r.name = "ops";
  EmailConfig e;
  e.to = "Ops Team <ops@example.org>, oncall@example.org";
  e.from = "monctl <monctl@example.org>";
  e.smarthost = sink.smarthost();
  e.hello = "monctl.test";
  e.require_tls = false;
  e.text = "Plain text: {{ template \"email.default.subject\" . }}";
  e.text = "hello =\ntext\n";
  e.headers = {{"X-Team", "ops"}, {"Subject", "Disk full on db1 \xc3\xa9"}};
  r.email.push_back(e);
  DeliveryResult res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::delivered);
  CHECK(res.integration == "email[0]");
  REQUIRE(sink.has(1));
  json m = sink.message(1);
  CHECK(m["mail_from"] == "monctl@example.org");
  CHECK(m["rcpt_tos"] == json({"ops@example.org", "oncall@example.org"}));
  std::string data = m["data"];
  CHECK(header_of(data, "From") == "monctl <monctl@example.org>");
  CHECK(header_of(data, "To") == "Ops Team <ops@example.org>, oncall@example.org");
  CHECK(header_of(data, "Subject") == "=?utf-8?q?Disk_full_on_db1_=C3=A9?=");
  CHECK(header_of(data, "X-Team") == "ops");
  CHECK(header_of(data, "MIME-Version") == "1.0");
  CHECK(header_of(data, "Date").find("Thu, 03 Dec 2026 10:01:00 +0000") == 0);
  std::string id = header_of(data, "Message-Id");
  CHECK(id.front() == '<');
  CHECK(id.find("@monctl.test>") != std::string::npos);
  std::string type = header_of(data, "Content-Type");
  REQUIRE(type.rfind("multipart/alternative;", 0) == 0);
  std::string boundary = type.substr(type.find("boundary=") + 9);
  CHECK(data.find("--" + boundary + "\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhello =3D\r\ntext\r\n") !=
        std::string::npos);
  CHECK(data.find("Content-Type: text/html; charset=UTF-8") != std::string::npos);
  CHECK(data.find("disk of db1 is full") != std::string::npos);
  CHECK(data.find("--" + boundary + "--") != std::string::npos);

  // The default subject, and require_tls (the default) against a server without STARTTLS.
  r.email[0].headers.clear();
  r.email[0].require_tls = true;
  res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::failed_permanent);
  CHECK(res.message.find("STARTTLS") != std::string::npos);
  CHECK_FALSE(sink.has(2));
  r.email[0].require_tls = false;
  res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::delivered);
  REQUIRE(sink.has(2));
  CHECK(header_of(sink.message(2)["data"], "Subject") == "[FIRING:1] DiskFull (db1 critical)");
}

TEST_CASE("notify_deliver: email AUTH with the password from a file") {
  if (!have_aiosmtpd()) {
    std::printf("SKIPPED: Debian's python3-aiosmtpd is not installed (scripts/test installs it)\n");
    return;
  }
  SmtpSink sink("am:s3cret");
  TempDir dir;
  std::ofstream(dir.path / "pw") << "s3cret\n";
  Receiver r;
  r.name = "ops";
  EmailConfig e;
  e.to = "ops@example.org";
  e.from = "monctl@example.org";
  e.smarthost = sink.smarthost();
  e.require_tls = false;
  e.auth_username = "am";
  e.auth_password.file = (dir.path / "pw").string();
  r.email.push_back(e);
  DeliveryResult res = deliver(r, 0, notification(), fast());
  CHECK(res.outcome == Outcome::delivered);
  REQUIRE(sink.has(1));
  CHECK(sink.message(1)["authenticated"] == true);
  std::ofstream(dir.path / "pw") << "wrong\n";
  res = deliver(r, 0, notification(), fast());
  CAPTURE(res.message);
  CHECK(res.outcome == Outcome::failed_permanent);
  CHECK(res.attempts == 1);
  CHECK(res.message.find("wrong") == std::string::npos);
}

TEST_CASE("notify_deliver: an answer larger than the limit is cut, not read to its end") {
  httplib::Server server;
  server.Post("/big", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content(std::string(4u << 20, 'x'), "text/plain");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread t([&] { server.listen_after_bind(); });
  DeliveryOptions o = fast();
  o.max_response_bytes = 1024;
  o.attempts = 1;
  DeliveryResult res = deliver(webhook_receiver("http://127.0.0.1:" + std::to_string(port) + "/big"), 0, notification(), o);
  server.stop();
  t.join();
  CHECK(res.outcome == Outcome::failed_retryable);
  CHECK(res.http_status == 500);
  CHECK(res.message.size() < 400);
}

TEST_CASE("notify_deliver: deliver_all tries every integration") {
  Receiver_ server({200}, "ok");
  Receiver r = webhook_receiver(server.url("/a"));
  SlackConfig s;
  s.api_url.value = server.url("/b");
  r.slack.push_back(s);
  auto results = deliver_all(r, notification(), fast());
  REQUIRE(results.size() == 2);
  CHECK(results[0].ok());
  CHECK(results[1].ok());
  CHECK(server.count() == 2);
}

TEST_CASE("notify_deliver: with mon::tmpl's templates as the expander") {
  mon::tmpl::NotificationTemplates templates;
  DeliveryOptions o = fast();
  o.expand = [&](std::string_view text, const Notification& n) { return templates.expand(text, n); };
  Notification n = notification();
  // Our plain C++ defaults and the template engine's agree on Slack's fields and the subject.
  for (const char* t : {R"({{ template "slack.default.title" . }})", R"({{ template "slack.default.fallback" . }})",
                        R"({{ template "slack.default.titlelink" . }})", R"({{ template "slack.default.username" . }})",
                        R"({{ template "email.default.subject" . }})",
                        R"({{ if eq .Status "firing" }}danger{{ else }}good{{ end }})"}) {
    CAPTURE(t);
    CHECK(templates.expand(t, n) == expand_defaults(t, n));
  }
  std::string html = templates.expand(EmailConfig{}.html, n);
  CHECK(html.find("<!DOCTYPE html") != std::string::npos);
  CHECK(html.find("disk of db1 is full") != std::string::npos);
  Receiver_ server({200}, "ok");
  Receiver r;
  r.name = "ops";
  SlackConfig s;
  s.api_url.value = server.url();
  s.title = "{{ .CommonLabels.instance }} needs a look";
  r.slack.push_back(s);
  DeliveryResult res = deliver(r, 0, n, o);
  CHECK(res.outcome == Outcome::delivered);
  REQUIRE(server.count() == 1);
  CHECK(json::parse(server.bodies[0])["attachments"][0]["title"] == "db1 needs a look");
}
