// Alertmanager's notification templates: the data model (.Alerts.Firing, KV methods), its
// functions, and the default templates' subjects, titles and fallbacks as Alertmanager writes them.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "mon/error.hpp"
#include "mon/tmpl/alertmanager.hpp"

using namespace mon::tmpl;
using mon::notify::Alert;
using mon::notify::Notification;

namespace {

constexpr std::int64_t now = 1700000000000;  // 2023-11-14T22:13:20Z

Notification two_firing() {
  Notification n;
  n.receiver = "team-x";
  n.group_labels = {{"alertname", "HighLatency"}};
  n.external_url = "http://am.example.com:9093";
  n.now_ms = now;
  Alert a;
  a.labels = {{"alertname", "HighLatency"}, {"app", "api"}, {"env", "prod"}, {"instance", "a:9100"}};
  a.annotations = {{"summary", "latency high on a"}};
  a.starts_at_ms = now - 600000;
  a.generator_url = "http://prom/graph?g0.expr=x";
  Alert b = a;
  b.labels[3].value = "b:9100";
  b.annotations[0].value = "latency high on b";
  n.alerts = {a, b};
  return n;
}

}  // namespace

TEST_CASE("tmpl alertmanager: subjects, titles and fallbacks as Alertmanager's defaults give them") {
  NotificationTemplates t;
  auto n = two_firing();
  CHECK(t.expand("{{ template \"__subject\" . }}", n) == "[FIRING:2] HighLatency (api prod)");
  CHECK(t.expand("{{ template \"slack.default.title\" . }}", n) == "[FIRING:2] HighLatency (api prod)");
  CHECK(t.expand("{{ template \"email.default.subject\" . }}", n) == "[FIRING:2] HighLatency (api prod)");
  CHECK(t.expand("{{ template \"slack.default.username\" . }}", n) == "Alertmanager");
  CHECK(t.expand("{{ template \"slack.default.titlelink\" . }}", n) ==
        "http://am.example.com:9093/#/alerts?receiver=team-x");
  CHECK(t.expand("{{ template \"slack.default.fallback\" . }}", n) ==
        "[FIRING:2] HighLatency (api prod) | http://am.example.com:9093/#/alerts?receiver=team-x");
  CHECK(t.expand("{{ template \"slack.default.text\" . }}", n) == "");
  CHECK(t.expand("{{ template \"slack.default.color\" . }}", n) == "danger");
  // all labels in the group: nothing in parentheses, the trailing space stays as in Alertmanager
  n.group_labels = n.alerts[0].labels;
  n.alerts.pop_back();
  CHECK(t.expand("{{ template \"__subject\" . }}", n) == "[FIRING:1] HighLatency api prod a:9100 ");
  // resolved
  auto r = two_firing();
  for (auto& a : r.alerts) a.ends_at_ms = now - 1000;
  CHECK(t.expand("{{ template \"__subject\" . }}", r) == "[RESOLVED] HighLatency (api prod)");
  CHECK(t.expand("{{ template \"slack.default.color\" . }}", r) == "good");
}

TEST_CASE("tmpl alertmanager: the alert list and the HTML body") {
  NotificationTemplates t;
  auto n = two_firing();
  n.alerts.pop_back();
  CHECK(t.expand("{{ template \"__text_alert_list\" .Alerts.Firing }}", n) ==
        "Labels:\n - alertname = HighLatency\n - app = api\n - env = prod\n - instance = a:9100\n"
        "Annotations:\n - summary = latency high on a\nSource: http://prom/graph?g0.expr=x\n");
  n.alerts[0].annotations[0].value = "<script>";
  std::string html = t.expand("{{ template \"email.default.html\" . }}", n);
  CHECK(html.find("<!DOCTYPE html>") == 0);
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("1 firing") != std::string::npos);
}

TEST_CASE("tmpl alertmanager: data model and KV methods") {
  NotificationTemplates t;
  auto n = two_firing();
  CHECK(t.expand("{{ .Receiver }} {{ .Status }} {{ len .Alerts }} {{ len .Alerts.Firing }} {{ len .Alerts.Resolved }}", n) ==
        "team-x firing 2 2 0");
  CHECK(t.expand("{{ range .Alerts }}{{ .Labels.instance }}:{{ .Annotations.summary }};{{ end }}", n) ==
        "a:9100:latency high on a;b:9100:latency high on b;");
  CHECK(t.expand("{{ .CommonLabels }}", n) == "alertname=HighLatency, app=api, env=prod");
  CHECK(t.expand("{{ .CommonLabels.SortedPairs.Names }}", n) == "[alertname app env]");
  CHECK(t.expand("{{ .CommonLabels.Names.Join \",\" }}", n) == "alertname,app,env");
  CHECK(t.expand("{{ (.CommonLabels.Remove .GroupLabels.Names).Values | join \"+\" }}", n) == "api+prod");
  CHECK(t.expand("{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}", n) ==
        "alertname=HighLatency app=api env=prod ");
  CHECK(t.expand("[{{ .CommonAnnotations.summary }}]", n) == "[]");  // missingkey=zero
  CHECK(t.expand("{{ (index .Alerts 0).StartsAt }}", n) == "2023-11-14 22:03:20 +0000 UTC");
  CHECK(t.expand("{{ (index .Alerts 0).EndsAt }}", n) == "0001-01-01 00:00:00 +0000 UTC");
  CHECK(t.expand("{{ (index .Alerts 0).StartsAt.Format \"2006-01-02T15:04:05Z07:00 Mon Jan _2 3:04PM\" }}", n) ==
        "2023-11-14T22:03:20Z Tue Nov 14 10:03PM");
  CHECK(t.expand("{{ (index .Alerts 0).Fingerprint }}", n) == n.alerts[0].fingerprint());
  CHECK(t.expand("{{ since (index .Alerts 0).StartsAt }}", n) == "10m0s");
  CHECK(t.expand("{{ (index .Alerts 0).StartsAt | date \"15:04\" }}", n) == "22:03");
  CHECK(t.expand("{{ (index .Alerts 0).StartsAt | tz \"UTC\" | date \"MST\" }}", n) == "UTC");
  CHECK(t.expand("{{ humanizeDuration 3661 }}", n) == "1h 1m 1s");
  CHECK(t.expand("{{ title \"hELLO wORLD\" }} {{ toUpper \"x\" }} {{ trimSpace \"  y \" }}", n) == "Hello World X y");
  CHECK(t.expand("{{ stringSlice \"a\" \"b\" | join \"-\" }} {{ urlUnescape \"a%20b+c\" }}", n) == "a-b a b c");
  CHECK(t.expand("{{ reReplaceAll \":.*\" \"\" (index .Alerts 0).Labels.instance }}", n) == "a");
  CHECK(t.expand("{{ toJson .CommonLabels }}", n) == "{\"alertname\":\"HighLatency\",\"app\":\"api\",\"env\":\"prod\"}");
  CHECK(t.expand("{{ toJson (dict \"a\" 1 \"b\" (list 1.5 \"<x>\")) }}", n) == "{\"a\":1,\"b\":[1.5,\"\\u003cx\\u003e\"]}");
  CHECK(t.expand("{{ base64encode \"hi?\" }} {{ base64decode \"aGk_\" }}", n) == "aGk_ hi?");
  CHECK(t.expand("", n) == "");
  CHECK_THROWS_AS(t.expand("{{ .Nope }}", n), mon::Error);
  CHECK_THROWS_AS(t.expand("{{ if }}", n), mon::ParseError);
}

TEST_CASE("tmpl alertmanager: template files from globs; later definitions replace earlier ones") {
  auto dir = std::filesystem::temp_directory_path() / ("tmpl_am_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "a.tmpl") << "{{ define \"slack.default.title\" }}custom {{ .Status }}{{ end }}"
                                     "{{ define \"my.text\" }}{{ range .Alerts }}{{ .Labels.instance }} {{ end }}{{ end }}";
    std::ofstream(dir / "bad.broken") << "{{ define \"x\" }}{{ if }}{{ end }}";
  }
  NotificationTemplates t;
  t.load_files({(dir / "*.tmpl").string(), (dir / "none-*.tmpl").string()});
  auto n = two_firing();
  CHECK(t.expand("{{ template \"slack.default.title\" . }}", n) == "custom firing");
  CHECK(t.expand("{{ template \"my.text\" . }}", n) == "a:9100 b:9100 ");
  CHECK(t.expand("{{ template \"__subject\" . }}", n) == "[FIRING:2] HighLatency (api prod)");
  try {
    t.load_files({(dir / "*.broken").string()});
    FAIL("no error");
  } catch (const mon::ParseError& e) {
    CHECK(e.location().file == (dir / "bad.broken").string());
    CHECK(std::string(e.what()).find("missing value for if") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}
