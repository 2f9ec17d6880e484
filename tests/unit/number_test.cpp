#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mon/format/number.hpp"

using namespace mon::format;

TEST_CASE("numbers: doubles are written shortest and read back exactly") {
  CHECK(format_double(42) == "42");
  CHECK(format_double(1.4167e-05) == "1.4167e-05");
  CHECK(format_double(0.1) == "0.1");
  CHECK(format_double(NAN) == "NaN");
  CHECK(format_double(INFINITY) == "+Inf");
  CHECK(format_double(-INFINITY) == "-Inf");
  for (double v : {0.1, 1e300, 5e-324, 123456789.123456789, -0.0, 1.0 / 3})
    CHECK(*parse_double(format_double(v)) == v);
}

TEST_CASE("numbers: Prometheus float syntax is accepted, the rest rejected") {
  CHECK(*parse_double("+Inf") == INFINITY);
  CHECK(*parse_double("-inf") == -INFINITY);
  CHECK(*parse_double("Inf") == INFINITY);
  CHECK(std::isnan(*parse_double("NaN")));
  CHECK(std::isnan(*parse_double("nan")));
  CHECK(*parse_double("1e3") == 1000);
  CHECK(*parse_double("+5") == 5);
  CHECK(*parse_double("-0.5") == -0.5);
  CHECK(*parse_double(".5") == 0.5);
  CHECK(*parse_double("0x1p4") == 16);
  CHECK(*parse_double("1e999") == INFINITY);
  for (const char* bad : {"", "+", "1.2.3", "1e", "abc", " 1", "1 ", "--1", "+NaN", "0x"}) CHECK_FALSE(parse_double(bad));
}

TEST_CASE("numbers: int64 parsing is exact and whole") {
  CHECK(*parse_int64("1700000000123") == 1700000000123);
  CHECK(*parse_int64("-5") == -5);
  CHECK_FALSE(parse_int64("1.5"));
  CHECK_FALSE(parse_int64("99999999999999999999"));
}

TEST_CASE("numbers: the fast decimal path rounds as strtod does, on every shape it takes") {
  // Random decimals of up to 17 digits with exponents around the fast path's limits (|10^k| <= 22,
  // 15 digits): inside it the one-operation conversion must be correctly rounded, outside it the
  // full algorithm takes over; both must agree with strtod bit for bit.
  std::uint64_t x = 88172645463325252ULL;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    if (next() % 4 == 0) s += "-";
    int digits = 1 + static_cast<int>(next() % 17);
    int point = static_cast<int>(next() % (digits + 1));
    for (int d = 0; d < digits; ++d) {
      if (d == point && d > 0) s += ".";
      s += static_cast<char>('0' + next() % 10);
    }
    if (next() % 2) s += "e" + std::to_string(static_cast<int>(next() % 61) - 30);
    double want = std::strtod(s.c_str(), nullptr);
    auto got = parse_value(s);
    REQUIRE_MESSAGE(got, s);
    CHECK_MESSAGE(std::signbit(*got) == std::signbit(want), s);
    CHECK_MESSAGE(*got == want, s);
  }
  CHECK(std::signbit(*parse_value("-0")));
  CHECK(*parse_value("9007199254740993") == 9007199254740992.0);  // 2^53+1 rounds to even
  CHECK(!parse_value("1e"));
  CHECK(!parse_value("1e+"));
  CHECK(!parse_value("--1"));
  CHECK(!parse_value("1.5.5"));
  CHECK(!parse_value("1e400"));
}
