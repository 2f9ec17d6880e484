#pragma once
// One RFC 4180 field: quoted when it holds ',', '"', CR, LF or NUL, with '"' doubled (section 2).
// Every CSV monctl writes (metrics, job records, probe results, benchmarks) goes through it.
#include <string>
#include <string_view>

namespace mon::format {

void append_csv_field(std::string& out, std::string_view field);

// A text cell a spreadsheet must not run as a formula (OWASP "CSV injection"): one that begins
// with '=', '+', '-', '@', a tab or a carriage return gets a "'" in front and is quoted. So
// that reading it back is lossless, a cell that begins with "'"s followed by one of those gets
// one more "'" too; csv_text_value() removes exactly one. Numbers are not text cells.
void append_csv_text_field(std::string& out, std::string_view field);
// The inverse: the cell's text without the guard "'" append_csv_text_field() put in front.
std::string_view csv_text_value(std::string_view cell);

}  // namespace mon::format
