#pragma once
// Go's strconv.Quote (fmt's %q), which Prometheus', promtool's and Alertmanager's messages and
// label sets are printed with: valid UTF-8 kept, \a \b \f \n \r \t \v \" \\ escaped, other
// control bytes and invalid UTF-8 as \xHH. One spelling for every namespace that prints Go's.
#include <cstddef>
#include <string>
#include <string_view>

namespace mon::format {

std::string go_quote(std::string_view s);

// The length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), 0 when none starts
// there (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut short).
std::size_t utf8_length(std::string_view s, std::size_t i);

}  // namespace mon::format
