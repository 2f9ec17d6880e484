// Alertmanager's slack_configs: one message with one attachment, POSTed as JSON to the incoming
// webhook URL (api_url or api_url_file, read at each delivery). Success is a 2xx answer whose
// body is "ok" (a webhook) or {"ok":true} (the Web API); anything else from Slack is permanent.
#include <nlohmann/json.hpp>

#include "channels.hpp"
#include "http_post.hpp"

namespace mon::notify::detail {

namespace {

// Alertmanager truncates the title to 1024 runes, the last one "…".
std::string truncate_runes(const std::string& s, std::size_t runes) {
  std::size_t count = 0, i = 0, cut = std::string::npos;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) {
      if (count == runes - 1) cut = i;
      ++count;
    }
  }
  if (count <= runes) return s;
  return s.substr(0, cut) + "\u2026";
}

}  // namespace

Prepared prepare_slack(const SlackConfig& c, const Notification& n, const DeliveryOptions& o) {
  Prepared p;
  Selection s = select_alerts(n, c.send_resolved, 0);
  if (s.alerts.empty()) {
    p.nothing_to_send = true;
    return p;
  }
  Notification data = restricted(n, s);
  auto t = [&](const std::string& text) { return o.expand ? o.expand(text, data) : expand_defaults(text, data); };
  nlohmann::ordered_json att = nlohmann::ordered_json::object();
  std::string title = truncate_runes(t(c.title), 1024);
  if (!title.empty()) att["title"] = title;
  if (auto v = t(c.title_link); !v.empty()) att["title_link"] = v;
  if (auto v = t(c.pretext); !v.empty()) att["pretext"] = v;
  att["text"] = t(c.text);
  att["fallback"] = t(c.fallback);
  att["callback_id"] = t(c.callback_id);
  if (auto v = t(c.image_url); !v.empty()) att["image_url"] = v;
  if (auto v = t(c.thumb_url); !v.empty()) att["thumb_url"] = v;
  att["footer"] = t(c.footer);
  if (auto v = t(c.color); !v.empty()) att["color"] = v;
  att["mrkdwn_in"] = c.mrkdwn_in.empty() ? std::vector<std::string>{"fallback", "pretext", "text"} : c.mrkdwn_in;
  nlohmann::ordered_json req = nlohmann::ordered_json::object();
  if (auto v = t(c.channel); !v.empty()) req["channel"] = v;
  if (auto v = t(c.username); !v.empty()) req["username"] = v;
  std::string icon_url = t(c.icon_url);
  if (icon_url.empty()) {
    if (auto v = t(c.icon_emoji); !v.empty()) req["icon_emoji"] = v;
  } else {
    req["icon_url"] = icon_url;
  }
  if (c.link_names) req["link_names"] = true;
  req["attachments"] = nlohmann::ordered_json::array({att});
  std::string body = req.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  std::string url = read_secret(c.api_url);
  std::string shown = shown_url(url);
  p.own_timeout_ms = c.timeout.count();
  HttpConfig http = c.http_config;
  std::size_t limit = o.max_response_bytes;
  p.attempt = [url, shown, body, http, limit](long timeout_ms) {
    HttpAttempt h = http_post(url, body, {}, http, timeout_ms, limit);
    Attempt a = judge_http(h, shown);
    if (a.outcome != Outcome::delivered) return a;
    std::string answer = h.body;
    bool ok = answer == "ok";
    if (!ok && !answer.empty() && answer.front() == '{') {
      auto j = nlohmann::json::parse(answer, nullptr, false);
      ok = j.is_object() && j.value("ok", false);
      if (!ok && j.is_object() && j.contains("error") && j["error"].is_string()) answer = j["error"].get<std::string>();
    }
    if (!ok) {
      a.outcome = Outcome::failed_permanent;
      if (answer.size() > 200) answer = answer.substr(0, 200) + "...";
      a.message = "POST " + shown + ": received an error response from Slack: " + answer;
    }
    return a;
  };
  return p;
}

}  // namespace mon::notify::detail
