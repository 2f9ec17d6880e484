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

// A signed decimal integer, whole text.
std::optional<std::int64_t> parse_int64(std::string_view text);

void append_int64(std::string& out, std::int64_t v);

}  // namespace mon::format
