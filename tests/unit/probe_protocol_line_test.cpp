// Values that reach a protocol line (a request line, a header, a DNS query, a TLS server name,
// the Nagios plugin line) are one line: a CR, LF or NUL in them is refused before anything runs,
// from the command line (validate) and from a configuration file (at the value's FILE:LINE:COL).
#include <doctest/doctest.h>

#include "mon/error.hpp"
#include "mon/probe/config.hpp"
#include "mon/probe/spec.hpp"
#include "probe_test_support.hpp"

using namespace mon::probe;
using probe_test::config_error;

namespace {
// The message validate() throws, or "" when the spec passes.
std::string refusal(Spec s) {
  try {
    validate(s);
  } catch (const mon::Error& e) {
    return e.what();
  }
  return "";
}

Spec http(const std::string& url = "http://127.0.0.1:8080/") {
  Spec s;
  s.kind = Kind::http;
  s.target = url;
  return s;
}
}  // namespace

TEST_CASE("probe specs: a CR, LF or NUL in a header, method, URL, name or host is refused") {
  Spec s = http();
  s.headers = {"X: v\r\nX-Evil: 1"};
  CHECK(refusal(s) == "http probe: the header \"X: v\\r\\nX-Evil: 1\": it contains a carriage return (\\r): a value "
                      "sent in a protocol line must be one line");
  s.headers = {"X: v\nX-Evil: 1"};
  CHECK(refusal(s).find("line feed") != std::string::npos);
  s.headers = {std::string("X: v\0w", 6)};
  CHECK(refusal(s).find("NUL byte") != std::string::npos);
  s.headers = {"X\r\nEvil: 1"};
  CHECK(refusal(s).find("its name") != std::string::npos);
  s.headers = {"X Y: 1"};
  CHECK(refusal(s).find("is not allowed here") != std::string::npos);
  s.headers = {"X-Tab: a\tb"};  // a tab is a legal field-value character
  CHECK(refusal(s) == "");

  s = http();
  s.method = "GET / HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET";
  CHECK(refusal(s).find("the method") != std::string::npos);
  s.method = "PURGE";
  CHECK(refusal(s) == "");

  CHECK(refusal(http("http://127.0.0.1/\r\nX-Evil: 1")).find("the URL") != std::string::npos);
  s = http();
  s.expect_headers = {{"X\nY", "."}};
  CHECK(refusal(s).find("--expect-header") != std::string::npos);
  s.expect_headers = {{"X", "a\r\nb"}};
  CHECK(refusal(s).find("carriage return") != std::string::npos);

  s = http();
  s.name = "api\nMONCTL OK: all fine";  // would forge a second Nagios line
  CHECK(refusal(s).starts_with("http probe: the probe's name \"api\\nMONCTL OK: all fine\": it contains a line feed"));

  Spec d;
  d.kind = Kind::dns;
  d.target = "example.com\n";
  CHECK(refusal(d) == "dns probe: the DNS name \"example.com\\n\": it contains a line feed (\\n): a value sent in a "
                      "protocol line must be one line");
  d.target = "localhost";
  d.expect_addresses = {"127.0.0.1\r"};
  CHECK(refusal(d).find("the expected address") != std::string::npos);

  for (auto kind : {Kind::tcp, Kind::tls}) {
    Spec t;
    t.kind = kind;
    t.target = "host\r\n:443";  // the host is the TLS server name (SNI)
    CHECK(refusal(t).find("carriage return") != std::string::npos);
  }
}

TEST_CASE("probe specs: an error names the probe once") {
  Spec d;
  d.kind = Kind::dns;
  d.target = "a b";
  CHECK(refusal(d) == "dns probe: \"a b\" is not a DNS name");
  d.name = "resolver";
  CHECK(refusal(d) == "probe 'resolver': \"a b\" is not a DNS name");
  Spec c;
  c.kind = Kind::cmd;
  CHECK(refusal(c) == "cmd probe: the command is missing (write: cmd -- PROGRAM [ARG...])");
  Spec h = http();
  h.expect_body = "(";
  CHECK(refusal(h).starts_with("http probe: --expect-body"));
  CHECK(refusal(h).find("http probe: http probe") == std::string::npos);
  Spec t;
  t.kind = Kind::tcp;
  t.target = "x";
  CHECK(refusal(t) == "tcp probe: \"x\" is not HOST:PORT (the port is missing)");
  CHECK(config_error("probes:\n  - {type: dns, target: \"a b\"}\n") == "p.yaml:2:5: dns probe: \"a b\" is not a DNS name");
}

TEST_CASE("probe config: a line break in a value sent in a protocol line is refused at its line") {
  CHECK(config_error("probes:\n  - type: http\n    url: \"http://h/\"\n    headers: {X-A: \"v\\r\\nX-Evil: 1\"}\n") ==
        "p.yaml:4:20: key 'headers': \"v\\r\\nX-Evil: 1\": it contains a carriage return (\\r): a value sent in a "
        "protocol line must be one line");
  CHECK(config_error("probes:\n  - type: http\n    url: \"http://h/\"\n    headers: [\"X-A: v\\nX-Evil: 1\"]\n")
            .starts_with("p.yaml:4:15: key 'headers': "));
  CHECK(config_error("probes:\n  - type: http\n    url: \"http://h/\"\n    headers: {\"X\\nY\": v}\n")
            .starts_with("p.yaml:4:15: key 'headers': \"X\\nY\": it contains a line feed"));
  CHECK(config_error("probes:\n  - type: http\n    url: \"http://h/\"\n    headers: {X-A: \"v\\0\"}\n")
            .starts_with("p.yaml:4:20: key 'headers': \"v\\0\": it contains a NUL byte"));
  CHECK(config_error("probes:\n  - type: http\n    url: \"http://h/\\r\\nX-Evil: 1\"\n")
            .starts_with("p.yaml:3:10: key 'url': "));
  CHECK(config_error("probes:\n  - type: http\n    url: \"http://h/\"\n    method: \"GET\\r\\n\"\n")
            .starts_with("p.yaml:4:13: key 'method': "));
  CHECK(config_error("probes:\n  - type: http\n    url: \"http://h/\"\n    expect_header: {\"A\\r\": x}\n")
            .starts_with("p.yaml:4:21: key 'expect_header': "));
  CHECK(config_error("probes:\n  - type: dns\n    target: \"example.com\\n\"\n").starts_with("p.yaml:3:13: key 'target': "));
  CHECK(config_error("probes:\n  - type: tls\n    target: \"h\\r:443\"\n").starts_with("p.yaml:3:13: key 'target': "));
  CHECK(config_error("probes:\n  - type: load\n    name: |\n      two\n      lines\n")
            .starts_with("p.yaml:3:11: key 'name': \"two\\nlines\\n\": it contains a line feed"));
  // A tcp payload is bytes by design: CR LF stays allowed there.
  CHECK(config_error("probes:\n  - {type: tcp, target: \"h:6379\", send: \"PING\\r\\n\"}\n") == "");
}
