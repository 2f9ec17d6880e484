#include <doctest/doctest.h>

#include "mon/error.hpp"
#include "mon/time/duration.hpp"

using mon::time::format_duration;
using mon::time::parse_duration;
using namespace std::chrono_literals;

TEST_CASE("durations: Prometheus units parse to exact nanoseconds") {
  CHECK(parse_duration("250ms") == 250ms);
  CHECK(parse_duration("10s") == 10s);
  CHECK(parse_duration("1m30s") == 90s);
  CHECK(parse_duration("2h") == 2h);
  CHECK(parse_duration("7d") == 7 * 24h);
  CHECK(parse_duration("1w") == 7 * 24h);
  CHECK(parse_duration("1y") == 365 * 24h);
  CHECK(parse_duration("1h1m1s1ms") == 1h + 1min + 1s + 1ms);
  CHECK(parse_duration("0") == 0s);
  CHECK(parse_duration("0s") == 0s);
}

TEST_CASE("durations: malformed text is rejected with what was expected") {
  for (const char* bad : {"", "10", "s", "1.5s", "-1s", "10sec", "1s1m", "1m1m", "10 s", "1ms1s", "abc", "9999999999999999999s"})
    CHECK_THROWS_AS(parse_duration(bad), mon::Error);
  try {
    parse_duration("10x");
    FAIL("no error");
  } catch (const mon::Error& e) {
    CHECK(std::string(e.what()) ==
          "invalid duration \"10x\": expected a unit (ms, s, m, h, d, w, y) at position 3 (expected a number and a "
          "unit, e.g. 250ms, 10s, 1m30s, 2h, 7d)");
  }
}

TEST_CASE("durations: formatting gives the shortest Prometheus form") {
  CHECK(format_duration(90s) == "1m30s");
  CHECK(format_duration(250ms) == "250ms");
  CHECK(format_duration(0s) == "0s");
  CHECK(format_duration(8 * 24h) == "1w1d");
  CHECK(format_duration(1500us) == "1ms500us");
}
