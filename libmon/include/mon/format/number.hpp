#pragma once
// Numbers as the Prometheus text formats write and read them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mon::format {

// Appends the shortest text that reads back as the same double: "NaN", "+Inf", "-Inf", "1.5e-05", "42".
void append_double(std::string& out, double v);
std::string format_double(double v);

// Parses a Prometheus float: Go ParseFloat syntax as the text format accepts it ("NaN", "+Inf",
// "-Inf", "Inf", case-insensitive; decimal and exponent forms; hex floats; leading '+'). The
// whole text must be the number.
std::optional<double> parse_double(std::string_view text);

// A sample value as Prometheus' text parser (expfmt, what promtool checks) accepts it: Go's
// ParseFloat without hex floats or '_' ("0x1F", "0x1p4" are errors), overflow an error rather
// than ±Inf ("1e400"; underflow to 0 is fine, as in Go), "Inf"/"Infinity" in any case with an
// optional sign, "NaN" in any case without one. Every reader takes sample values through it.
std::optional<double> parse_value(std::string_view text);

// The fast path of parse_value for a number at the start of [p, end): a plain decimal
// ([+-]digits[.digits][(e|E)[+-]digits]) of at most 19 digits whose value is m·10^k with m <= 2^53
// and |k| <= 22, converted exactly. Returns where the number ends (the caller checks what
// follows), or nullptr for anything else (then parse_value decides).
const char* parse_decimal_prefix(const char* p, const char* end, double& out);

// A signed decimal integer, whole text.
std::optional<std::int64_t> parse_int64(std::string_view text);

void append_int64(std::string& out, std::int64_t v);

}  // namespace mon::format
