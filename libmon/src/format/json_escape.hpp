#pragma once
// Internal: JSON string literals for the JSON Lines writer.
#include <string>
#include <string_view>

namespace mon::format::detail {

// Appends s as a JSON string literal, quotes included, escaped per RFC 8259 section 7: '"' and
// '\' with a backslash, control characters as \n \r \t \b \f or \u00XX. Bytes that are not
// valid UTF-8 become U+FFFD (JSON text must be UTF-8). Returns how many bytes were replaced.
std::size_t append_json_string(std::string& out, std::string_view s);

}  // namespace mon::format::detail
