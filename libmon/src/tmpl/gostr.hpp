#pragma once
// Internal: Go's string helpers (UTF-8, quoting, escaping) and float formatting the engine's files share.
#include <cstdint>
#include <string>
#include <string_view>

namespace mon::tmpl {

// Decodes the UTF-8 sequence at s[i]; returns its length, 0 for an invalid byte.
std::size_t utf8_decode(std::string_view s, std::size_t i, std::uint32_t& cp);
void utf8_append(std::string& out, std::uint32_t cp);
std::size_t utf8_length(std::string_view s);                   // runes (invalid bytes count one each)
std::string utf8_prefix(std::string_view s, std::size_t runes);  // the first `runes` runes
std::string fmt_hex_escape(unsigned char c);                    // "\x1f"
bool is_printable(std::uint32_t cp);                            // roughly Go's strconv.IsPrint
bool is_backquotable(std::string_view s);
std::string go_quote(std::string_view s, bool ascii_only = false);  // strconv.Quote / QuoteToASCII

std::string format_float_g(double v, int prec, bool upper);  // strconv 'g'; prec -1 shortest
std::string format_float_e(double v, int prec, bool upper);
std::string format_float_f(double v, int prec);

std::string html_escape(std::string_view s);      // template.HTMLEscapeString
std::string js_escape(std::string_view s);        // template.JSEscapeString
std::string query_escape(std::string_view s);     // url.QueryEscape
bool query_unescape(std::string_view s, std::string& out);  // url.QueryUnescape
std::string path_escape(std::string_view s);      // url.PathEscape

}  // namespace mon::tmpl
