#include <doctest/doctest.h>

#include <limits>

#include "mon/error.hpp"
#include "mon/probe/range.hpp"
#include "mon/probe/result.hpp"
#include "mon/probe/spec.hpp"

using mon::probe::parse_range;

TEST_CASE("probe ranges: the guidelines' examples alert where they say") {
  // "10": outside 0..10
  auto r = parse_range("10");
  CHECK(r.alerts(-1));
  CHECK_FALSE(r.alerts(0));
  CHECK_FALSE(r.alerts(10));
  CHECK(r.alerts(10.5));
  // "10:": below 10
  r = parse_range("10:");
  CHECK(r.alerts(9.99));
  CHECK_FALSE(r.alerts(10));
  CHECK_FALSE(r.alerts(1e300));
  // "~:10": above 10
  r = parse_range("~:10");
  CHECK_FALSE(r.alerts(-1e300));
  CHECK_FALSE(r.alerts(10));
  CHECK(r.alerts(10.01));
  // "10:20": outside 10..20, endpoints inclusive
  r = parse_range("10:20");
  CHECK(r.alerts(9));
  CHECK_FALSE(r.alerts(10));
  CHECK_FALSE(r.alerts(20));
  CHECK(r.alerts(21));
  // "@10:20": inside 10..20, endpoints inclusive
  r = parse_range("@10:20");
  CHECK_FALSE(r.alerts(9));
  CHECK(r.alerts(10));
  CHECK(r.alerts(15));
  CHECK(r.alerts(20));
  CHECK_FALSE(r.alerts(20.5));
  CHECK(r.text == "@10:20");
}

TEST_CASE("probe ranges: decimals, negatives and an empty start") {
  CHECK(parse_range("0.5").alerts(0.6));
  CHECK_FALSE(parse_range("-5:-1").alerts(-3));
  CHECK(parse_range("-5:-1").alerts(0));
  CHECK(parse_range(":5").alerts(-1));  // empty start = 0
}

TEST_CASE("probe ranges: malformed ranges name the text and the syntax") {
  for (const char* bad : {"", "@", "abc", "10:5", "1:2:3", "~", "x:10", "10:y", "nan", "inf", "@~:abc"})
    CHECK_THROWS_AS(parse_range(bad), mon::Error);
  try {
    parse_range("10:5");
    FAIL("no error");
  } catch (const mon::Error& e) {
    CHECK(std::string(e.what()) ==
          "invalid range \"10:5\": its start is greater than its end (expected [@]START:END as in 10, 10:, ~:10, "
          "10:20, @10:20)");
  }
}

TEST_CASE("probe status: order and the non-critical cap") {
  using mon::probe::Status;
  CHECK(mon::probe::worse(Status::ok, Status::unknown) == Status::unknown);
  CHECK(mon::probe::worse(Status::unknown, Status::warning) == Status::warning);
  CHECK(mon::probe::worse(Status::critical, Status::warning) == Status::critical);
  mon::probe::Result a, b;
  a.status = Status::ok;
  b.status = Status::critical;
  b.critical_probe = false;
  CHECK(mon::probe::overall_status({a, b}) == Status::warning);
  b.critical_probe = true;
  CHECK(mon::probe::overall_status({a, b}) == Status::critical);
  b.status = Status::unknown;
  b.critical_probe = false;
  CHECK(mon::probe::overall_status({a, b}) == Status::warning);
  CHECK(mon::probe::overall_status({}) == Status::ok);
}

TEST_CASE("probe specs: targets, ports and status lists") {
  auto hp = mon::probe::split_host_port("example.com:443");
  CHECK(hp.first == "example.com");
  CHECK(hp.second == 443);
  hp = mon::probe::split_host_port("[::1]:53");
  CHECK(hp.first == "::1");
  CHECK(hp.second == 53);
  for (const char* bad : {"example.com", ":80", "h:0", "h:65536", "h:x", "::1:53", "[::1]53", "a b:80"})
    CHECK_THROWS_AS(mon::probe::split_host_port(bad), mon::Error);
  auto st = mon::probe::parse_status_list("200, 301-302");
  REQUIRE(st.size() == 2);
  CHECK(st[1].low == 301);
  CHECK(st[1].high == 302);
  for (const char* bad : {"", "2000", "99", "302-301", "200,", "ok"})
    CHECK_THROWS_AS(mon::probe::parse_status_list(bad), mon::Error);
  CHECK(mon::probe::unescape("PING\\r\\n\\x41") == "PING\r\nA");
  CHECK_THROWS_AS(mon::probe::unescape("bad\\q"), mon::Error);
  CHECK_THROWS_AS(mon::probe::unescape("bad\\x4"), mon::Error);
}

TEST_CASE("probe specs: validation refuses what cannot run") {
  mon::probe::Spec s;
  s.kind = mon::probe::Kind::http;
  for (const char* bad : {"ftp://x/", "http://", "http://:80/", "http://h:70000/", "http://a b/", "example.com"}) {
    s.target = bad;
    CHECK_THROWS_AS(mon::probe::validate(s), mon::Error);
  }
  s.target = "https://[::1]:8443/health?x=1";
  mon::probe::validate(s);
  CHECK(s.name == "https://[::1]:8443/health?x=1");
  s.expect_body = "(";
  CHECK_THROWS_AS(mon::probe::validate(s), mon::Error);

  mon::probe::Spec p;
  p.kind = mon::probe::Kind::process;
  p.target = "sshd";
  mon::probe::validate(p);
  REQUIRE(p.critical);  // no such process is CRITICAL by default
  CHECK(p.critical->alerts(0));
  CHECK_FALSE(p.critical->alerts(1));

  mon::probe::Spec c;
  c.kind = mon::probe::Kind::cmd;
  CHECK_THROWS_AS(mon::probe::validate(c), mon::Error);
  c.command = {"/usr/lib/nagios/plugins/check_dummy", "0"};
  c.warning = parse_range("1");
  CHECK_THROWS_AS(mon::probe::validate(c), mon::Error);
  c.warning.reset();
  c.labels = {{"probe", "x"}};
  CHECK_THROWS_AS(mon::probe::validate(c), mon::Error);
  c.labels = {{"team", "a"}};
  mon::probe::validate(c);
  CHECK(c.name == "check_dummy");
}

TEST_CASE("probe ranges: why a value alerts is worded as each form alerts") {
  CHECK(parse_range("10").why(12) == "above 10");
  CHECK(parse_range("10").why(-1) == "below 0");
  CHECK(parse_range("10:").why(3) == "below 10");
  CHECK(parse_range("~:10").why(11) == "above 10");
  CHECK(parse_range("10:20").why(9) == "below 10");
  CHECK(parse_range("10:20").why(21) == "above 20");
  CHECK(parse_range("0.2").why(0.35) == "above 0.2");
  // '@' alerts inside: never "outside".
  CHECK(parse_range("@50:150").why(75) == "within 50..150");
  CHECK(parse_range("@10").why(5) == "within 0..10");
  CHECK(parse_range("@10:").why(12) == "at or above 10");
  CHECK(parse_range("@~:10").why(-3) == "at or below 10");
  CHECK(parse_range("@5:5").why(5) == "equal to 5");
  CHECK(parse_range("@~:").why(1) == "anywhere (@~: alerts on every value)");
}
