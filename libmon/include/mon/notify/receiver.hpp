#pragma once
// Alertmanager's receivers as monctl delivers them: the `global:` block and the integrations of
// one `receivers:` entry (webhook_configs, slack_configs, email_configs) with Alertmanager's field
// names and defaults, plus monctl's own command channel (`monctl_command_configs`, which
// Alertmanager does not know: amtool check-config refuses a file that uses it).
//
// Secrets are kept as given — inline or as a file name — and read when delivering, so that a
// `*_file` can be rotated between runs and its contents never reach an error message.
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mon/error.hpp"

namespace mon::notify {

using Milliseconds = std::chrono::milliseconds;

// A secret written in the configuration (`password: ...`) or a file holding it
// (`password_file: ...`; the file's contents as Prometheus'
// common config reads it: surrounding white space trimmed). At most one of the two is set.
struct Secret {
  std::string value;
  std::string file;
  bool empty() const { return value.empty() && file.empty(); }
};

// What monctl implements of Prometheus' common http_config. Fields of http_config it does not
// implement (oauth2, proxy_from_environment, no_proxy, proxy_connect_header, http_headers,
// enable_http2, *_ref, ...) are reported as unsupported.
struct TlsConfig {
  std::string ca_file, cert_file, key_file;  // server_name is reported as unsupported
  bool insecure_skip_verify = false;
};

struct HttpConfig {
  TlsConfig tls;
  // `authorization: {type, credentials, credentials_file}`, or the older `bearer_token` /
  // `bearer_token_file` (type Bearer). An empty type means no Authorization header.
  std::string authorization_type;
  Secret authorization_credentials;
  // `basic_auth: {username, username_file, password, password_file}`.
  bool has_basic_auth = false;
  Secret basic_username;
  Secret basic_password;
  std::string proxy_url;
  bool follow_redirects = true;  // Prometheus' default
};

struct GlobalConfig {
  Milliseconds resolve_timeout{5 * 60 * 1000};
  HttpConfig http_config;
  std::string smtp_from;
  std::string smtp_smarthost;  // host:port, "" when not set
  std::string smtp_hello = "localhost";
  std::string smtp_auth_username;
  Secret smtp_auth_password;
  std::string smtp_auth_identity;
  bool smtp_require_tls = true;
  Secret slack_api_url;
};

struct WebhookConfig {
  Location where;  // the list item in the configuration file
  bool send_resolved = true;
  Secret url;  // value: the URL itself (a secret: never shown whole); file: url_file
  HttpConfig http_config;
  std::uint64_t max_alerts = 0;  // 0: all
  Milliseconds timeout{0};       // 0: none of its own (the delivery's per-receiver timeout applies)
};

struct SlackConfig {
  Location where;
  bool send_resolved = false;
  HttpConfig http_config;
  Secret api_url;  // from global.slack_api_url(_file) when not given here
  std::string channel;
  // Go templates, as written; the defaults are Alertmanager's (`{{ template "slack.default.X" . }}`).
  std::string username = R"({{ template "slack.default.username" . }})";
  std::string color = R"({{ if eq .Status "firing" }}danger{{ else }}good{{ end }})";  // 0.25's
  std::string title = R"({{ template "slack.default.title" . }})";
  std::string title_link = R"({{ template "slack.default.titlelink" . }})";
  std::string pretext = R"({{ template "slack.default.pretext" . }})";
  std::string text = R"({{ template "slack.default.text" . }})";
  std::string fallback = R"({{ template "slack.default.fallback" . }})";
  std::string icon_emoji = R"({{ template "slack.default.iconemoji" . }})";
  std::string icon_url = R"({{ template "slack.default.iconurl" . }})";
  std::string callback_id = R"({{ template "slack.default.callbackid" . }})";
  std::string footer = R"({{ template "slack.default.footer" . }})";
  std::string image_url, thumb_url;
  bool short_fields = false;
  bool link_names = false;
  std::vector<std::string> mrkdwn_in;
  Milliseconds timeout{0};
};

struct EmailConfig {
  Location where;
  bool send_resolved = false;
  std::string to;         // a template; required
  std::string from;       // global.smtp_from when not given; required
  std::string hello;      // global.smtp_hello when not given
  std::string smarthost;  // host:port; global.smtp_smarthost when not given; required
  std::string auth_username;
  Secret auth_password;
  std::string auth_identity;
  bool require_tls = true;  // global.smtp_require_tls when not given
  TlsConfig tls;
  // Header names canonicalised as Go's textproto does ("content-type" -> "Content-Type"), in
  // file order; values are templates. Subject (default `{{ template "email.default.subject" . }}`),
  // To and From (default: the fields above) among them override the defaults.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string html = R"({{ template "email.default.html" . }})";
  std::string text;  // "" : no text part
};

// monctl's own: runs argv (no shell) with the webhook payload (version 4) on its standard input;
// exit status 0 means delivered. YAML: `monctl_command_configs: [{argv: [...], timeout: 10s,
// send_resolved: true, max_alerts: 0}]`.
struct CommandConfig {
  Location where;
  bool send_resolved = true;
  std::vector<std::string> argv;
  Milliseconds timeout{0};  // 0: the delivery's per-receiver timeout
  std::uint64_t max_alerts = 0;
};

// monctl's own: appends the webhook payload (version 4), one JSON line per notification, to a
// file (opened O_APPEND, written with one write(2), so concurrent writers do not interleave).
// YAML: `monctl_file_configs: [{path: FILE, send_resolved: true, max_alerts: 0}]`; a relative
// path is taken from the configuration file's folder.
struct FileConfig {
  Location where;
  bool send_resolved = true;
  std::string path;
  std::uint64_t max_alerts = 0;
};

struct Receiver {
  std::string name;
  Location where;
  std::vector<WebhookConfig> webhooks;
  std::vector<SlackConfig> slack;
  std::vector<EmailConfig> email;
  std::vector<CommandConfig> commands;
  std::vector<FileConfig> files;

  std::size_t integrations() const { return webhooks.size() + slack.size() + email.size() + commands.size() + files.size(); }
};

// The integrations of a receiver numbered as deliver() takes them: webhooks first, then Slack,
// email and commands, each in file order. "webhook[0]", "slack[1]", ... (Alertmanager's
// integration names with their index).
std::string integration_name(const Receiver& r, std::size_t integration);

// The contents of a secret: the value, or the file's contents with white space trimmed.
// Throws mon::Error naming the file (never its contents) when it cannot be read.
std::string read_secret(const Secret& s);

}  // namespace mon::notify
