#include <doctest/doctest.h>

#include "mon/error.hpp"
#include "mon/probe/config.hpp"
#include "probe_test_support.hpp"

using mon::probe::parse_config;
using probe_test::config_error;

TEST_CASE("probe config: the issue's example loads with defaults applied") {
  auto specs = parse_config(R"(defaults: {timeout: 5s, retries: 1}
probes:
  - {name: api,   type: http, url: "https://api.example.com/health", expect_status: [200], critical: true}
  - {name: redis, type: tcp,  target: "127.0.0.1:6379", send: "PING\r\n", expect: "+PONG"}
  - {name: data,  type: disk, path: /srv, warning: "80", critical: "90"}
)",
                            "p.yaml", "");
  REQUIRE(specs.size() == 3);
  CHECK(specs[0].kind == mon::probe::Kind::http);
  CHECK(specs[0].timeout == std::chrono::seconds(5));
  CHECK(specs[0].retries == 1);
  CHECK(specs[0].critical_probe);
  REQUIRE(specs[0].expect_status.size() == 1);
  CHECK(specs[0].expect_status[0].low == 200);
  CHECK(specs[1].send == "PING\r\n");
  CHECK(specs[1].expect == "+PONG");
  CHECK(specs[2].target == "/srv");
  REQUIRE(specs[2].critical);
  CHECK(specs[2].critical->text == "90");
  CHECK(specs[2].where.line == 5);
}

TEST_CASE("probe config: JSON is YAML, critical:false, labels merge, relative paths") {
  auto specs = parse_config(R"({"defaults": {"labels": {"env": "prod", "team": "ops"}},
 "probes": [{"name": "a", "type": "http", "url": "http://127.0.0.1:8080/", "critical": false,
             "labels": {"team": "web"}, "cacert": "ca.pem", "expect_status": "200-204"},
            {"name": "b", "type": "dns", "target": "localhost", "expect": ["127.0.0.1"], "query_type": "A"},
            {"name": "c", "type": "cmd", "command": ["/bin/true"]}]})",
                            "p.json", "/etc/monctl");
  REQUIRE(specs.size() == 3);
  CHECK_FALSE(specs[0].critical_probe);
  CHECK_FALSE(specs[0].critical);
  REQUIRE(specs[0].labels.size() == 2);
  CHECK(specs[0].labels[0].name == "env");
  CHECK(specs[0].labels[1].value == "web");
  CHECK(specs[0].cacert == "/etc/monctl/ca.pem");
  CHECK(specs[0].expect_status[0].high == 204);
  CHECK(specs[1].expect_addresses == std::vector<std::string>{"127.0.0.1"});
  CHECK(specs[2].command == std::vector<std::string>{"/bin/true"});
}

TEST_CASE("probe config: errors name the file, line, column and key") {
  CHECK(config_error("probes:\n  - {name: a, type: http, urll: \"http://x/\"}\n")
            .starts_with("p.yaml:2:33: unknown key 'urll' for a http probe (expected one of: "));
  CHECK(config_error("probes:\n  - {name: a, type: load, retries: many}\n") ==
        "p.yaml:2:36: key 'retries': expected an integer, got \"many\"");
  CHECK(config_error("probes:\n  - {name: a, type: load}\n  - {name: a, type: memory}\n") ==
        "p.yaml:3:12: duplicate probe name 'a' (first defined at line 2); give each probe its own name:");
  CHECK(config_error("probes:\n  - {name: a, type: htp}\n") ==
        "p.yaml:2:21: unknown probe type 'htp' (expected one of: http, tcp, dns, tls, disk, memory, load, file, "
        "process, cmd)");
  CHECK(config_error("probes:\n  - name: a\n    type: load\n    type: memory\n") == "p.yaml:4:5: a probe: duplicate key 'type'");
  CHECK(config_error("probes:\n  - {name: a, type: tcp, target: \"h:99999\"}\n") ==
        "p.yaml:2:5: probe 'a': \"h:99999\": the port 99999 is out of range (1-65535)");
  CHECK(config_error("probes:\n  - {name: a, type: load, warning: [1]}\n") ==
        "p.yaml:2:36: key 'warning': expected a string, got a list");
  CHECK(config_error("probes:\n  - {name: a, type: load, timeout: soon}\n").starts_with("p.yaml:2:36: key 'timeout': "));
  CHECK(parse_config("probes:\n  - {name: a, type: load, timeout: 90}\n", "p", "")[0].timeout == std::chrono::seconds(90));
  CHECK(parse_config("probes:\n  - {name: a, type: load, timeout: 1m30s}\n", "p", "")[0].timeout == std::chrono::seconds(90));
  CHECK(config_error("probes:\n  - {name: a, type: http, url: \"http://x/\"\n").starts_with("p.yaml:3:1: YAML error: "));
  CHECK(config_error("") == "p.yaml:1:1: expected a mapping with 'probes:' (and optionally 'defaults:'), got an empty file");
  CHECK(config_error("probez: []\n") == "p.yaml:1:9: unknown top-level key 'probez' (expected defaults, probes)");
  CHECK(config_error("probes: []\n") == "p.yaml:1:9: 'probes' is empty");
  CHECK(config_error("defaults: {url: x}\nprobes: [{type: load}]\n").starts_with("p.yaml:1:17: defaults: unknown key 'url'"));
  CHECK(config_error("defaults: {critical: \"90\"}\nprobes: [{type: load}]\n")
            == "p.yaml:1:22: defaults: 'critical' takes true or false (ranges belong to each probe)");
  CHECK(parse_config("defaults: {critical: false}\nprobes: [{type: load}]\n", "p", "")[0].critical_probe == false);
  CHECK(config_error("probes:\n  - {name: a}\n") ==
        "p.yaml:2:5: a probe needs 'type:' (one of: http, tcp, dns, tls, disk, memory, load, file, process, cmd)");
  CHECK(config_error("probes:\n  - {type: cmd, command: /bin/true}\n")
            .starts_with("p.yaml:2:26: key 'command': expected a list"));
  CHECK(config_error("- a\n- b\n").starts_with("p.yaml:1:1: expected a mapping"));
}
