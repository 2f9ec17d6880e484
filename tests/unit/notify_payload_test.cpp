// The webhook payload (version 4) and the /api/v2/alerts body: byte for byte what Alertmanager's
// Go encoder writes, and field by field the structure of real bodies (prometheus-msteams'
// captures of Alertmanager's requests, read from ../shared when present).
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mon/notify/payload.hpp"
#include "sample_inputs.hpp"

using namespace mon::notify;
using nlohmann::json;

namespace {

// 2026-12-03T10:00:00Z
constexpr std::int64_t t0 = 1796292000000;

Alert alert(mon::model::Labels labels, mon::model::Labels annotations, std::int64_t starts, std::int64_t ends = 0) {
  Alert a;
  a.labels = std::move(labels);
  a.annotations = std::move(annotations);
  a.starts_at_ms = starts;
  a.ends_at_ms = ends;
  a.generator_url = "http://prom:9090/graph?g0.expr=up+%3D%3D+0";
  return a;
}

Notification two_alerts() {
  Notification n;
  n.receiver = "team.x";
  n.group_key = "{}:{alertname=\"InstanceDown\"}";
  n.group_labels = {{"alertname", "InstanceDown"}};
  n.external_url = "http://monctl.example:9093";
  n.now_ms = t0 + 60'000;
  n.alerts.push_back(alert({{"alertname", "InstanceDown"}, {"instance", "a:9100"}, {"job", "node"}},
                           {{"summary", "a is down"}, {"team", "ops"}}, t0 + 123));
  n.alerts.push_back(alert({{"alertname", "InstanceDown"}, {"instance", "b:9100"}, {"job", "node"}},
                           {{"summary", "b is down"}, {"team", "ops"}}, t0, t0 + 30'000));
  return n;
}

std::int64_t parse_rfc3339_ms(const std::string& s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  std::tm tm{};
  REQUIRE(s.size() >= 20);
  tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(s.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(s.substr(8, 2));
  tm.tm_hour = std::stoi(s.substr(11, 2));
  tm.tm_min = std::stoi(s.substr(14, 2));
  tm.tm_sec = std::stoi(s.substr(17, 2));
  std::size_t i = 19;
  std::int64_t ms = 0;
  if (s[i] == '.') {
    std::size_t j = i + 1;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    std::string frac = s.substr(i + 1, j - i - 1) + "000";
    ms = std::stoll(frac.substr(0, 3));
    i = j;
  }
  std::int64_t offset = 0;
  if (s[i] != 'Z') {
    offset = (std::stoi(s.substr(i + 1, 2)) * 60 + std::stoi(s.substr(i + 4, 2))) * 60'000;
    if (s[i] == '-') offset = -offset;
  }
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms - offset;
}

mon::model::Labels labels_of(const json& j) {
  mon::model::Labels out;
  for (auto it = j.begin(); it != j.end(); ++it) out.push_back({it.key(), it.value().get<std::string>()});
  return out;  // nlohmann's object is sorted by key
}

}  // namespace

TEST_CASE("notify_payload: byte for byte as Alertmanager writes it") {
  Notification n = two_alerts();
  std::string expected =
      R"({"receiver":"team\\.x","status":"firing","alerts":[)"
      R"({"status":"firing","labels":{"alertname":"InstanceDown","instance":"a:9100","job":"node"},)"
      R"("annotations":{"summary":"a is down","team":"ops"},"startsAt":"2026-12-03T10:00:00.123Z",)"
      R"("endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom:9090/graph?g0.expr=up+%3D%3D+0",)"
      R"("fingerprint":")" + n.alerts[0].fingerprint() + R"("},)"
      R"({"status":"resolved","labels":{"alertname":"InstanceDown","instance":"b:9100","job":"node"},)"
      R"("annotations":{"summary":"b is down","team":"ops"},"startsAt":"2026-12-03T10:00:00Z",)"
      R"("endsAt":"2026-12-03T10:00:30Z","generatorURL":"http://prom:9090/graph?g0.expr=up+%3D%3D+0",)"
      R"("fingerprint":")" + n.alerts[1].fingerprint() + R"("}],)"
      R"("groupLabels":{"alertname":"InstanceDown"},"commonLabels":{"alertname":"InstanceDown","job":"node"},)"
      R"("commonAnnotations":{"team":"ops"},"externalURL":"http://monctl.example:9093","version":"4",)"
      R"("groupKey":"{}:{alertname=\"InstanceDown\"}","truncatedAlerts":0})"
      "\n";
  CHECK(webhook_payload(n) == expected);
}

TEST_CASE("notify_payload: send_resolved, max_alerts and the group status") {
  Notification n = two_alerts();
  Selection firing = select_alerts(n, false, 0);
  REQUIRE(firing.alerts.size() == 1);
  json j = json::parse(webhook_payload(n, firing));
  CHECK(j["status"] == "firing");
  CHECK(j["alerts"].size() == 1);
  CHECK(j["commonAnnotations"] == json({{"summary", "a is down"}, {"team", "ops"}}));
  CHECK(j["truncatedAlerts"] == 0);

  Selection one = select_alerts(n, true, 1);
  j = json::parse(webhook_payload(n, one));
  CHECK(j["alerts"].size() == 1);
  CHECK(j["truncatedAlerts"] == 1);

  n.now_ms = t0 + 10 * 60'000;
  n.alerts[0].ends_at_ms = t0 + 5 * 60'000;
  j = json::parse(webhook_payload(n));
  CHECK(j["status"] == "resolved");
  CHECK(j["alerts"][0]["status"] == "resolved");
  CHECK(j["alerts"][0]["endsAt"] == "2026-12-03T10:05:00Z");
  CHECK(select_alerts(n, false, 0).alerts.empty());
  // An end in the future is not exposed: the alert is firing and its endsAt is Go's zero time.
  n.now_ms = t0;
  n.alerts[0].ends_at_ms = t0 + 1;
  j = json::parse(webhook_payload(n));
  CHECK(j["alerts"][0]["status"] == "firing");
  CHECK(j["alerts"][0]["endsAt"] == "0001-01-01T00:00:00Z");
}

TEST_CASE("notify_payload: Go's escapes and times") {
  std::string out;
  append_go_json_string(out, "a\"b\\c\n\r\t\x01<>&\xe2\x80\xa8 \xc3\xa9 \xff");
  CHECK(out == R"("a\"b\\c\n\r\t\u0001\u003c\u003e\u0026\u2028 é \ufffd")");
  CHECK(go_time(0) == "0001-01-01T00:00:00Z");
  CHECK(go_time(t0) == "2026-12-03T10:00:00Z");
  CHECK(go_time(t0 + 100) == "2026-12-03T10:00:00.1Z");
  CHECK(go_time(t0 + 7) == "2026-12-03T10:00:00.007Z");
  CHECK(go_time(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(quote_meta("a.b*c[d]") == R"(a\.b\*c\[d\])");
  Notification n;
  n.receiver = "x";
  CHECK(json::parse(webhook_payload(n))["alerts"] == json::array());
  CHECK(json::parse(webhook_payload(n))["status"] == "resolved");
}

TEST_CASE("notify_payload: the API v2 body") {
  Notification n = two_alerts();
  n.alerts[0].generator_url.clear();
  n.alerts[0].annotations.clear();
  std::string body = postable_alerts(n.alerts);
  CHECK(body.rfind(R"([{"labels":{"alertname":"InstanceDown","instance":"a:9100","job":"node"},"annotations":{},)"
                   R"("startsAt":"2026-12-03T10:00:00.123Z"},{)",
                   0) == 0);
  json j = json::parse(body);
  REQUIRE(j.size() == 2);
  CHECK_FALSE(j[0].contains("endsAt"));
  CHECK_FALSE(j[0].contains("generatorURL"));
  CHECK(j[1]["endsAt"] == "2026-12-03T10:00:30Z");
  CHECK(j[1]["generatorURL"] == n.alerts[1].generator_url);
  CHECK(postable_alerts({}) == "[]");
}

TEST_CASE("notify_payload: the structure of Alertmanager's real bodies (prometheus-msteams)") {
  const char* sub = "upstream/prometheus-msteams/pkg/card/testdata";
  if (sample_inputs::skip_without_shared(sub)) return;
  auto files = sample_inputs::files_in(sample_inputs::shared(sub), ".json");
  REQUIRE_FALSE(files.empty());
  for (const auto& f : files) {
    CAPTURE(f.string());
    std::ifstream in(f);
    std::stringstream ss;
    ss << in.rdbuf();
    json real = json::parse(ss.str());
    // The same notification, rebuilt from the real body, written by us.
    Notification n;
    n.receiver = real["receiver"].get<std::string>();
    n.group_key = real["groupKey"].get<std::string>();
    n.group_labels = labels_of(real["groupLabels"]);
    n.external_url = real["externalURL"].get<std::string>();
    n.now_ms = parse_rfc3339_ms("2030-01-01T00:00:00Z");
    for (const auto& ra : real["alerts"]) {
      Alert a;
      a.labels = labels_of(ra["labels"]);
      a.annotations = labels_of(ra["annotations"]);
      a.starts_at_ms = parse_rfc3339_ms(ra["startsAt"].get<std::string>());
      std::string ends = ra["endsAt"].get<std::string>();
      a.ends_at_ms = ends.rfind("0001-", 0) == 0 ? 0 : parse_rfc3339_ms(ends);
      if (ra.contains("generatorURL")) a.generator_url = ra["generatorURL"].get<std::string>();
      n.alerts.push_back(a);
    }
    json ours = json::parse(webhook_payload(n));
    // Every field of the real body is in ours with the same value (times as instants); ours adds
    // what later Alertmanagers send (fingerprint, generatorURL, truncatedAlerts).
    for (auto it = real.begin(); it != real.end(); ++it) {
      CAPTURE(it.key());
      REQUIRE(ours.contains(it.key()));
      if (it.key() == "alerts") continue;
      if (it.key() == "receiver") {
        CHECK(ours[it.key()] == quote_meta(it.value().get<std::string>()));
        continue;
      }
      if (it.key() == "commonLabels" || it.key() == "commonAnnotations") {
        // The captures' common sets were edited by hand in places; ours are computed: each of
        // ours is common to every alert, and holds every label the real one has that is.
        for (auto c = ours[it.key()].begin(); c != ours[it.key()].end(); ++c)
          for (const auto& ra : real["alerts"])
            CHECK(ra[it.key() == "commonLabels" ? "labels" : "annotations"].value(c.key(), "") == c.value());
        continue;
      }
      CHECK(ours[it.key()] == it.value());
    }
    REQUIRE(ours["alerts"].size() == real["alerts"].size());
    for (std::size_t i = 0; i < real["alerts"].size(); ++i) {
      const json& ra = real["alerts"][i];
      const json& oa = ours["alerts"][i];
      for (auto it = ra.begin(); it != ra.end(); ++it) {
        CAPTURE(it.key());
        REQUIRE(oa.contains(it.key()));
        if (it.key() == "startsAt" || it.key() == "endsAt")
          CHECK(parse_rfc3339_ms(oa[it.key()].get<std::string>()) == parse_rfc3339_ms(it.value().get<std::string>()));
        else
          CHECK(oa[it.key()] == it.value());
      }
      CHECK(oa["status"] == "firing");
      CHECK(oa["fingerprint"].get<std::string>().size() == 16);
    }
    CHECK(ours["version"] == "4");
  }
}
