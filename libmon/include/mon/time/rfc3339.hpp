#pragma once
// RFC 3339 times in UTC ("2026-11-27T14:30:00.123Z").
#include <chrono>
#include <string>

namespace mon::time {

using SystemTime = std::chrono::system_clock::time_point;

// `fraction_digits` 0, 3, 6 or 9.
std::string format_rfc3339(SystemTime t, int fraction_digits = 3);

}  // namespace mon::time
