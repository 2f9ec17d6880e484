#include <doctest/doctest.h>

#include <cmath>

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
