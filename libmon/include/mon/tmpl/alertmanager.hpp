#pragma once
// Notification templates as Alertmanager expands them: text/template with missingkey=zero,
// Alertmanager's functions (toUpper toLower title trimSpace join match safeHtml safeUrl urlUnescape
// reReplaceAll stringSlice date tz since now humanizeDuration toJson list dict append base64encode
// base64decode; `tz` knows only "UTC"; toDate, mustToDate and routeLabels are not provided) and its
// data model:
//   .Receiver .Status .Alerts .GroupLabels .CommonLabels .CommonAnnotations .ExternalURL
//   .Alerts: a list with methods .Firing and .Resolved; each alert .Status .Labels .Annotations
//   .StartsAt .EndsAt (time.Time) .GeneratorURL .Fingerprint
//   KV maps (.GroupLabels, .Labels, ...): methods .SortedPairs (list of {.Name .Value}, alertname
//   first), .Names, .Values, .Remove LIST, and they print as "a=b, c=d"; .Names/.Values give
//   Strings with .Join SEP.
// The default templates (__subject, __text_alert_list, __alertmanagerURL, __description,
// slack.default.*, email.default.subject, email.default.html, ...) are our own, written to give
// Alertmanager's text for subjects, titles and fallbacks: "[FIRING:2] HighLatency (api prod)".
#include <string>
#include <string_view>
#include <vector>

#include "mon/notify/alert.hpp"
#include "mon/tmpl/template.hpp"
#include "mon/tmpl/value.hpp"

namespace mon::tmpl {

// Alertmanager's template data for a notification (its Data struct).
Value notification_data(const notify::Notification& n);
// Alertmanager's function set (`now` and `since` use the notification's time given here).
FuncMap alertmanager_functions(std::int64_t now_ms);

class NotificationTemplates {
 public:
  NotificationTemplates();  // the default templates
  // Parses the files matching each glob (config `templates:`), in order; later definitions replace
  // earlier ones. A glob that matches nothing is not an error (as in Alertmanager). Throws
  // mon::ParseError naming the file.
  void load_files(const std::vector<std::string>& globs);
  // Adds definitions from text (tests, inline templates).
  void load_text(std::string_view name, std::string_view text);
  // Expands `text` (a receiver field such as `title: '{{ template "slack.default.title" . }}'`)
  // on the notification's data. "" for "". Throws mon::Error (parse or execution).
  std::string expand(std::string_view text, const notify::Notification& n) const;
  // The same on data built already (notification_data).
  std::string expand_data(std::string_view text, const Value& data, std::int64_t now_ms) const;

 private:
  Template defs_;
};

}  // namespace mon::tmpl
