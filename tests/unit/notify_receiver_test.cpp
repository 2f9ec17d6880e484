// Alertmanager's receiver configuration as monctl reads it: every kind's fields and defaults,
// global defaults applied as Alertmanager applies them, errors at FILE:LINE:COL, and what monctl
// does not implement reported with its place.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include "mon/notify/receiver.hpp"
#include "mon/proc/spawn.hpp"
#include "notify/receiver_yaml.hpp"

using namespace mon::notify;
using namespace std::chrono_literals;

namespace {

struct Parsed {
  GlobalConfig global;
  Receiver receiver;
  std::vector<std::string> unsupported;
};

// `text` holds `global:` (optional) and `receiver:` (one receiver).
Parsed parse(const std::string& text, const std::string& file = "/etc/am/alertmanager.yml") {
  YAML::Node root = YAML::Load(text);
  Parsed p;
  p.global = parse_global(root["global"], file, p.unsupported);
  p.receiver = parse_receiver(root["receiver"], p.global, file, p.unsupported);
  return p;
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const mon::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("notify_receiver: global defaults are Alertmanager's") {
  std::vector<std::string> unsupported;
  GlobalConfig g = parse_global(YAML::Node(), "f.yml", unsupported);
  CHECK(g.resolve_timeout == 5min);
  CHECK(g.smtp_hello == "localhost");
  CHECK(g.smtp_require_tls);
  CHECK(g.smtp_from.empty());
  CHECK(g.http_config.follow_redirects);
  CHECK(unsupported.empty());
}

TEST_CASE("notify_receiver: global fields") {
  auto p = parse(R"(
global:
  resolve_timeout: 1m30s
  smtp_from: am@example.org
  smtp_smarthost: mail.example.org:587
  smtp_hello: monctl.example.org
  smtp_auth_username: am
  smtp_auth_password_file: secrets/smtp
  smtp_auth_identity: ident
  smtp_require_tls: false
  slack_api_url: https://hooks.slack.com/services/T/B/XXX
  http_config:
    bearer_token_file: /run/token
receiver:
  name: team
  email_configs:
    - to: ops@example.org
  slack_configs:
    - channel: '#ops'
  webhook_configs:
    - url: http://127.0.0.1:1/hook
)");
  CHECK(p.global.resolve_timeout == 90s);
  CHECK(p.global.smtp_auth_password.file == "/etc/am/secrets/smtp");  // relative to the file
  REQUIRE(p.receiver.email.size() == 1);
  const EmailConfig& e = p.receiver.email[0];
  CHECK(e.to == "ops@example.org");
  CHECK(e.from == "am@example.org");
  CHECK(e.smarthost == "mail.example.org:587");
  CHECK(e.hello == "monctl.example.org");
  CHECK(e.auth_username == "am");
  CHECK(e.auth_password.file == "/etc/am/secrets/smtp");
  CHECK(e.auth_identity == "ident");
  CHECK_FALSE(e.require_tls);
  CHECK_FALSE(e.send_resolved);
  CHECK(e.html == R"({{ template "email.default.html" . }})");
  CHECK(e.text.empty());
  REQUIRE(p.receiver.slack.size() == 1);
  CHECK(p.receiver.slack[0].api_url.value == "https://hooks.slack.com/services/T/B/XXX");
  CHECK(p.receiver.slack[0].channel == "#ops");
  CHECK(p.receiver.slack[0].http_config.authorization_type == "Bearer");
  CHECK(p.receiver.slack[0].http_config.authorization_credentials.file == "/run/token");
  REQUIRE(p.receiver.webhooks.size() == 1);
  CHECK(p.receiver.webhooks[0].http_config.authorization_credentials.file == "/run/token");
  CHECK(p.receiver.integrations() == 3);
  CHECK(integration_name(p.receiver, 0) == "webhook[0]");
  CHECK(integration_name(p.receiver, 1) == "slack[0]");
  CHECK(integration_name(p.receiver, 2) == "email[0]");
  CHECK(p.unsupported.empty());
}

TEST_CASE("notify_receiver: webhook fields and defaults") {
  auto p = parse(R"(
receiver:
  name: hooks
  webhook_configs:
    - url: http://127.0.0.1:9/a
    - url_file: url.txt
      send_resolved: false
      max_alerts: 10
      timeout: 1.5s
      http_config:
        basic_auth: {username: u, password_file: /run/pw}
        tls_config: {ca_file: ca.pem, insecure_skip_verify: true}
        follow_redirects: false
)");
  REQUIRE(p.receiver.webhooks.size() == 2);
  const auto& a = p.receiver.webhooks[0];
  CHECK(a.send_resolved);
  CHECK(a.max_alerts == 0);
  CHECK(a.timeout == 0ms);
  CHECK(a.url.value == "http://127.0.0.1:9/a");
  CHECK(a.where.line == 5);
  CHECK(a.where.column == 7);
  const auto& b = p.receiver.webhooks[1];
  CHECK(b.url.file == "/etc/am/url.txt");
  CHECK_FALSE(b.send_resolved);
  CHECK(b.max_alerts == 10);
  CHECK(b.timeout == 1500ms);
  CHECK(b.http_config.has_basic_auth);
  CHECK(b.http_config.basic_username.value == "u");
  CHECK(b.http_config.basic_password.file == "/run/pw");
  CHECK(b.http_config.tls.ca_file == "/etc/am/ca.pem");
  CHECK(b.http_config.tls.insecure_skip_verify);
  CHECK_FALSE(b.http_config.follow_redirects);
}

TEST_CASE("notify_receiver: slack fields and defaults") {
  auto p = parse(R"(
receiver:
  name: chat
  slack_configs:
    - api_url_file: /run/slack
      channel: '#alerts'
      username: bot
      title: '{{ .CommonLabels.alertname }}'
      title_link: http://x
      text: body
      pretext: pre
      fallback: fb
      color: good
      icon_emoji: ':fire:'
      icon_url: http://icon
      send_resolved: true
      short_fields: true
      link_names: true
      mrkdwn_in: [text, pretext]
      timeout: 5s
)");
  REQUIRE(p.receiver.slack.size() == 1);
  const auto& s = p.receiver.slack[0];
  CHECK(s.api_url.file == "/run/slack");
  CHECK(s.channel == "#alerts");
  CHECK(s.username == "bot");
  CHECK(s.title == "{{ .CommonLabels.alertname }}");
  CHECK(s.title_link == "http://x");
  CHECK(s.text == "body");
  CHECK(s.pretext == "pre");
  CHECK(s.fallback == "fb");
  CHECK(s.color == "good");
  CHECK(s.icon_emoji == ":fire:");
  CHECK(s.icon_url == "http://icon");
  CHECK(s.send_resolved);
  CHECK(s.short_fields);
  CHECK(s.link_names);
  CHECK(s.mrkdwn_in == std::vector<std::string>{"text", "pretext"});
  CHECK(s.timeout == 5s);

  auto d = parse("receiver:\n  name: c\n  slack_configs:\n    - api_url: https://hooks.slack.com/x\n");
  const auto& t = d.receiver.slack.at(0);
  CHECK_FALSE(t.send_resolved);
  CHECK(t.title == R"({{ template "slack.default.title" . }})");
  CHECK(t.text == R"({{ template "slack.default.text" . }})");
  CHECK(t.color == R"({{ if eq .Status "firing" }}danger{{ else }}good{{ end }})");
  CHECK(t.username == R"({{ template "slack.default.username" . }})");
  CHECK(t.fallback == R"({{ template "slack.default.fallback" . }})");
}

TEST_CASE("notify_receiver: email fields, headers canonicalised") {
  auto p = parse(R"(
receiver:
  name: mail
  email_configs:
    - to: a@example.org, b@example.org
      from: am@example.org
      smarthost: '[::1]:25'
      hello: me
      auth_username: u
      auth_password: pw
      require_tls: true
      send_resolved: true
      headers:
        subject: 'Alert: {{ .GroupLabels.alertname }}'
        x-team: ops
      html: '<b>hi</b>'
      text: 'hi'
)");
  const auto& e = p.receiver.email.at(0);
  CHECK(e.smarthost == "[::1]:25");
  CHECK(e.auth_password.value == "pw");
  CHECK(e.require_tls);
  CHECK(e.send_resolved);
  REQUIRE(e.headers.size() == 2);
  CHECK(e.headers[0].first == "Subject");
  CHECK(e.headers[1].first == "X-Team");
  CHECK(e.html == "<b>hi</b>");
  CHECK(e.text == "hi");
}

TEST_CASE("notify_receiver: monctl_command_configs") {
  auto p = parse(R"(
receiver:
  name: cmd
  monctl_command_configs:
    - argv: [/usr/local/bin/page, --team, ops]
      timeout: 10s
    - argv: [logger]
      send_resolved: false
      max_alerts: 3
)");
  REQUIRE(p.receiver.commands.size() == 2);
  CHECK(p.receiver.commands[0].argv == std::vector<std::string>{"/usr/local/bin/page", "--team", "ops"});
  CHECK(p.receiver.commands[0].timeout == 10s);
  CHECK(p.receiver.commands[0].send_resolved);
  CHECK_FALSE(p.receiver.commands[1].send_resolved);
  CHECK(p.receiver.commands[1].max_alerts == 3);
  CHECK(integration_name(p.receiver, 1) == "monctl_command[1]");
  CHECK(error_of("receiver:\n  name: c\n  monctl_command_configs:\n    - argv: 'sh -c x'\n")
            .find(":4:13: key 'argv': expected a list") != std::string::npos);
  CHECK(error_of("receiver:\n  name: c\n  monctl_command_configs:\n    - timeout: 1s\n")
            .find(":4:7: monctl_command_config: argv must name a program") != std::string::npos);
}

TEST_CASE("notify_receiver: unimplemented kinds and fields are reported with their place") {
  auto p = parse(R"(
global:
  pagerduty_url: https://events.pagerduty.com/v2/enqueue
receiver:
  name: many
  pagerduty_configs:
    - routing_key: abc
  opsgenie_configs:
    - api_key: k
  msteams_configs: []
  webhook_configs:
    - url: http://127.0.0.1:1/
      payload: {a: b}
  slack_configs:
    - api_url: https://hooks.slack.com/x
      actions: [{type: button, text: t, url: http://x}]
      fields: [{title: a, value: b}]
  email_configs:
    - to: x@example.org
      from: y@example.org
      smarthost: h:25
      threading: {enabled: true}
      tls_config: {min_version: TLS12}
)");
  auto has = [&](const std::string& s) {
    for (const auto& u : p.unsupported)
      if (u.find(s) != std::string::npos) return true;
    return false;
  };
  CHECK(p.unsupported.size() == 9);
  CHECK(has("alertmanager.yml:3:18: global.pagerduty_url is not supported"));
  CHECK(has("alertmanager.yml:7:5: receiver 'many': pagerduty_configs is not supported"));
  CHECK(has("receiver 'many': opsgenie_configs"));
  CHECK(has("receiver 'many': msteams_configs"));
  CHECK(has(":13:16: webhook_config.payload"));
  CHECK(has(":16:16: slack_config.actions"));
  CHECK(has("slack_config.fields"));
  CHECK(has("email_config.threading"));
  CHECK(has("email_config.tls_config.min_version"));
}

TEST_CASE("notify_receiver: errors are located and name what was expected") {
  CHECK(error_of("receiver:\n  webhook_configs: []\n") == "/etc/am/alertmanager.yml:2:3: missing name in receiver");
  CHECK(error_of("receiver:\n  name: x\n  webhok_configs: []\n") ==
        "/etc/am/alertmanager.yml:3:19: field 'webhok_configs' is not a field of a receiver");
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - send_resolved: true\n") ==
        "/etc/am/alertmanager.yml:4:7: one of url or url_file must be configured");
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - {url: 'http://a/', url_file: f}\n")
            .find("at most one of url & url_file") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - {url: 'ftp://secret@a/'}\n")
            .find(":4:13: key 'url': unsupported scheme") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - {url: 'ftp://secret@a/'}\n").find("secret@") ==
        std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - {url: 'http://a/', max_alerts: -1}\n")
            .find("key 'max_alerts'") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - {url: 'http://a/', timeout: 5}\n")
            .find("key 'timeout': missing unit") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - {url: 'http://a/', send_resolved: maybe}\n")
            .find("expected true or false") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  email_configs:\n    - from: a@b\n") ==
        "/etc/am/alertmanager.yml:4:7: missing to address in email config");
  CHECK(error_of("receiver:\n  name: x\n  email_configs:\n    - to: a@b\n") ==
        "/etc/am/alertmanager.yml:4:7: no global SMTP smarthost set");
  CHECK(error_of("receiver:\n  name: x\n  email_configs:\n    - {to: a@b, smarthost: 'h:25'}\n") ==
        "/etc/am/alertmanager.yml:4:7: no global SMTP from set");
  CHECK(error_of("receiver:\n  name: x\n  email_configs:\n    - {to: a@b, smarthost: h}\n")
            .find("missing port in address") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  email_configs:\n    - {to: a@b, smarthost: 'h:1', from: f, headers: {subject: a, Subject: b}}\n")
            .find("duplicate header \"Subject\"") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  slack_configs:\n    - channel: x\n") ==
        "/etc/am/alertmanager.yml:4:7: no Slack API URL nor App token set either inline or in a file");
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - url: http://a/\n      http_config: {bearer_token: "
                 "t, basic_auth: {username: u}}\n")
            .find("at most one of basic_auth") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs:\n    - url: http://a/\n      http_config: {authorization: "
                 "{type: Basic, credentials: c}}\n")
            .find("use \"basic_auth\" instead") != std::string::npos);
  CHECK(error_of("receiver:\n  name: x\n  webhook_configs: {url: x}\n").find(":3:20: key 'webhook_configs': expected a list") !=
        std::string::npos);
  CHECK(error_of("global:\n  smtp_hello: [a]\nreceiver:\n  name: x\n").find(":2:15: key 'smtp_hello': expected a string") !=
        std::string::npos);
  CHECK(error_of("global:\n  resolve_timeout: soon\nreceiver:\n  name: x\n").find(":2:20: key 'resolve_timeout'") !=
        std::string::npos);
  CHECK(error_of("global:\n  smtp_smarthost: x:1\n  smtp_unknown: 1\nreceiver:\n  name: x\n")
            .find("field 'smtp_unknown' is not a field of global") != std::string::npos);
  CHECK(error_of("receiver: [1, 2]\n").find("a receiver: expected a mapping") != std::string::npos);
}

TEST_CASE("notify_receiver: hostile input fails cleanly") {
  // Deep nesting, odd scalars and binary bytes: an error or a result, never a crash.
  const char* inputs[] = {
      "receiver:\n  name: x\n  webhook_configs:\n    - url: \"http://a/\\nHost: evil\"\n",
      "receiver:\n  name: x\n  webhook_configs:\n    - [[[[[[[[[[[]]]]]]]]]]]\n",
      "receiver:\n  name: x\n  email_configs:\n    - {to: a, smarthost: ':', from: f}\n",
      "receiver:\n  name: x\n  email_configs:\n    - {to: a, smarthost: '[::1', from: f}\n",
      "receiver:\n  name: x\n  webhook_configs:\n    - {url: 'http://a', timeout: 99999999999999999999h}\n",
      "receiver:\n  name: x\n  webhook_configs:\n    - {url: 'http://a', timeout: 1.2.3s}\n",
      "receiver:\n  name: x\n  webhook_configs:\n    - {url: 'http://'}\n",
  };
  for (const char* in : inputs) {
    CAPTURE(in);
    std::string e = error_of(in);
    CHECK(e.find("/etc/am/alertmanager.yml:") == 0);
    CHECK(e.find("evil") == std::string::npos);
  }
}

TEST_CASE("notify_receiver: secrets are read at delivery, trimmed, and never echoed") {
  std::string path = "/tmp/notify_receiver_secret_" + std::to_string(::getpid());
  {
    std::ofstream(path) << "  s3cret-token\n\n";
  }
  CHECK(read_secret(Secret{"", path}) == "s3cret-token");
  CHECK(read_secret(Secret{"inline", ""}) == "inline");
  std::remove(path.c_str());
  try {
    read_secret(Secret{"", path});
    FAIL("no error for a missing file");
  } catch (const mon::Error& e) {
    CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
}

TEST_CASE("notify_receiver: Go durations") {
  CHECK(parse_go_duration("0") == 0ms);
  CHECK(parse_go_duration("300ms") == 300ms);
  CHECK(parse_go_duration("1h30m") == 90min);
  CHECK(parse_go_duration("2.5s") == 2500ms);
  CHECK(parse_go_duration("1d") == 24h);
  CHECK_THROWS_AS(parse_go_duration("5"), mon::Error);
  CHECK_THROWS_AS(parse_go_duration("-1s"), mon::Error);
  CHECK_THROWS_AS(parse_go_duration("1x"), mon::Error);
  CHECK_THROWS_AS(parse_go_duration(""), mon::Error);
}

namespace {

// amtool check-config's verdict on a configuration text (0: accepted), or -1 without amtool.
int amtool_verdict(const std::string& text) {
  if (::access("/usr/bin/amtool", X_OK) != 0) return -1;
  std::string path = "/tmp/notify_receiver_amtool_" + std::to_string(::getpid()) + ".yml";
  std::ofstream(path) << text;
  int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  mon::proc::SpawnOptions so;
  so.stdout_fd = devnull;
  so.stderr_fd = devnull;
  pid_t pid = mon::proc::spawn(std::vector<std::string>{"/usr/bin/amtool", "check-config", path}, so);
  ::close(devnull);
  int rc = mon::proc::wait(pid).status.shell_status();
  std::remove(path.c_str());
  return rc;
}

void parse_config(const std::string& text) {
  YAML::Node root = YAML::Load(text);
  std::vector<std::string> unsupported;
  GlobalConfig g = parse_global(root["global"], "am.yml", unsupported);
  for (const auto& r : root["receivers"]) parse_receiver(r, g, "am.yml", unsupported);
  CHECK(unsupported.empty());
}

}  // namespace

TEST_CASE("notify_receiver: what amtool check-config accepts, monctl accepts; what it refuses, monctl refuses") {
  const std::string good = R"(global:
  resolve_timeout: 1m30s
  smtp_from: am@example.org
  smtp_smarthost: mail.example.org:587
  smtp_auth_username: am
  smtp_auth_password_file: /etc/hosts
  smtp_require_tls: false
  slack_api_url: https://hooks.slack.com/services/T/B/XXX
  http_config:
    bearer_token_file: /run/token
route:
  receiver: team
receivers:
  - name: team
    email_configs:
      - to: ops@example.org
        headers: {subject: x, x-team: ops}
        send_resolved: true
    slack_configs:
      - channel: '#ops'
        mrkdwn_in: [text]
        short_fields: true
        link_names: true
        icon_emoji: ':fire:'
    webhook_configs:
      - url: http://127.0.0.1:1/hook
        max_alerts: 10
        http_config:
          basic_auth: {username: u, password_file: /run/pw}
          tls_config: {ca_file: ca.pem, insecure_skip_verify: true}
          follow_redirects: false
)";
  parse_config(good);
  const std::string unknown_field = "route:\n  receiver: x\nreceivers:\n  - name: x\n    webhook_configs:\n      - url: http://a/\n        urls: x\n";
  CHECK_THROWS_AS(parse_config(unknown_field), mon::ParseError);
  const std::string command = "route:\n  receiver: x\nreceivers:\n  - name: x\n    monctl_command_configs:\n      - argv: [a]\n";
  parse_config(command);
  int verdict = amtool_verdict(good);
  if (verdict < 0) {
    std::printf("SKIPPED: amtool is not installed (scripts/test installs prometheus-alertmanager)\n");
    return;
  }
  CHECK(verdict == 0);
  CHECK(amtool_verdict(unknown_field) != 0);
  // monctl's own channel is not Alertmanager's: amtool refuses a file that uses it.
  CHECK(amtool_verdict(command) != 0);
}
