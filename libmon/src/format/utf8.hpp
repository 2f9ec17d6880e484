#pragma once
// Internal: UTF-8 validation shared by the codecs that must keep text valid (JSON, CSV labels).
#include <cstddef>
#include <string_view>

namespace mon::format::detail {

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// Byte offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view s);

}  // namespace mon::format::detail
