// Alertmanager's receiver configuration, field by field. Every key of every mapping is one of
// three things: implemented (read and checked), Alertmanager's but not implemented (reported in
// `unsupported` with its place), or unknown (an error, as amtool check-config has it).
// Relative *_file paths are taken from the configuration file's directory, as Alertmanager's
// resolveFilepaths does.
#include "receiver_yaml.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "../probe/yaml_walker.hpp"
#include "mon/probe/spec.hpp"
#include "mon/time/duration.hpp"

namespace mon::notify {

namespace {

using probe::breaks_line;
using probe::not_a_token;
using probe::quoted;
using probe::detail::Walker;

std::string dir_of(const std::string& file) {
  auto slash = file.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return file.substr(0, slash);
}

struct Reader {
  Walker w;
  std::vector<std::string>& unsupported;

  void note(const YAML::Node& n, const std::string& what) const {
    unsupported.push_back(to_string(w.at(n)) + ": " + what + " is not supported by monctl");
  }
  [[noreturn]] void unknown(const YAML::Node& key, const std::string& field, const std::string& in) const {
    w.fail(key, "field '" + field + "' is not a field of " + in);
  }
  // Go's yaml accepts a null for any field (it leaves the default): so do we.
  static bool null(const YAML::Node& n) { return !n.IsDefined() || n.IsNull(); }

  Milliseconds go_duration(const YAML::Node& n, const std::string& key) const {
    std::string s = w.scalar(n, key);
    try {
      return parse_go_duration(s);
    } catch (const ParseError&) {
      throw;
    } catch (const Error& e) {
      w.fail(n, "key '" + key + "': " + e.what());
    }
  }
  Milliseconds prom_duration(const YAML::Node& n, const std::string& key) const {
    std::string s = w.scalar(n, key);
    try {
      return std::chrono::duration_cast<Milliseconds>(time::parse_duration(s));
    } catch (const Error& e) {
      w.fail(n, "key '" + key + "': " + e.what());
    }
  }
  // A URL that is a secret: checked as Alertmanager's URL type checks it, never shown.
  std::string secret_url(const YAML::Node& n, const std::string& key, bool templated) const {
    std::string v = w.scalar(n, key);
    if (auto broken = breaks_line(v)) w.fail(n, "key '" + key + "': the URL (a secret, not shown): " + *broken);
    if (templated && v.find("{{") != std::string::npos) return v;
    auto scheme_end = v.find("://");
    std::string scheme = scheme_end == std::string::npos ? "" : v.substr(0, scheme_end);
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "http" && scheme != "https")
      w.fail(n, "key '" + key + "': unsupported scheme for URL (http or https expected; the URL is a secret and not shown)");
    auto host_begin = scheme_end + 3;
    auto host_end = v.find_first_of("/?#", host_begin);
    std::string authority = v.substr(host_begin, host_end == std::string::npos ? std::string::npos : host_end - host_begin);
    auto at = authority.rfind('@');
    if (at != std::string::npos) authority = authority.substr(at + 1);
    if (authority.empty() || authority.front() == ':') w.fail(n, "key '" + key + "': host is missing in URL");
    return v;
  }
  std::string plain_url(const YAML::Node& n, const std::string& key) const {
    std::string v = w.line(n, key);
    auto scheme_end = v.find("://");
    std::string scheme = scheme_end == std::string::npos ? "" : v.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
      w.fail(n, "key '" + key + "': unsupported scheme for URL \"" + v + "\" (http or https expected)");
    return v;
  }
  std::string host_port(const YAML::Node& n, const std::string& key) const {
    std::string v = w.line(n, key);
    if (v.empty()) return v;
    std::string host, port;
    if (v.front() == '[') {
      auto close = v.find(']');
      if (close == std::string::npos || close + 1 >= v.size() || v[close + 1] != ':')
        w.fail(n, "key '" + key + "': address \"" + v + "\": missing port in address");
      host = v.substr(1, close - 1);
      port = v.substr(close + 2);
    } else {
      auto colon = v.rfind(':');
      if (colon == std::string::npos) w.fail(n, "key '" + key + "': address \"" + v + "\": missing port in address");
      host = v.substr(0, colon);
      port = v.substr(colon + 1);
      if (host.find(':') != std::string::npos) w.fail(n, "key '" + key + "': address \"" + v + "\": too many colons in address");
    }
    if (port.empty()) w.fail(n, "key '" + key + "': address \"" + v + "\": port cannot be empty");
    return v;
  }
  std::string file_path(const YAML::Node& n, const std::string& key) const {
    std::string p = w.line(n, key);
    if (!p.empty() && p.front() != '/' && !w.dir.empty()) p = w.dir + "/" + p;
    return p;
  }

  TlsConfig tls(const YAML::Node& n, const std::string& in) const {
    TlsConfig t;
    if (null(n)) return t;
    for (const auto& [k, v] : w.entries(n, in)) {
      if (null(v)) continue;
      if (k == "ca_file") t.ca_file = file_path(v, k);
      else if (k == "cert_file") t.cert_file = file_path(v, k);
      else if (k == "key_file") t.key_file = file_path(v, k);
      else if (k == "insecure_skip_verify") t.insecure_skip_verify = w.boolean(v, k);
      else if (k == "ca" || k == "cert" || k == "key" || k == "ca_ref" || k == "cert_ref" || k == "key_ref" ||
               k == "server_name" || k == "min_version" || k == "max_version")
        note(n[k], in + "." + k);
      else unknown(v, k, in);
    }
    if (t.cert_file.empty() != t.key_file.empty())
      w.fail(n, in + ": exactly one of key and cert file specified (both or neither are needed)");
    return t;
  }

  HttpConfig http(const YAML::Node& n, const HttpConfig& defaults, const std::string& in) const {
    HttpConfig h;  // Alertmanager replaces the global http_config wholly, field by field defaults
    if (null(n)) return defaults;
    bool bearer = false, authorization = false, oauth2 = false;
    for (const auto& [k, v] : w.entries(n, in)) {
      if (null(v)) continue;
      if (k == "tls_config") h.tls = tls(v, in + ".tls_config");
      else if (k == "bearer_token" || k == "bearer_token_file") {
        if (!h.authorization_credentials.empty())
          w.fail(v, in + ": at most one of bearer_token & bearer_token_file must be configured");
        h.authorization_type = "Bearer";
        if (k == "bearer_token") h.authorization_credentials.value = w.line(v, k);
        else h.authorization_credentials.file = file_path(v, k);
        bearer = true;
      } else if (k == "authorization") {
        authorization = true;
        std::string type;
        for (const auto& [ak, av] : w.entries(v, in + ".authorization")) {
          if (null(av)) continue;
          if (ak == "type") type = w.token(av, ak);
          else if (ak == "credentials") h.authorization_credentials.value = w.line(av, ak);
          else if (ak == "credentials_file") h.authorization_credentials.file = file_path(av, ak);
          else if (ak == "credentials_ref") note(v[ak], in + ".authorization.credentials_ref");
          else unknown(av, ak, in + ".authorization");
        }
        if (!h.authorization_credentials.value.empty() && !h.authorization_credentials.file.empty())
          w.fail(v, in + ".authorization: at most one of credentials & credentials_file must be configured");
        std::string lower = type;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "basic") w.fail(v, in + ".authorization: authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
        h.authorization_type = type.empty() ? "Bearer" : type;
      } else if (k == "basic_auth") {
        h.has_basic_auth = true;
        for (const auto& [bk, bv] : w.entries(v, in + ".basic_auth")) {
          if (null(bv)) continue;
          if (bk == "username") h.basic_username.value = w.line(bv, bk);
          else if (bk == "username_file") h.basic_username.file = file_path(bv, bk);
          else if (bk == "password") h.basic_password.value = w.line(bv, bk);
          else if (bk == "password_file") h.basic_password.file = file_path(bv, bk);
          else if (bk == "username_ref" || bk == "password_ref") note(v[bk], in + ".basic_auth." + bk);
          else unknown(bv, bk, in + ".basic_auth");
        }
        if (!h.basic_username.value.empty() && !h.basic_username.file.empty())
          w.fail(v, in + ".basic_auth: at most one of basic_auth username & username_file must be configured");
        if (!h.basic_password.value.empty() && !h.basic_password.file.empty())
          w.fail(v, in + ".basic_auth: at most one of basic_auth password & password_file must be configured");
      } else if (k == "oauth2") {
        oauth2 = true;
        note(n[k], in + ".oauth2");
      } else if (k == "proxy_url") h.proxy_url = plain_url(v, k);
      else if (k == "follow_redirects") h.follow_redirects = w.boolean(v, k);
      else if (k == "enable_http2") {
        w.boolean(v, k);  // libcurl negotiates what the server offers: nothing to change
      } else if (k == "no_proxy" || k == "proxy_from_environment" || k == "proxy_connect_header" ||
                 k == "http_headers")
        note(n[k], in + "." + k);
      else unknown(v, k, in);
    }
    int schemes = (h.has_basic_auth ? 1 : 0) + (bearer ? 1 : 0) + (authorization ? 1 : 0) + (oauth2 ? 1 : 0);
    if (bearer && authorization)
      w.fail(n, in + ": at most one of bearer_token, bearer_token_file & authorization must be configured");
    if (schemes > 1) w.fail(n, in + ": at most one of basic_auth, oauth2, bearer_token & authorization must be configured");
    return h;
  }

  bool send_resolved(const YAML::Node& v) const { return w.boolean(v, "send_resolved"); }

  WebhookConfig webhook(const YAML::Node& n, const GlobalConfig& g) const {
    const std::string in = "a webhook_config";
    WebhookConfig c;
    c.where = w.at(n);
    c.http_config = g.http_config;
    if (null(n)) w.fail(n, "missing webhook config");
    for (const auto& [k, v] : w.entries(n, in)) {
      if (null(v)) continue;
      if (k == "send_resolved") c.send_resolved = send_resolved(v);
      else if (k == "url") c.url.value = secret_url(v, k, true);
      else if (k == "url_file") c.url.file = file_path(v, k);
      else if (k == "http_config") c.http_config = http(v, g.http_config, "webhook_config.http_config");
      else if (k == "max_alerts") c.max_alerts = static_cast<std::uint64_t>(w.integer(v, k, 0, INT64_MAX));
      else if (k == "timeout") c.timeout = go_duration(v, k);
      else if (k == "payload") note(n[k], "webhook_config.payload");
      else unknown(v, k, in);
    }
    if (c.url.value.empty() && c.url.file.empty()) w.fail(n, "one of url or url_file must be configured");
    if (!c.url.value.empty() && !c.url.file.empty()) w.fail(n, "at most one of url & url_file must be configured");
    return c;
  }

  SlackConfig slack(const YAML::Node& n, const GlobalConfig& g) const {
    const std::string in = "a slack_config";
    SlackConfig c;
    c.where = w.at(n);
    c.http_config = g.http_config;
    bool token = false;
    if (!null(n)) {
      for (const auto& [k, v] : w.entries(n, in)) {
        if (null(v)) continue;
        if (k == "send_resolved") c.send_resolved = send_resolved(v);
        else if (k == "http_config") c.http_config = http(v, g.http_config, "slack_config.http_config");
        else if (k == "api_url") c.api_url.value = secret_url(v, k, false);
        else if (k == "api_url_file") c.api_url.file = file_path(v, k);
        else if (k == "channel") c.channel = w.scalar(v, k);
        else if (k == "username") c.username = w.scalar(v, k);
        else if (k == "color") c.color = w.scalar(v, k);
        else if (k == "title") c.title = w.scalar(v, k);
        else if (k == "title_link") c.title_link = w.scalar(v, k);
        else if (k == "pretext") c.pretext = w.scalar(v, k);
        else if (k == "text") c.text = w.scalar(v, k);
        else if (k == "fallback") c.fallback = w.scalar(v, k);
        else if (k == "icon_emoji") c.icon_emoji = w.scalar(v, k);
        else if (k == "icon_url") c.icon_url = w.scalar(v, k);
        else if (k == "footer") c.footer = w.scalar(v, k);
        else if (k == "callback_id") c.callback_id = w.scalar(v, k);
        else if (k == "image_url") c.image_url = w.scalar(v, k);
        else if (k == "thumb_url") c.thumb_url = w.scalar(v, k);
        else if (k == "short_fields") c.short_fields = w.boolean(v, k);
        else if (k == "link_names") c.link_names = w.boolean(v, k);
        else if (k == "mrkdwn_in") {
          if (!v.IsSequence()) w.fail(v, "key 'mrkdwn_in': expected a list of strings, got " + Walker::kind_of(v));
          for (const auto& i : v) c.mrkdwn_in.push_back(w.scalar(i, k));
        } else if (k == "timeout") c.timeout = go_duration(v, k);
        else if (k == "app_token" || k == "app_token_file") {
          token = true;
          note(n[k], "slack_config." + k + " (Slack App tokens)");
        } else if (k == "app_url" || k == "fields" || k == "actions" || k == "message_text" || k == "update_message")
          note(n[k], "slack_config." + k);
        else unknown(v, k, in);
      }
    }
    if (!c.api_url.value.empty() && !c.api_url.file.empty())
      w.fail(n, "at most one of api_url & api_url_file must be configured");
    if (c.api_url.empty()) c.api_url = g.slack_api_url;
    if (c.api_url.empty() && !token) w.fail(n, "no Slack API URL nor App token set either inline or in a file");
    return c;
  }

  static std::string canonical_header(const std::string& h) {
    // Go's textproto.CanonicalMIMEHeaderKey: unchanged when it holds a byte that is not a token
    // character; otherwise upper case after the start and after each '-', lower case elsewhere.
    for (unsigned char c : h)
      if (!(std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos))
        return h;
    std::string out = h;
    bool upper = true;
    for (auto& c : out) {
      c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
      upper = c == '-';
    }
    return out;
  }

  EmailConfig email(const YAML::Node& n, const GlobalConfig& g) const {
    const std::string in = "an email_config";
    EmailConfig c;
    c.where = w.at(n);
    if (null(n)) w.fail(n, "missing email config");
    bool require_tls_given = false, from_given = false, hello_given = false, smarthost_given = false;
    for (const auto& [k, v] : w.entries(n, in)) {
      if (null(v)) continue;
      if (k == "send_resolved") c.send_resolved = send_resolved(v);
      else if (k == "to") c.to = w.line(v, k);
      else if (k == "from") c.from = w.line(v, k), from_given = !c.from.empty();
      else if (k == "hello") c.hello = w.line(v, k), hello_given = !c.hello.empty();
      else if (k == "smarthost") c.smarthost = host_port(v, k), smarthost_given = !c.smarthost.empty();
      else if (k == "auth_username") c.auth_username = w.line(v, k);
      else if (k == "auth_password") c.auth_password.value = w.line(v, k);
      else if (k == "auth_password_file") c.auth_password.file = file_path(v, k);
      else if (k == "auth_identity") c.auth_identity = w.line(v, k);
      else if (k == "require_tls") c.require_tls = w.boolean(v, k), require_tls_given = true;
      else if (k == "tls_config") c.tls = tls(v, "email_config.tls_config");
      else if (k == "headers") {
        for (const auto& [hk, hv] : w.pairs(v, k)) {
          std::string name = canonical_header(hk);
          if (auto bad = not_a_token(name)) w.fail(v, "key 'headers': header name " + quoted(hk) + ": " + *bad);
          for (const auto& [seen, unused] : c.headers)
            if (seen == name) w.fail(v, "duplicate header \"" + name + "\" in email config");
          if (auto broken = breaks_line(hv)) w.fail(v[hk], "key 'headers." + hk + "': " + *broken);
          c.headers.emplace_back(name, hv);
        }
      } else if (k == "html") c.html = w.scalar(v, k);
      else if (k == "text") c.text = w.scalar(v, k);
      else if (k == "auth_secret" || k == "auth_secret_file")
        note(n[k], "email_config." + k + " (CRAM-MD5)");
      else if (k == "force_implicit_tls" || k == "threading")
        note(n[k], "email_config." + k);
      else unknown(v, k, in);
    }
    if (c.to.empty()) w.fail(n, "missing to address in email config");
    if (!c.auth_password.value.empty() && !c.auth_password.file.empty())
      w.fail(n, "at most one of auth_password & auth_password_file must be configured");
    if (!smarthost_given) c.smarthost = g.smtp_smarthost;
    if (c.smarthost.empty()) w.fail(n, "no global SMTP smarthost set");
    if (!from_given) c.from = g.smtp_from;
    if (c.from.empty()) w.fail(n, "no global SMTP from set");
    if (!hello_given) c.hello = g.smtp_hello;
    if (c.auth_username.empty()) c.auth_username = g.smtp_auth_username;
    if (c.auth_password.empty()) c.auth_password = g.smtp_auth_password;
    if (c.auth_identity.empty()) c.auth_identity = g.smtp_auth_identity;
    if (!require_tls_given) c.require_tls = g.smtp_require_tls;
    return c;
  }

  FileConfig file_channel(const YAML::Node& n) const {
    const std::string in = "a monctl_file_config";
    FileConfig c;
    c.where = w.at(n);
    if (null(n)) w.fail(n, "missing monctl_file_config");
    for (const auto& [k, v] : w.entries(n, in)) {
      if (null(v)) continue;
      if (k == "send_resolved") c.send_resolved = send_resolved(v);
      else if (k == "path") c.path = file_path(v, k);
      else if (k == "max_alerts") c.max_alerts = static_cast<std::uint64_t>(w.integer(v, k, 0, INT64_MAX));
      else unknown(v, k, in);
    }
    if (c.path.empty()) w.fail(n, "monctl_file_config: path must name a file");
    return c;
  }

  CommandConfig command(const YAML::Node& n) const {
    const std::string in = "a monctl_command_config";
    CommandConfig c;
    c.where = w.at(n);
    if (null(n)) w.fail(n, "missing monctl_command_config");
    for (const auto& [k, v] : w.entries(n, in)) {
      if (null(v)) continue;
      if (k == "send_resolved") c.send_resolved = send_resolved(v);
      else if (k == "argv") {
        if (!v.IsSequence()) w.fail(v, "key 'argv': expected a list of strings (a program and its arguments; no shell), got " + Walker::kind_of(v));
        for (const auto& a : v) {
          std::string s = w.scalar(a, k);
          if (s.find('\0') != std::string::npos) w.fail(a, "key 'argv': an argument holds a NUL byte");
          c.argv.push_back(s);
        }
      } else if (k == "timeout") c.timeout = go_duration(v, k);
      else if (k == "max_alerts") c.max_alerts = static_cast<std::uint64_t>(w.integer(v, k, 0, INT64_MAX));
      else unknown(v, k, in);
    }
    if (c.argv.empty() || c.argv.front().empty()) w.fail(n, "monctl_command_config: argv must name a program");
    return c;
  }
};

const std::set<std::string>& unimplemented_kinds() {
  static const std::set<std::string> kinds = {
      "pagerduty_configs", "opsgenie_configs",  "victorops_configs",  "pushover_configs", "sns_configs",
      "telegram_configs",  "webex_configs",     "wechat_configs",     "discord_configs",  "msteams_configs",
      "msteamsv2_configs", "jira_configs",      "rocketchat_configs", "mattermost_configs", "incidentio_configs"};
  return kinds;
}

const std::set<std::string>& unimplemented_globals() {
  static const std::set<std::string> keys = {
      "smtp_auth_secret",      "smtp_auth_secret_file", "smtp_tls_config",        "smtp_force_implicit_tls",
      "slack_app_token",       "slack_app_token_file",  "slack_app_url",          "pagerduty_url",
      "opsgenie_api_url",      "opsgenie_api_key",      "opsgenie_api_key_file",  "wechat_api_url",
      "wechat_api_secret",     "wechat_api_secret_file", "wechat_api_corp_id",    "victorops_api_url",
      "victorops_api_key",     "victorops_api_key_file", "telegram_api_url",      "telegram_bot_token",
      "telegram_bot_token_file", "webex_api_url",       "rocketchat_api_url",     "rocketchat_token",
      "rocketchat_token_file", "rocketchat_token_id",   "rocketchat_token_id_file", "mattermost_webhook_url",
      "mattermost_webhook_url_file", "jira_api_url"};
  return keys;
}

}  // namespace

GlobalConfig parse_global(const YAML::Node& node, const std::string& file, std::vector<std::string>& unsupported) {
  Reader r{Walker{file, dir_of(file)}, unsupported};
  GlobalConfig g;
  if (Reader::null(node)) return g;
  for (const auto& [k, v] : r.w.entries(node, "global")) {
    if (Reader::null(v)) continue;
    if (k == "resolve_timeout") g.resolve_timeout = r.prom_duration(v, k);
    else if (k == "http_config") g.http_config = r.http(v, HttpConfig{}, "global.http_config");
    else if (k == "smtp_from") g.smtp_from = r.w.line(v, k);
    else if (k == "smtp_smarthost") g.smtp_smarthost = r.host_port(v, k);
    else if (k == "smtp_hello") g.smtp_hello = r.w.line(v, k);
    else if (k == "smtp_auth_username") g.smtp_auth_username = r.w.line(v, k);
    else if (k == "smtp_auth_password") g.smtp_auth_password.value = r.w.line(v, k);
    else if (k == "smtp_auth_password_file") g.smtp_auth_password.file = r.file_path(v, k);
    else if (k == "smtp_auth_identity") g.smtp_auth_identity = r.w.line(v, k);
    else if (k == "smtp_require_tls") g.smtp_require_tls = r.w.boolean(v, k);
    else if (k == "slack_api_url") g.slack_api_url.value = r.secret_url(v, k, false);
    else if (k == "slack_api_url_file") g.slack_api_url.file = r.file_path(v, k);
    else if (unimplemented_globals().count(k)) r.note(node[k], "global." + k);
    else r.unknown(v, k, "global");
  }
  if (!g.smtp_auth_password.value.empty() && !g.smtp_auth_password.file.empty())
    r.w.fail(node, "at most one of smtp_auth_password & smtp_auth_password_file must be configured");
  if (!g.slack_api_url.value.empty() && !g.slack_api_url.file.empty())
    r.w.fail(node, "at most one of slack_api_url & slack_api_url_file must be configured");
  return g;
}

Receiver parse_receiver(const YAML::Node& node, const GlobalConfig& global, const std::string& file,
                        std::vector<std::string>& unsupported) {
  Reader r{Walker{file, dir_of(file)}, unsupported};
  Receiver rc;
  rc.where = r.w.at(node);
  auto list = [&](const YAML::Node& v, const std::string& k) {
    if (!v.IsSequence()) r.w.fail(v, "key '" + k + "': expected a list, got " + Walker::kind_of(v));
  };
  for (const auto& [k, v] : r.w.entries(node, "a receiver")) {
    if (Reader::null(v)) continue;
    if (k == "name") rc.name = r.w.scalar(v, k);
    else if (k == "webhook_configs") {
      list(v, k);
      for (const auto& i : v) rc.webhooks.push_back(r.webhook(i, global));
    } else if (k == "slack_configs") {
      list(v, k);
      for (const auto& i : v) rc.slack.push_back(r.slack(i, global));
    } else if (k == "email_configs") {
      list(v, k);
      for (const auto& i : v) rc.email.push_back(r.email(i, global));
    } else if (k == "monctl_command_configs") {
      list(v, k);
      for (const auto& i : v) rc.commands.push_back(r.command(i));
    } else if (k == "monctl_file_configs") {
      list(v, k);
      for (const auto& i : v) rc.files.push_back(r.file_channel(i));
    } else if (unimplemented_kinds().count(k)) {
      list(v, k);
      r.note(node[k], "receiver " + (rc.name.empty() ? std::string("''") : "'" + rc.name + "'") + ": " + k);
    } else if (k == "labels") r.note(node[k], "receiver labels");
    else r.unknown(v, k, "a receiver");
  }
  if (rc.name.empty()) r.w.fail(node, "missing name in receiver");
  return rc;
}

Milliseconds parse_go_duration(const std::string& text) {
  // Go: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+, or "0". Negative durations are refused here.
  if (text == "0") return Milliseconds{0};
  try {
    return std::chrono::duration_cast<Milliseconds>(time::parse_duration(text));
  } catch (const Error&) {
  }
  std::size_t i = 0;
  double total_ns = 0;
  if (text.empty()) throw Error("invalid duration \"\"");
  if (text[0] == '-' || text[0] == '+') throw Error("invalid duration " + quoted(text) + ": a duration must not be signed");
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (i == start) throw Error("invalid duration " + quoted(text));
    std::string number = text.substr(start, i - start);
    if (number == "." || std::count(number.begin(), number.end(), '.') > 1) throw Error("invalid duration " + quoted(text));
    std::size_t ustart = i;
    while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i])) && text[i] != '.') ++i;
    std::string unit = text.substr(ustart, i - ustart);
    double scale = 0;
    if (unit == "ns") scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") scale = 1e3;
    else if (unit == "ms") scale = 1e6;
    else if (unit == "s") scale = 1e9;
    else if (unit == "m") scale = 60e9;
    else if (unit == "h") scale = 3600e9;
    else if (unit.empty()) throw Error("missing unit in duration " + quoted(text));
    else throw Error("unknown unit " + quoted(unit) + " in duration " + quoted(text));
    total_ns += std::stod(number) * scale;
  }
  if (!std::isfinite(total_ns) || total_ns > 9.2e18) throw Error("invalid duration " + quoted(text) + ": out of range");
  return Milliseconds{static_cast<std::int64_t>(total_ns / 1e6)};
}

}  // namespace mon::notify
