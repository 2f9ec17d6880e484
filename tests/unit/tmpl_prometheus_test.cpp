// Prometheus' alert templates: the humanize functions with Prometheus' own documented values,
// the string functions, query, the variables and the error text in the annotation; every
// annotation and label template of the real-world rule files in ../shared parses.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "mon/error.hpp"
#include "mon/tmpl/prometheus.hpp"
#include "sample_inputs.hpp"

using namespace mon::tmpl;

namespace {

AlertTemplateData data() {
  AlertTemplateData d;
  d.labels = {{"alertname", "HighLatency"}, {"instance", "web-1.example.com:9100"}, {"job", "api"}};
  d.external_labels = {{"cluster", "eu-1"}};
  d.external_url = "http://prom.example.com:9090/prometheus";
  d.value = 1234567;
  return d;
}

std::string expand(std::string_view text, AlertTemplateData d = data(), const QueryFunc& q = {}) {
  return expand_alert_template("HighLatency", text, d, q, 1435065584128);
}

std::string fn(std::string_view call) { return expand("{{ " + std::string(call) + " }}"); }

}  // namespace

TEST_CASE("tmpl prometheus: humanize functions as Prometheus formats them") {
  CHECK(humanize(1234567) == "1.235M");
  CHECK(humanize(0.0123) == "12.3m");
  CHECK(humanize(0) == "0");
  CHECK(humanize(1) == "1");
  CHECK(humanize(999) == "999");
  CHECK(humanize(1000) == "1k");
  CHECK(humanize(-1500) == "-1.5k");
  CHECK(humanize(1e30) == "1e+06Y");
  CHECK(humanize(0.000001) == "1u");
  CHECK(humanize(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(humanize(std::nan("")) == "NaN");
  CHECK(humanize1024(1048576) == "1Mi");
  CHECK(humanize1024(1) == "1");
  CHECK(humanize1024(1536) == "1.5ki");
  CHECK(humanize1024(0.5) == "0.5");
  CHECK(humanize_percentage(0.1234) == "12.34%");
  CHECK(humanize_percentage(1) == "100%");
  CHECK(humanize_percentage(0.000123) == "0.0123%");
  // prometheus/common's HumanizeDuration tests
  CHECK(humanize_duration(90061) == "1d 1h 1m 1s");
  CHECK(humanize_duration(0) == "0s");
  CHECK(humanize_duration(1) == "1s");
  CHECK(humanize_duration(60) == "1m 0s");
  CHECK(humanize_duration(3600) == "1h 0m 0s");
  CHECK(humanize_duration(86400) == "1d 0h 0m 0s");
  CHECK(humanize_duration(86400 + 3600) == "1d 1h 0m 0s");
  CHECK(humanize_duration(-(86400 * 2 + 3600 * 3 + 60 * 4 + 5)) == "-2d 3h 4m 5s");
  CHECK(humanize_duration(899.99) == "14m 59s");
  CHECK(humanize_duration(.1) == "100ms");
  CHECK(humanize_duration(.0001) == "100us");
  CHECK(humanize_duration(.12345) == "123.5ms");
  CHECK(humanize_duration(60.5) == "1m 0s");
  CHECK(humanize_duration(1.2345) == "1.234s");
  CHECK(humanize_duration(12.345) == "12.35s");
  CHECK(humanize_duration(1234567) == "14d 6h 56m 7s");
  CHECK(humanize_timestamp(0) == "1970-01-01 00:00:00 +0000 UTC");
  CHECK(humanize_timestamp(-1) == "1969-12-31 23:59:59 +0000 UTC");
  CHECK(humanize_timestamp(1234567) == "1970-01-15 06:56:07 +0000 UTC");
  CHECK(humanize_timestamp(9223372036) == "2262-04-11 23:47:16 +0000 UTC");
  CHECK(humanize_timestamp(1435065584.128) == "2015-06-23 13:19:44.128 +0000 UTC");
  CHECK(humanize_timestamp(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK_THROWS_AS(humanize_timestamp(9.3e9 * 1e9), mon::Error);
}

TEST_CASE("tmpl prometheus: the functions inside templates, strings and ints alike") {
  CHECK(fn("humanize $value") == "1.235M");
  CHECK(fn("$value | humanize") == "1.235M");
  CHECK(fn("humanize \"1234567\"") == "1.235M");
  CHECK(fn("humanize 1000") == "1k");
  CHECK(fn("humanizeDuration \"90061\"") == "1d 1h 1m 1s");
  CHECK(fn("humanizePercentage 0.1234") == "12.34%");
  CHECK(fn("humanizeTimestamp 1435065584.128") == "2015-06-23 13:19:44.128 +0000 UTC");
  CHECK(fn("toUpper \"abc\"") == "ABC");
  CHECK(fn("toLower \"ÀBC\"") == "àbc");
  CHECK(fn("title \"hello world-wide web_site it's\"") == "Hello World-Wide Web_site It's");
  CHECK(fn("title \"hELLO\"") == "HELLO");  // Prometheus' title keeps the rest as it is
  CHECK(fn("reReplaceAll \"(.*):.*\" \"$1\" $labels.instance") == "web-1.example.com");
  CHECK(fn("reReplaceAll \"a(x*)b\" \"${1}W\" \"-ab-axxb-\"") == "-W-xxW-");
  CHECK(fn("reReplaceAll \"a(x*)b\" \"$1W\" \"-ab-axxb-\"") == "---");  // $1W names group "1W"
  CHECK(fn("reReplaceAll \"a*\" \"-\" \"baaac\"") == "-b-c-");
  CHECK(fn("reReplaceAll \"(?P<host>[^.]+)\\\\..*\" \"$host\" \"web.example\"") == "web");
  CHECK(fn("match \"^web-[0-9]\" $labels.instance") == "true");
  CHECK(fn("match \"(?i)WEB\" $labels.instance") == "true");
  CHECK(fn("stripPort $labels.instance") == "web-1.example.com");
  CHECK(fn("stripPort \"[::1]:9090\"") == "::1");
  CHECK(fn("stripPort \"nohost\"") == "nohost");
  CHECK(fn("stripDomain $labels.instance") == "web-1:9100");
  CHECK(fn("stripDomain \"foo.example.com\"") == "foo");
  CHECK(fn("stripDomain \"192.168.0.1:80\"") == "192.168.0.1:80");
  CHECK(fn("parseDuration \"1h30m\"") == "5400");
  CHECK(fn("parseDuration \"-1m\"") == "-60");
  CHECK(fn("toTime 1435065584.128") == "2015-06-23 13:19:44.128 +0000 UTC");
  CHECK(fn("toDuration 90.5") == "1m30.5s");
  CHECK(fn("(toDuration 3600) | humanizeDuration") == "1h 0m 0s");
  CHECK(fn("now") == "1.435065584128e+09");
  CHECK(fn("externalURL") == "http://prom.example.com:9090/prometheus");
  CHECK(fn("pathPrefix") == "/prometheus");
  CHECK(fn("graphLink \"up == 0\"") == "/graph?g0.expr=up+%3D%3D+0&g0.tab=0");
  CHECK(fn("tableLink \"rate(x[5m])\"") == "/graph?g0.expr=rate%28x%5B5m%5D%29&g0.tab=1");
  CHECK(fn("urlQueryEscape \"a/b c\"") == "a%2Fb+c");
  CHECK(fn("safeHtml \"<b>\"") == "<b>");
  CHECK(fn("printf \"%.2f\" $value") == "1234567.00");
  CHECK(fn("(args 1 \"x\").arg1") == "x");
}

TEST_CASE("tmpl prometheus: variables, data and missing labels") {
  CHECK(expand("{{ $labels.job }} {{ .Labels.job }} {{ $externalLabels.cluster }} {{ $externalURL }} {{ $value }}") ==
        "api api eu-1 http://prom.example.com:9090/prometheus 1.234567e+06");
  CHECK(expand("[{{ $labels.nope }}]") == "[]");  // missingkey=zero on map[string]string
  CHECK(expand("{{ if gt $value 1000.0 }}high{{ else }}low{{ end }}") == "high");
  auto d = data();
  d.value = 0.5;
  CHECK(expand("{{ $value }}", d) == "0.5");
  d.value = 1e6;
  CHECK(expand("{{ $value }}", d) == "1e+06");
  CHECK(expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}") ==
        "alertname=HighLatency;instance=web-1.example.com:9100;job=api;");
}

TEST_CASE("tmpl prometheus: query, first, value, label, sortByLabel") {
  QueryFunc q = [](const std::string& expr) -> std::vector<QuerySample> {
    if (expr == "bad") throw mon::Error("parse error at char 1");
    if (expr == "none") return {};
    return {{{{"__name__", "up"}, {"instance", "b"}}, 0}, {{{"__name__", "up"}, {"instance", "a"}}, 1}};
  };
  CHECK(expand("{{ query \"up\" | first | value }}", data(), q) == "0");
  CHECK(expand("{{ with query \"up\" }}{{ . | first | label \"instance\" }}{{ end }}", data(), q) == "b");
  CHECK(expand("{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.instance }}={{ .Value }} {{ end }}", data(), q) ==
        "a=1 b=0 ");
  CHECK(expand("{{ len (query \"up\") }}", data(), q) == "2");
  CHECK(expand_alert_template_or_error("HighLatency", "{{ query \"none\" | first | value }}", data(), q, 0) ==
        "<error expanding template: error executing template __alert_HighLatency: template: __alert_HighLatency:1:130: "
        "executing \"__alert_HighLatency\" at <first>: error calling first: first() called on vector with no elements>");
  CHECK(expand_alert_template_or_error("X", "{{ query \"bad\" }}", data(), q, 0).find(
            "error calling query: parse error at char 1") != std::string::npos);
}

TEST_CASE("tmpl prometheus: errors as Prometheus puts them into the annotation") {
  CHECK(expand_alert_template_or_error("A", "{{ humanize \"x\" }}", data(), {}, 0) ==
        "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing "
        "\"__alert_A\" at <humanize \"x\">: error calling humanize: strconv.ParseFloat: parsing \"x\": invalid syntax>");
  CHECK(expand_alert_template_or_error("A", "{{ nope }}", data(), {}, 0) ==
        "<error expanding template: error parsing template __alert_A: template: __alert_A:1: function \"nope\" not defined>");
  CHECK(expand_alert_template_or_error("A", "{{ if }}", data(), {}, 0) ==
        "<error expanding template: error parsing template __alert_A: template: __alert_A:1: missing value for if>");
  CHECK_THROWS_AS(expand_alert_template("A", "{{ humanize }}", data(), {}, 0), mon::Error);
  CHECK_NOTHROW(check_alert_template("A", "{{ $labels.x | humanize }} {{ query \"up\" | first | value }}"));
  try {
    check_alert_template("A", "line 1\n{{ humanizex $value }}");
    FAIL("no error");
  } catch (const mon::ParseError& e) {
    CHECK(std::string(e.what()) == "template: __alert_A:2: function \"humanizex\" not defined");
    CHECK(e.location().line == 2);
  }
}

namespace {

int check_rule_file(const std::filesystem::path& file, int& templates) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception&) {
    return 0;  // a Helm template or a test file, not a plain rule file
  }
  if (!root.IsMap() || !root["groups"] || !root["groups"].IsSequence()) return 0;
  int failures = 0;
  for (const auto& group : root["groups"])
    for (const auto& rule : group["rules"]) {
      if (!rule["alert"]) continue;
      std::string name = rule["alert"].as<std::string>();
      for (const char* key : {"annotations", "labels"})
        if (rule[key] && rule[key].IsMap())
          for (const auto& kv : rule[key]) {
            ++templates;
            try {
              check_alert_template(name, kv.second.as<std::string>());
            } catch (const mon::Error& e) {
              ++failures;
              MESSAGE(file.string() << ": " << name << ": " << e.what());
            }
          }
    }
  return failures;
}

}  // namespace

TEST_CASE("tmpl prometheus: every template of the real-world rule files parses") {
  if (sample_inputs::skip_without_shared("upstream/govuk-helm-charts")) return;
  int templates = 0, failures = 0;
  for (const char* dir : {"upstream/govuk-helm-charts", "upstream/thanos"}) {
    auto base = sample_inputs::shared(dir);
    if (!std::filesystem::exists(base)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(base)) {
      auto ext = e.path().extension();
      if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) failures += check_rule_file(e.path(), templates);
    }
  }
  MESSAGE("templates parsed: " << templates);
  CHECK(templates > 50);
  CHECK(failures == 0);
}
