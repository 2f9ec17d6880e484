#pragma once
// Internal: numbers as OpenMetrics 1.0 writes them, and its timestamps in seconds turned into
// the model's milliseconds.
#include <cstdint>
#include <optional>
#include <string_view>

namespace mon::format::detail::om {

// OpenMetrics numbers: a real number, or [sign] inf/infinity, or nan (case-insensitive).
std::optional<double> parse_number(std::string_view text);
// A real number only (timestamps).
std::optional<double> parse_real(std::string_view text);
// A timestamp in seconds as milliseconds, rounded to the nearest one (exact for decimal text of
// up to 15 integer digits); nullopt when it does not fit in int64 milliseconds.
std::optional<std::int64_t> seconds_to_ms(std::string_view text, double seconds);

}  // namespace mon::format::detail::om
